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
import { describeFile } from '../engine/sources'
import { sha256File } from '../engine/hash'
import { runHistoryAction } from '../project/history'
import type { WorkerMessage, WorkerRequest, WorkerSettings } from './protocol'

const port = parentPort
if (!port) throw new Error('worker.ts must run in a worker thread')

const settings = workerData as WorkerSettings
const instance = await DuckDBInstance.create(':memory:', {
  threads: String(settings.threads),
  memory_limit: `${settings.memoryLimitMb}MB`,
  temp_directory: settings.tempDirectory
})

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

async function run(request: Extract<WorkerRequest, { kind: 'run' }>): Promise<void> {
  const started = performance.now()
  const connection = await instance.connect()
  const job: Running = { seq: request.seq, cancelled: false, connection, extra: [] }
  running = job
  try {
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
  }
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
      instance.closeSync()
      port.close()
      break
    default:
      send({ kind: 'log', level: 'warn', text: `unknown request ${JSON.stringify(request)}` })
  }
})

send({ kind: 'ready' })
