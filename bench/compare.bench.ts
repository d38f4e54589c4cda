/**
 * Benchmark suite of whole comparisons: for each case (rows per file × format) the shared orchestrator
 * (harness.ts) generates the data when missing, reads both files once so they sit in the OS page cache, then
 * runs the case in a child process of its own (runCase.ts) so the peak RSS it reports belongs to that case
 * alone. Prints each case as it finishes, a compact table at the end, and writes every figure to
 * bench/results/<time>.json.
 *
 *   npm run bench                                  1e5, 1e6, 1e7 CSV and Parquet, then 1e8 Parquet (4 GB)
 *   npm run bench -- --sizes 1e5,1e6 --formats csv
 *   npm run bench -- --continuous                  numeric columns as full-precision doubles
 *   npm run bench -- --sizes 1e7 --formats parquet --generate-only
 *
 * What each figure means, and the targets, are in bench/README.md.
 */
import type { BenchCase, CaseFigures } from './benchCase'
import { PLANTED_DRIFT } from './generate'
import { type Benchmark, printLine, printLoadAverage, runBenchmark } from './harness'
import { resultsTable } from './table'

function printFigures(f: CaseFigures): void {
  printLine(
    'bare DuckDB scan',
    f.scanSeconds === null
      ? `failed: ${f.scanError ?? 'unknown error'}`
      : `${f.scanSeconds.toFixed(2)} s (both files, count(*) + min/max of every column)`
  )
  printLine(
    'compare',
    `${f.compareSeconds.toFixed(2)} s wall incl. load (${Math.round(f.rowsPerSecond).toLocaleString('en')} rows/s; worker reports ${f.engineSeconds === null ? '-' : `${f.engineSeconds.toFixed(2)} s`})`
  )
  printLine('ratio compare / scan', f.ratio === null ? '-' : f.ratio.toFixed(2))
  printLine(
    'peak RSS',
    `${f.comparePeakRssMb.toFixed(0)} MB at the end of the comparison, ${f.processPeakRssMb.toFixed(0)} MB after the scan (${f.startRssMb.toFixed(0)} MB at start)`
  )
  const d = f.loopDelay
  printLine(
    'event-loop delay',
    `p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(1)} ms (${d.samples} samples, ${d.resolutionMs} ms resolution)`
  )
  printLoadAverage(f.loadAverage)
  const v = f.verdict
  if (v === null) {
    printLine('result', `comparison failed: ${f.error ?? 'unknown error'}`)
    return
  }
  printLine(
    'verdict',
    `${v.datasetDrifted ? 'dataset drift' : 'no dataset drift'}, ${v.numberOfDrifted} of ${v.numberOfColumns} columns drifted: ${v.drifted.join(', ') || 'none'}`
  )
  printLine(
    'planted',
    v.missed.length + v.unexpected.length === 0
      ? `${PLANTED_DRIFT.length} columns, all found, nothing else`
      : `missed ${v.missed.join(', ') || 'none'}; unexpected ${v.unexpected.join(', ') || 'none'}`
  )
}

const comparisonBenchmark: Benchmark<
  BenchCase,
  Omit<BenchCase, 'reference' | 'current'>,
  CaseFigures
> = {
  command: 'bench',
  runner: 'runCase',
  roles: ['reference', 'current'],
  rowsWord: 'rows per file',
  spec: (planned, args, paths) => ({
    rows: planned.rows,
    format: planned.format,
    variant: args.variant,
    ...paths,
    ...(planned.memoryLimitMb === null ? {} : { memoryLimitMb: planned.memoryLimitMb }),
    ...(args.threads === null ? {} : { threads: args.threads }),
    workers: args.workers
  }),
  recorded: ({ reference: _reference, current: _current, ...rest }) => rest,
  printFigures,
  table: resultsTable,
  record: { plantedDrift: PLANTED_DRIFT }
}

process.exitCode = await runBenchmark(comparisonBenchmark)
