/**
 * The orchestrator both benchmarks share (compare.bench.ts, validate.bench.ts). For each case the flags
 * select (rows × format) it generates the data when missing (generate.ts), reads the case's files once so
 * they sit in the OS page cache, then runs the case in a child process of its own (a case runner, bundled
 * to plain JavaScript by bundle.ts unless --source) so the peak RSS it reports belongs to that case alone.
 * Prints each case as it finishes, the benchmark's table at the end, and writes every figure to
 * bench/results/<time>.json with the commit, the machine and the DuckDB version.
 *
 * A benchmark says what differs: which files a case reads, the spec its runner gets, how its figures are
 * printed and tabled, and what else the results file records.
 *
 * @example process.exitCode = await runBenchmark(validationBenchmark)
 */
import { execFileSync, fork } from 'node:child_process'
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import {
  type BenchArgs,
  type BenchCommand,
  parseBenchArgs,
  planCases,
  type PlannedCase,
  USAGES
} from './args'
import type { BenchResult, CaseShape } from './benchCase'
import { bundleCaseRunner, type CaseRunner } from './bundle'
import {
  datasetPaths,
  type DatasetPaths,
  type DataRole,
  ensureDataset,
  GENERATOR_VERSION,
  rowsLabel
} from './generate'

const benchDir = fileURLToPath(new URL('.', import.meta.url))
const repoDir = resolve(benchDir, '..')
const dataDir = join(benchDir, 'data')
const resultsDir = join(benchDir, 'results')

export type Benchmark<Spec extends CaseShape, Case, Figures> = Readonly<{
  command: BenchCommand
  runner: CaseRunner
  /** The generated files a case reads. */
  roles: readonly DataRole[]
  /** How the rows of a case are named in its heading: "rows per file", "rows". */
  rowsWord: string
  /** What the case runner gets (as JSON in argv[2]). */
  spec: (planned: PlannedCase, args: BenchArgs, paths: DatasetPaths) => Spec
  /** The case as the results file records it: the spec without its file paths. */
  recorded: (spec: Spec) => Case
  printFigures: (figures: Figures) => void
  table: (results: readonly BenchResult<Case, Figures>[]) => string
  /** Fields of the results file beside the common ones (before the results). */
  record: Readonly<Record<string, unknown>>
}>

/** Reads a file to the end and drops the bytes: leaves it in the OS page cache for the case. */
async function warmPageCache(path: string): Promise<void> {
  await pipeline(
    createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }),
    new Writable({ write: (_chunk, _encoding, done) => done() })
  )
}

/** How a case process is started: the bundled runner, or the TypeScript source through tsx. */
type Runner = Readonly<{ kind: 'bundled' | 'source'; file: string; execArgv: string[] }>

async function prepareRunner(args: BenchArgs, name: CaseRunner): Promise<Runner> {
  if (args.source) {
    return { kind: 'source', file: join(benchDir, `${name}.ts`), execArgv: ['--import', 'tsx'] }
  }
  const started = performance.now()
  const file = await bundleCaseRunner(repoDir, name)
  console.log(
    `bundled the case runner and the worker in ${((performance.now() - started) / 1000).toFixed(1)} s`
  )
  return { kind: 'bundled', file, execArgv: [] }
}

/** Runs one case in a child process and waits for its figures. */
function runInChild<Figures>(runner: Runner, spec: unknown): Promise<Figures> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(runner.file, [JSON.stringify(spec)], {
      cwd: repoDir,
      execArgv: runner.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    let figures: Figures | null = null
    child.on('message', (message) => (figures = message as Figures))
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

/** A labelled line of a case's printed figures. */
export function printLine(label: string, text: string): void {
  console.log(`  ${label.padEnd(22)}${text}`)
}

/** The load-average line of a case's printed figures. */
export function printLoadAverage(loadAverage: readonly [number, number]): void {
  printLine(
    'load average',
    `${loadAverage[0].toFixed(1)} at start, ${loadAverage[1].toFixed(1)} at end (${cpus().length} cores)`
  )
}

/** Runs the benchmark the command line asks for; returns the process's exit code. */
export async function runBenchmark<Spec extends CaseShape, Case, Figures>(
  benchmark: Benchmark<Spec, Case, Figures>
): Promise<number> {
  let args: BenchArgs
  try {
    args = parseBenchArgs(process.argv.slice(2), benchmark.command)
  } catch (e) {
    console.error((e as Error).message)
    return 2
  }
  if (args.help) {
    console.log(USAGES[benchmark.command])
    return 0
  }
  mkdirSync(dataDir, { recursive: true })
  const started = new Date()
  let runner: Runner | null = null
  if (!args.generateOnly) {
    try {
      runner = await prepareRunner(args, benchmark.runner)
    } catch (e) {
      console.error(
        `Could not bundle the case runner: ${(e as Error).message}\nFix the build, or run with --source to use the TypeScript sources through tsx.`
      )
      return 1
    }
  }
  const results: BenchResult<Case, Figures>[] = []
  for (const planned of planCases(args, benchmark.command)) {
    const shape = { rows: planned.rows, format: planned.format, variant: args.variant }
    const limit = planned.memoryLimitMb === null ? '' : `, memory limit ${planned.memoryLimitMb} MB`
    const variant = args.variant === 'continuous' ? ' (continuous)' : ''
    console.log(
      `\n${rowsLabel(planned.rows)} ${benchmark.rowsWord}, ${planned.format}${variant}${limit}`
    )
    const datasets = datasetPaths(dataDir, shape)
    const spec = benchmark.spec(planned, args, datasets)
    const paths = benchmark.roles.map((role) => datasets[role])
    const named = Object.fromEntries(
      benchmark.roles.map((role) => [role, relative(repoDir, datasets[role])])
    )
    const ensured = await ensureDataset(
      dataDir,
      shape,
      (text) => console.log(`  ${text}`),
      benchmark.roles
    )
    if (!ensured.ok) {
      console.log(`  skipped: ${ensured.reason}`)
      results.push({
        case: benchmark.recorded(spec),
        files: { ...named, bytes: 0 },
        status: 'skipped',
        reason: ensured.reason
      })
      continue
    }
    const bytes = paths.reduce((sum, path) => sum + statSync(path).size, 0)
    const recorded = { case: benchmark.recorded(spec), files: { ...named, bytes } }
    if (runner === null) {
      console.log(
        `  data ready: ${(bytes / 1e6).toFixed(1)} MB in ${paths.map((p) => relative(repoDir, p)).join(', ')}`
      )
      continue
    }
    for (const path of paths) await warmPageCache(path)
    try {
      const figures = await runInChild<Figures>(runner, spec)
      benchmark.printFigures(figures)
      results.push({ ...recorded, status: 'done', figures })
    } catch (e) {
      const reason = (e as Error).message
      console.log(`  failed: ${reason}`)
      results.push({ ...recorded, status: 'failed', reason })
    }
  }
  if (runner === null) return 0

  console.log(`\n${benchmark.table(results)}`)
  mkdirSync(resultsDir, { recursive: true })
  const file = join(resultsDir, `${started.toISOString().replace(/[:.]/g, '-')}.json`)
  const record = {
    startedAt: started.toISOString(),
    commit: gitCommit(),
    command: `npm run ${benchmark.command} -- ${process.argv.slice(2).join(' ')}`.trim(),
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
    ...benchmark.record,
    results
  }
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`)
  console.log(`\nresults written to ${relative(repoDir, file)}`)
  return results.some((r) => r.status === 'failed') ? 1 : 0
}
