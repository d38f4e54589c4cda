/**
 * The backend: implements the handler map of src/shared/api.ts once, for every host. Heavy work goes to the
 * worker pool; this module only checks requests, keeps track of jobs and reports, and emits events.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  ApiEventName,
  ApiEvents,
  ApiName,
  ApiRequest,
  ApiResponse,
  CompareRequest,
  Handlers,
  Subscribe,
  SuiteFileRead,
  SuiteInferOptions,
  ValidateRequest
} from '../shared/api'
import { isApiName } from '../shared/api'
import { err, ok, type Result, toAppError } from '../shared/errors'
import type { DatasetRef, Report } from '../shared/model'
import type { Backend, BackendOptions } from './backend'
import { exportSource } from './export/exportFile'
import { createNotifier } from './notify/notifier'
import { testWebhook } from './notify/webhook'
import { optionsProblem } from './optionsProblem'
import { ensureDemoProject } from './project/demoProject'
import { createPreviewRegistry } from './previews'
import { createProjectRegistry } from './projects'
import { createRecentComparisons } from './recentComparisons'
import { resolveValidation, suiteProblem } from './validationRequest'
import {
  readSuiteFile,
  renderSuiteYaml,
  updateSuiteFile,
  writeSuiteFile
} from './project/suiteFile'
import { createWorkerPool, type JobHandle } from './workers/pool'

export { optionsProblem }

/** How many finished reports are kept in memory for `report:get`. */
const KEPT_REPORTS = 100

/**
 * DuckDB's memory limit of the preview worker, MB: pages and filters need little, and staged files live in
 * its database file, not in memory.
 */
const PREVIEW_MEMORY_MB = 1024

export function appVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')
    ) as {
      version?: string
    }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}

export function defaultDemoDir(): string {
  return fileURLToPath(new URL('../../resources/demo', import.meta.url))
}

/**
 * DuckDB threads of a comparison started from a window (the desktop app, `serve`): one fewer than the
 * worker's, at least one. A comparison of large files otherwise keeps every core busy for minutes, and
 * on a machine with few cores the window's renderer then waits for a core, which shows as a frozen
 * window; a core left free keeps it responsive (measured in bench/README.md "Drag-and-drop compare"), at
 * the cost of some of the comparison's speed. The CLI and a project's batches use every thread.
 *
 * @example interactiveThreads(2) // 1
 */
export function interactiveThreads(threads: number): number {
  return Math.max(1, threads - 1)
}

export function createBackend(options: BackendOptions): Backend {
  const log = options.log ?? ((level, text) => console.error(`[${level}] ${text}`))
  const tempDir = options.tempDir ?? mkdtempSync(join(tmpdir(), 'driftwatch-'))
  const ownsTempDir = options.tempDir === undefined
  const demoDir = options.demoDir ?? defaultDemoDir()
  const dataDir = options.dataDir ?? join(tempDir, 'data')
  const version = appVersion()
  const pool = createWorkerPool({
    size: options.workers ?? 2,
    tempDirectory: join(tempDir, 'spill'),
    log,
    memoryLimitMb: options.memoryLimitMb,
    threads: options.threads
  })
  const granted = new Set<string>()
  const grantedFolders = new Set<string>()
  const jobs = new Map<string, JobHandle<Report>>()
  const reports = new Map<string, Report>()
  const listeners = new Map<ApiEventName, Set<(payload: never) => void>>()
  const recent = createRecentComparisons({
    transientDir: tempDir,
    ...(options.appState === undefined ? {} : { appState: options.appState })
  })
  // Webhooks per each project's notifications, unless the host delivers notifications itself.
  const ownNotifier = options.notifier === undefined ? createNotifier({ log }) : null
  // Project histories get a worker of their own: their small actions never wait behind a comparison, and
  // as the only worker opening them it keeps each attached between actions. It starts with the first
  // history action, so a CLI comparison or validation does not share its start-up with it.
  const historyPool = createWorkerPool({
    lazy: true,
    size: 1,
    tempDirectory: join(tempDir, 'spill-history'),
    log,
    memoryLimitMb: 256,
    threads: 1
  })
  const projects = createProjectRegistry({
    pool,
    historyPool,
    appVersion: version,
    dataDir,
    demoDir,
    grantFolder: (path) => grantFolder(path),
    emit: (change) => emit('project:changed', change),
    notifier: ownNotifier ?? options.notifier ?? null,
    ...(options.appState === undefined ? {} : { appState: options.appState }),
    ...(options.pickFolder === undefined ? {} : { pickFolder: options.pickFolder }),
    log
  })

  const previews = createPreviewRegistry({
    createPool: () =>
      createWorkerPool({
        size: 1,
        tempDirectory: join(tempDir, 'spill-preview'),
        log,
        memoryLimitMb: Math.min(PREVIEW_MEMORY_MB, options.memoryLimitMb ?? PREVIEW_MEMORY_MB),
        threads: options.threads
      }),
    folder: join(tempDir, 'preview'),
    isGranted: (path) => isGranted(path),
    log
  })

  function emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of listeners.get(event) ?? []) {
      try {
        ;(listener as (p: ApiEvents[E]) => void)(payload)
      } catch (e) {
        log('error', `listener for ${event} failed: ${String(e)}`)
      }
    }
  }

  const on: Subscribe = (event, listener) => {
    const set = listeners.get(event) ?? new Set()
    set.add(listener as (payload: never) => void)
    listeners.set(event, set)
    return () => set.delete(listener as (payload: never) => void)
  }

  function grant(path: string): DatasetRef {
    const absolute = resolve(path)
    granted.add(absolute)
    return { path: absolute }
  }

  function grantFolder(path: string): string {
    const absolute = resolve(path)
    grantedFolders.add(absolute)
    return absolute
  }

  /** Whether the person opened this file, or a folder holding it. */
  function isGranted(path: string): boolean {
    const absolute = resolve(path)
    if (granted.has(absolute)) return true
    for (const folder of grantedFolders) {
      if (absolute === folder || absolute.startsWith(folder.endsWith(sep) ? folder : folder + sep))
        return true
    }
    return false
  }

  /** The path of a suite file the request names, absolute, or why it cannot be used. */
  function suitePathOf(path: unknown): Result<string> {
    if (typeof path !== 'string' || path.length === 0)
      return err('INVALID_OPTIONS', 'Give the path of the suite file (a .yaml file).')
    if (!isGranted(path))
      return err(
        'PATH_NOT_GRANTED',
        `${path} is not in a folder opened in this window. Open its project, or choose the file first.`
      )
    return ok(resolve(path))
  }

  function keep(report: Report): void {
    reports.set(report.id, report)
    while (reports.size > KEPT_REPORTS) {
      const oldest = reports.keys().next().value
      if (oldest === undefined) break
      reports.delete(oldest)
    }
  }

  const handlers: Handlers = {
    'app:info': async () =>
      ok({
        name: 'Driftwatch',
        version,
        host: options.host,
        canPickFiles: options.pickFile !== undefined
      }),

    'demo:get': async () => {
      const project = await ensureDemoProject(demoDir, dataDir)
      grantFolder(project.folder)
      const drops = project.drops.map((path) => grant(path))
      return ok({
        reference: grant(project.reference),
        current: drops[0] as DatasetRef,
        drops,
        ignore: ['count'],
        suitePath: project.suitePath
      })
    },

    'files:pick': async ({ role }) => {
      if (!options.pickFile) {
        return err(
          'UNSUPPORTED',
          'This window cannot open a file dialog; drop the file on the window or use the file button.'
        )
      }
      const path = await options.pickFile(role)
      return ok(path === null ? null : grant(path))
    },

    'files:dropped': async ({ paths }) => {
      if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p.length > 0)) {
        return err('INVALID_OPTIONS', 'files:dropped takes a list of file paths.')
      }
      if (options.host === 'electron') return ok(paths.map((p) => grant(p)))
      // Elsewhere a path names a file only when the host was started with it (serve --allow-path):
      // nothing new is granted here.
      if (!paths.every((p) => granted.has(resolve(p)))) {
        return err(
          'UNSUPPORTED',
          'Dropped files reach this host as uploads, not as paths. To compare local files by path, start it with "driftwatch serve --allow-path FILE".'
        )
      }
      return ok(paths.map((p) => ({ path: resolve(p) })))
    },

    'compare:run': async (request) => {
      const checked = checkCompareRequest(request, granted)
      if (!checked.ok) return checked
      const validation = await resolveValidation(
        request.validation,
        checked.value.reference.path,
        suitePathOf
      )
      if (!validation.ok) return validation
      const jobId = randomUUID()
      const handle = pool.submit(
        {
          op: 'compare',
          args: {
            reportId: jobId,
            reference: checked.value.reference.path,
            current: checked.value.current.path,
            ...(checked.value.referenceProfile === undefined
              ? {}
              : { referenceProfile: checked.value.referenceProfile }),
            options: checked.value.options ?? {},
            appVersion: version,
            validation: validation.value,
            ...(options.host === 'inprocess' ? {} : { threads: interactiveThreads(pool.threads) })
          }
        },
        {
          onProgress: (update) => emit('job:progress', { jobId, ...update }),
          onPartial: (partial) => emit('job:partial', { jobId, ...partial })
        }
      )
      jobs.set(jobId, handle)
      void handle.result.then((result) => {
        jobs.delete(jobId)
        if (result.ok) {
          keep(result.value)
          recent.record(result.value)
          emit('job:finished', { jobId, outcome: 'done', reportId: result.value.id })
        } else {
          if (result.error.code === 'INTERNAL')
            log('error', `compare ${jobId}: ${result.error.detail ?? result.error.message}`)
          emit('job:finished', {
            jobId,
            outcome: result.error.code === 'CANCELLED' ? 'cancelled' : 'failed',
            error: result.error
          })
        }
      })
      return ok({ jobId })
    },

    'compare:recent': async () => ok(recent.list()),

    'compare:reopen': async (request) => {
      if (typeof request?.reportId !== 'string' || request.reportId.length === 0) {
        return err('INVALID_OPTIONS', 'compare:reopen takes the reportId of a recent comparison.')
      }
      const found = await recent.find(request.reportId)
      if (!found.ok) return found
      return ok({
        reference: grant(found.value.reference.path),
        current: grant(found.value.current.path),
        report: reports.get(request.reportId) ?? null
      })
    },

    'profile:build': async (request) => {
      const reference = request?.reference?.path
      const folder = request?.folder
      if (typeof reference !== 'string' || typeof folder !== 'string' || folder.length === 0) {
        return err('INVALID_OPTIONS', 'Choose a reference file and a folder for its profile.')
      }
      if (!granted.has(resolve(reference)) || !granted.has(resolve(folder))) {
        return err(
          'PATH_NOT_GRANTED',
          `${granted.has(resolve(reference)) ? folder : reference} was not opened in this window. Choose it first.`
        )
      }
      const handle = pool.submit({
        op: 'profile',
        args: { reference: resolve(reference), folder: resolve(folder) }
      })
      const result = await handle.result
      if (!result.ok) return result
      return ok({ folder: resolve(folder), reference: result.value })
    },

    'validate:run': async (request) => {
      const checked = checkValidateRequest(request, granted)
      if (!checked.ok) return checked
      const { file, reference, suite, inferOptions } = checked.value
      const handle = pool.submit({
        op: 'validate',
        args: {
          file: file.path,
          ...(reference === undefined ? {} : { reference: reference.path }),
          ...(suite === undefined ? {} : { suite }),
          ...(inferOptions === undefined ? {} : { inferOptions })
        }
      })
      return handle.result
    },

    'suite:infer': async (request) => {
      const reference = request?.reference?.path
      if (typeof reference !== 'string' || reference.length === 0) {
        return err('INVALID_OPTIONS', 'Choose a reference file to infer the suite from.')
      }
      if (!granted.has(resolve(reference))) {
        return err(
          'PATH_NOT_GRANTED',
          `${reference} was not opened in this window. Choose it first.`
        )
      }
      const problem = inferOptionsProblem(request.inferOptions)
      if (problem) return err('INVALID_OPTIONS', problem)
      const handle = pool.submit({
        op: 'infer',
        args: {
          reference: resolve(reference),
          ...(request.inferOptions === undefined ? {} : { inferOptions: request.inferOptions })
        }
      })
      return handle.result
    },

    'suite:read': async (request) => {
      const path = suitePathOf(request?.path)
      return path.ok ? readBack(path.value) : path
    },

    'suite:write': async (request) => {
      const path = suitePathOf(request?.path)
      if (!path.ok) return path
      const problem = suiteProblem(request.suite)
      if (problem) return err('INVALID_OPTIONS', problem)
      await mkdir(dirname(path.value), { recursive: true }).catch(() => undefined)
      const written = await writeSuiteFile(path.value, request.suite)
      return written.ok ? readBack(path.value) : written
    },

    'suite:edit': async (request) => {
      const path = suitePathOf(request?.path)
      if (!path.ok) return path
      if (!Array.isArray(request.edits) || request.edits.length === 0)
        return err('INVALID_OPTIONS', 'suite:edit takes a non-empty list of edits.')
      for (const edit of request.edits) {
        const edited = await updateSuiteFile(path.value, edit)
        if (!edited.ok) return edited
      }
      return readBack(path.value)
    },

    'suite:render': async (request) => {
      const problem = suiteProblem(request?.suite)
      if (problem) return err('INVALID_OPTIONS', problem)
      return ok({ yaml: renderSuiteYaml(request.suite) })
    },

    'webhook:test': async (request) => {
      if (typeof request?.url !== 'string') {
        return err('INVALID_OPTIONS', 'Give the webhook address to send the test message to.')
      }
      const sent = await testWebhook(request.url)
      return sent.ok ? sent : { ok: false, error: sent.error }
    },

    'job:cancel': async ({ jobId }) => {
      const handle = jobs.get(jobId)
      if (!handle) return ok({ cancelled: false })
      handle.cancel()
      return ok({ cancelled: true })
    },

    ...projects.handlers,

    'report:export': async (request) =>
      exportSource(request, {
        report: (reportId) => {
          const report = reports.get(reportId)
          return report ? ok(report) : reportNotFound(reportId)
        },
        batchReport: (folder, runId) => projects.handlers['project:report']({ folder, runId }),
        project: async (folder) => {
          const history = await projects.handlers['project:history']({ folder })
          if (!history.ok) return history
          const summary = (await projects.summaries()).find(
            (p) => p.folder === history.value.folder
          )
          return ok({ name: summary?.name ?? basename(folder), history: history.value })
        },
        exportedBy: `Driftwatch ${version}`
      }),
    ...previews.handlers,

    'report:get': async ({ reportId }) => {
      const report = reports.get(reportId)
      return report ? ok(report) : reportNotFound(reportId)
    }
  }

  async function call<K extends ApiName>(
    name: K,
    req: ApiRequest<K>
  ): Promise<Result<ApiResponse<K>>> {
    if (!isApiName(name)) return err('NOT_FOUND', `Unknown API channel ${String(name)}.`)
    try {
      const handler = handlers[name] as (r: ApiRequest<K>) => Promise<Result<ApiResponse<K>>>
      return await handler(req ?? ({} as ApiRequest<K>))
    } catch (e) {
      const error = toAppError(e)
      log('error', `${name} failed: ${error.detail ?? error.message}`)
      return { ok: false, error }
    }
  }

  async function dispose(): Promise<void> {
    await projects.closeAll()
    await historyPool.close()
    ownNotifier?.dispose()
    for (const handle of jobs.values()) handle.cancel()
    await previews.close()
    await pool.close()
    if (ownsTempDir) rmSync(tempDir, { recursive: true, force: true })
  }

  return {
    host: options.host,
    call,
    on,
    grant,
    grantFolder,
    tempDir,
    dispose,
    openProject: projects.open,
    restoreProjects: projects.restore,
    projectSummaries: projects.summaries
  }
}

function reportNotFound(reportId: string): Result<never> {
  return err(
    'NOT_FOUND',
    `No report with id ${reportId}; it may be from an earlier session. Run the comparison again.`
  )
}

/** The suite file at `path` as read, with its path, as the suite channels answer. */
async function readBack(path: string): Promise<Result<SuiteFileRead>> {
  const read = await readSuiteFile(path)
  return read.ok ? ok({ path, ...read.value }) : read
}

/**
 * A validation request with granted, absolute paths, or why it cannot run. The suite is checked only for
 * its shape (an object with a list of expectations): each expectation's own problems are reported with its
 * result, and the rest still run.
 */
function checkValidateRequest(
  request: ValidateRequest,
  granted: ReadonlySet<string>
): Result<ValidateRequest> {
  const file = request?.file?.path
  if (typeof file !== 'string' || file.length === 0) {
    return err('INVALID_OPTIONS', 'Choose a file to validate.')
  }
  const paths = [file]
  const reference = request.reference?.path
  if (request.reference !== undefined) {
    if (typeof reference !== 'string' || reference.length === 0) {
      return err('INVALID_OPTIONS', 'The reference must be a file; choose one, or leave it out.')
    }
    paths.push(reference)
  }
  for (const path of paths) {
    if (!granted.has(resolve(path))) {
      return err(
        'PATH_NOT_GRANTED',
        `${path} was not opened in this window. Choose it with the file button or drop it on the window.`
      )
    }
  }
  const suite = request.suite
  if (suite === undefined && reference === undefined) {
    return err(
      'INVALID_OPTIONS',
      'Validation needs a suite of expectations or a reference file to infer one from.'
    )
  }
  if (
    suite !== undefined &&
    (typeof suite !== 'object' || suite === null || !Array.isArray(suite.expectations))
  ) {
    return err(
      'INVALID_OPTIONS',
      'The suite must be an object with a list of expectations, as read from expectations.yaml.'
    )
  }
  const problem = inferOptionsProblem(request.inferOptions)
  if (problem) return err('INVALID_OPTIONS', problem)
  return ok({
    file: { path: resolve(file) },
    ...(reference === undefined ? {} : { reference: { path: resolve(reference) } }),
    ...(suite === undefined ? {} : { suite }),
    ...(request.inferOptions === undefined ? {} : { inferOptions: request.inferOptions })
  })
}

/** The first thing wrong with inference options (they arrive as JSON from any host), or null. */
function inferOptionsProblem(options: SuiteInferOptions | undefined): string | null {
  if (options === undefined) return null
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return 'inferOptions must be an object, e.g. { "optionalColumns": ["count"] }.'
  }
  const extra = Object.keys(options).find((k) => k !== 'name' && k !== 'optionalColumns')
  if (extra !== undefined) {
    return `Unknown inference option "${extra}". Known: name, optionalColumns.`
  }
  if (options.name !== undefined && typeof options.name !== 'string') {
    return 'inferOptions.name must be a text.'
  }
  const optional = options.optionalColumns
  if (
    optional !== undefined &&
    (!Array.isArray(optional) || !optional.every((c) => typeof c === 'string' && c.length > 0))
  ) {
    return 'inferOptions.optionalColumns must be a list of column names, e.g. ["count"].'
  }
  return null
}

function checkCompareRequest(
  request: CompareRequest,
  granted: ReadonlySet<string>
): Result<CompareRequest> {
  const paths: string[] = []
  for (const role of ['reference', 'current'] as const) {
    const ref = request?.[role] as DatasetRef | undefined
    if (!ref || typeof ref.path !== 'string' || ref.path.length === 0) {
      return err(
        'INVALID_OPTIONS',
        `Choose a ${role === 'reference' ? 'reference' : 'current'} file to compare.`
      )
    }
    const absolute = resolve(ref.path)
    if (!granted.has(absolute)) {
      return err(
        'PATH_NOT_GRANTED',
        `${ref.path} was not opened in this window. Choose it with the file button or drop it on the window.`
      )
    }
    paths.push(absolute)
  }
  const options = request.options
  const problem = optionsProblem(options)
  if (problem) return err('INVALID_OPTIONS', problem)
  const profile = request.referenceProfile
  if (profile !== undefined) {
    if (typeof profile !== 'string' || !granted.has(resolve(profile))) {
      return err(
        'PATH_NOT_GRANTED',
        `The reference profile folder ${String(profile)} was not opened in this window. Choose it first.`
      )
    }
  }
  return ok({
    reference: { path: paths[0] as string },
    current: { path: paths[1] as string },
    ...(options === undefined ? {} : { options }),
    ...(profile === undefined ? {} : { referenceProfile: resolve(profile) })
  })
}
