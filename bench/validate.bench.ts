/**
 * Benchmark of validation (issue 4): a suite of 30 expectations (validationSuite.ts) checked through
 * `validate:run` against a generated file, for each case (rows × format). The shared orchestrator
 * (harness.ts) generates the reference batch when missing, reads it once so it sits in the OS page cache,
 * then runs the case in a child process of its own (runValidateCase.ts) so the peak RSS it reports belongs
 * to that case alone. Prints each case as it finishes, a compact table at the end, and writes every figure
 * to bench/results/<time>.json.
 *
 *   npm run bench:validate                          1e5, 1e6, 1e7 rows, CSV and Parquet
 *   npm run bench:validate -- --sizes 1e7           the target's size, both formats
 *   npm run bench:validate -- --sizes 1e6 --formats parquet
 *
 * What each figure means, the target and the measured figures are in bench/README.md ("Validation").
 */
import { type Benchmark, printLine, printLoadAverage, runBenchmark } from './harness'
import { validationTable } from './table'
import type { ValidateCase, ValidateFigures } from './validateCase'
import { benchmarkSuite, FAILING_EXPECTATIONS } from './validationSuite'

function seconds(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(2)} s`
}

function printFigures(f: ValidateFigures): void {
  printLine(
    'bare DuckDB scan',
    f.scanSeconds === null
      ? `failed: ${f.scanError ?? 'unknown error'}`
      : `${f.scanSeconds.toFixed(2)} s (the file, count(*) + min/max of every column)`
  )
  printLine(
    'validate',
    `${f.validateSeconds.toFixed(2)} s wall incl. load (${Math.round(f.rowsPerSecond).toLocaleString('en')} rows/s)`
  )
  printLine(
    'checking the suite',
    `${seconds(f.checkSeconds)} in the worker: aggregates ${seconds(f.aggregateSeconds)}, sample rows ${seconds(f.samplesSeconds)}`
  )
  printLine('ratio validate / scan', f.ratio === null ? '-' : f.ratio.toFixed(2))
  printLine(
    'peak RSS',
    `${f.validatePeakRssMb.toFixed(0)} MB at the end of the validation, ${f.processPeakRssMb.toFixed(0)} MB after the scan (${f.startRssMb.toFixed(0)} MB at start)`
  )
  printLoadAverage(f.loadAverage)
  const o = f.outcome
  if (o === null) {
    printLine('result', `validation failed: ${f.error ?? 'unknown error'}`)
    return
  }
  printLine(
    'result',
    `${o.status}: ${o.counts.pass} pass, ${o.counts.fail} fail, ${o.counts.error} error, ${o.counts.skipped} skipped; ${o.sampleRows} sample rows`
  )
  printLine(
    'planned',
    o.unexpected.length === 0
      ? `${FAILING_EXPECTATIONS.join(', ')} fail, the rest pass`
      : `unexpected status of ${o.unexpected.join(', ')}`
  )
}

const validationBenchmark: Benchmark<ValidateCase, Omit<ValidateCase, 'file'>, ValidateFigures> = {
  command: 'bench:validate',
  runner: 'runValidateCase',
  roles: ['reference'],
  rowsWord: 'rows',
  spec: (planned, args, paths) => ({
    rows: planned.rows,
    format: planned.format,
    variant: args.variant,
    file: paths.reference,
    ...(planned.memoryLimitMb === null ? {} : { memoryLimitMb: planned.memoryLimitMb }),
    ...(args.threads === null ? {} : { threads: args.threads }),
    workers: args.workers
  }),
  recorded: ({ file: _file, ...rest }) => rest,
  printFigures,
  table: validationTable,
  record: {
    suite: benchmarkSuite(0).expectations.map((e) => `${e.id} (${e.kind})`),
    failingExpectations: FAILING_EXPECTATIONS
  }
}

process.exitCode = await runBenchmark(validationBenchmark)
