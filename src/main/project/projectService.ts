/**
 * Project service: one open project, kept watched. Every stable file in a drop folder goes through the
 * pipeline — hash, enqueue (one batch per content), validate and compare against the reference, persist
 * the result in the history, archive the drop if asked, notify — one batch at a time, in the drops' time
 * order. Runs on the main thread but does no heavy work there: hashing, DuckDB and the history all run in
 * the worker pool; this module only orders the work and keeps the state.
 *
 * Exactly once: a batch is one SHA-256; the same content again is recognised and not processed again, and a
 * batch's result is stored in one transaction with its status. On start the service catches up: batches
 * left queued or running by a previous run (a crash, a kill) are run again, and the files that arrived
 * while it was closed are found by the drop watcher's first scan.
 *
 * Failures: a file that vanished, is empty, is a folder or cannot be parsed is failed for good, with the
 * reason; other failures (a lock, a worker that died) are retried with exponential backoff, up to
 * `maxAttempts` attempts. Closing cancels the batch in progress; it stays pending and is run again on the
 * next start.
 *
 * @example
 * const service = createProjectService({ folder, config, pool, ... })
 * const summary = await service.start()   // watching, or read-only when another Driftwatch holds it
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, rename, stat, copyFile, unlink } from 'node:fs/promises'
import { basename, join, relative, resolve } from 'node:path'
import type { CompareValidationRequest } from '../../shared/api'
import { type AppError, err, ok, type Result } from '../../shared/errors'
import type {
  BatchRecord,
  DriftOptions,
  ProjectConfig,
  ProjectEvent,
  ProjectEventKind,
  ProjectHistory,
  ProjectMode,
  ProjectSummary,
  Report,
  Suite
} from '../../shared/model'
import type { CompareValidation } from '../engine/compare'
import { batchSentence } from '../../shared/project/batchSentence'
import { resolveValidation } from '../validationRequest'
import type {
  DropFile,
  DropScanOptions,
  DropWatcherOptions,
  IgnoredFile
} from '../watch/dropWatcher'
import type { WorkerPool } from '../workers/pool'
import { HISTORY_FILE, HISTORY_FOLDER, type HistoryAction, type HistorySummary } from './history'
import { acquireProjectLock, describeHolder } from './instanceLock'
import { DEFAULT_SUITE_FILE } from './projectSuite'

export type { DropFile, IgnoredFile }

/** What the service needs of a drop watcher: src/main/watch/dropWatcher.ts, or a stand-in in a test. */
export type DropWatching = Readonly<{
  watch: (
    options: DropWatcherOptions
  ) => Readonly<{ ready: Promise<void>; close: () => Promise<void> }>
  scan: (options: DropScanOptions) => Promise<{ ready: DropFile[]; ignored: IgnoredFile[] }>
}>

export type ProjectServiceOptions = Readonly<{
  /** The project's root, absolute. */
  folder: string
  config: ProjectConfig
  pool: WorkerPool
  /**
   * Where the history's actions run. Default: `pool`, attaching the database for each action. A pool whose
   * single worker is the only one in this process that opens project histories may keep them attached
   * between actions (`keepAttached`), which saves a checkpoint per action.
   */
  history?: Readonly<{ pool: WorkerPool; keepAttached: boolean }>
  drops: DropWatching
  appVersion: string
  isDemo?: boolean
  /**
   * Told of every event, with the summary after it; for the events that settle a batch (batch:done,
   * batch:failed) also the batch as it now is, for notifications and webhooks.
   */
  onEvent?: (summary: ProjectSummary, event: ProjectEvent, batch?: BatchRecord) => void
  log?: (level: 'info' | 'warn' | 'error', text: string) => void
  /** Attempts of a batch whose failures may pass (a lock, a crash); default 4. */
  maxAttempts?: number
  /** The first retry's delay; doubled each time; default 2000 ms. */
  retryBaseMs?: number
}>

export type RunOutcome = Readonly<{
  processed: readonly BatchRecord[]
  ignored: readonly IgnoredFile[]
}>

export type ProjectService = Readonly<{
  folder: string
  config: ProjectConfig
  mode: () => ProjectMode
  /** Takes the lock (or opens read-only), prepares the history, catches up and starts watching. */
  start: () => Promise<Result<ProjectSummary>>
  /** `driftwatch run`: takes the lock, processes what is pending and what lies in the drop folders, stops. */
  runOnce: () => Promise<Result<RunOutcome>>
  pause: () => Promise<ProjectSummary>
  resume: () => Promise<ProjectSummary>
  summary: () => Promise<ProjectSummary>
  history: () => Promise<Result<ProjectHistory>>
  report: (runId: string) => Promise<Result<Report>>
  /**
   * Processes a batch again (after its expectations changed, say): its result is replaced by the new one.
   * The file must still be where the batch was found (or where it was archived to).
   */
  rerun: (batchId: string) => Promise<Result<BatchRecord>>
  /** Resolves when nothing is queued, being hashed or running (tests, `run`). */
  idle: () => Promise<void>
  close: () => Promise<void>
}>

/** The folder inside a drop folder that processed drops are moved to, unless the config names another. */
export const DEFAULT_ARCHIVE_FOLDER = 'processed'
export const DEFAULT_STABLE_MS = 500
/** The largest drop compared early, while its quiet period runs (see compareEarly). */
export const EARLY_MAX_BYTES = 64 * 1024 * 1024

/** Error codes that no retry can fix: the file itself is the problem. */
const PERMANENT: ReadonlySet<string> = new Set([
  'FILE_NOT_FOUND',
  'NOT_A_FILE',
  'FILE_EMPTY',
  'FORMAT_UNKNOWN',
  'CSV_PARSE_FAILED',
  'PARQUET_READ_FAILED',
  'JSON_PARSE_FAILED',
  'NO_ROWS',
  'NO_COMMON_COLUMNS',
  'INVALID_OPTIONS',
  'PATH_NOT_GRANTED'
])

export function createProjectService(options: ProjectServiceOptions): ProjectService {
  const { folder, config, pool } = options
  const log = options.log ?? ((level, text) => console.error(`[${level}] ${text}`))
  const database = join(folder, HISTORY_FOLDER, HISTORY_FILE)
  const maxAttempts = options.maxAttempts ?? 4
  const retryBaseMs = options.retryBaseMs ?? 2000
  const configSha = createHash('sha256').update(JSON.stringify(config)).digest('hex')
  let mode: ProjectMode = 'paused'
  let heldBy: string | undefined
  let release: (() => Promise<void>) | null = null
  let watcher: Readonly<{ ready: Promise<void>; close: () => Promise<void> }> | null = null
  let isClosed = false
  /** Files waiting to be hashed and enqueued, in the order they were reported. */
  const arrivals: DropFile[] = []
  let isIngesting = false
  let isPumping = false
  let running: { cancel: () => void } | null = null
  /** The comparison of a drop started while its quiet period runs (see compareEarly), and its job. */
  let early: Readonly<{ path: string; outcome: Promise<Result<Report> | null> }> | null = null
  let earlyRun: { cancel: () => void } | null = null
  /** Whether an early comparison is under way (from its start, before its job is submitted). */
  let isComparingEarly = false
  /** Paths compared early since they were last reported ready: one early comparison per arrival. */
  const comparedEarly = new Set<string>()
  let retryTimer: NodeJS.Timeout | null = null
  const idleWaiters: (() => void)[] = []
  /** The suite inferred from the reference, while the project has no suite file (see withInferredSuite). */
  let inferred: Readonly<{ key: string; suite: Suite }> | null = null
  /** Re-run batches whose file was archived: where to read them now (relative to the root). */
  const requeuedPaths = new Map<string, string>()
  /** Batches this service finished (done or failed for good), for `runOnce`'s answer. */
  const touched = new Set<string>()
  /** Paths told to onIgnored already, so a file is reported once per reason. */
  const ignoredSeen = new Set<string>()
  /** Serialises history actions: one attach of the database at a time in this process. */
  let historyChain: Promise<unknown> = Promise.resolve()

  const dropFolders = config.drops.map((d) => ({
    path: resolve(folder, d.path),
    ...(d.patterns === undefined ? {} : { patterns: d.patterns })
  }))
  const archiveFolder = config.archive?.folder ?? DEFAULT_ARCHIVE_FOLDER
  const watchOptions = {
    folders: dropFolders,
    stableMs: config.watch?.stableMs ?? DEFAULT_STABLE_MS,
    skipFolders: [archiveFolder]
  }

  const historyPool = options.history?.pool ?? pool
  const keepAttached = options.history?.keepAttached === true

  function history<T>(action: HistoryAction): Promise<Result<T>> {
    const next = historyChain.then(
      () =>
        historyPool.submit({
          op: 'history',
          args: { database, isReadOnly: mode === 'read-only', keepAttached, action }
        }).result as Promise<Result<T>>
    )
    historyChain = next.catch(() => undefined)
    return next
  }

  async function summary(): Promise<ProjectSummary> {
    const read = await history<HistorySummary>({ kind: 'summary', latest: 5 })
    const counts = read.ok ? read.value.counts : { queued: 0, running: 0, done: 0, failed: 0 }
    return {
      folder,
      name: config.name ?? basename(folder),
      config,
      mode,
      ...(heldBy === undefined ? {} : { heldBy }),
      isDemo: options.isDemo === true,
      counts,
      latest: read.ok ? read.value.latest : []
    }
  }

  async function record(
    kind: ProjectEventKind,
    message: string,
    extra: Readonly<{ batchId?: string; path?: string }> = {},
    batch?: BatchRecord
  ): Promise<void> {
    const event: ProjectEvent = { at: new Date().toISOString(), kind, message, ...extra }
    if (mode !== 'read-only') {
      const stored = await history({ kind: 'event', event })
      if (!stored.ok) log('warn', `${folder}: could not record an event: ${stored.error.message}`)
    }
    await tell(event, batch)
  }

  async function tell(event: ProjectEvent, batch?: BatchRecord): Promise<void> {
    if (options.onEvent === undefined) return
    try {
      options.onEvent(await summary(), event, batch)
    } catch (e) {
      log('error', `${folder}: an event listener failed: ${String(e)}`)
    }
  }

  function relativePath(path: string): string {
    return relative(folder, path).split('\\').join('/')
  }

  // --- ingest: hash each reported file and make it a batch (or recognise its content) -------------

  function arrive(file: DropFile): void {
    if (isClosed) return
    comparedEarly.delete(file.path)
    arrivals.push(file)
    void ingest()
  }

  async function ingest(): Promise<void> {
    if (isIngesting) return
    isIngesting = true
    try {
      while (arrivals.length > 0 && !isClosed) {
        const file = arrivals.shift() as DropFile
        await ingestOne(file)
      }
    } finally {
      isIngesting = false
    }
    void pump()
  }

  async function ingestOne(file: DropFile): Promise<void> {
    const hashed = await pool.submit({ op: 'hash', args: { path: file.path } }).result
    const path = relativePath(file.path)
    if (!hashed.ok) {
      // It went away or cannot be read: say so once; a file that comes back is reported again.
      await ignore({ path: file.path, reason: readFailure(hashed.error) })
      return
    }
    const enqueued = await history<{ batch: BatchRecord; isNew: boolean }>({
      kind: 'enqueue',
      arrivedAt: new Date().toISOString(),
      file: {
        path,
        name: basename(file.path),
        sha256: hashed.value.sha256,
        sizeBytes: file.sizeBytes,
        modifiedAt: new Date(file.modifiedMs).toISOString()
      }
    })
    if (!enqueued.ok) {
      log('error', `${folder}: could not enqueue ${path}: ${enqueued.error.message}`)
      return
    }
    const { batch, isNew } = enqueued.value
    if (isNew) {
      await tell({
        at: batch.arrivedAt,
        kind: 'batch:queued',
        batchId: batch.id,
        path,
        message: `${batch.name} arrived and is queued.`
      })
      return
    }
    if (batch.status === 'done') await archive(batch, file.path)
    if (batch.path !== path) {
      await record(
        'batch:duplicate',
        `${basename(file.path)} has the same content as ${batch.name} (already ${batch.status === 'done' ? 'processed' : batch.status}), so it is not processed again.`,
        { batchId: batch.id, path }
      )
    }
  }

  async function ignore(file: IgnoredFile): Promise<void> {
    const key = `${file.path}\n${file.reason}`
    if (ignoredSeen.has(key)) return
    ignoredSeen.add(key)
    await record('file:ignored', `${relativePath(file.path)}: ${file.reason}`, {
      path: relativePath(file.path)
    })
  }

  // --- early: a drop compared while its quiet period runs ------------------------------------------

  /**
   * A drop that just arrived must stay unchanged for `watch.stableMs` before it counts, and a small
   * batch's comparison takes about as long again. When nothing else is being processed, the comparison
   * starts at once on a copy of the pipeline's request, beside the wait; its report is used only if the
   * file is unchanged (size and modification time) from before it was read to after, and its content
   * hash is the batch's. Otherwise (the file was still being written, or another batch came first) it is
   * dropped and the batch compared as usual. Nothing of it reaches the history before the batch is
   * claimed, so a batch is still completed once, by the pipeline. At most one runs, once per arrival,
   * for files up to EARLY_MAX_BYTES.
   */
  function compareEarly(file: DropFile): void {
    // Not beside a batch being compared or files waiting to be: those come first.
    if (isClosed || mode !== 'watching' || running !== null || isComparingEarly) return
    if (isIngesting || arrivals.length > 0) return
    if (file.sizeBytes > EARLY_MAX_BYTES || comparedEarly.has(file.path)) return
    comparedEarly.add(file.path)
    isComparingEarly = true
    const signature = `${file.sizeBytes}:${file.modifiedMs}`
    const outcome = (async (): Promise<Result<Report> | null> => {
      try {
        const result = await compareBatch(file.path, (handle) => {
          earlyRun = handle
        })
        if (result === 'cancelled' || !result.ok) return null
        const after = await stat(file.path).catch(() => null)
        return after !== null && `${after.size}:${after.mtimeMs}` === signature ? result : null
      } finally {
        isComparingEarly = false
      }
    })().catch(() => null)
    early = { path: file.path, outcome }
  }

  /** The early comparison of the batch at `path`, when there was one and it holds for `batch`. */
  async function earlyReport(path: string, batch: BatchRecord): Promise<Result<Report> | null> {
    if (early === null || early.path !== path) return null
    const { outcome } = early
    early = null
    const result = await outcome
    if (result === null || !result.ok) return null
    return result.value.inputs.current.sha256 === batch.sha256 ? result : null
  }

  // --- the pipeline: one batch at a time, oldest first ----------------------------------------------

  async function pump(): Promise<void> {
    if (isPumping || isClosed || mode !== 'watching' || isIngesting || arrivals.length > 0) {
      settleIdle()
      return
    }
    isPumping = true
    try {
      for (;;) {
        if (isClosed || mode !== 'watching' || arrivals.length > 0) break
        const pending = await history<BatchRecord[]>({ kind: 'pending' })
        if (!pending.ok) {
          log('error', `${folder}: could not read the queue: ${pending.error.message}`)
          break
        }
        const now = Date.now()
        const due = pending.value
          .filter((b) => b.retryAt === undefined || Date.parse(b.retryAt) <= now)
          .sort((a, b) => a.modifiedAt.localeCompare(b.modifiedAt) || a.name.localeCompare(b.name))
        const next = due[0]
        if (next === undefined) {
          scheduleRetry(pending.value)
          break
        }
        await processBatch(next)
      }
    } finally {
      isPumping = false
    }
    if (arrivals.length > 0) void ingest()
    settleIdle()
  }

  function scheduleRetry(pending: readonly BatchRecord[]): void {
    const times = pending.flatMap((b) => (b.retryAt === undefined ? [] : [Date.parse(b.retryAt)]))
    if (times.length === 0 || retryTimer !== null) return
    const delay = Math.max(0, Math.min(...times) - Date.now())
    retryTimer = setTimeout(() => {
      retryTimer = null
      void pump()
    }, delay)
    retryTimer.unref?.()
  }

  async function processBatch(queued: BatchRecord): Promise<void> {
    const claimed = await history<BatchRecord>({ kind: 'claim', batchId: queued.id })
    if (!claimed.ok) {
      log('error', `${folder}: could not start ${queued.name}: ${claimed.error.message}`)
      return
    }
    const batch = claimed.value
    const archivedTo = requeuedPaths.get(batch.id)
    requeuedPaths.delete(batch.id)
    const absolute = resolve(folder, archivedTo ?? batch.path)
    await tell({
      at: new Date().toISOString(),
      kind: 'batch:started',
      batchId: batch.id,
      path: batch.path,
      message: `Processing ${batch.name}.`
    })
    const fromEarly = archivedTo === undefined ? await earlyReport(absolute, batch) : null
    if (isClosed) return
    const outcome =
      fromEarly ??
      (await compareBatch(absolute, (handle) => {
        running = handle
      }))
    if (outcome === 'cancelled') return
    if (!outcome.ok) {
      await failBatch(batch, outcome.error)
      return
    }
    const completed = await history<BatchRecord>({
      kind: 'complete',
      batchId: batch.id,
      report: outcome.value,
      configSha
    })
    if (!completed.ok) {
      await failBatch(batch, completed.error)
      return
    }
    let done = completed.value
    if (archivedTo !== undefined) {
      // Run again from the archive: it stays there, and the new result says so.
      await history({ kind: 'archived', batchId: done.id, archivedTo })
      if (done.result !== undefined) done = { ...done, result: { ...done.result, archivedTo } }
    } else {
      done = (await archive(completed.value, absolute)) ?? completed.value
    }
    await tell(
      {
        at: new Date().toISOString(),
        kind: 'batch:done',
        batchId: done.id,
        path: done.path,
        message: batchSentence(done)
      },
      done
    )
    touched.add(done.id)
  }

  /** Compares `current` with the reference; `track` is given the job while it runs, then null. */
  async function compareBatch(
    current: string,
    track: (job: { cancel: () => void } | null) => void
  ): Promise<Result<Report> | 'cancelled'> {
    const exists = await stat(current).then(
      (s) => s,
      () => null
    )
    if (exists === null) {
      return err(
        'FILE_NOT_FOUND',
        `${basename(current)} was deleted or moved before it could be read. Drop it again to process it.`
      )
    }
    const validation = await resolveValidation(
      validationRequest(),
      resolve(folder, config.reference),
      (path) => ok(resolve(String(path)))
    )
    if (!validation.ok) return validation
    const step = await withInferredSuite(validation.value)
    if (!step.ok) return step
    const handle = pool.submit({
      op: 'compare',
      args: {
        reportId: randomUUID(),
        reference: resolve(folder, config.reference),
        current,
        options: driftOptionsOf(config),
        appVersion: options.appVersion,
        validation: step.value,
        keepReference: true
      }
    })
    track(handle)
    try {
      const result = await handle.result
      if (!result.ok && result.error.code === 'CANCELLED' && isClosed) return 'cancelled'
      return result
    } finally {
      track(null)
    }
  }

  /**
   * A project without its suite file validates every batch against the suite inferred from the
   * reference: it is inferred once and kept while the reference file stays the same (size and
   * modification time), instead of reading the reference again for every batch.
   */
  async function withInferredSuite(step: CompareValidation): Promise<Result<CompareValidation>> {
    if (!step.isEnabled || step.suite !== undefined) return ok(step)
    const reference = resolve(folder, config.reference)
    const facts = await stat(reference).catch(() => null)
    if (facts === null) return ok(step)
    const key = `${facts.size}:${facts.mtimeMs}`
    if (inferred?.key !== key) {
      const optionalColumns = driftOptionsOf(config).ignore ?? []
      const made = await pool.submit({
        op: 'infer',
        args: {
          reference,
          inferOptions: { name: basename(reference).replace(/\.[^.]*$/, ''), optionalColumns }
        }
      }).result
      if (!made.ok) return made
      inferred = { key, suite: made.value.suite }
    }
    return ok({ ...step, suite: inferred.suite })
  }

  function validationRequest(): CompareValidationRequest {
    if (config.validation?.enabled === false) return { enabled: false }
    return { suitePath: resolve(folder, config.validation?.suite ?? DEFAULT_SUITE_FILE) }
  }

  async function failBatch(batch: BatchRecord, error: AppError): Promise<void> {
    const isPermanent = PERMANENT.has(error.code) || batch.attempts >= maxAttempts
    const retryAt = isPermanent
      ? undefined
      : new Date(Date.now() + retryBaseMs * 2 ** Math.max(0, batch.attempts - 1)).toISOString()
    const reason =
      isPermanent && !PERMANENT.has(error.code)
        ? `${error.message} (gave up after ${batch.attempts} attempts)`
        : error.message
    const failed = await history<BatchRecord>({
      kind: 'fail',
      batchId: batch.id,
      reason,
      ...(retryAt === undefined ? {} : { retryAt })
    })
    if (!failed.ok) {
      log(
        'error',
        `${folder}: could not record the failure of ${batch.name}: ${failed.error.message}`
      )
      return
    }
    if (retryAt === undefined) {
      await record(
        'batch:failed',
        `${batch.name} could not be processed: ${reason}`,
        { batchId: batch.id, path: batch.path },
        failed.value
      )
      touched.add(batch.id)
    } else {
      await record(
        'batch:retrying',
        `${batch.name} failed (${error.message}); trying again at ${retryAt}.`,
        { batchId: batch.id, path: batch.path }
      )
    }
  }

  /**
   * Moves a processed drop into its drop folder's archive folder (opt-in), only once its result is in the
   * history; a name already taken there gets the content hash's first 8 digits. Never deletes: a move
   * across devices copies, checks the size, then unlinks the original.
   */
  async function archive(batch: BatchRecord, absolute: string): Promise<BatchRecord | null> {
    if (config.archive?.enabled !== true || mode === 'read-only') return null
    const drop = dropFolders.find((d) => !relative(d.path, absolute).startsWith('..'))
    const source = await stat(absolute).catch(() => null)
    if (drop === undefined || source === null) return null
    const target = join(drop.path, archiveFolder)
    await mkdir(target, { recursive: true })
    let destination = join(target, basename(absolute))
    if (
      await stat(destination).then(
        () => true,
        () => false
      )
    ) {
      const dot = basename(absolute).indexOf('.')
      const name = basename(absolute)
      destination = join(
        target,
        dot > 0
          ? `${name.slice(0, dot)}-${batch.sha256.slice(0, 8)}${name.slice(dot)}`
          : `${name}-${batch.sha256.slice(0, 8)}`
      )
    }
    try {
      await moveFile(absolute, destination)
    } catch (e) {
      await record(
        'batch:archived',
        `${batch.name} could not be moved to ${relativePath(target)} (${(e as NodeJS.ErrnoException).code ?? String(e)}); it stays where it is.`,
        { batchId: batch.id, path: batch.path }
      )
      return null
    }
    const archivedTo = relativePath(destination)
    await history({ kind: 'archived', batchId: batch.id, archivedTo })
    await record('batch:archived', `${batch.name} moved to ${archivedTo}.`, {
      batchId: batch.id,
      path: batch.path
    })
    return batch.result === undefined
      ? batch
      : { ...batch, result: { ...batch.result, archivedTo } }
  }

  // --- lifecycle -----------------------------------------------------------------------------------

  async function takeLock(): Promise<Result<true>> {
    const lock = await acquireProjectLock(folder)
    if (lock.kind === 'held') {
      mode = 'read-only'
      heldBy = describeHolder(lock.holder)
      return err('FORBIDDEN', `This project is already watched by ${heldBy}.`)
    }
    release = lock.release
    const opened = await history<number>({ kind: 'open' })
    if (!opened.ok) {
      await lock.release()
      release = null
      return opened
    }
    return ok(true)
  }

  function startWatching(): void {
    watcher = options.drops.watch({
      ...watchOptions,
      onReady: arrive,
      onArriving: compareEarly,
      onIgnored: (file) => void ignore(file),
      onError: (error) => log('warn', `${folder}: ${error.message}`)
    })
  }

  function settleIdle(): void {
    if (isBusy()) return
    for (const resolveIdle of idleWaiters.splice(0)) resolveIdle()
  }

  function isBusy(): boolean {
    return isIngesting || isPumping || arrivals.length > 0 || running !== null
  }

  return {
    folder,
    config,
    mode: () => mode,

    start: async () => {
      const locked = await takeLock()
      if (!locked.ok) {
        if (mode === 'read-only') return ok(await summary())
        return locked
      }
      mode = 'watching'
      startWatching()
      await record(
        'watch:started',
        `Watching ${dropFolders.map((d) => relativePath(d.path) || '.').join(', ')}.`
      )
      void pump()
      return ok(await summary())
    },

    runOnce: async () => {
      const locked = await takeLock()
      if (!locked.ok) return locked
      mode = 'watching'
      try {
        const scanned = await options.drops.scan(watchOptions)
        for (const file of scanned.ignored) await ignore(file)
        for (const file of scanned.ready) arrivals.push(file)
        await ingest()
        await waitIdle()
        const after = await history<{ batches: BatchRecord[] }>({ kind: 'history', events: 0 })
        if (!after.ok) return after
        const processed = after.value.batches.filter((b) => touched.has(b.id))
        return ok({ processed, ignored: scanned.ignored })
      } finally {
        mode = 'paused'
        await release?.()
        release = null
      }
    },

    pause: async () => {
      if (mode === 'watching') {
        mode = 'paused'
        await watcher?.close()
        watcher = null
        await record('watch:paused', 'Watching paused; new drops wait until it resumes.')
      }
      return summary()
    },

    resume: async () => {
      if (mode === 'paused' && release !== null) {
        mode = 'watching'
        startWatching()
        await record(
          'watch:resumed',
          'Watching resumed; drops that arrived meanwhile are caught up.'
        )
        void pump()
      }
      return summary()
    },

    summary,

    history: async () => {
      const read = await history<{
        batches: BatchRecord[]
        columns: ProjectHistory['columns']
        events: ProjectHistory['events']
      }>({ kind: 'history', events: 200 })
      return read.ok ? ok({ folder, ...read.value }) : read
    },

    report: (runId) => history<Report>({ kind: 'report', runId }),

    rerun: async (batchId) => {
      if (mode === 'read-only') {
        return err(
          'FORBIDDEN',
          `This project is watched by ${heldBy ?? 'another Driftwatch'}; re-run the batch there.`
        )
      }
      const current = await history<BatchRecord>({ kind: 'batch', batchId })
      if (!current.ok) return current
      if (current.value.status === 'queued' || current.value.status === 'running') {
        return err('INVALID_OPTIONS', `${current.value.name} is waiting to be processed already.`)
      }
      const queued = await history<BatchRecord>({
        kind: 'requeue',
        batchId,
        at: new Date().toISOString()
      })
      if (!queued.ok) return queued
      const archived = current.value.result?.archivedTo
      if (archived !== undefined) {
        // Processed from where it now lies.
        requeuedPaths.set(batchId, archived)
      }
      await tell({
        at: new Date().toISOString(),
        kind: 'batch:queued',
        batchId,
        path: queued.value.path,
        message: `${queued.value.name} is queued to be processed again.`
      })
      void pump()
      return queued
    },

    idle: waitIdle,

    close: async () => {
      if (isClosed) return
      isClosed = true
      if (retryTimer !== null) clearTimeout(retryTimer)
      running?.cancel()
      earlyRun?.cancel()
      await watcher?.close()
      watcher = null
      await historyChain
      if (release !== null && mode !== 'read-only') {
        const event: ProjectEvent = {
          at: new Date().toISOString(),
          kind: 'watch:stopped',
          message: 'Watching stopped.'
        }
        await history({ kind: 'event', event })
      }
      await release?.()
      release = null
      for (const resolveIdle of idleWaiters.splice(0)) resolveIdle()
    }
  }

  function waitIdle(): Promise<void> {
    if (!isBusy()) return Promise.resolve()
    return new Promise((resolveIdle) => idleWaiters.push(resolveIdle))
  }
}

/** The compare options a project's config asks for. */
export function driftOptionsOf(config: ProjectConfig): DriftOptions {
  const ignore = [...new Set([...(config.ignore ?? []), ...(config.idColumns ?? [])])]
  return {
    ...config.drift,
    ...(ignore.length === 0 ? {} : { ignore }),
    ...(config.target === undefined ? {} : { target: config.target }),
    ...(config.prediction === undefined ? {} : { prediction: config.prediction }),
    ...(config.task === undefined ? {} : { task: config.task }),
    ...(config.timeColumn === undefined ? {} : { timeColumn: config.timeColumn })
  }
}

function readFailure(error: AppError): string {
  const detail = error.detail ?? error.message
  if (/ENOENT/.test(detail)) return 'it disappeared before it could be read.'
  if (/EACCES|EPERM/.test(detail))
    return 'it cannot be read (permission denied). Check its permissions.'
  if (/EISDIR/.test(detail)) return 'it is a folder, not a data file.'
  return `it could not be read (${error.message}).`
}

/** Renames, or, across devices, copies, checks the size and unlinks the original. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e
    await copyFile(from, to)
    const [a, b] = await Promise.all([stat(from), stat(to)])
    if (a.size !== b.size) throw new Error(`the copy of ${from} is incomplete`)
    await unlink(from)
  }
}
