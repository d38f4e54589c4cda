/**
 * Validation benchmark case: what the orchestrator (validate.bench.ts) asks one child process
 * (runValidateCase.ts) to measure, and the figures the child sends back. Plain data, so it crosses the IPC
 * channel and lands in the results JSON as it is.
 */
import type { BenchResult } from './benchCase'
import type { DataFormat, DataVariant } from './generate'

export type ValidateCase = Readonly<{
  rows: number
  format: DataFormat
  variant: DataVariant
  /** The file validated: the generated reference batch. */
  file: string
  /** The worker's DuckDB memory_limit (and the bare scan's); absent = the backend's default. */
  memoryLimitMb?: number
  /** DuckDB threads of the worker and of the bare scan; absent = the number of cores. */
  threads?: number
  workers: number
}>

export type ValidateFigures = Readonly<{
  /** Wall seconds from createBackend to the validation in hand: worker start-up, reading, checking. */
  validateSeconds: number
  /**
   * The worker's own time checking the suite (the validation's durations): all of it, the aggregate
   * queries, and the sample-row queries of the failing expectations; null when the validation failed.
   */
  checkSeconds: number | null
  aggregateSeconds: number | null
  samplesSeconds: number | null
  /** Seconds of the bare DuckDB scan of the file: count(*) plus min and max of every column; null if it failed. */
  scanSeconds: number | null
  /** Rows of the file divided by validateSeconds. */
  rowsPerSecond: number
  /** validateSeconds / scanSeconds; null without a scan. */
  ratio: number | null
  /** Resident set size right after start-up (imports done, nothing run), in MB. */
  startRssMb: number
  /** Peak RSS of the process (main thread and worker threads) when the validation ended, in MB. */
  validatePeakRssMb: number
  /** Peak RSS of the process after the bare scan too, in MB. */
  processPeakRssMb: number
  /** The machine's 1-minute load average when the case started and when it ended (other work competes). */
  loadAverage: readonly [number, number]
  outcome: Readonly<{
    status: string
    counts: Readonly<Record<'pass' | 'fail' | 'error' | 'skipped', number>>
    /** Ids of the expectations that failed. */
    failed: readonly string[]
    /** Ids whose status is not the one planned (fail for the planted failures, pass for the rest). */
    unexpected: readonly string[]
    /** Sample rows returned for the failing expectations, in all. */
    sampleRows: number
  }> | null
  /** Why the validation failed, when it did (the scan still runs). */
  error?: string
  /** Why the bare scan failed, when it did. */
  scanError?: string
}>

export type ValidateResult = BenchResult<Omit<ValidateCase, 'file'>, ValidateFigures>
