import type { DatasetInfo } from './dataset'
import type {
  ColumnDrift,
  DatasetDrift,
  DriftOptions,
  MultivariateDrift,
  SchemaDifferences,
  TargetDrift
} from './drift'

export const REPORT_VERSION = 2

/** The one result model: every view, export and CLI output is a rendering of it. JSON-serialisable. */
export type Report = Readonly<{
  version: typeof REPORT_VERSION
  kind: 'compare'
  id: string
  /** ISO 8601. */
  createdAt: string
  app: Readonly<{ name: 'Driftwatch'; version: string; engine: string }>
  inputs: Readonly<{ reference: DatasetInfo; current: DatasetInfo }>
  options: DriftOptions
  /** The column used as the time axis, if one was recognised; it is not tested. */
  timeColumn?: string
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
  /** Whether the reference's statistics came from a stored reference profile instead of a scan. */
  referenceProfile?: Readonly<{ path: string; createdAt: string }>
  /** Run-level remarks, e.g. how the time axis was chosen. */
  notes: readonly string[]
  durationMs: number
}>
