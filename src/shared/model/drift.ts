import type { ColumnKind, ColumnProfile } from './dataset'

/** Drift tests by their Evidently registry names. */
export type DriftTestId = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon'

export type ScoreKind = 'p_value' | 'distance'

/** Per run, per kind and per column choices; anything absent is chosen automatically. */
export type DriftOptions = Readonly<{
  /** Columns not tested at all. */
  ignore?: readonly string[]
  /** Test for every column (overridden per column). */
  test?: DriftTestId
  /** Threshold for every column (overridden per column); default: the chosen test's own. */
  threshold?: number
  perColumn?: Readonly<Record<string, Readonly<{ test?: DriftTestId; threshold?: number }>>>
  /** Dataset drift when the share of drifted columns is at least this. Default 0.5. */
  driftShare?: number
}>

/** The two sides' distributions on a shared support, for charts and for the binned tests. */
export type Distribution =
  | Readonly<{
      kind: 'bins'
      edges: readonly number[]
      reference: readonly number[]
      current: readonly number[]
    }>
  | Readonly<{
      kind: 'categories'
      categories: readonly string[]
      reference: readonly number[]
      current: readonly number[]
      /** Categories beyond the ones listed, folded into one bar per side, if any. */
      otherReference?: number
      otherCurrent?: number
    }>

export type ColumnDriftStatus = 'tested' | 'not_tested'

export type ColumnDrift = Readonly<{
  column: string
  kind: ColumnKind
  status: ColumnDriftStatus
  /** Why a column was not tested, or a caveat about how it was. */
  note?: string
  test?: DriftTestId
  /** Display name of the test as Evidently shows it, e.g. 'K-S p_value'. */
  testName?: string
  scoreKind?: ScoreKind
  /** p-value or distance; null where the statistic is undefined (see note). */
  score?: number | null
  /** The underlying statistic (D for KS, chi² for chi-square, z for the z-test). */
  statistic?: number | null
  threshold?: number
  /** p-value tests: drift when score < (≤ for KS) threshold; distances: score ≥ threshold. */
  drifted: boolean
  /** One sentence: what the test compares and what it found. */
  explanation?: string
  /** Why this test: the automatic selection rule that picked it, or 'set by option'. */
  reason?: string
  reference?: ColumnProfile
  current?: ColumnProfile
  distribution?: Distribution
}>

export type SchemaDifferences = Readonly<{
  referenceOnly: readonly string[]
  currentOnly: readonly string[]
  /** Columns present on both sides whose kinds do not match (e.g. numeric vs text). */
  kindMismatches: readonly Readonly<{
    column: string
    reference: ColumnKind
    current: ColumnKind
  }>[]
}>

export type DatasetDrift = Readonly<{
  numberOfColumns: number
  numberOfDrifted: number
  share: number
  driftShare: number
  drifted: boolean
  /** Which rule decided. */
  rule: 'share'
}>
