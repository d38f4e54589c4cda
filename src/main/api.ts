/**
 * The backend: implements the handler map of src/shared/api.ts once, for every host. Heavy work goes to the
 * worker pool; this module only checks requests, keeps track of jobs and reports, and emits events.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  ApiEventName,
  ApiEvents,
  ApiName,
  ApiRequest,
  ApiResponse,
  CompareRequest,
  Handlers,
  Subscribe
} from '../shared/api'
import { isApiName } from '../shared/api'
import { isDriftTestId } from '../shared/drift'
import { err, ok, type Result, toAppError } from '../shared/errors'
import type { DatasetRef, DriftOptions, Report } from '../shared/model'
import type { Backend, BackendOptions } from './backend'
import { createWorkerPool, type JobHandle } from './workers/pool'

/** How many finished reports are kept in memory for `report:get`. */
const KEPT_REPORTS = 100

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

export function createBackend(options: BackendOptions): Backend {
  const log = options.log ?? ((level, text) => console.error(`[${level}] ${text}`))
  const tempDir = options.tempDir ?? mkdtempSync(join(tmpdir(), 'driftwatch-'))
  const ownsTempDir = options.tempDir === undefined
  const demoDir = options.demoDir ?? defaultDemoDir()
  const version = appVersion()
  const pool = createWorkerPool({
    size: options.workers ?? 2,
    tempDirectory: join(tempDir, 'spill'),
    log,
    memoryLimitMb: options.memoryLimitMb,
    threads: options.threads
  })
  const granted = new Set<string>()
  const jobs = new Map<string, JobHandle<Report>>()
  const reports = new Map<string, Report>()
  const listeners = new Map<ApiEventName, Set<(payload: never) => void>>()

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
      const drops = ['week1.csv', 'week2.csv', 'week3.csv'].map((f) =>
        grant(join(demoDir, 'drops', f))
      )
      const reference = grant(join(demoDir, 'reference', 'weather-reference-sample.csv'))
      return ok({ reference, current: drops[0] as DatasetRef, drops, ignore: ['count'] })
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
      if (options.host !== 'electron') {
        return err('UNSUPPORTED', 'Dropped files reach this host as uploads, not as paths.')
      }
      if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p.length > 0)) {
        return err('INVALID_OPTIONS', 'files:dropped takes a list of file paths.')
      }
      return ok(paths.map((p) => grant(p)))
    },

    'compare:run': async (request) => {
      const checked = checkCompareRequest(request, granted)
      if (!checked.ok) return checked
      const jobId = randomUUID()
      const handle = pool.submit(
        {
          op: 'compare',
          args: {
            reportId: jobId,
            reference: checked.value.reference.path,
            current: checked.value.current.path,
            options: checked.value.options ?? {},
            appVersion: version
          }
        },
        (update) => emit('job:progress', { jobId, ...update })
      )
      jobs.set(jobId, handle)
      void handle.result.then((result) => {
        jobs.delete(jobId)
        if (result.ok) {
          keep(result.value)
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

    'job:cancel': async ({ jobId }) => {
      const handle = jobs.get(jobId)
      if (!handle) return ok({ cancelled: false })
      handle.cancel()
      return ok({ cancelled: true })
    },

    'report:get': async ({ reportId }) => {
      const report = reports.get(reportId)
      return report
        ? ok(report)
        : err(
            'NOT_FOUND',
            `No report with id ${reportId}; it may be from an earlier session. Run the comparison again.`
          )
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
    for (const handle of jobs.values()) handle.cancel()
    await pool.close()
    if (ownsTempDir) rmSync(tempDir, { recursive: true, force: true })
  }

  return { host: options.host, call, on, grant, tempDir, dispose }
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
  return ok({
    reference: { path: paths[0] as string },
    current: { path: paths[1] as string },
    ...(options === undefined ? {} : { options })
  })
}

/** A sentence about the first thing wrong with the options, or null. */
export function optionsProblem(options: DriftOptions | undefined): string | null {
  if (options === undefined) return null
  if (typeof options !== 'object' || options === null) return 'Options must be an object.'
  if (
    options.ignore !== undefined &&
    (!Array.isArray(options.ignore) || !options.ignore.every((c) => typeof c === 'string'))
  ) {
    return 'ignore must be a list of column names.'
  }
  if (options.test !== undefined && !isDriftTestId(options.test)) {
    return `Unknown test "${String(options.test)}". Use one of ks, chisquare, z, wasserstein, jensenshannon.`
  }
  for (const [column, choice] of Object.entries(options.perColumn ?? {})) {
    if (choice.test !== undefined && !isDriftTestId(choice.test)) {
      return `Unknown test "${String(choice.test)}" for column "${column}". Use one of ks, chisquare, z, wasserstein, jensenshannon.`
    }
    if (
      choice.threshold !== undefined &&
      !(
        typeof choice.threshold === 'number' &&
        Number.isFinite(choice.threshold) &&
        choice.threshold >= 0
      )
    ) {
      return `The threshold for "${column}" must be a non-negative number.`
    }
  }
  if (
    options.threshold !== undefined &&
    !(Number.isFinite(options.threshold) && options.threshold >= 0)
  ) {
    return 'The threshold must be a non-negative number.'
  }
  if (options.driftShare !== undefined && !(options.driftShare > 0 && options.driftShare <= 1)) {
    return 'The drift share must be a number greater than 0 and at most 1.'
  }
  return null
}
