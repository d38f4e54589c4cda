/**
 * One benchmark case, alone in its own process so that the peak RSS is this case's: a full comparison
 * through the public backend API (createBackend + runComparison, default options), then a bare DuckDB scan
 * of the same two files in the same process. The comparison runs first so that its peak RSS is read before
 * the scan can raise it; the orchestrator has already read both files once, so both find them in the OS
 * page cache.
 *
 * The main thread's event-loop delay is sampled (monitorEventLoopDelay, 10 ms resolution) only while the
 * comparison runs. Each sample is the time between two timer ticks, so an idle loop reads about 10 ms.
 *
 * Started by compare.bench.ts with the case as JSON in argv[2]; sends one CaseFigures message back over IPC.
 *
 * @example node --import tsx bench/runCase.ts '{"rows":100000,"format":"csv",...}'
 */
import { loadavg } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import { createBackend } from '../src/main/api'
import { runComparison } from '../src/main/runComparison'
import type { BenchCase, CaseFigures, LoopDelay } from './benchCase'
import { PLANTED_DRIFT } from './generate'

/** Sampling interval of the event-loop delay histogram, in milliseconds. */
export const LOOP_DELAY_RESOLUTION_MS = 10

const MB = 1024 * 1024

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * The bare scan: opens DuckDB with the case's threads and memory limit and reads every column of both
 * files once (count(*) plus min and max of each column). Returns seconds, instance creation included.
 */
export async function bareScanSeconds(spec: BenchCase): Promise<number> {
  const started = performance.now()
  const settings: Record<string, string> = {}
  if (spec.threads !== undefined) settings['threads'] = String(spec.threads)
  if (spec.memoryLimitMb !== undefined) settings['memory_limit'] = `${spec.memoryLimitMb}MB`
  const instance = await DuckDBInstance.create(':memory:', settings)
  const connection = await instance.connect()
  try {
    for (const path of [spec.reference, spec.current]) {
      const source = `${spec.format === 'csv' ? 'read_csv' : 'read_parquet'}(${quote(path)})`
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

function loopDelay(histogram: ReturnType<typeof monitorEventLoopDelay>): LoopDelay {
  const ms = (ns: number): number => (Number.isFinite(ns) ? ns / 1e6 : 0)
  return {
    resolutionMs: LOOP_DELAY_RESOLUTION_MS,
    samples: histogram.count,
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max)
  }
}

/** Runs the case: comparison, then bare scan. */
export async function runCase(spec: BenchCase): Promise<CaseFigures> {
  const startRssMb = process.memoryUsage.rss() / MB
  const loadBefore = loadavg()[0] ?? 0
  const histogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS })
  const started = performance.now()
  histogram.enable()
  const backend = createBackend({
    host: 'inprocess',
    workers: spec.workers,
    memoryLimitMb: spec.memoryLimitMb,
    threads: spec.threads,
    log: (level, text) => console.error(`  [${level}] ${text}`)
  })
  let outcome: Awaited<ReturnType<typeof runComparison>>
  try {
    outcome = await runComparison(backend, {
      reference: spec.reference,
      current: spec.current,
      options: {}
    })
  } finally {
    histogram.disable()
  }
  const compareSeconds = (performance.now() - started) / 1000
  const comparePeakRssMb = peakRssMb()
  await backend.dispose()

  let scanSeconds: number | null = null
  let scanError: string | undefined
  try {
    scanSeconds = await bareScanSeconds(spec)
  } catch (e) {
    scanError = e instanceof Error ? e.message : String(e)
  }
  const figures = {
    compareSeconds,
    scanSeconds,
    rowsPerSecond: (2 * spec.rows) / compareSeconds,
    ratio: scanSeconds === null ? null : compareSeconds / scanSeconds,
    startRssMb,
    comparePeakRssMb,
    processPeakRssMb: peakRssMb(),
    loopDelay: loopDelay(histogram),
    loadAverage: [loadBefore, loadavg()[0] ?? 0] as const,
    ...(scanError === undefined ? {} : { scanError })
  }
  if (!outcome.ok) {
    return {
      ...figures,
      engineSeconds: null,
      verdict: null,
      error: `${outcome.error.code}: ${outcome.error.message}`
    }
  }
  const report = outcome.value
  const drifted = report.columns.filter((c) => c.drifted).map((c) => c.column)
  return {
    ...figures,
    engineSeconds: report.durationMs / 1000,
    verdict: {
      datasetDrifted: report.dataset.drifted,
      numberOfDrifted: report.dataset.numberOfDrifted,
      numberOfColumns: report.dataset.numberOfColumns,
      drifted,
      missed: PLANTED_DRIFT.filter((c) => !drifted.includes(c)),
      unexpected: drifted.filter((c) => !PLANTED_DRIFT.includes(c))
    }
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as BenchCase
  const figures = await runCase(spec)
  if (process.send) {
    await new Promise<void>((resolve, reject) =>
      process.send?.(figures, undefined, {}, (e) => (e ? reject(e) : resolve()))
    )
  } else {
    console.log(JSON.stringify(figures, null, 2))
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main()
}
