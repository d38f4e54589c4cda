import type { DatasetInfo } from './dataset'
import type { SchemaChanges, Suite, SuiteProblem, ValidationResult } from './validation'
import type {
  ColumnDrift,
  DatasetDrift,
  DriftOptions,
  MultivariateDrift,
  SchemaDifferences,
  TargetDrift,
  Timeline
} from './drift'

export const REPORT_VERSION = 3

/** The one result model: every view, export and CLI output is a rendering of it. JSON-serialisable. */
export type Report = Readonly<{
  version: typeof REPORT_VERSION
  kind: 'compare'
  id: string
  /** ISO 8601. @format date-time */
  createdAt: string
  app: Readonly<{ name: 'Driftwatch'; version: string; engine: string }>
  inputs: Readonly<{ reference: DatasetInfo; current: DatasetInfo }>
  options: DriftOptions
  /** The column used as the time axis, if one was recognised; it is not tested. */
  timeColumn?: string
  /** The current batch along the time axis, when there is one (for each numeric column's values over time). */
  timeline?: Timeline
  /** Columns the options asked to ignore (and that existed). */
  ignored: readonly string[]
  schema: SchemaDifferences
  /** The features' drift (target and prediction are in `targets`). */
  columns: readonly ColumnDrift[]
  dataset: DatasetDrift
  /** Drift of the features' joint distribution, when it ran. */
  multivariate?: MultivariateDrift
  /** Target and prediction drift and their relationship, when the options name them. */
  targets?: TargetDrift
  /** The batch checked against its expectations, when validation ran. */
  validation?: ReportValidation
  /** Whether the batch's data can be trusted, and so its drift verdict and its weight for retraining. */
  gate: Gate
  /** Whether the reference's statistics came from a stored reference profile instead of a scan. */
  referenceProfile?: Readonly<{
    path: string
    /** When the profile was built, ISO 8601. @format date-time */
    createdAt: string
  }>
  /** Run-level remarks, e.g. how the time axis was chosen. */
  notes: readonly string[]
  durationMs: number
}>

/**
 * Where the suite a batch was checked against came from: a suite file (with the problems of its entries
 * that were left out), inferred from the reference on the fly (`savePath`: the suite file it would be
 * saved as, when the run names one that does not exist yet), or given with the request.
 */
export type SuiteSource =
  | Readonly<{ kind: 'file'; path: string; problems: readonly SuiteProblem[] }>
  | Readonly<{ kind: 'inferred'; from: string; savePath?: string }>
  | Readonly<{ kind: 'given' }>

/** The batch's validation inside a report: the suite checked, where it came from, and what it found. */
export type ReportValidation = Readonly<{
  suite: Suite
  source: SuiteSource
  result: ValidationResult
  /** How the batch's columns differ from the reference's, explained (renames, type changes). */
  schemaChanges?: SchemaChanges
}>

/**
 * The validation gate. valid: nothing of severity error failed; invalid: an error-severity expectation
 * failed, so the batch is still compared but its drift verdict is unreliable and it is no reason to
 * retrain; unchecked: validation did not run (turned off, or no suite could be had).
 */
export type GateStatus = 'valid' | 'invalid' | 'unchecked'

export type Gate = Readonly<{
  status: GateStatus
  /** False when the data is invalid: drift measured on broken data says little about the world. */
  isDriftReliable: boolean
  /** Whether this batch may count as a reason to retrain: drifted, on data that is not invalid. */
  countsTowardRetraining: boolean
  /** One sentence: what the gate decided and what to do. */
  reason: string
}>
