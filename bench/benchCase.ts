/**
 * Benchmark case: what the orchestrator (compare.bench.ts) asks one child process (runCase.ts) to measure,
 * and the figures the child sends back. Plain data, so it crosses the IPC channel and lands in the results
 * JSON as it is.
 */
import type { DataFormat, DataRole, DataVariant } from './generate'

export type BenchCase = Readonly<{
  rows: number
  format: DataFormat
  variant: DataVariant
  reference: string
  current: string
  /** Each worker's DuckDB memory_limit (and the bare scan's); absent = the backend's default. */
  memoryLimitMb?: number
  /** DuckDB threads of each worker and of the bare scan; absent = the number of cores. */
  threads?: number
  workers: number
}>

/** Percentiles of the main thread's event-loop delay, in milliseconds. */
export type LoopDelay = Readonly<{
  resolutionMs: number
  samples: number
  p50: number
  p99: number
  max: number
}>

export type CaseFigures = Readonly<{
  /** Wall seconds from createBackend to the report in hand: worker start-up, load, profile, tests. */
  compareSeconds: number
  /** The report's own durationMs (the worker's time on the job), in seconds. */
  engineSeconds: number | null
  /** Seconds of the bare DuckDB scan of both files: count(*) plus min and max of every column; null if it failed. */
  scanSeconds: number | null
  /** Rows of both files divided by compareSeconds. */
  rowsPerSecond: number
  /** compareSeconds / scanSeconds; null without a scan. */
  ratio: number | null
  /** Resident set size right after start-up (imports done, nothing run), in MB. */
  startRssMb: number
  /** Peak RSS of the process (main thread and worker threads) when the comparison ended, in MB. */
  comparePeakRssMb: number
  /** Peak RSS of the process after the bare scan too, in MB. */
  processPeakRssMb: number
  loopDelay: LoopDelay
  /** The machine's 1-minute load average when the case started and when it ended (other work competes). */
  loadAverage: readonly [number, number]
  verdict: Readonly<{
    datasetDrifted: boolean
    numberOfDrifted: number
    numberOfColumns: number
    drifted: readonly string[]
    /** Planted columns the comparison did not call drifted. */
    missed: readonly string[]
    /** Columns called drifted that have no planted change. */
    unexpected: readonly string[]
  }> | null
  /** Why the comparison failed, when it did (the scan still runs). */
  error?: string
  /** Why the bare scan failed, when it did. */
  scanError?: string
}>

/**
 * One case of any benchmark as the results file records it: the case without its file paths, the files it
 * read (relative to the repository, by role, with their total size), and its figures or why there are none.
 */
export type BenchResult<Case, Figures> = Readonly<{
  case: Case
  files: Readonly<Partial<Record<DataRole, string>> & { bytes: number }>
}> &
  (
    | Readonly<{ status: 'done'; figures: Figures }>
    | Readonly<{ status: 'skipped' | 'failed'; reason: string }>
  )

/** What every case records of itself in the results file (its spec without the file paths). */
export type CaseShape = Readonly<{
  rows: number
  format: DataFormat
  variant: DataVariant
  memoryLimitMb?: number
}>

export type CaseResult = BenchResult<Omit<BenchCase, 'reference' | 'current'>, CaseFigures>
