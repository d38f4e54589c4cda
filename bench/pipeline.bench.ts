/**
 * Benchmark of the project pipeline (issue 5): the time from a drop landing in a watched project to its
 * result persisted in the history, for a batch of 10^5 rows (by default) of the 15-column benchmark data.
 * A backend is created as the app creates it (two workers, the real drop watcher, the project history in
 * DuckDB); the project folder holds the generated reference and a drop folder; each drop is written aside
 * and renamed into place (as a finished download appears) and timed until its `batch:done` event, which
 * is sent after the result's transaction committed. The first drop also pays the workers' warm-up, so it
 * is printed apart from the median of the rest. Each drop has its own content (a row appended), so none is
 * recognised as a repeat.
 *
 *   npm run bench:pipeline                      10^5 rows, 4 drops, default config (validation, multivariate)
 *   npm run bench:pipeline -- --rows 1e6 --drops 3 --stable-ms 500 --format parquet
 *
 * Printed: the stability wait (the config's watch.stableMs: a file counts once unchanged that long), each
 * drop's latency and what the engine took of it (the report's durationMs; the comparison begins when the
 * file arrives, beside the stability wait, and is used once the file proved stable), the median, and the
 * process's peak RSS. The idle cost of watching a large tree is measured by `npm run bench:watch`.
 */
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ProjectChanged } from '../src/shared/api'
import { createBackend } from '../src/main/api'
import { type DataFormat, ensureDataset, rowsLabel } from './generate'

const benchDir = fileURLToPath(new URL('.', import.meta.url))

type Args = Readonly<{ rows: number; drops: number; stableMs: number; format: DataFormat }>

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const rows = Number(value('--rows') ?? '1e5')
  const drops = Number(value('--drops') ?? '4')
  const stableMs = Number(value('--stable-ms') ?? '500')
  const format = (value('--format') ?? 'csv') as DataFormat
  if (!Number.isFinite(rows) || rows < 100)
    throw new Error('--rows takes a number of rows, e.g. 1e5')
  if (!Number.isInteger(drops) || drops < 1) throw new Error('--drops takes a whole number, e.g. 4')
  if (!Number.isInteger(stableMs) || stableMs < 100)
    throw new Error('--stable-ms takes 100 or more')
  if (format !== 'csv' && format !== 'parquet') throw new Error('--format takes csv or parquet')
  return { rows, drops, stableMs, format }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const shape = { rows: args.rows, format: args.format, variant: 'exported' as const }
  const data = await ensureDataset(join(benchDir, 'data'), shape, (text) => console.log(text))
  if (!data.ok) throw new Error(`the data could not be generated: ${data.reason}`)
  const ext = args.format === 'csv' ? 'csv' : 'parquet'
  const root = mkdtempSync(join(tmpdir(), 'driftwatch-bench-pipeline-'))
  const project = join(root, 'project')
  mkdirSync(join(project, 'incoming'), { recursive: true })
  copyFileSync(data.paths.reference, join(project, `reference.${ext}`))
  const config = [
    'version: 1',
    `reference: reference.${ext}`,
    'drops:',
    '  - path: incoming',
    'watch:',
    `  stableMs: ${args.stableMs}`,
    ''
  ].join('\n')
  writeFileSync(join(project, 'driftwatch.yaml'), config)

  const backend = createBackend({
    host: 'inprocess',
    dataDir: join(root, 'data'),
    tempDir: join(root, 'temp'),
    log: () => undefined
  })
  const done = new Map<string, (change: ProjectChanged) => void>()
  backend.on('project:changed', (change) => {
    if (change.event.kind !== 'batch:done' && change.event.kind !== 'batch:failed') return
    const name = change.batch?.name ?? ''
    done.get(name)?.(change)
  })
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 50)
  try {
    backend.grantFolder(project)
    const opened = await backend.call('project:open', { folder: project })
    if (!opened.ok || opened.value.kind !== 'opened') {
      throw new Error(
        `the project did not open: ${opened.ok ? 'a proposal' : opened.error.message}`
      )
    }
    console.log(
      `${rowsLabel(args.rows)} rows, ${args.format}, 15 columns; watch.stableMs ${args.stableMs} ms; default drift options and validation`
    )
    const latencies: number[] = []
    const engine: number[] = []
    const batchBytes = readFileSync(data.paths.current)
    const firstLine = args.format === 'csv' ? batchBytes.toString('utf8').split('\n')[1] : undefined
    for (let i = 0; i < args.drops; i++) {
      const name = `batch-${i + 1}.${ext}`
      const partial = join(project, 'incoming', `.${name}.part`)
      copyFileSync(data.paths.current, partial)
      // A row more per drop (CSV), so each drop is new content; Parquet drops are recognised as repeats,
      // so only one Parquet drop is timed.
      if (firstLine !== undefined)
        for (let r = 0; r < i; r++) appendFileSync(partial, `${firstLine}\n`)
      const finished = new Promise<ProjectChanged>((resolve) => done.set(name, resolve))
      const started = performance.now()
      renameSync(partial, join(project, 'incoming', name))
      const change = await finished
      const seconds = (performance.now() - started) / 1000
      if (change.event.kind === 'batch:failed') throw new Error(change.event.message)
      const report = await backend.call('project:report', {
        folder: project,
        runId: change.batch?.result?.runId ?? ''
      })
      const engineSeconds = report.ok ? report.value.durationMs / 1000 : Number.NaN
      latencies.push(seconds)
      engine.push(engineSeconds)
      console.log(
        `  drop ${i + 1}: ${seconds.toFixed(2)} s from the rename to the result persisted (validation and comparison ${engineSeconds.toFixed(2)} s, begun on arrival beside the ${(args.stableMs / 1000).toFixed(2)} s stability wait; then hashing, queueing and the history)`
      )
      if (args.format === 'parquet') break
    }
    const rest = latencies.slice(1)
    console.log(
      `first drop (workers warming up): ${latencies[0]?.toFixed(2)} s; median of the others: ${rest.length > 0 ? median(rest).toFixed(2) : '-'} s (engine ${rest.length > 0 ? median(engine.slice(1)).toFixed(2) : '-'} s); target ≤ 1.5 s`
    )
    console.log(`peak RSS of this process: ${(peakRss / 1e6).toFixed(0)} MB`)
  } finally {
    clearInterval(sampler)
    await backend.dispose()
    rmSync(root, { recursive: true, force: true })
  }
}

await main()
