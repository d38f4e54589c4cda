/**
 * The project commands of the CLI: `run` (process what is pending and exit — cron, CI — writing its batches
 * as JSON, JUnit XML and a Markdown summary when asked), `watch` (headless, the same pipeline as the app,
 * until SIGINT or SIGTERM), `history` (every batch, as a table or JSON). Each runs the project service in
 * this process with its own worker pool. A folder without driftwatch.yaml is read with the config
 * inferred from its files (said on stderr; nothing is written but the history).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { AppFailure, err, ok, type Result } from '../../../shared/errors'
import type { BatchRecord, ProjectConfig, ProjectHistory } from '../../../shared/model'
import { batchSentence } from '../../../shared/project/batchSentence'
import { appVersion } from '../../api'
import { renderProjectHtml } from '../../export/html'
import { renderRunJunit } from '../../export/junit'
import { renderRunMarkdown } from '../../export/markdown'
import { renderHistoryJson, renderRunJson, type RunBatch } from '../../export/outputs'
import { createNotifier } from '../../notify/notifier'
import { inferProjectConfig, readProjectConfig } from '../../project/config'
import { HISTORY_FILE, HISTORY_FOLDER } from '../../project/history'
import { createProjectService, type ProjectService } from '../../project/projectService'
import { scanDrops, watchDrops } from '../../watch/dropWatcher'
import { createWorkerPool, type WorkerPool } from '../../workers/pool'
import type { HistoryCommand, RunCommand, WatchCommand } from './args'
import { renderColumns, TEXT_WIDTH } from './layout'
import { hasStandardOutput, type Output, writeOutputs } from './outputs'

export type ProjectIo = Readonly<{
  out: (text: string) => void
  err: (text: string) => void
}>

const OK = 0
const FLAGGED = 1
const FAILED = 2

export async function runProject(command: RunCommand, io: ProjectIo): Promise<number> {
  const folder = resolve(command.folder)
  return withPool(io, async (pool) => {
    const config = await configFor(folder, pool, io)
    if (!config.ok) {
      io.err(`driftwatch: ${config.error.message}\n`)
      return FAILED
    }
    const service = createProjectService({
      folder,
      config: config.value,
      pool,
      // The one worker of this process: it may keep the history attached between actions.
      history: { pool, keepAttached: true },
      drops: { watch: watchDrops, scan: scanDrops },
      appVersion: appVersion(),
      log: (level, text) => io.err(`[${level}] ${text}\n`)
    })
    const outcome = await service.runOnce()
    const needsReports =
      command.junit !== undefined || command.markdown !== undefined || command.html !== undefined
    const batches =
      outcome.ok && needsReports ? await withReports(service, outcome.value.processed, io) : []
    const history = outcome.ok && command.html !== undefined ? await service.history() : null
    await service.close()
    if (!outcome.ok) {
      io.err(`driftwatch: ${outcome.error.message}\n`)
      return FAILED
    }
    const { processed, ignored } = outcome.value
    const outputs: Output[] = [
      {
        what: 'the batches as JSON',
        target: command.json,
        render: () => renderRunJson({ folder, processed, ignored })
      },
      { what: 'the JUnit XML', target: command.junit, render: () => renderRunJunit(batches) },
      {
        what: 'the Markdown summary',
        target: command.markdown,
        render: () => renderRunMarkdown(folder, batches)
      },
      {
        what: 'the HTML project report',
        target: command.html,
        render: () => {
          if (history === null || !history.ok) {
            throw new AppFailure(
              'INTERNAL',
              `The project's history could not be read${history === null ? '' : `: ${history.error.message}`}`
            )
          }
          const reports = batches.flatMap((b) => (b.report === undefined ? [] : [b.report]))
          return renderProjectHtml(
            {
              project: { name: config.value.name ?? basename(folder), folder },
              history: history.value,
              reports
            },
            { exportedBy: `Driftwatch ${appVersion()}` }
          )
        }
      }
    ]
    if (!hasStandardOutput(outputs)) {
      for (const file of ignored) io.out(`skipped ${file.path}: ${file.reason}\n`)
      for (const batch of processed) io.out(`${batchSentence(batch)}\n`)
      if (!command.quiet || processed.length === 0) io.out(`${runSummary(folder, processed)}\n`)
    }
    if (!(await writeOutputs(outputs, io))) return FAILED
    if (processed.some((b) => b.status === 'failed')) return FAILED
    if (command.failOnInvalid && processed.some((b) => b.result?.gate === 'invalid')) return FLAGGED
    if (
      command.failOnDrift &&
      processed.some((b) => b.result?.drifted === true && b.result.gate !== 'invalid')
    ) {
      return FLAGGED
    }
    return OK
  })
}

/** Watches until SIGINT or SIGTERM, printing one line per event; `stop` ends it in tests. */
export async function watchProject(
  command: WatchCommand,
  io: ProjectIo,
  stop: Promise<void> = signalled()
): Promise<number> {
  const folder = resolve(command.folder)
  const log = (level: 'info' | 'warn' | 'error', text: string): void =>
    io.err(`[${level}] ${text}\n`)
  // Webhooks, per the project's notifications (a terminal has no desktop notifications).
  const notifier = createNotifier({ log })
  return withPool(io, async (pool) => {
    const config = await configFor(folder, pool, io)
    if (!config.ok) {
      io.err(`driftwatch: ${config.error.message}\n`)
      return FAILED
    }
    const service = createProjectService({
      folder,
      config: config.value,
      pool,
      // The one worker of this process: it may keep the history attached between actions.
      history: { pool, keepAttached: true },
      drops: { watch: watchDrops, scan: scanDrops },
      appVersion: appVersion(),
      log,
      onEvent: (summary, event, batch) => {
        if (batch !== undefined) {
          void notifier.notify(summary.config.notifications ?? {}, {
            project: { folder, name: summary.name },
            batch
          })
        }
        if (command.quiet && !['batch:done', 'batch:failed'].includes(event.kind)) return
        io.out(`[${event.at}] ${event.message}\n`)
      }
    })
    const started = await service.start()
    if (!started.ok) {
      io.err(`driftwatch: ${started.error.message}\n`)
      await service.close()
      return FAILED
    }
    if (started.value.mode === 'read-only') {
      io.err(
        `driftwatch: ${folder} is already watched by ${started.value.heldBy ?? 'another Driftwatch'}. Stop it first, or read its history with "driftwatch history".\n`
      )
      await service.close()
      return FAILED
    }
    io.err(`Watching ${folder}; press Ctrl+C to stop.\n`)
    await stop
    io.err('Stopping: the batch in progress, if any, is run again at the next start.\n')
    await service.close()
    notifier.dispose()
    return OK
  })
}

export async function showHistory(command: HistoryCommand, io: ProjectIo): Promise<number> {
  const folder = resolve(command.folder)
  return withPool(io, async (pool) => {
    const read = (await pool.submit({
      op: 'history',
      args: {
        database: join(folder, HISTORY_FOLDER, HISTORY_FILE),
        isReadOnly: true,
        action: { kind: 'history', events: 50 }
      }
    }).result) as Result<Omit<ProjectHistory, 'folder'>>
    if (!read.ok) {
      io.err(`driftwatch: ${read.error.message}\n`)
      return FAILED
    }
    const history: ProjectHistory = { folder, ...read.value }
    const outputs: Output[] = [
      {
        what: 'the history as JSON',
        target: command.json,
        render: () => renderHistoryJson(history)
      }
    ]
    if (!hasStandardOutput(outputs)) io.out(`${historyTable(history.batches)}\n`)
    return (await writeOutputs(outputs, io)) ? OK : FAILED
  })
}

/** The batches as a table: file, arrival, status, rows, validation, drift. */
export function historyTable(batches: readonly BatchRecord[]): string {
  if (batches.length === 0) return 'No batch yet.'
  return renderColumns(
    [
      { header: 'File', minWidth: 12 },
      { header: 'Arrived' },
      { header: 'Status' },
      { header: 'Rows', align: 'right' },
      { header: 'Validation' },
      { header: 'Drift', minWidth: 20 }
    ],
    batches.map((b) => [
      b.name,
      b.arrivedAt.replace('T', ' ').slice(0, 19),
      b.status,
      b.result === undefined ? '' : String(b.result.rows),
      b.result === undefined
        ? ''
        : b.result.gate === 'invalid'
          ? 'INVALID'
          : (b.result.validation ?? 'not checked'),
      b.result === undefined
        ? (b.reason ?? '')
        : `${b.result.drifted ? 'DRIFT' : 'no drift'} ${b.result.driftedColumns}/${b.result.testedColumns}`
    ]),
    { width: TEXT_WIDTH }
  ).join('\n')
}

/**
 * Each processed batch with its report read back from the history (a batch that could not be processed
 * has none); a report that cannot be read is said on stderr, and its batch is written as one error.
 */
async function withReports(
  service: ProjectService,
  processed: readonly BatchRecord[],
  io: ProjectIo
): Promise<RunBatch[]> {
  const batches: RunBatch[] = []
  for (const batch of processed) {
    if (batch.result === undefined) {
      batches.push({ batch })
      continue
    }
    const report = await service.report(batch.result.runId)
    if (report.ok) batches.push({ batch, report: report.value })
    else {
      io.err(`driftwatch: could not read the report of ${batch.name}: ${report.error.message}\n`)
      batches.push({ batch })
    }
  }
  return batches
}

function runSummary(folder: string, processed: readonly BatchRecord[]): string {
  if (processed.length === 0) return `Nothing new in ${folder}: every drop has been processed.`
  const done = processed.filter((b) => b.status === 'done')
  const drifted = done.filter((b) => b.result?.drifted === true).length
  const invalid = done.filter((b) => b.result?.gate === 'invalid').length
  const failed = processed.length - done.length
  return `${processed.length} batch${processed.length === 1 ? '' : 'es'} processed: ${drifted} drifted, ${invalid} with invalid data, ${failed} could not be processed. History: ${join(folder, HISTORY_FOLDER)}.`
}

/** The project's config, or the one inferred from its files (said on stderr) when it has none. */
async function configFor(
  folder: string,
  pool: WorkerPool,
  io: ProjectIo
): Promise<Result<ProjectConfig>> {
  const read = await readProjectConfig(folder)
  if (read.ok) {
    for (const p of read.value.problems) {
      io.err(`driftwatch.yaml line ${p.line}, ${p.key}: ${p.message}\n`)
    }
    return ok(read.value.config)
  }
  if (read.error.code !== 'FILE_NOT_FOUND') return read
  const proposal = await inferProjectConfig(
    folder,
    (file) => pool.submit({ op: 'describe', args: { path: file } }).result
  )
  if (proposal.gaps.length > 0 && proposal.config.reference === '') {
    return err(
      'INVALID_OPTIONS',
      `${folder} has no driftwatch.yaml and its layout could not be read: ${proposal.gaps.join(' ')}`
    )
  }
  io.err(`No driftwatch.yaml in ${folder}; using the config inferred from its files:\n`)
  for (const reason of proposal.reasons) io.err(`  ${reason}\n`)
  for (const gap of proposal.gaps) io.err(`  to decide: ${gap}\n`)
  io.err('Accept it in the app (Project → Open) or write driftwatch.yaml to keep it.\n')
  return ok(proposal.config)
}

/** Runs `work` with a one-worker pool whose spill folder is removed afterwards. */
async function withPool(
  io: ProjectIo,
  work: (pool: WorkerPool) => Promise<number>
): Promise<number> {
  const spill = await mkdtemp(join(tmpdir(), 'driftwatch-cli-'))
  const pool = createWorkerPool({
    size: 1,
    tempDirectory: spill,
    log: (level, text) => io.err(`[${level}] ${text}\n`)
  })
  try {
    return await work(pool)
  } finally {
    await pool.close()
    await rm(spill, { recursive: true, force: true })
  }
}

function signalled(): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolveStop()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
