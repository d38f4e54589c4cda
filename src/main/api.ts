/**
 * The backend: implements the handler map of src/shared/api.ts once, for every host. Heavy work goes to the
 * worker pool; this module only checks requests, keeps track of jobs and reports, and emits events.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  ApiEventName,
  ApiEvents,
  ApiName,
  ApiRequest,
  ApiResponse,
  CompareRequest,
  CompareValidationRequest,
  Handlers,
  Subscribe,
  SuiteFileRead,
  SuiteInferOptions,
  ValidateRequest
} from '../shared/api'
import { isApiName } from '../shared/api'
import { DRIFT_TEST_IDS, DRIFT_TESTS, isDriftTestId } from '../shared/drift'
import { err, ok, type Result, toAppError } from '../shared/errors'
import type { DatasetRef, DriftOptions, Report } from '../shared/model'
import { expectationProblems } from '../shared/validation/expectationProblems'
import type { Backend, BackendOptions } from './backend'
import type { CompareValidation } from './engine/compare'
import { testWebhook } from './notify/webhook'
import { ensureDemoProject } from './project/demoProject'
import {
  readSuiteFile,
  renderSuiteYaml,
  updateSuiteFile,
  writeSuiteFile
} from './project/suiteFile'
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
            validation: validation.value
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

  return { host: options.host, call, on, grant, grantFolder, tempDir, dispose }
}

/** The suite file at `path` as read, with its path, as the suite channels answer. */
async function readBack(path: string): Promise<Result<SuiteFileRead>> {
  const read = await readSuiteFile(path)
  return read.ok ? ok({ path, ...read.value }) : read
}

/**
 * The first thing wrong with a suite sent whole (it arrives as JSON from any host), or null: its shape and
 * every expectation's fields, so a suite the file reader would refuse is never written or checked.
 */
function suiteProblem(suite: unknown): string | null {
  if (typeof suite !== 'object' || suite === null || Array.isArray(suite))
    return 'The suite must be an object with a list of expectations.'
  const expectations = (suite as { expectations?: unknown }).expectations
  if (!Array.isArray(expectations)) return 'The suite has no list of expectations.'
  const seen = new Set<string>()
  for (const e of expectations) {
    const problems = expectationProblems(e, { isComplete: true })
    const id = (e as { id?: unknown } | null)?.id
    if (problems.length > 0)
      return `Expectation ${typeof id === 'string' ? `"${id}"` : 'without an id'}: ${problems.join('; ')}.`
    if (seen.has(id as string))
      return `Two expectations have the id "${String(id)}"; ids must be unique.`
    seen.add(id as string)
  }
  return null
}

/**
 * Turns a comparison's validation request into the worker's step: the suite as given, or read from its
 * file when that exists, or inferred from the reference. A suite file that cannot be read (a YAML syntax
 * error, say) does not stop the comparison: validation is off for the run, and the report's gate gives the
 * file's message, with its line, as the reason.
 */
async function resolveValidation(
  request: CompareValidationRequest | undefined,
  reference: string,
  suitePathOf: (path: unknown) => Result<string>
): Promise<Result<CompareValidation>> {
  if (request === undefined)
    return ok({ isEnabled: true, source: { kind: 'inferred', from: reference } })
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    return err(
      'INVALID_OPTIONS',
      'validation must be an object, e.g. { "suitePath": "driftwatch/expectations.yaml" }.'
    )
  const extra = Object.keys(request).find(
    (k) => !['enabled', 'suite', 'suitePath', 'optionalColumns'].includes(k)
  )
  if (extra !== undefined)
    return err(
      'INVALID_OPTIONS',
      `Unknown validation option "${extra}". Known: enabled, suite, suitePath, optionalColumns.`
    )
  if (request.enabled !== undefined && typeof request.enabled !== 'boolean')
    return err('INVALID_OPTIONS', 'validation.enabled must be true or false.')
  if (request.enabled === false) return ok({ isEnabled: false, why: 'validation was turned off' })
  const optional = request.optionalColumns
  if (
    optional !== undefined &&
    (!Array.isArray(optional) || !optional.every((c) => typeof c === 'string' && c.length > 0))
  )
    return err(
      'INVALID_OPTIONS',
      'validation.optionalColumns must be a list of column names, e.g. ["count"].'
    )
  const optionalColumns = optional === undefined ? {} : { optionalColumns: optional }
  if (request.suite !== undefined) {
    const problem = suiteProblem(request.suite)
    if (problem) return err('INVALID_OPTIONS', problem)
    return ok({
      isEnabled: true,
      suite: request.suite,
      source: { kind: 'given' },
      ...optionalColumns
    })
  }
  if (request.suitePath === undefined)
    return ok({
      isEnabled: true,
      source: { kind: 'inferred', from: reference },
      ...optionalColumns
    })
  const path = suitePathOf(request.suitePath)
  if (!path.ok) return path
  if (!existsSync(path.value)) {
    return ok({
      isEnabled: true,
      source: { kind: 'inferred', from: reference, savePath: path.value },
      ...optionalColumns
    })
  }
  const read = await readSuiteFile(path.value)
  if (!read.ok) return ok({ isEnabled: false, why: read.error.message })
  return ok({
    isEnabled: true,
    suite: read.value.suite,
    source: { kind: 'file', path: path.value, problems: read.value.problems },
    ...optionalColumns
  })
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

/**
 * A sentence about the first thing wrong with the options, or null. Every field of DriftOptions is checked
 * (requests arrive as JSON from any host, so nothing is trusted to match the type), and each message names
 * the field and says what to give instead. Contradictions are refused too: target and prediction in one
 * column, an ignored target, a numbers-only test for categorical columns, a p-value threshold above 1.
 *
 * @example optionsProblem({ rule: 'bh', alpha: 0.05 }) // null
 */
export function optionsProblem(options: DriftOptions | undefined): string | null {
  if (options === undefined) return null
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  const shown = (v: unknown): string =>
    typeof v === 'number' || typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? typeof v)
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
  const unknownKey = (
    value: Record<string, unknown>,
    known: readonly string[],
    field: string
  ): string | null => {
    const extra = Object.keys(value).find((k) => value[k] !== undefined && !known.includes(k))
    if (extra === undefined) return null
    return `Unknown option "${field}${extra}". Known ${field === '' ? 'options' : `fields of ${field.slice(0, -1)}`}: ${known.join(', ')}.`
  }
  const testProblem = (value: unknown, field: string): string | null => {
    if (isDriftTestId(value)) return null
    const folded = typeof value === 'string' ? value.toLowerCase().replace(/[-\s]+/g, '_') : null
    const near = DRIFT_TEST_IDS.find((id) => id.toLowerCase() === folded)
    return `Unknown test ${shown(value)} in ${field}. ${near ? `Did you mean "${near}"? ` : ''}Use one of: ${DRIFT_TEST_IDS.join(', ')}.`
  }
  const thresholdProblem = (value: unknown, field: string): string | null =>
    isNumber(value) && value >= 0
      ? null
      : `${field} must be a finite number, 0 or more (a p-value level such as 0.05, or a distance such as 0.1); got ${shown(value)}.`
  const pValueThresholdProblem = (
    test: unknown,
    threshold: unknown,
    field: string
  ): string | null => {
    if (!isDriftTestId(test) || !isNumber(threshold)) return null
    const info = DRIFT_TESTS[test]
    if (info.scoreKind !== 'p_value' || threshold <= 1) return null
    return `${field === '' ? 'threshold' : `${field}.threshold`} is ${threshold}, but ${test} gives a p-value, which lies between 0 and 1. Use a level such as ${info.defaultThreshold}.`
  }
  /** A test choice: known test, valid threshold, and no p-value threshold above 1. */
  const choiceProblem = (value: unknown, field: string): string | null => {
    if (!isRecord(value)) {
      return `${field} must be an object with a test and/or a threshold, e.g. { "test": "ks", "threshold": 0.05 }; got ${shown(value)}.`
    }
    const extra = unknownKey(value, ['test', 'threshold'], `${field}.`)
    if (extra) return extra
    if (value.test !== undefined) {
      const problem = testProblem(value.test, `${field}.test`)
      if (problem) return problem
    }
    if (value.threshold !== undefined) {
      const problem = thresholdProblem(value.threshold, `${field}.threshold`)
      if (problem) return problem
    }
    return pValueThresholdProblem(value.test, value.threshold, field)
  }
  const integerProblem = (
    value: unknown,
    field: string,
    low: number,
    high: number,
    meaning: string
  ): string | null =>
    Number.isSafeInteger(value) && (value as number) >= low && (value as number) <= high
      ? null
      : `${field} must be a whole number from ${low} to ${high} (${meaning}); got ${shown(value)}.`
  const columnNameProblem = (value: unknown, field: string): string | null =>
    typeof value === 'string' && value.length > 0
      ? null
      : `${field} must be the name of a column (a non-empty string); got ${shown(value)}.`

  if (!isRecord(options)) {
    return `The options must be an object, e.g. { "rule": "bh", "alpha": 0.05 }; got ${shown(options)}.`
  }
  const o = options as Record<string, unknown>
  const top = unknownKey(
    o,
    [
      'ignore',
      'test',
      'threshold',
      'perKind',
      'perColumn',
      'rule',
      'driftShare',
      'alpha',
      'target',
      'prediction',
      'task',
      'multivariate',
      'seed'
    ],
    ''
  )
  if (top) return top
  const ignore = o.ignore
  if (ignore !== undefined) {
    if (!Array.isArray(ignore) || !ignore.every((c) => typeof c === 'string')) {
      return `ignore must be a list of column names, e.g. ["id", "notes"]; got ${shown(ignore)}.`
    }
    if (ignore.some((c) => c.length === 0)) return 'ignore has an empty column name; remove it.'
  }
  if (o.test !== undefined) {
    const problem = testProblem(o.test, 'test')
    if (problem) return problem
  }
  if (o.threshold !== undefined) {
    const problem =
      thresholdProblem(o.threshold, 'threshold') ?? pValueThresholdProblem(o.test, o.threshold, '')
    if (problem) return problem
  }
  if (o.perKind !== undefined) {
    const perKind = o.perKind
    if (!isRecord(perKind)) {
      return `perKind must be an object with "numeric" and/or "categorical" choices, e.g. { "numeric": { "test": "anderson" } }; got ${shown(perKind)}.`
    }
    const extra = Object.keys(perKind).find(
      (k) => perKind[k] !== undefined && k !== 'numeric' && k !== 'categorical'
    )
    if (extra !== undefined) {
      return `perKind has "${extra}", but only "numeric" and "categorical" can be set ("categorical" covers boolean and text columns too).`
    }
    for (const kind of ['numeric', 'categorical'] as const) {
      const choice = perKind[kind]
      if (choice === undefined) continue
      const problem = choiceProblem(choice, `perKind.${kind}`)
      if (problem) return problem
      const test = (choice as Record<string, unknown>).test
      if (
        kind === 'categorical' &&
        isDriftTestId(test) &&
        DRIFT_TESTS[test].accepts === 'numeric'
      ) {
        const fits = DRIFT_TEST_IDS.filter((id) => DRIFT_TESTS[id].accepts !== 'numeric')
        return `perKind.categorical.test is ${test} (${DRIFT_TESTS[test].label}), which takes numbers only, so it cannot test categorical columns. Use it for perKind.numeric, or choose one of: ${fits.join(', ')}.`
      }
    }
  }
  if (o.perColumn !== undefined) {
    if (!isRecord(o.perColumn)) {
      return `perColumn must be an object from column name to choice, e.g. { "temp": { "test": "ks" } }; got ${shown(o.perColumn)}.`
    }
    for (const [column, choice] of Object.entries(o.perColumn)) {
      if (column.length === 0) return 'perColumn has an empty column name; remove it.'
      if (choice === undefined) continue
      const problem = choiceProblem(choice, `perColumn[${JSON.stringify(column)}]`)
      if (problem) return problem
    }
  }
  if (o.rule !== undefined && o.rule !== 'share' && o.rule !== 'bonferroni' && o.rule !== 'bh') {
    return `rule must be "share" (Evidently's share of drifted columns), "bonferroni" or "bh" (Benjamini–Hochberg); got ${shown(o.rule)}.`
  }
  if (
    o.driftShare !== undefined &&
    !(isNumber(o.driftShare) && o.driftShare > 0 && o.driftShare <= 1)
  ) {
    return `driftShare must be a number greater than 0 and at most 1, e.g. 0.5 (half the columns); got ${shown(o.driftShare)}.`
  }
  if (o.alpha !== undefined && !(isNumber(o.alpha) && o.alpha > 0 && o.alpha < 1)) {
    return `alpha must be a number greater than 0 and less than 1, e.g. 0.05; got ${shown(o.alpha)}.`
  }
  for (const field of ['target', 'prediction'] as const) {
    const column = o[field]
    if (column === undefined) continue
    const problem = columnNameProblem(column, field)
    if (problem) return problem
    if (Array.isArray(ignore) && ignore.includes(column as string)) {
      return `${field} "${String(column)}" is also in ignore. Remove it from ignore to test it as the ${field}.`
    }
  }
  if (o.target !== undefined && o.target === o.prediction) {
    return `target and prediction are both "${String(o.target)}". Name two different columns: the true value and the model's output.`
  }
  if (o.task !== undefined && o.task !== 'classification' && o.task !== 'regression') {
    return `task must be "classification" or "regression"; got ${shown(o.task)}.`
  }
  if (o.multivariate !== undefined) {
    const m = o.multivariate
    if (!isRecord(m)) {
      return `multivariate must be an object, e.g. { "enabled": true, "sampleSize": 2000 }; got ${shown(m)}.`
    }
    const extra = unknownKey(m, ['enabled', 'sampleSize', 'permutations'], 'multivariate.')
    if (extra) return extra
    if (m.enabled !== undefined && typeof m.enabled !== 'boolean') {
      return `multivariate.enabled must be true or false; got ${shown(m.enabled)}.`
    }
    if (m.sampleSize !== undefined) {
      const problem = integerProblem(
        m.sampleSize,
        'multivariate.sampleSize',
        20,
        20_000,
        'rows drawn from each side'
      )
      if (problem) return problem
    }
    if (m.permutations !== undefined) {
      const problem = integerProblem(
        m.permutations,
        'multivariate.permutations',
        10,
        10_000,
        'permutations of the MMD test'
      )
      if (problem) return problem
    }
  }
  if (o.seed !== undefined) {
    const problem = integerProblem(
      o.seed,
      'seed',
      0,
      Number.MAX_SAFE_INTEGER,
      'the seed of every random draw, e.g. 42'
    )
    if (problem) return problem
  }
  return null
}
