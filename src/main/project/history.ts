/**
 * Project history: every batch, run, per-column result, validation result and event of a project, in a
 * DuckDB database in the project's `.driftwatch/` folder. Runs inside a worker (never on the main thread):
 * each action attaches the database file to the worker's connection, does its work and detaches it, so the
 * file is locked only for the moment an action takes. That lets a second Driftwatch on the same project
 * read the history between two writes of the one that watches it (the instance lock in instanceLock.ts
 * decides which one writes), and it means nothing is kept open that a crash could leave half-written.
 *
 * Durability: DuckDB writes every commit to its write-ahead log before it returns, and replays the log when
 * the file is next attached, so a process killed at any moment leaves the history readable with every
 * committed action in it. A batch's result (run, report, column and validation results, status done) is
 * one transaction, so a batch is either done with exactly one result or still pending and run again.
 *
 * The schema is versioned (`meta.schema_version`); `MIGRATIONS[i]` takes version i to i + 1 and runs in a
 * transaction of its own. A history written by a newer Driftwatch is refused with a sentence, not damaged.
 *
 * Whether to commit it: no. `.driftwatch/` holds machine-local state (a lock, a database rewritten on every
 * batch); add it to `.gitignore`. The suite and the config, which people review, live in driftwatch.yaml
 * and driftwatch/.
 *
 * @example
 * const record = await runHistoryAction(connection, { database, action: { kind: 'enqueue', file } })
 */
import { randomUUID } from 'node:crypto'
import type { DuckDBConnection } from '@duckdb/node-api'
import { AppFailure } from '../../shared/errors'
import type {
  BatchRecord,
  BatchResult,
  BatchStatus,
  ColumnResult,
  ProjectEvent,
  ProjectEventKind,
  Report
} from '../../shared/model'
import { quoteString, toNumber } from '../engine/sql'

export const HISTORY_FOLDER = '.driftwatch'
export const HISTORY_FILE = 'history.duckdb'
export const SCHEMA_VERSION = 1

/** A file found in a drop folder, hashed, about to become a batch. */
export type SeenFile = Readonly<{
  /** Relative to the project root. */
  path: string
  name: string
  sha256: string
  sizeBytes: number
  modifiedAt: string
}>

export type HistoryAction =
  /** Creates or migrates the schema; answers the version. */
  | Readonly<{ kind: 'open' }>
  /** A new batch for an unseen content, queued; the existing batch when the content was seen before. */
  | Readonly<{ kind: 'enqueue'; file: SeenFile; arrivedAt: string }>
  /** Batches waiting or interrupted (those found running are queued again), in arrival order. */
  | Readonly<{ kind: 'pending' }>
  /** Marks a queued batch running and counts the attempt. */
  | Readonly<{ kind: 'claim'; batchId: string }>
  /** Stores a batch's report and results and marks it done, in one transaction. */
  | Readonly<{ kind: 'complete'; batchId: string; report: Report; configSha: string }>
  /** A failure: queued again at `retryAt` when given, else failed for good. */
  | Readonly<{ kind: 'fail'; batchId: string; reason: string; retryAt?: string }>
  /** Queues a batch again to be processed anew (its result is replaced when the new one is stored). */
  | Readonly<{ kind: 'requeue'; batchId: string; at: string }>
  /** Records where a processed drop was moved to. */
  | Readonly<{ kind: 'archived'; batchId: string; archivedTo: string }>
  | Readonly<{ kind: 'event'; event: ProjectEvent }>
  /** Counts by status and the latest batches. */
  | Readonly<{ kind: 'summary'; latest: number }>
  /** Every batch in arrival order, every column result, the latest events. */
  | Readonly<{ kind: 'history'; events: number }>
  | Readonly<{ kind: 'report'; runId: string }>
  /** One batch by its id. */
  | Readonly<{ kind: 'batch'; batchId: string }>
  /** The batch holding this content, if any. */
  | Readonly<{ kind: 'batchByHash'; sha256: string }>

export type HistorySummary = Readonly<{
  counts: Readonly<Record<BatchStatus, number>>
  latest: readonly BatchRecord[]
}>

export type HistoryArgs = Readonly<{
  /** The database file (`<project>/.driftwatch/history.duckdb`). */
  database: string
  /** Attach read-only (a second Driftwatch on the project); writes are then refused. */
  isReadOnly?: boolean
  /** Keep the database attached after the action (a dedicated history worker only; see runHistoryAction). */
  keepAttached?: boolean
  action: HistoryAction
}>

/** How long an action waits for another process's lock on the file before it gives up. */
const LOCK_WAIT_MS = 10_000
/**
 * The alias the database is attached under during the action in progress. A worker runs one job at a time,
 * so the action's SQL can take it from here.
 */
let alias = 'dw_history'
const T = (table: string): string => `${alias}.${table}`

/**
 * Databases a dedicated history worker keeps attached between actions (see `keepAttached`), by path: their
 * alias and how they were attached.
 */
const kept = new Map<string, Readonly<{ alias: string; isReadOnly: boolean }>>()
let keptCount = 0

/** The migrations, as SQL for the database attached under the current alias. */
const MIGRATIONS = (): readonly (readonly string[])[] => [
  [
    `CREATE TABLE ${T('meta')} (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
    `CREATE TABLE ${T('batches')} (
       id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL, path VARCHAR NOT NULL, name VARCHAR NOT NULL,
       sha256 VARCHAR NOT NULL UNIQUE, size_bytes BIGINT NOT NULL, modified_at VARCHAR NOT NULL,
       arrived_at VARCHAR NOT NULL, status VARCHAR NOT NULL, attempts INTEGER NOT NULL,
       reason VARCHAR, retry_at VARCHAR)`,
    `CREATE TABLE ${T('runs')} (
       id VARCHAR PRIMARY KEY, batch_id VARCHAR NOT NULL, finished_at VARCHAR NOT NULL,
       config_sha VARCHAR NOT NULL, rows BIGINT NOT NULL, validation VARCHAR, gate VARCHAR NOT NULL,
       drifted BOOLEAN NOT NULL, drifted_columns INTEGER NOT NULL, tested_columns INTEGER NOT NULL,
       counts_toward_retraining BOOLEAN NOT NULL, archived_to VARCHAR, report VARCHAR NOT NULL)`,
    `CREATE TABLE ${T('column_results')} (
       run_id VARCHAR NOT NULL, batch_id VARCHAR NOT NULL, position INTEGER NOT NULL,
       column_name VARCHAR NOT NULL, test VARCHAR NOT NULL, score_kind VARCHAR NOT NULL, score DOUBLE, threshold DOUBLE NOT NULL,
       drifted BOOLEAN NOT NULL)`,
    `CREATE TABLE ${T('validation_results')} (
       run_id VARCHAR NOT NULL, batch_id VARCHAR NOT NULL, expectation_id VARCHAR NOT NULL,
       kind VARCHAR NOT NULL, column_name VARCHAR, severity VARCHAR NOT NULL, status VARCHAR NOT NULL,
       unexpected_count BIGINT, unexpected_share DOUBLE, explanation VARCHAR NOT NULL)`,
    `CREATE TABLE ${T('events')} (
       seq BIGINT NOT NULL, happened_at VARCHAR NOT NULL, kind VARCHAR NOT NULL, batch_id VARCHAR, path VARCHAR,
       message VARCHAR NOT NULL)`,
    `INSERT INTO ${T('meta')} VALUES ('schema_version', '1')`
  ]
]

/**
 * Runs one action against the history database; see the file comment. With `keepAttached` the database
 * stays attached after the action (the worker detaches it with {@link detachKept} once idle): only for a
 * worker that is the one place in its process that opens project histories, since two DuckDB instances of
 * one process must never have the same file open.
 */
export async function runHistoryAction(
  connection: DuckDBConnection,
  args: HistoryArgs
): Promise<unknown> {
  const isReadOnly = args.isReadOnly === true
  const held = kept.get(args.database)
  if (held !== undefined && held.isReadOnly !== isReadOnly) {
    await connection.run(`DETACH ${held.alias}`).catch(() => undefined)
    kept.delete(args.database)
  }
  if (args.keepAttached === true) {
    const existing = kept.get(args.database)
    if (existing === undefined) {
      alias = `dw_history_${++keptCount}`
      await attach(connection, args.database, isReadOnly)
      kept.set(args.database, { alias, isReadOnly })
    } else alias = existing.alias
  } else {
    alias = 'dw_history'
    await attach(connection, args.database, isReadOnly)
  }
  try {
    if (args.action.kind !== 'open') await checkVersion(connection)
    else if (isReadOnly) return await checkVersion(connection)
    return await perform(connection, args.action, isReadOnly)
  } catch (e) {
    // A failed action leaves nothing attached: the next one starts from the file.
    if (args.keepAttached === true) kept.delete(args.database)
    if (args.keepAttached === true) await connection.run(`DETACH ${alias}`).catch(() => undefined)
    throw e
  } finally {
    if (args.keepAttached !== true) await connection.run(`DETACH ${alias}`).catch(() => undefined)
  }
}

/** Detaches every database kept attached (the history worker is idle, or stopping): each is checkpointed. */
export async function detachKept(connection: DuckDBConnection): Promise<void> {
  for (const [database, held] of kept) {
    kept.delete(database)
    await connection.run(`DETACH ${held.alias}`).catch(() => undefined)
  }
}

/** Whether some database is kept attached. */
export function hasKept(): boolean {
  return kept.size > 0
}

async function attach(
  connection: DuckDBConnection,
  database: string,
  isReadOnly: boolean
): Promise<void> {
  const started = Date.now()
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    try {
      await connection.run(
        `ATTACH ${quoteString(database)} AS ${alias}${isReadOnly ? ' (READ_ONLY)' : ''}`
      )
      return
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      if (/lock/i.test(message) && Date.now() - started < LOCK_WAIT_MS) {
        await new Promise((resolve) => setTimeout(resolve, wait))
        continue
      }
      if (/lock/i.test(message)) {
        throw new AppFailure(
          'FILE_UNREADABLE',
          `The project history ${database} stayed locked by another program for ${LOCK_WAIT_MS / 1000} s. Close the other Driftwatch watching this project, or try again.`,
          message
        )
      }
      if (isReadOnly && /does not exist|No such file|Cannot open/i.test(message)) {
        throw new AppFailure(
          'FILE_NOT_FOUND',
          `This project has no history yet (${database} does not exist). It appears once a batch has been processed.`,
          message
        )
      }
      throw new AppFailure(
        'FILE_UNREADABLE',
        `The project history ${database} could not be opened. If it was damaged, move the .driftwatch folder aside and Driftwatch starts a new history (the drops are processed again).`,
        message
      )
    }
  }
}

/** The schema version of the attached file, after bringing it up to date unless read-only. */
async function checkVersion(connection: DuckDBConnection): Promise<number> {
  const tables = await rows(
    connection,
    `SELECT table_name FROM duckdb_tables() WHERE database_name = '${alias}' AND table_name = 'meta'`
  )
  const version =
    tables.length === 0
      ? 0
      : toNumber(
          (
            await rows(connection, `SELECT value FROM ${T('meta')} WHERE key = 'schema_version'`)
          )[0]?.['value'] ?? 0
        )
  if (version > SCHEMA_VERSION) {
    throw new AppFailure(
      'FILE_UNREADABLE',
      `This project's history was written by a newer Driftwatch (schema ${version}; this one reads up to ${SCHEMA_VERSION}). Update Driftwatch to open it.`
    )
  }
  return version
}

async function migrate(connection: DuckDBConnection): Promise<number> {
  let version = await checkVersion(connection)
  while (version < SCHEMA_VERSION) {
    const steps = MIGRATIONS()[version] ?? []
    await inTransaction(connection, async () => {
      for (const sql of steps) await connection.run(sql)
      await connection.run(`UPDATE ${T('meta')} SET value = $1 WHERE key = 'schema_version'`, [
        String(version + 1)
      ])
    })
    version += 1
  }
  return version
}

async function perform(
  connection: DuckDBConnection,
  action: HistoryAction,
  isReadOnly: boolean
): Promise<unknown> {
  const writes = !['summary', 'history', 'report', 'batch', 'batchByHash'].includes(action.kind)
  if (writes && isReadOnly) {
    throw new AppFailure(
      'FORBIDDEN',
      'This Driftwatch only reads this project (another one watches it), so it cannot change its history.'
    )
  }
  switch (action.kind) {
    case 'open':
      return migrate(connection)
    case 'enqueue':
      return enqueue(connection, action.file, action.arrivedAt)
    case 'pending': {
      await connection.run(`UPDATE ${T('batches')} SET status = 'queued' WHERE status = 'running'`)
      return batches(connection, `WHERE b.status = 'queued' ORDER BY b.seq`)
    }
    case 'claim': {
      const batch = await batchById(connection, action.batchId)
      await connection.run(
        `UPDATE ${T('batches')} SET status = 'running', attempts = attempts + 1, retry_at = NULL WHERE id = $1`,
        [batch.id]
      )
      return batchById(connection, action.batchId)
    }
    case 'complete':
      return complete(connection, action.batchId, action.report, action.configSha)
    case 'fail': {
      await batchById(connection, action.batchId)
      await connection.run(
        `UPDATE ${T('batches')} SET status = $1, reason = $2, retry_at = $3 WHERE id = $4`,
        [
          action.retryAt === undefined ? 'failed' : 'queued',
          action.reason,
          action.retryAt ?? null,
          action.batchId
        ]
      )
      return batchById(connection, action.batchId)
    }
    case 'requeue': {
      const batch = await batchById(connection, action.batchId)
      await inTransaction(connection, async () => {
        await connection.run(
          `UPDATE ${T('batches')} SET status = 'queued', attempts = 0, reason = NULL, retry_at = NULL WHERE id = $1`,
          [batch.id]
        )
        await insertEvent(connection, {
          at: action.at,
          kind: 'batch:queued',
          batchId: batch.id,
          path: batch.path,
          message: `${batch.name} is queued to be processed again.`
        })
      })
      return batchById(connection, batch.id)
    }
    case 'archived':
      await connection.run(`UPDATE ${T('runs')} SET archived_to = $1 WHERE batch_id = $2`, [
        action.archivedTo,
        action.batchId
      ])
      return null
    case 'event':
      await insertEvent(connection, action.event)
      return null
    case 'summary':
      return summary(connection, action.latest)
    case 'history':
      return {
        batches: await batches(connection, 'ORDER BY b.seq'),
        columns: await columnResults(connection),
        events: await events(connection, action.events)
      }
    case 'report': {
      const found = await rows(connection, `SELECT report FROM ${T('runs')} WHERE id = $1`, [
        action.runId
      ])
      const text = found[0]?.['report']
      if (typeof text !== 'string') {
        throw new AppFailure('NOT_FOUND', `No run ${action.runId} in this project's history.`)
      }
      return JSON.parse(text) as Report
    }
    case 'batch':
      return batchById(connection, action.batchId)
    case 'batchByHash': {
      const found = await batches(connection, 'WHERE b.sha256 = $1', [action.sha256])
      return found[0] ?? null
    }
    default:
      return assertNever(action)
  }
}

async function enqueue(
  connection: DuckDBConnection,
  file: SeenFile,
  arrivedAt: string
): Promise<Readonly<{ batch: BatchRecord; isNew: boolean }>> {
  const existing = await batches(connection, 'WHERE b.sha256 = $1', [file.sha256])
  if (existing[0] !== undefined) return { batch: existing[0], isNew: false }
  const id = randomUUID()
  await inTransaction(connection, async () => {
    await connection.run(
      `INSERT INTO ${T('batches')} SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, 'queued', 0, NULL, NULL FROM ${T('batches')}`,
      [id, file.path, file.name, file.sha256, file.sizeBytes, file.modifiedAt, arrivedAt]
    )
    await insertEvent(connection, {
      at: arrivedAt,
      kind: 'batch:queued',
      batchId: id,
      path: file.path,
      message: `${file.name} arrived and is queued.`
    })
  })
  return { batch: await batchById(connection, id), isNew: true }
}

async function complete(
  connection: DuckDBConnection,
  batchId: string,
  report: Report,
  configSha: string
): Promise<BatchRecord> {
  const batch = await batchById(connection, batchId)
  const runId = report.id
  const tested = report.columns.filter((c) => c.status === 'tested')
  await inTransaction(connection, async () => {
    // A run of this batch left by an attempt that died between commit and status is replaced, so a
    // batch never has two results.
    for (const table of ['runs', 'column_results', 'validation_results']) {
      await connection.run(`DELETE FROM ${T(table)} WHERE batch_id = $1`, [batchId])
    }
    await connection.run(
      `INSERT INTO ${T('runs')} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12)`,
      [
        runId,
        batchId,
        report.createdAt,
        configSha,
        report.inputs.current.rows,
        report.validation?.result.status ?? null,
        report.gate.status,
        report.dataset.drifted,
        report.dataset.numberOfDrifted,
        report.dataset.numberOfColumns,
        report.gate.countsTowardRetraining,
        JSON.stringify(report)
      ]
    )
    // Columns keep the reference's order (the report's), target and prediction last.
    const results = [...tested, report.targets?.target, report.targets?.prediction]
    for (const [position, c] of results.entries()) {
      if (c === undefined || c.status !== 'tested' || c.test === undefined) continue
      await connection.run(
        `INSERT INTO ${T('column_results')} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          runId,
          batchId,
          position,
          c.column,
          c.test,
          c.scoreKind ?? 'p_value',
          c.score === undefined || c.score === null || !Number.isFinite(c.score) ? null : c.score,
          c.threshold ?? 0,
          c.drifted
        ]
      )
    }
    for (const r of report.validation?.result.results ?? []) {
      await connection.run(
        `INSERT INTO ${T('validation_results')} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          runId,
          batchId,
          r.id,
          r.kind,
          r.column ?? null,
          r.severity,
          r.status,
          r.unexpectedCount ?? null,
          r.unexpectedShare ?? null,
          r.explanation
        ]
      )
    }
    await connection.run(
      `UPDATE ${T('batches')} SET status = 'done', reason = NULL, retry_at = NULL WHERE id = $1`,
      [batchId]
    )
    await insertEvent(connection, {
      at: report.createdAt,
      kind: 'batch:done',
      batchId,
      path: batch.path,
      message: `${batch.name}: ${report.gate.status === 'invalid' ? 'data invalid; ' : ''}${report.dataset.drifted ? 'drift' : 'no drift'} (${report.dataset.numberOfDrifted} of ${report.dataset.numberOfColumns} columns).`
    })
  })
  return batchById(connection, batchId)
}

async function insertEvent(connection: DuckDBConnection, event: ProjectEvent): Promise<void> {
  await connection.run(
    `INSERT INTO ${T('events')} SELECT coalesce(max(seq), 0) + 1, $1, $2, $3, $4, $5 FROM ${T('events')}`,
    [event.at, event.kind, event.batchId ?? null, event.path ?? null, event.message]
  )
}

async function summary(connection: DuckDBConnection, latest: number): Promise<HistorySummary> {
  const counted = await rows(
    connection,
    `SELECT status, count(*)::DOUBLE AS n FROM ${T('batches')} GROUP BY status`
  )
  const counts: Record<BatchStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 }
  for (const row of counted) counts[row['status'] as BatchStatus] = toNumber(row['n'])
  return {
    counts,
    latest: await batches(
      connection,
      `ORDER BY b.seq DESC LIMIT ${Math.max(0, Math.floor(latest))}`
    )
  }
}

const BATCH_COLUMNS = `b.id, b.path, b.name, b.sha256, b.size_bytes::DOUBLE AS size_bytes, b.modified_at,
  b.arrived_at, b.status, b.attempts::DOUBLE AS attempts, b.reason, b.retry_at, r.id AS run_id,
  r.finished_at, r.rows::DOUBLE AS rows, r.validation, r.gate, r.drifted,
  r.drifted_columns::DOUBLE AS drifted_columns, r.tested_columns::DOUBLE AS tested_columns,
  r.counts_toward_retraining, r.archived_to`

async function batches(
  connection: DuckDBConnection,
  rest: string,
  values: readonly (string | number)[] = []
): Promise<BatchRecord[]> {
  const found = await rows(
    connection,
    `SELECT ${BATCH_COLUMNS} FROM ${T('batches')} b LEFT JOIN ${T('runs')} r ON r.batch_id = b.id ${rest}`,
    values
  )
  return found.map(batchOf)
}

async function batchById(connection: DuckDBConnection, id: string): Promise<BatchRecord> {
  const found = await batches(connection, 'WHERE b.id = $1', [id])
  if (found[0] === undefined) {
    throw new AppFailure('NOT_FOUND', `No batch ${id} in this project's history.`)
  }
  return found[0]
}

function batchOf(row: Record<string, unknown>): BatchRecord {
  const text = (key: string): string | undefined =>
    typeof row[key] === 'string' ? (row[key] as string) : undefined
  const runId = text('run_id')
  return {
    id: String(row['id']),
    path: String(row['path']),
    name: String(row['name']),
    sha256: String(row['sha256']),
    sizeBytes: toNumber(row['size_bytes']),
    modifiedAt: String(row['modified_at']),
    arrivedAt: String(row['arrived_at']),
    status: row['status'] as BatchStatus,
    attempts: toNumber(row['attempts']),
    ...(text('reason') === undefined ? {} : { reason: text('reason') as string }),
    ...(text('retry_at') === undefined ? {} : { retryAt: text('retry_at') as string }),
    ...(runId === undefined || row['status'] !== 'done'
      ? {}
      : {
          result: {
            runId,
            finishedAt: String(row['finished_at']),
            rows: toNumber(row['rows']),
            validation: (text('validation') ?? null) as BatchResult['validation'],
            gate: row['gate'] as BatchResult['gate'],
            drifted: row['drifted'] === true,
            driftedColumns: toNumber(row['drifted_columns']),
            testedColumns: toNumber(row['tested_columns']),
            countsTowardRetraining: row['counts_toward_retraining'] === true,
            ...(text('archived_to') === undefined
              ? {}
              : { archivedTo: text('archived_to') as string })
          }
        })
  }
}

async function columnResults(connection: DuckDBConnection): Promise<ColumnResult[]> {
  const found = await rows(
    connection,
    `SELECT c.* FROM ${T('column_results')} c JOIN ${T('batches')} b ON b.id = c.batch_id ORDER BY b.seq, c.position`
  )
  return found.map((row) => ({
    batchId: String(row['batch_id']),
    runId: String(row['run_id']),
    column: String(row['column_name']),
    test: String(row['test']),
    scoreKind: row['score_kind'] === 'distance' ? 'distance' : 'p_value',
    score: row['score'] === null ? null : toNumber(row['score']),
    threshold: toNumber(row['threshold']),
    drifted: row['drifted'] === true
  }))
}

async function events(connection: DuckDBConnection, limit: number): Promise<ProjectEvent[]> {
  const found = await rows(
    connection,
    `SELECT * FROM ${T('events')} ORDER BY seq DESC LIMIT ${Math.max(0, Math.floor(limit))}`
  )
  return found.map((row) => ({
    at: String(row['happened_at']),
    kind: row['kind'] as ProjectEventKind,
    ...(typeof row['batch_id'] === 'string' ? { batchId: row['batch_id'] } : {}),
    ...(typeof row['path'] === 'string' ? { path: row['path'] } : {}),
    message: String(row['message'])
  }))
}

async function rows(
  connection: DuckDBConnection,
  sql: string,
  values: readonly (string | number)[] = []
): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql, values.length > 0 ? [...values] : undefined)
  return reader.getRowObjectsJson() as Record<string, unknown>[]
}

async function inTransaction(
  connection: DuckDBConnection,
  work: () => Promise<void>
): Promise<void> {
  await connection.run('BEGIN TRANSACTION')
  try {
    await work()
    await connection.run('COMMIT')
  } catch (e) {
    await connection.run('ROLLBACK').catch(() => undefined)
    throw e
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected history action ${JSON.stringify(v)}`)
}
