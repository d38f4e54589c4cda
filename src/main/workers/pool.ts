/**
 * A small pool of DuckDB worker threads. Jobs queue in order; each idle worker takes the next. A job can be
 * cancelled while queued (it never starts) or while running (its query is interrupted). A worker that dies
 * fails its job with INTERNAL and is replaced, so one crash never takes the backend down.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ComparePartial, JobPhase } from '../../shared/api'
import { type AppError, err, type Result } from '../../shared/errors'
import type {
  WorkerJob,
  WorkerMessage,
  WorkerOpName,
  WorkerOps,
  WorkerRequest,
  WorkerSettings
} from './protocol'

export type JobProgressUpdate = Readonly<{
  phase: JobPhase
  done: number
  total: number
  message: string
}>

/** What a caller hears from its running job before the result: progress, and partial results of a comparison. */
export type JobListeners = Readonly<{
  onProgress?: (update: JobProgressUpdate) => void
  onPartial?: (partial: ComparePartial) => void
}>

export type JobHandle<T> = Readonly<{
  seq: number
  result: Promise<Result<T>>
  cancel: () => void
}>

export type WorkerPool = Readonly<{
  submit: <K extends WorkerOpName>(
    job: { op: K; args: WorkerOps[K]['args'] },
    listeners?: JobListeners
  ) => JobHandle<WorkerOps[K]['result']>
  close: () => Promise<void>
  size: number
  /** DuckDB's threads setting of each worker. */
  threads: number
}>

export type WorkerPoolOptions = Readonly<{
  size?: number
  /** Folder DuckDB may spill to; one subfolder per worker. */
  tempDirectory: string
  log?: (level: 'info' | 'warn' | 'error', text: string) => void
  /** Jobs slower than this are logged. */
  slowJobMs?: number
  /** DuckDB's memory_limit of each worker, in MB. Default: 60% of RAM shared among the workers. */
  memoryLimitMb?: number
  /** DuckDB's threads setting of each worker. Default: the number of CPU cores. */
  threads?: number
  /**
   * Start the workers with the first job instead of at once. For a pool that many runs never use: a
   * worker takes about 0.3 s of a core to load its code and DuckDB, which a CLI run would otherwise spend
   * beside its own worker's start.
   */
  lazy?: boolean
}>

type Pending = {
  seq: number
  job: WorkerJob
  resolve: (r: Result<unknown>) => void
  listeners: JobListeners
  cancelled: boolean
}

type Slot = { worker: Worker; ready: Promise<void>; job: Pending | null; index: number }

/** The worker's entry: the bundled `worker.js` beside the built code, or the TypeScript source through tsx. */
export function workerEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const built = join(here, 'worker.js')
  if (existsSync(built)) return { file: built, execArgv: [] }
  const source = join(here, 'sourceWorker.mjs')
  if (existsSync(source)) return { file: source, execArgv: [] }
  throw new Error(`worker entry not found beside ${here}: run "npm run build"`)
}

/** How long a worker may take to close its DuckDB instance and exit when the pool closes. */
const SHUTDOWN_WAIT_MS = 5000

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const size = Math.max(1, options.size ?? 2)
  const log = options.log ?? ((level, text) => console.error(`[${level}] ${text}`))
  const slowJobMs = options.slowJobMs ?? 10_000
  const threads = Math.max(1, Math.floor(options.threads ?? cpus().length))
  const memoryLimitMb =
    options.memoryLimitMb === undefined
      ? Math.max(256, Math.floor((totalmem() * 0.6) / size / (1024 * 1024)))
      : Math.max(1, Math.floor(options.memoryLimitMb))
  const entry = workerEntry()
  const queue: Pending[] = []
  const slots: Slot[] = []
  let nextSeq = 1
  let closed = false

  function spawn(index: number): Slot {
    const tempDirectory = join(options.tempDirectory, `duckdb-${index}`)
    mkdirSync(tempDirectory, { recursive: true })
    const settings: WorkerSettings = { threads, memoryLimitMb, tempDirectory }
    const worker = new Worker(entry.file, { workerData: settings, execArgv: entry.execArgv })
    let markReady: () => void = () => undefined
    const ready = new Promise<void>((resolve) => (markReady = resolve))
    const slot: Slot = { worker, ready, job: null, index }
    worker.on('message', (message: WorkerMessage) => {
      switch (message.kind) {
        case 'ready':
          markReady()
          dispatch()
          break
        case 'progress':
          if (slot.job?.seq === message.seq) {
            slot.job.listeners.onProgress?.({
              phase: message.phase,
              done: message.done,
              total: message.total,
              message: message.message
            })
          }
          break
        case 'partial':
          // A cancelled job's results so far are of no use to anyone.
          if (slot.job?.seq === message.seq && !slot.job.cancelled)
            slot.job.listeners.onPartial?.(message.partial)
          break
        case 'reply': {
          const job = slot.job
          if (!job || job.seq !== message.seq) break
          slot.job = null
          if (message.ms > slowJobMs)
            log('info', `job ${job.seq} (${job.job.op}) took ${Math.round(message.ms)} ms`)
          job.resolve(message.result)
          dispatch()
          break
        }
        case 'log':
          log(message.level, `worker ${index}: ${message.text}`)
          break
        default:
          log('warn', `worker ${index}: unknown message ${JSON.stringify(message)}`)
      }
    })
    const fail = (reason: string): void => {
      const job = slot.job
      slot.job = null
      if (job) {
        job.resolve(
          err(
            'INTERNAL',
            'The worker running this job stopped unexpectedly. Try again; if it repeats, the log has details.',
            reason
          )
        )
      }
      const i = slots.indexOf(slot)
      if (!closed && i >= 0) {
        log('error', `worker ${index} stopped (${reason}); starting a new one`)
        slots[i] = spawn(index)
      }
    }
    worker.on('error', (e) => fail(e.stack ?? e.message))
    worker.on('exit', (code) => {
      if (!closed) fail(`exit code ${code}`)
    })
    return slot
  }

  function start(): void {
    for (let i = 0; i < size; i++) slots.push(spawn(i))
  }
  if (options.lazy !== true) start()

  function dispatch(): void {
    for (const slot of slots) {
      if (slot.job) continue
      const next = queue.shift()
      if (!next) return
      slot.job = next
      void slot.ready.then(() => {
        if (slot.job !== next) return
        const request: WorkerRequest = { kind: 'run', seq: next.seq, ...next.job }
        slot.worker.postMessage(request)
        if (next.cancelled)
          slot.worker.postMessage({ kind: 'cancel', seq: next.seq } satisfies WorkerRequest)
      })
    }
  }

  function submit<K extends WorkerOpName>(
    job: { op: K; args: WorkerOps[K]['args'] },
    listeners: JobListeners = {}
  ): JobHandle<WorkerOps[K]['result']> {
    const seq = nextSeq++
    let resolve: (r: Result<unknown>) => void = () => undefined
    const result = new Promise<Result<unknown>>((r) => (resolve = r))
    if (closed) {
      resolve(err('INTERNAL', 'Driftwatch is shutting down; the job was not started.'))
    } else {
      queue.push({ seq, job: job as WorkerJob, resolve, listeners, cancelled: false })
      if (slots.length === 0) start()
      dispatch()
    }
    const cancel = (): void => {
      const queued = queue.findIndex((p) => p.seq === seq)
      if (queued >= 0) {
        const [p] = queue.splice(queued, 1)
        p?.resolve(cancelledResult())
        return
      }
      const slot = slots.find((s) => s.job?.seq === seq)
      if (slot?.job) {
        slot.job.cancelled = true
        slot.worker.postMessage({ kind: 'cancel', seq } satisfies WorkerRequest)
      }
    }
    return { seq, result: result as Promise<Result<WorkerOps[K]['result']>>, cancel }
  }

  /**
   * Stops every worker: the job a worker runs is cancelled, then the worker closes its DuckDB instance
   * itself (what is attached is checkpointed and closed) and exits; one that does not within
   * SHUTDOWN_WAIT_MS is terminated.
   */
  async function close(): Promise<void> {
    closed = true
    for (const p of queue.splice(0))
      p.resolve(err('CANCELLED', 'Driftwatch is shutting down; the job was not started.'))
    await Promise.all(
      slots.map(async (slot) => {
        const running = slot.job
        slot.job = null
        if (running !== null) {
          slot.worker.postMessage({ kind: 'cancel', seq: running.seq } satisfies WorkerRequest)
          running.resolve(err('CANCELLED', 'Driftwatch is shutting down; the job was stopped.'))
        }
        const exited = new Promise<boolean>((resolve) =>
          slot.worker.once('exit', () => resolve(true))
        )
        slot.worker.postMessage({ kind: 'shutdown' } satisfies WorkerRequest)
        const timer = new Promise<boolean>((resolve) =>
          setTimeout(() => resolve(false), SHUTDOWN_WAIT_MS).unref()
        )
        if (!(await Promise.race([exited, timer]))) await slot.worker.terminate()
      })
    )
  }

  return { submit, close, size, threads }
}

function cancelledResult(): Result<never> {
  const error: AppError = { code: 'CANCELLED', message: 'The job was cancelled before it started.' }
  return { ok: false, error }
}
