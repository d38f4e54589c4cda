/**
 * A project: a local ML folder Driftwatch is opened on and keeps watching. Its config lives in
 * `driftwatch.yaml` at the folder's root; its history (every batch, run, per-column result, validation
 * result and event) in the folder's `.driftwatch/` database. Plain serialisable data: crosses every
 * boundary, ISO strings for times, paths relative to the project root where the config has them.
 */
import type { DriftOptions, ScoreKind } from './drift'
import type { GateStatus } from './report'
import type { ValidationStatus } from './validation'

/** A folder the project receives batches in (relative to the root) and the file patterns that count. */
export type DropFolder = Readonly<{
  path: string
  /**
   * Glob patterns of file names (`*` any run of characters, `?` one character, matched against the name,
   * not the path), e.g. `week*.csv`; default: every data file the engine reads.
   */
  patterns?: readonly string[]
}>

/** What a notification or a webhook is sent for. */
export type NotifyOn = 'drift' | 'invalid' | 'failed'

/** The drift options a project may set; the model columns and ignored columns are the project's own keys. */
export type ProjectDriftOptions = Readonly<
  Pick<
    DriftOptions,
    | 'test'
    | 'threshold'
    | 'perKind'
    | 'perColumn'
    | 'rule'
    | 'driftShare'
    | 'alpha'
    | 'multivariate'
    | 'seed'
  >
>

/** `driftwatch.yaml`: everything about a project the person may set. Paths are relative to the root. */
export type ProjectConfig = Readonly<{
  version: 1
  name?: string
  /** The reference file the batches are compared with. */
  reference: string
  drops: readonly DropFolder[]
  /** Columns never tested (and optional in an inferred suite). */
  ignore?: readonly string[]
  /** The column that is the time axis (not tested; stratifies samples); default: found by name or type. */
  timeColumn?: string
  /** Identifier columns (not tested for drift; their uniqueness is validated). */
  idColumns?: readonly string[]
  target?: string
  prediction?: string
  task?: 'classification' | 'regression'
  drift?: ProjectDriftOptions
  validation?: Readonly<{
    /** Default true. */
    enabled?: boolean
    /** The suite file; default `driftwatch/expectations.yaml`. */
    suite?: string
  }>
  notifications?: Readonly<{
    /** OS notifications from the desktop app; default true. */
    desktop?: boolean
    /** Default: all three. */
    on?: readonly NotifyOn[]
    /** A Slack-compatible incoming webhook (POST of `{ "text": ... }` JSON). */
    webhook?: Readonly<{ url: string; on?: readonly NotifyOn[] }>
  }>
  /** Opt-in: move each processed drop into `folder` (default `processed`, inside its drop folder), never delete. */
  archive?: Readonly<{ enabled: boolean; folder?: string }>
  watch?: Readonly<{
    /** A file counts once its size and modification time stay unchanged this long; default 500 ms. */
    stableMs?: number
  }>
}>

/** Something wrong in `driftwatch.yaml`, at a key and a 1-based line. */
export type ConfigProblem = Readonly<{ key: string; line: number; message: string }>

/** A config inferred from a folder's contents, for the person to accept or edit. */
export type ConfigProposal = Readonly<{
  config: ProjectConfig
  /** One sentence per decision, e.g. `reference: the only data file in reference/`. */
  reasons: readonly string[]
  /** What could not be decided (no reference found, ...), each a sentence saying what to do. */
  gaps: readonly string[]
}>

/**
 * queued: waiting (also after a retryable failure, with `retryAt`); running: being processed (found so at
 * start, it is run again); done: its result is in the history; failed: it cannot be processed (`reason`).
 */
export type BatchStatus = 'queued' | 'running' | 'done' | 'failed'

/** One batch: one content (SHA-256) seen in a drop folder. The same content again is not a new batch. */
export type BatchRecord = Readonly<{
  id: string
  /** Where it was found, relative to the project root. */
  path: string
  name: string
  /** @pattern ^[0-9a-f]{64}$ */
  sha256: string
  /** @integer @minimum 0 */
  sizeBytes: number
  /** The file's modification time, ISO. @format date-time */
  modifiedAt: string
  /** When Driftwatch first saw it, ISO. @format date-time */
  arrivedAt: string
  status: BatchStatus
  /** @integer @minimum 0 */
  attempts: number
  /** Why it failed (permanently, or the last retryable failure). */
  reason?: string
  /** When a retryable failure is tried again, ISO. @format date-time */
  retryAt?: string
  /** Filled once done. */
  result?: BatchResult
}>

/** A processed batch's verdicts, as the overview and the batch list show them. */
export type BatchResult = Readonly<{
  runId: string
  /** @format date-time */
  finishedAt: string
  /** @integer @minimum 0 */
  rows: number
  validation: ValidationStatus | null
  gate: GateStatus
  drifted: boolean
  driftedColumns: number
  testedColumns: number
  /** Whether this batch counts toward retraining (drifted, on data that is not invalid). */
  countsTowardRetraining: boolean
  /** Where the processed file was moved to, when archiving is on. */
  archivedTo?: string
}>

/** One column of one processed batch: a heatmap cell and a point of the column's trend line. */
export type ColumnResult = Readonly<{
  batchId: string
  runId: string
  column: string
  test: string
  scoreKind: ScoreKind
  score: number | null
  threshold: number
  drifted: boolean
}>

export type ProjectEventKind =
  | 'watch:started'
  | 'watch:paused'
  | 'watch:resumed'
  | 'watch:stopped'
  | 'batch:queued'
  | 'batch:duplicate'
  | 'batch:started'
  | 'batch:done'
  | 'batch:retrying'
  | 'batch:failed'
  | 'batch:archived'
  | 'file:ignored'
  | 'notify:failed'

/** Something that happened in a project, as the history keeps it. */
export type ProjectEvent = Readonly<{
  /** @format date-time */
  at: string
  kind: ProjectEventKind
  batchId?: string
  /** The file concerned, relative to the project root. */
  path?: string
  /** One sentence for the person. */
  message: string
}>

/**
 * watching: drops are watched and processed; paused: watching stopped by the person (drops are caught up
 * on resume); read-only: another Driftwatch watches this project, so this one only reads its history.
 */
export type ProjectMode = 'watching' | 'paused' | 'read-only'

/** An open project, as the app lists it. */
export type ProjectSummary = Readonly<{
  /** The project's absolute folder (also its identity). */
  folder: string
  name: string
  config: ProjectConfig
  mode: ProjectMode
  /** For read-only: who holds the project, in words (`Driftwatch (pid 4242) on host since ...`). */
  heldBy?: string
  isDemo: boolean
  counts: Readonly<{ queued: number; running: number; done: number; failed: number }>
  /** The most recently arrived batches first, at most 5. */
  latest: readonly BatchRecord[]
}>

/** What the overview draws: every batch in arrival order with its per-column results. */
export type ProjectHistory = Readonly<{
  folder: string
  batches: readonly BatchRecord[]
  columns: readonly ColumnResult[]
  events: readonly ProjectEvent[]
}>
