/**
 * Benchmark suite of whole comparisons: for each case (rows per file × format) it generates the data when
 * missing (generate.ts), reads both files once so they sit in the OS page cache, then runs the case in a
 * child process of its own (runCase.ts, bundled to plain JavaScript by bundle.ts unless --source) so the
 * peak RSS it reports belongs to that case alone. Prints each case as it finishes, a compact table at the
 * end, and writes every figure to bench/results/<time>.json.
 *
 *   npm run bench                                  1e5, 1e6, 1e7 CSV and Parquet, then 1e8 Parquet (4 GB)
 *   npm run bench -- --sizes 1e5,1e6 --formats csv
 *   npm run bench -- --continuous                  numeric columns as full-precision doubles
 *   npm run bench -- --sizes 1e7 --formats parquet --generate-only
 *
 * What each figure means, and the targets, are in bench/README.md.
 */
import { execFileSync, fork } from 'node:child_process'
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { bundleCaseRunner } from './bundle'
import { type BenchArgs, parseBenchArgs, planCases, type PlannedCase, USAGE } from './args'
import type { BenchCase, CaseFigures, CaseResult } from './benchCase'
import {
  datasetPaths,
  ensureDataset,
  GENERATOR_VERSION,
  PLANTED_DRIFT,
  rowsLabel
} from './generate'
import { resultsTable } from './table'

const benchDir = fileURLToPath(new URL('.', import.meta.url))
const repoDir = resolve(benchDir, '..')
const dataDir = join(benchDir, 'data')
const resultsDir = join(benchDir, 'results')

/** Reads a file to the end and drops the bytes: leaves it in the OS page cache for the case. */
async function warmPageCache(path: string): Promise<void> {
  await pipeline(
    createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }),
    new Writable({ write: (_chunk, _encoding, done) => done() })
  )
}

/** How a case process is started: the bundled runner, or the TypeScript source through tsx. */
type Runner = Readonly<{ kind: 'bundled' | 'source'; file: string; execArgv: string[] }>

async function prepareRunner(args: BenchArgs): Promise<Runner> {
  if (args.source) {
    return { kind: 'source', file: join(benchDir, 'runCase.ts'), execArgv: ['--import', 'tsx'] }
  }
  const started = performance.now()
  const file = await bundleCaseRunner(repoDir)
  console.log(
    `bundled the case runner and the worker in ${((performance.now() - started) / 1000).toFixed(1)} s`
  )
  return { kind: 'bundled', file, execArgv: [] }
}

/** Runs one case in a child process and waits for its figures. */
function runInChild(runner: Runner, spec: BenchCase): Promise<CaseFigures> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(runner.file, [JSON.stringify(spec)], {
      cwd: repoDir,
      execArgv: runner.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    let figures: CaseFigures | null = null
    child.on('message', (message) => (figures = message as CaseFigures))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (figures) resolvePromise(figures)
      else
        reject(
          new Error(`the case process ended (${signal ?? `exit code ${code}`}) with no figures`)
        )
    })
  })
}

function describeCase(c: PlannedCase, args: BenchArgs): string {
  const limit = c.memoryLimitMb === null ? '' : `, memory limit ${c.memoryLimitMb} MB`
  return `${rowsLabel(c.rows)} rows per file, ${c.format}${args.variant === 'continuous' ? ' (continuous)' : ''}${limit}`
}

function printFigures(f: CaseFigures): void {
  const line = (label: string, text: string): void => console.log(`  ${label.padEnd(22)}${text}`)
  line(
    'bare DuckDB scan',
    f.scanSeconds === null
      ? `failed: ${f.scanError ?? 'unknown error'}`
      : `${f.scanSeconds.toFixed(2)} s (both files, count(*) + min/max of every column)`
  )
  line(
    'compare',
    `${f.compareSeconds.toFixed(2)} s wall incl. load (${Math.round(f.rowsPerSecond).toLocaleString('en')} rows/s; worker reports ${f.engineSeconds === null ? '-' : `${f.engineSeconds.toFixed(2)} s`})`
  )
  line('ratio compare / scan', f.ratio === null ? '-' : f.ratio.toFixed(2))
  line(
    'peak RSS',
    `${f.comparePeakRssMb.toFixed(0)} MB at the end of the comparison, ${f.processPeakRssMb.toFixed(0)} MB after the scan (${f.startRssMb.toFixed(0)} MB at start)`
  )
  const d = f.loopDelay
  line(
    'event-loop delay',
    `p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(1)} ms (${d.samples} samples, ${d.resolutionMs} ms resolution)`
  )
  line(
    'load average',
    `${f.loadAverage[0].toFixed(1)} at start, ${f.loadAverage[1].toFixed(1)} at end (${cpus().length} cores)`
  )
  const v = f.verdict
  if (v === null) {
    line('result', `comparison failed: ${f.error ?? 'unknown error'}`)
    return
  }
  line(
    'verdict',
    `${v.datasetDrifted ? 'dataset drift' : 'no dataset drift'}, ${v.numberOfDrifted} of ${v.numberOfColumns} columns drifted: ${v.drifted.join(', ') || 'none'}`
  )
  line(
    'planted',
    v.missed.length + v.unexpected.length === 0
      ? `${PLANTED_DRIFT.length} columns, all found, nothing else`
      : `missed ${v.missed.join(', ') || 'none'}; unexpected ${v.unexpected.join(', ') || 'none'}`
  )
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoDir })
      .toString()
      .trim()
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoDir }).toString().trim()
    return dirty ? `${commit}+changes` : commit
  } catch {
    return 'unknown'
  }
}

function duckdbVersion(): string {
  try {
    const pkg = join(repoDir, 'node_modules', '@duckdb', 'node-api', 'package.json')
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

async function main(): Promise<number> {
  let args: BenchArgs
  try {
    args = parseBenchArgs(process.argv.slice(2))
  } catch (e) {
    console.error((e as Error).message)
    return 2
  }
  if (args.help) {
    console.log(USAGE)
    return 0
  }
  mkdirSync(dataDir, { recursive: true })
  const started = new Date()
  let runner: Runner | null = null
  if (!args.generateOnly) {
    try {
      runner = await prepareRunner(args)
    } catch (e) {
      console.error(
        `Could not bundle the case runner: ${(e as Error).message}\nFix the build, or run with --source to use the TypeScript sources through tsx.`
      )
      return 1
    }
  }
  const results: CaseResult[] = []
  for (const planned of planCases(args)) {
    console.log(`\n${describeCase(planned, args)}`)
    const shape = { rows: planned.rows, format: planned.format, variant: args.variant }
    const spec: BenchCase = {
      rows: planned.rows,
      format: planned.format,
      variant: args.variant,
      ...datasetPaths(dataDir, shape),
      ...(planned.memoryLimitMb === null ? {} : { memoryLimitMb: planned.memoryLimitMb }),
      ...(args.threads === null ? {} : { threads: args.threads }),
      workers: args.workers
    }
    const { reference, current, ...caseInfo } = spec
    const files = { reference: relative(repoDir, reference), current: relative(repoDir, current) }
    const ensured = await ensureDataset(dataDir, shape, (text) => console.log(`  ${text}`))
    if (!ensured.ok) {
      console.log(`  skipped: ${ensured.reason}`)
      results.push({
        case: caseInfo,
        files: { ...files, bytes: 0 },
        status: 'skipped',
        reason: ensured.reason
      })
      continue
    }
    const bytes = statSync(reference).size + statSync(current).size
    if (runner === null) {
      console.log(
        `  data ready: ${(bytes / 1e6).toFixed(1)} MB in ${files.reference}, ${files.current}`
      )
      continue
    }
    await warmPageCache(reference)
    await warmPageCache(current)
    try {
      const figures = await runInChild(runner, spec)
      printFigures(figures)
      results.push({ case: caseInfo, files: { ...files, bytes }, status: 'done', figures })
    } catch (e) {
      const reason = (e as Error).message
      console.log(`  failed: ${reason}`)
      results.push({ case: caseInfo, files: { ...files, bytes }, status: 'failed', reason })
    }
  }
  if (runner === null) return 0

  console.log(`\n${resultsTable(results)}`)
  mkdirSync(resultsDir, { recursive: true })
  const file = join(resultsDir, `${started.toISOString().replace(/[:.]/g, '-')}.json`)
  const record = {
    startedAt: started.toISOString(),
    commit: gitCommit(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
      platform: `${process.platform} ${process.arch}`,
      node: process.version
    },
    duckdbNodeApi: duckdbVersion(),
    runner: runner.kind,
    generatorVersion: GENERATOR_VERSION,
    plantedDrift: PLANTED_DRIFT,
    results
  }
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`)
  console.log(`\nresults written to ${relative(repoDir, file)}`)
  return results.some((r) => r.status === 'failed') ? 1 : 0
}

process.exitCode = await main()
