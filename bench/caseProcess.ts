/**
 * What a benchmark case's own process shares with the other kinds of case: the bare scan every benchmark
 * measures itself against, the peak RSS, and the round trip with the orchestrator (the case as JSON in
 * argv[2], one figures message back over IPC).
 *
 * The bare scan: a fresh DuckDB instance with the case's threads and memory limit reads every column of each
 * file once, `count(*)` plus `min` and `max` of every column, the least work that reads every value. It runs
 * in the case's process after the measured work, so that it cannot raise that work's peak RSS.
 *
 * @example await bareScanSeconds('csv', ['/data/reference.csv'], {}) // 0.39
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { pathToFileURL } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import { createBackend } from '../src/main/api'
import type { Backend } from '../src/main/backend'
import type { DataFormat } from './generate'

export type ScanSettings = Readonly<{ threads?: number; memoryLimitMb?: number }>

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** Scans each file in turn; returns the seconds of the whole, the instance's creation included. */
export async function bareScanSeconds(
  format: DataFormat,
  paths: readonly string[],
  settings: ScanSettings
): Promise<number> {
  const started = performance.now()
  const options: Record<string, string> = {}
  if (settings.threads !== undefined) options['threads'] = String(settings.threads)
  if (settings.memoryLimitMb !== undefined) options['memory_limit'] = `${settings.memoryLimitMb}MB`
  const instance = await DuckDBInstance.create(':memory:', options)
  const connection = await instance.connect()
  try {
    for (const path of paths) {
      const source = `${format === 'csv' ? 'read_csv' : 'read_parquet'}(${quote(path)})`
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)
      const names = described.getRowObjects().map((row) => String(row['column_name']))
      const aggregates = names.flatMap((n) => [`min(${quoteIdent(n)})`, `max(${quoteIdent(n)})`])
      await connection.runAndReadAll(`SELECT count(*), ${aggregates.join(', ')} FROM ${source}`)
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
  return (performance.now() - started) / 1000
}

/**
 * The process's peak resident set size so far (main and worker threads), in MB: on Linux the peak of its
 * own memory, VmHWM in `statusFile`. Not getrusage's maxRSS there: a process started by fork and exec
 * begins with the maxRSS of the fork, which counts the parent's memory, so a case forked from a benchmark
 * that had just bundled it reported 249 MB at 10^5 rows against a VmHWM of 160 MB (a case process starts
 * at 42 MB by VmHWM, and at 267 MB by maxRSS). Elsewhere, and if the file cannot be read, maxRSS.
 */
export function peakRssMb(statusFile = '/proc/self/status'): number {
  try {
    const peak = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(statusFile, 'utf8'))
    if (peak?.[1] !== undefined) return Number(peak[1]) / 1024
  } catch {
    // Not Linux, or no /proc: the portable figure below.
  }
  return process.resourceUsage().maxRSS / 1024
}

/** Runs the bare scan; its seconds, or the reason it failed. */
export async function tryBareScan(
  format: DataFormat,
  paths: readonly string[],
  settings: ScanSettings
): Promise<Readonly<{ scanSeconds: number | null; scanError?: string }>> {
  try {
    return { scanSeconds: await bareScanSeconds(format, paths, settings) }
  } catch (e) {
    return { scanSeconds: null, scanError: e instanceof Error ? e.message : String(e) }
  }
}

/**
 * When the module at `moduleUrl` is the process's entry: reads the case from argv[2], runs it and sends the
 * figures to the orchestrator (or prints them when started by hand). Does nothing when imported.
 */
export async function serveCase<Spec, Figures>(
  moduleUrl: string,
  run: (spec: Spec) => Promise<Figures>
): Promise<void> {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return
  const figures = await run(JSON.parse(process.argv[2] ?? '') as Spec)
  if (process.send) {
    await new Promise<void>((resolve, reject) =>
      process.send?.(figures, undefined, {}, (e) => (e ? reject(e) : resolve()))
    )
  } else {
    console.log(JSON.stringify(figures, null, 2))
  }
}

/** The backend a case measures: in-process, as the CLI makes it, with the case's workers and DuckDB settings. */
export function caseBackend(settings: ScanSettings & Readonly<{ workers: number }>): Backend {
  return createBackend({
    host: 'inprocess',
    workers: settings.workers,
    memoryLimitMb: settings.memoryLimitMb,
    threads: settings.threads,
    log: (level, text) => console.error(`  [${level}] ${text}`)
  })
}

/** What a case notes before it starts: the process's RSS (imports done, nothing run) and the load average. */
export function caseStart(): Readonly<{ startRssMb: number; loadBefore: number }> {
  return { startRssMb: process.memoryUsage.rss() / (1024 * 1024), loadBefore: loadavg()[0] ?? 0 }
}

/** The figures every case reports beside its own, taken once the measured work is over. */
export type ScanFigures = Readonly<{
  scanSeconds: number | null
  /** `rows` divided by the measured seconds. */
  rowsPerSecond: number
  /** Measured seconds / scanSeconds; null without a scan. */
  ratio: number | null
  processPeakRssMb: number
  loadAverage: readonly [number, number]
  scanError?: string
}>

/**
 * After the measured work (`seconds` for `rows` rows, begun at load average `loadBefore`): the bare scan of
 * `paths`, the ratio, the throughput, the peak RSS after the scan and the load average at both ends.
 */
export async function scanFigures(
  format: DataFormat,
  paths: readonly string[],
  settings: ScanSettings,
  measured: Readonly<{ seconds: number; rows: number; loadBefore: number }>
): Promise<ScanFigures> {
  const { scanSeconds, scanError } = await tryBareScan(format, paths, settings)
  return {
    scanSeconds,
    rowsPerSecond: measured.rows / measured.seconds,
    ratio: scanSeconds === null ? null : measured.seconds / scanSeconds,
    processPeakRssMb: peakRssMb(),
    loadAverage: [measured.loadBefore, loadavg()[0] ?? 0],
    ...(scanError === undefined ? {} : { scanError })
  }
}
