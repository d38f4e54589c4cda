/**
 * A worker thread owning one DuckDB instance. It runs one job at a time on a fresh connection; a cancel
 * request interrupts the running query and makes the job reply CANCELLED.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import type { ComparePartial, JobPhase } from '../../shared/api'
import { toAppError } from '../../shared/errors'
import { runBuildProfile, runCompare } from '../engine/compare'
import { runInferSuite, runValidate } from '../engine/validate'
import { closePreview, detachPreviews, openPreview, previewPage } from '../engine/preview'
import { describeFile } from '../engine/sources'
import { sha256File } from '../engine/hash'
import { detachKept, hasKept, runHistoryAction } from '../project/history'
import type { WorkerMessage, WorkerRequest, WorkerSettings } from './protocol'
import { helperNiceFromEnv, lowerHelperThreads } from './threadPriority'

const port = parentPort
if (!port) throw new Error('worker.ts must run in a worker thread')

const settings = workerData as WorkerSettings
const instance = await DuckDBInstance.create(':memory:', {
  threads: String(settings.threads),
  memory_limit: `${settings.memoryLimitMb}MB`,
  temp_directory: settings.tempDirectory
})
// DuckDB's threads (started just now) and the pool running its queries yield the cores to the window.
const helperNice = helperNiceFromEnv(process.env)
lowerHelperThreads({ nice: helperNice })

type Running = {
  seq: number
  cancelled: boolean
  connection: DuckDBConnection
  /** Further connections the job opened (columns tested at once), interrupted and closed with it. */
  extra: DuckDBConnection[]
}
let running: Running | null = null

function send(message: WorkerMessage): void {
  port?.postMessage(message)
}

/** DuckDB's threads setting now: the worker's, unless the job under way asked for fewer. */
let threadsInUse = settings.threads

/** Sets DuckDB's threads (an instance-wide setting; one job runs at a time) when it differs. */
async function useThreads(connection: DuckDBConnection, threads: number): Promise<void> {
  const wanted = Math.max(1, Math.min(settings.threads, Math.floor(threads)))
  if (wanted === threadsInUse) return
  await connection.run(`SET threads = ${wanted}`)
  threadsInUse = wanted
}

async function run(request: Extract<WorkerRequest, { kind: 'run' }>): Promise<void> {
  const started = performance.now()
  if (detachTimer !== null) clearTimeout(detachTimer)
  detachTimer = null
  if (detaching !== null) await detaching.catch(() => undefined)
  // Threads started since the last job (the thread pool grows on demand) yield to the window as well.
  lowerHelperThreads({ nice: helperNice })
  const connection = await instance.connect()
  const job: Running = { seq: request.seq, cancelled: false, connection, extra: [] }
  running = job
  try {
    await useThreads(
      connection,
      request.op === 'compare' ? (request.args.threads ?? settings.threads) : settings.threads
    )
    const context = {
      progress: (phase: JobPhase, done: number, total: number, message: string) =>
        send({ kind: 'progress', seq: request.seq, phase, done, total, message }),
      partial: (partial: ComparePartial) => send({ kind: 'partial', seq: request.seq, partial }),
      isCancelled: () => job.cancelled,
      connect: async () => {
        const extra = await instance.connect()
        job.extra.push(extra)
        return extra
      }
    }
    let value: unknown
    switch (request.op) {
      case 'compare':
        value = await runCompare(connection, request.args, context)
        break
      case 'profile':
        value = await runBuildProfile(connection, request.args, context)
        break
      case 'validate':
        value = await runValidate(connection, request.args, context)
        break
      case 'infer':
        value = await runInferSuite(connection, request.args, context)
        break
      case 'history':
        value = await runHistoryAction(connection, request.args)
        break
      case 'hash':
        value = { sha256: await sha256File(request.args.path) }
        break
      case 'describe':
        value = await describeFile(connection, request.args.path)
        break
      case 'previewOpen':
        value = await openPreview(connection, request.args, context.isCancelled)
        break
      case 'previewPage':
        value = await previewPage(connection, request.args)
        break
      case 'previewClose':
        value = await closePreview(connection, request.args)
        break
      case 'previewDetach':
        value = await detachPreviews(connection)
        break
      default:
        throw new Error(`unknown worker op ${String((request as { op: unknown }).op)}`)
    }
    send({
      kind: 'reply',
      seq: request.seq,
      result: { ok: true, value },
      ms: performance.now() - started
    })
  } catch (e) {
    const error = job.cancelled
      ? { code: 'CANCELLED' as const, message: 'The job was cancelled.' }
      : toAppError(e)
    if (error.code === 'INTERNAL')
      send({
        kind: 'log',
        level: 'error',
        text: `job ${request.seq}: ${error.detail ?? error.message}`
      })
    send({
      kind: 'reply',
      seq: request.seq,
      result: { ok: false, error },
      ms: performance.now() - started
    })
  } finally {
    running = null
    for (const extra of job.extra) extra.closeSync()
    connection.closeSync()
    if (hasKept()) scheduleDetach()
  }
}

/**
 * Closes the instance once the job under way (cancelled by the pool) has ended and an idle detach under
 * way has finished, detaching the kept histories first, then lets the thread end.
 */
async function shutdown(): Promise<void> {
  if (detachTimer !== null) clearTimeout(detachTimer)
  detachTimer = null
  while (running !== null) await new Promise((resolve) => setTimeout(resolve, 10))
  if (detaching !== null) await detaching.catch(() => undefined)
  if (hasKept()) {
    const connection = await instance.connect()
    await detachKept(connection)
    connection.closeSync()
  }
  instance.closeSync()
  port?.close()
}

/** How long a project history stays attached after its last action (see history.ts keepAttached). */
const HISTORY_IDLE_MS = 1000
let detachTimer: NodeJS.Timeout | null = null
/** An idle detach under way: a job that arrives meanwhile waits for it. */
let detaching: Promise<void> | null = null

/**
 * Detaches the kept histories once no action came for HISTORY_IDLE_MS (each is checkpointed then, and
 * another process may open it); never while a job runs.
 */
function scheduleDetach(): void {
  if (detachTimer !== null) clearTimeout(detachTimer)
  detachTimer = setTimeout(() => {
    detachTimer = null
    if (running !== null) {
      scheduleDetach()
      return
    }
    detaching = (async () => {
      const connection = await instance.connect()
      try {
        await detachKept(connection)
      } finally {
        connection.closeSync()
        detaching = null
      }
    })()
  }, HISTORY_IDLE_MS)
}

port.on('message', (request: WorkerRequest) => {
  switch (request.kind) {
    case 'run':
      void run(request)
      break
    case 'cancel':
      if (running && running.seq === request.seq) {
        running.cancelled = true
        running.connection.interrupt()
        for (const extra of running.extra) extra.interrupt()
      }
      break
    case 'shutdown':
      void shutdown()
      break
    default:
      send({ kind: 'log', level: 'warn', text: `unknown request ${JSON.stringify(request)}` })
  }
})

send({ kind: 'ready' })
