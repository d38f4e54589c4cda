/**
 * The whole backend API: one typed map of channels, each taking one request object. `src/main/api.ts`
 * implements it once; Electron IPC, the loopback HTTP host and in-process callers all reach the same
 * handlers, and callers never know which transport they are on.
 */
import type { AppError, Result } from './errors'
import type {
  BatchRecord,
  ColumnDrift,
  ColumnInfo,
  ColumnKind,
  ColumnProfile,
  ColumnRole,
  DataFormat,
  DatasetInfo,
  DatasetRef,
  DatasetRule,
  DriftOptions,
  PreviewOpened,
  GateStatus,
  Report,
  RowFilter,
  RowPage,
  ConfigProblem,
  ConfigProposal,
  ProjectConfig,
  ProjectEvent,
  ProjectHistory,
  ProjectSummary,
  SchemaChanges,
  SchemaDifferences,
  Suite,
  SuiteEdit,
  SuiteProblem,
  ValidationResult,
  ValidationStatus
} from './model'

export type HostKind = 'electron' | 'http' | 'inprocess'

export type AppInfo = Readonly<{
  name: 'Driftwatch'
  version: string
  host: HostKind
  /** Whether the host can show a native file dialog (`files:pick`). */
  canPickFiles: boolean
}>

export type DemoComparison = Readonly<{
  reference: DatasetRef
  current: DatasetRef
  /** The other drops of the demo, in order, to compare next. */
  drops: readonly DatasetRef[]
  /** Columns the demo ignores (the reference's target that the drops do not carry). */
  ignore: readonly string[]
  /**
   * The demo project's suite file (in the app's own data folder, so it can be edited); it may not exist
   * yet, and then a comparison infers the suite from the reference and the editor saves it here.
   */
  suitePath: string
}>

export type JobTicket = Readonly<{ jobId: string }>

export type JobPhase = 'open' | 'profile' | 'validate' | 'drift' | 'report'

export type JobProgress = Readonly<{
  jobId: string
  phase: JobPhase
  done: number
  total: number
  message: string
}>

export type JobFinished = Readonly<{
  jobId: string
  outcome: 'done' | 'failed' | 'cancelled'
  reportId?: string
  error?: AppError
}>

/** One side of a comparison as soon as it is opened: the file and its columns as the reader typed them. */
export type SideSchema = Readonly<{
  name: string
  format: DataFormat
  sizeBytes: number
  columns: readonly ColumnInfo[]
}>

/** A column the comparison will test, announced before its test runs. */
export type PlannedTest = Readonly<{ column: string; kind: ColumnKind; role: ColumnRole }>

/**
 * What a running comparison has found so far, sent as soon as each part is known, in this order: both
 * files' schemas (seconds after the start, before any row is read), each side's profile (rows, values and
 * missing values per column, once that side is read), the plan (which columns will be tested, and why the
 * others will not), the validation's verdict, then each column's result as its test finishes (in the
 * order the tests finish, not the file's). The dataset verdict, the multivariate checks and the target
 * and prediction sections come with the report at the end: they need every column.
 *
 * Each message is small: a column's result carries its two profiles and its binned distribution
 * (about 2 KB for a numeric column), never rows.
 */
export type ComparePartial =
  | Readonly<{ stage: 'schema'; reference: SideSchema; current: SideSchema }>
  | Readonly<{
      stage: 'profile'
      side: 'reference' | 'current'
      rows: number
      /** Per column: values, missing values (and NaN or infinite ones), a date column's range. */
      columns: readonly ColumnProfile[]
    }>
  | Readonly<{
      stage: 'plan'
      tested: readonly PlannedTest[]
      /** Columns present on both sides that will not be tested (a time axis, all missing, types differ). */
      untested: readonly ColumnDrift[]
      schema: SchemaDifferences
      ignored: readonly string[]
      timeColumn?: string
      /** The rule deciding the dataset verdict: with a correction, a column's verdict waits for the end. */
      rule: DatasetRule
    }>
  | Readonly<{
      stage: 'validation'
      /** null: validation did not run (`summary` says why). */
      status: ValidationStatus | null
      summary: string
    }>
  | Readonly<{
      stage: 'column'
      result: ColumnDrift
      /** Columns tested so far, this one included, and how many will be. */
      done: number
      total: number
    }>

export type ComparePartialStage = ComparePartial['stage']

/** A running job's partial result (`job:partial`): what `ComparePartial` says, with the job it belongs to. */
export type JobPartial = Readonly<{ jobId: string }> & ComparePartial

/** A comparison that finished in this app, kept for the "Recent comparisons" list. */
export type RecentComparison = Readonly<{
  /** The run's report id: `report:get` finds it while the backend keeps it (this session). */
  reportId: string
  reference: Readonly<{ path: string; name: string }>
  current: Readonly<{ path: string; name: string }>
  /** When it finished, ISO 8601. */
  finishedAt: string
  verdict: Readonly<{
    drifted: boolean
    numberOfDrifted: number
    numberOfColumns: number
    gate: GateStatus
  }>
}>

/** A recent comparison's two files, readable again, and its report when this session still keeps it. */
export type RecentReopened = Readonly<{
  reference: DatasetRef
  current: DatasetRef
  report: Report | null
}>

export type CompareRequest = Readonly<{
  reference: DatasetRef
  current: DatasetRef
  options?: DriftOptions
  /** A folder holding a stored reference profile of `reference`, read instead of the reference file. */
  referenceProfile?: string
  /** How the current batch is validated before it is compared; default: against a suite inferred from the reference. */
  validation?: CompareValidationRequest
}>

/**
 * A comparison's validation. The suite is, in order: `suite` as given (the editor's unsaved edits), the
 * suite file at `suitePath` when it exists, else one inferred from the reference (the ignored columns and
 * `optionalColumns` may be missing from a batch); the report says which and, for an inferred suite with a
 * `suitePath`, that it can be saved there.
 */
export type CompareValidationRequest = Readonly<{
  /** Default true. */
  enabled?: boolean
  suite?: Suite
  suitePath?: string
  optionalColumns?: readonly string[]
}>

/** A suite file as read: the expectations that are well formed, and what was wrong with the others. */
export type SuiteFileRead = Readonly<{
  path: string
  suite: Suite
  problems: readonly SuiteProblem[]
}>

export type ProfileRequest = Readonly<{
  reference: DatasetRef
  /** The folder to write the profile to (created when missing). */
  folder: string
}>

export type ProfileBuilt = Readonly<{ folder: string; reference: DatasetInfo }>

/** How a suite is inferred from a reference (the rest of the inference settings keep their defaults). */
export type SuiteInferOptions = Readonly<{
  name?: string
  /** Columns a batch may lack (a target delivered later): left out of the column set, checks disabled. */
  optionalColumns?: readonly string[]
}>

export type ValidateRequest = Readonly<{
  file: DatasetRef
  /** The suite to check; when absent, one is inferred from `reference`. */
  suite?: Suite
  /** A reference: the suite is inferred from it (unless given) and schema changes are explained. */
  reference?: DatasetRef
  inferOptions?: SuiteInferOptions
}>

export type ValidateResponse = Readonly<{
  validation: ValidationResult
  /** With a reference only. */
  schemaChanges?: SchemaChanges
  /** The suite that was checked (given or inferred). */
  suite: Suite
}>

export type SuiteInferRequest = Readonly<{
  reference: DatasetRef
  inferOptions?: SuiteInferOptions
}>

export type SuiteInferResponse = Readonly<{
  suite: Suite
  /** Rows of the reference. */
  rows: number
  columns: readonly ColumnInfo[]
}>

/**
 * Opening a folder: the project, when it has a driftwatch.yaml (with the config's problems, each at its key
 * and line; the rest of the config is used), or a config inferred from the folder for the person to accept
 * or edit (nothing is written until they do).
 */
export type ProjectOpenResult =
  | Readonly<{ kind: 'opened'; summary: ProjectSummary; problems: readonly ConfigProblem[] }>
  | Readonly<{ kind: 'proposal'; folder: string; proposal: ConfigProposal }>

/** The projects open in this app, and the folders opened before (most recent first). */
export type ProjectList = Readonly<{
  open: readonly ProjectSummary[]
  recent: readonly string[]
}>

/** Something happened in an open project: the event, with the project's summary after it. */
export type ProjectChanged = Readonly<{
  folder: string
  summary: ProjectSummary
  event: ProjectEvent
  /** The batch as it now is, when the event settled it (batch:done, batch:failed). */
  batch?: BatchRecord
}>

/**
 * The formats a report can be exported in: a self-contained HTML file (the report as the app draws it),
 * the Report as JSON, JUnit XML (a test case per expectation and per column) and a Markdown summary.
 */
export type ExportFormat = 'html' | 'json' | 'junit' | 'markdown'

/**
 * What is exported: a comparison's report (kept by the backend since it ran), a project batch's report,
 * or a project (its batch history with the drift heatmap, and the latest batch's report; HTML or the
 * history as JSON).
 */
export type ExportSource =
  | Readonly<{ kind: 'report'; reportId: string }>
  | Readonly<{ kind: 'batch'; folder: string; runId: string }>
  | Readonly<{ kind: 'project'; folder: string }>

/** Every format a report exports to, in the Export menu's order. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['html', 'json', 'junit', 'markdown']

/** The formats a project exports to: its report as HTML, its history as JSON. */
export const PROJECT_EXPORT_FORMATS: readonly ExportFormat[] = ['html', 'json']

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value)
}

/** An exported file, for the renderer to save: its suggested name, media type and text. */
export type ExportedFile = Readonly<{ fileName: string; mediaType: string; text: string }>

/** What sending a webhook message did: attempts made, the last HTTP status (null: no answer), time taken. */
export type WebhookDelivery = Readonly<{ attempts: number; status: number | null; ms: number }>

export type Api = {
  'app:info': { req: Readonly<Record<string, never>>; res: AppInfo }
  'demo:get': { req: Readonly<Record<string, never>>; res: DemoComparison }
  /** A native file dialog (Electron only); null when the person cancels. */
  'files:pick': { req: Readonly<{ role: 'reference' | 'current' }>; res: DatasetRef | null }
  /**
   * Files the person dropped on the window (Electron: paths from the preload). Other hosts receive dropped
   * files as uploads; they answer only for paths already granted (`driftwatch serve --allow-path`).
   */
  'files:dropped': { req: Readonly<{ paths: readonly string[] }>; res: readonly DatasetRef[] }
  /** Starts a comparison: `job:progress` and `job:partial` events while it runs, then `job:finished`. */
  'compare:run': { req: CompareRequest; res: JobTicket }
  /** The last comparisons that finished (this session's, then earlier ones kept in the app's state), newest first. */
  'compare:recent': { req: Readonly<Record<string, never>>; res: readonly RecentComparison[] }
  /**
   * Makes a recent comparison's two files readable again (they were opened when it ran) and gives its
   * report when it is still kept; fails with a sentence when a file is gone.
   */
  'compare:reopen': { req: Readonly<{ reportId: string }>; res: RecentReopened }
  /** Reads a reference once and stores its profile, so later comparisons need not read it again. */
  'profile:build': { req: ProfileRequest; res: ProfileBuilt }
  /** Checks a batch against a suite (given, or inferred from a reference); waits for the result. */
  'validate:run': { req: ValidateRequest; res: ValidateResponse }
  /** Infers a conservative suite of expectations from a reference. */
  'suite:infer': { req: SuiteInferRequest; res: SuiteInferResponse }
  /** Reads a suite file (its malformed expectations are listed with their lines, the rest load). */
  'suite:read': { req: Readonly<{ path: string }>; res: SuiteFileRead }
  /** Writes a whole suite as a new suite file (its folder is created), e.g. an inferred suite saved the first time. */
  'suite:write': { req: Readonly<{ path: string; suite: Suite }>; res: SuiteFileRead }
  /** Applies edits to a suite file in order, keeping its comments; stops at the first refused edit. */
  'suite:edit': { req: Readonly<{ path: string; edits: readonly SuiteEdit[] }>; res: SuiteFileRead }
  /** The suite as the YAML text of a suite file (to download where no file can be written). */
  'suite:render': { req: Readonly<{ suite: Suite }>; res: Readonly<{ yaml: string }> }
  /**
   * Sends a test message to a webhook address (the settings' "Send a test" button); fails with what the
   * service answered, or why it could not be reached, as a sentence.
   */
  'webhook:test': { req: Readonly<{ url: string }>; res: WebhookDelivery }
  'job:cancel': { req: Readonly<{ jobId: string }>; res: Readonly<{ cancelled: boolean }> }
  'report:get': { req: Readonly<{ reportId: string }>; res: Report }
  /** A report, a project batch's report or a project as a file to save (the Export menu). */
  'report:export': {
    req: Readonly<{ source: ExportSource; format: ExportFormat }>
    res: ExportedFile
  }
  /** Opens a project folder (and starts watching it), or proposes a config for it. */
  'project:open': { req: Readonly<{ folder: string }>; res: ProjectOpenResult }
  /** Writes the accepted config as driftwatch.yaml (and the suite inferred from its reference), then opens it. */
  'project:accept': {
    req: Readonly<{ folder: string; config: ProjectConfig }>
    res: ProjectOpenResult
  }
  /** Writes an open project's changed config to its driftwatch.yaml (comments kept) and watches with it. */
  'project:update': {
    req: Readonly<{ folder: string; config: ProjectConfig }>
    res: ProjectOpenResult
  }
  'project:list': { req: Readonly<Record<string, never>>; res: ProjectList }
  /** Stops watching a project and forgets it for this session (it stays in the recent list). */
  'project:close': { req: Readonly<{ folder: string }>; res: Readonly<{ closed: boolean }> }
  'project:pause': { req: Readonly<{ folder: string }>; res: ProjectSummary }
  'project:resume': { req: Readonly<{ folder: string }>; res: ProjectSummary }
  /** Every batch, per-column result and recent event of an open project. */
  'project:history': { req: Readonly<{ folder: string }>; res: ProjectHistory }
  /** Processes a batch again (its result is replaced), e.g. after its expectations were edited. */
  'project:rerun': { req: Readonly<{ folder: string; batchId: string }>; res: BatchRecord }
  /** The report of one processed batch. */
  'project:report': { req: Readonly<{ folder: string; runId: string }>; res: Report }
  /** Opens the demo project (made in the app's data folder on first use). */
  'demo:open': { req: Readonly<Record<string, never>>; res: ProjectOpenResult }
  /** Copies the next seed-weather week into the demo project's drop folder; null when all are in. */
  'demo:nextWeek': {
    req: Readonly<Record<string, never>>
    res: Readonly<{ copied: string | null; remaining: number }>
  }
  /** A native folder dialog (Electron only); null when the person cancels. */
  'folders:pick': { req: Readonly<Record<string, never>>; res: string | null }
  /**
   * Opens a dataset the person opened (a compared file, or one in an open project) for preview: text
   * formats are read once into the preview's table, Parquet is read in place. Close it with `data:close`.
   */
  'data:open': { req: Readonly<{ path: string }>; res: PreviewOpened }
  /**
   * A page of an open preview's rows, optionally only the rows a filter selects (`offset` counts among
   * those), as Arrow IPC bytes. At most MAX_PAGE_ROWS rows.
   */
  'data:rows': {
    req: Readonly<{ previewId: string; offset: number; limit: number; filter?: RowFilter }>
    res: RowPage
  }
  /** Closes a preview: its table and filters are dropped once no other preview of the file is open. */
  'data:close': { req: Readonly<{ previewId: string }>; res: Readonly<{ closed: boolean }> }
}

export type ApiName = keyof Api
export type ApiRequest<K extends ApiName> = Api[K]['req']
export type ApiResponse<K extends ApiName> = Api[K]['res']

/**
 * A place in the app the host asks the renderer to show: a batch's report (clicking a notification about
 * it) or a project's overview (a batch that could not be processed has no report; the tray's project items).
 */
export type NavigateTarget =
  | Readonly<{ view: 'report'; folder: string; runId: string }>
  | Readonly<{ view: 'project'; folder: string }>

export type ApiEvents = {
  'job:progress': JobProgress
  /** A running comparison's result so far (schema, profiles, plan, validation, each column). */
  'job:partial': JobPartial
  'job:finished': JobFinished
  'project:changed': ProjectChanged
  /** Sent by the desktop host, never by the backend: show this place (the window is already shown). */
  'app:navigate': NavigateTarget
}

export type ApiEventName = keyof ApiEvents

export type Call = <K extends ApiName>(
  name: K,
  req: ApiRequest<K>
) => Promise<Result<ApiResponse<K>>>

export type Subscribe = <E extends ApiEventName>(
  event: E,
  listener: (payload: ApiEvents[E]) => void
) => () => void

/** What every transport gives the renderer (and what the preload object `satisfies`). */
export type AppApi = Readonly<{
  host: HostKind
  call: Call
  on: Subscribe
}>

/**
 * What the Electron preload exposes as `window.api`: the transport plus the path of a dropped file
 * (sandboxed renderers no longer see `File.path`). `File` is declared by both the DOM lib and @types/node.
 */
export type PreloadApi = AppApi &
  Readonly<{
    pathForFile: (file: File) => string
  }>

/** The handler map the backend implements. */
export type Handlers = { [K in ApiName]: (req: ApiRequest<K>) => Promise<Result<ApiResponse<K>>> }

export const API_CHANNELS: readonly ApiName[] = [
  'app:info',
  'demo:get',
  'files:pick',
  'files:dropped',
  'compare:run',
  'compare:recent',
  'compare:reopen',
  'profile:build',
  'validate:run',
  'suite:infer',
  'suite:read',
  'suite:write',
  'suite:edit',
  'suite:render',
  'webhook:test',
  'job:cancel',
  'report:get',
  'report:export',
  'project:open',
  'project:accept',
  'project:update',
  'project:list',
  'project:close',
  'project:pause',
  'project:resume',
  'project:history',
  'project:report',
  'project:rerun',
  'demo:open',
  'demo:nextWeek',
  'folders:pick',
  'data:open',
  'data:rows',
  'data:close'
]

export const API_EVENTS: readonly ApiEventName[] = [
  'job:progress',
  'job:partial',
  'job:finished',
  'project:changed',
  'app:navigate'
]

export function isApiName(v: unknown): v is ApiName {
  return typeof v === 'string' && (API_CHANNELS as readonly string[]).includes(v)
}

export function isApiEventName(v: unknown): v is ApiEventName {
  return typeof v === 'string' && (API_EVENTS as readonly string[]).includes(v)
}
