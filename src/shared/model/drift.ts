import type { ColumnKind, ColumnProfile } from './dataset'

/**
 * Drift tests by their Evidently registry names, plus Driftwatch's own: `welch_t_test` (t-test without the
 * equal-variance assumption) and `levene_median` / `levene_mean` (a change of spread).
 */
export type DriftTestId =
  | 'ks'
  | 'chisquare'
  | 'z'
  | 'wasserstein'
  | 'jensenshannon'
  | 'psi'
  | 'kl_div'
  | 'hellinger'
  | 'TVD'
  | 'ed'
  | 'anderson'
  | 'cramer_von_mises'
  | 'es'
  | 'fisher_exact'
  | 'g_test'
  | 'mannw'
  | 't_test'
  | 'welch_t_test'
  | 'levene_median'
  | 'levene_mean'
  | 'empirical_mmd'

export type ScoreKind = 'p_value' | 'distance'

/** How the per-column verdicts become the dataset's verdict. */
export type DatasetRule = 'share' | 'bonferroni' | 'bh'

/** A test and/or threshold chosen for a column, a kind of column, or every column. */
export type TestChoice = Readonly<{ test?: DriftTestId; threshold?: number }>

/** Options of the multivariate drift checks; each runs on one seeded sample of both sides. */
export type MultivariateOptions = Readonly<{
  /** Default true when at least two numeric columns are tested. */
  enabled?: boolean
  /** Rows drawn from each side (stratified over the time axis when there is one). Default 1000. */
  sampleSize?: number
  /** Permutations of the MMD test. Default 100. */
  permutations?: number
}>

/** Per run, per kind and per column choices; anything absent is chosen automatically. */
export type DriftOptions = Readonly<{
  /** Columns not tested at all. */
  ignore?: readonly string[]
  /** Test for every column (overridden per kind, then per column). */
  test?: DriftTestId
  /** Threshold for every column (overridden per kind, then per column); default: the chosen test's own. */
  threshold?: number
  /** Tests and thresholds for numeric and for categorical (incl. boolean and text) columns. */
  perKind?: Readonly<{ numeric?: TestChoice; categorical?: TestChoice }>
  perColumn?: Readonly<Record<string, TestChoice>>
  /** Which rule decides dataset drift. Default 'share'. */
  rule?: DatasetRule
  /** Rule 'share': dataset drift when the share of drifted columns is at least this. Default 0.5. */
  driftShare?: number
  /** Rules 'bonferroni' and 'bh': the family-wise error rate or false discovery rate. Default 0.05. */
  alpha?: number
  /** Column holding the target (ground truth); tested and reported apart from the features. */
  target?: string
  /** Column holding the model's prediction; tested and reported apart from the features. */
  prediction?: string
  /**
   * The column that is the time axis (not tested; it stratifies the multivariate sample). Default: a
   * column named datetime, timestamp or date, else the first date/time column of both files.
   */
  timeColumn?: string
  /** The task, when it cannot be told from the target (numeric with ≥ 5 distinct values = regression). */
  task?: 'classification' | 'regression'
  multivariate?: MultivariateOptions
  /** Seed of every random draw (samples, permutations, splits). Default 42. */
  seed?: number
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

/**
 * Both sides' empirical CDFs, for a chart: F(x) is the share of a side's values ≤ x, read at up to 102
 * values (every distinct value when there are that few; otherwise the smallest, the largest, and the
 * values at which the pooled count passes each hundredth, so the points are dense where the data is),
 * rounded for size (x to 7 significant digits, shares to 4 decimals). `largestGap` is exact: the smallest
 * x where |F_ref − F_cur| is largest, whose gap is the Kolmogorov–Smirnov distance D.
 */
export type EcdfCurve = Readonly<{
  x: readonly number[]
  reference: readonly number[]
  current: readonly number[]
  largestGap: Readonly<{ x: number; reference: number; current: number }>
}>

/**
 * The current batch over the report's time axis: its rows grouped into equal time buckets (`bucketSeconds`
 * wide, at most 60), or each row on its own when there are at most 100 (`points`). Columns give their
 * values per bucket or row in `ColumnDrift.overTime`, in the order of `times`.
 */
export type Timeline = Readonly<{
  column: string
  kind: 'buckets' | 'points'
  /** Start of each bucket, or each row's time, ISO 8601, ascending. */
  times: readonly string[]
  /** Buckets: the width of each, seconds. */
  bucketSeconds?: number
  /** Rows in each bucket (1 for points). */
  rows: readonly number[]
  /** Rows whose time is missing or not a date/time, left out. @integer @minimum 0 */
  missingTime: number
}>

export type ColumnDriftStatus = 'tested' | 'not_tested'

/** What a column is to the model: a feature, or the target or prediction (reported apart). */
export type ColumnRole = 'feature' | 'target' | 'prediction'

export type ColumnDrift = Readonly<{
  column: string
  kind: ColumnKind
  /** Absent means 'feature'. */
  role?: ColumnRole
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
  /** With rule 'bonferroni' or 'bh': the adjusted p-value that decided this column's verdict. */
  adjustedScore?: number | null
  /** p-value tests: drift when score < (≤ for KS) threshold; distances: score ≥ threshold. */
  drifted: boolean
  /** One sentence: what the test compares and what it found. */
  explanation?: string
  /** Why this test: the automatic selection rule that picked it, or 'set by option'. */
  reason?: string
  /** Where Driftwatch deliberately computes this test differently from Evidently, and why. */
  deviation?: string
  /** Values each side contributed to the test (non-missing, finite; a sample for sampled tests). */
  sampleSize?: Readonly<{ reference: number; current: number }>
  reference?: ColumnProfile
  current?: ColumnProfile
  distribution?: Distribution
  /** Numeric columns: both sides' ECDFs and where they are furthest apart. */
  ecdf?: EcdfCurve
  /**
   * Numeric columns of a report with a time axis: the current batch's mean per bucket of `Report.timeline`
   * (its value, for points), null where the bucket has none; 6 significant digits.
   */
  overTime?: readonly (number | null)[]
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
  /** Columns tested. @integer @minimum 0 */
  numberOfColumns: number
  /** @integer @minimum 0 */
  numberOfDrifted: number
  /** numberOfDrifted / numberOfColumns (0 when none was tested). @minimum 0 @maximum 1 */
  share: number
  driftShare: number
  drifted: boolean
  /** Which rule decided. */
  rule: DatasetRule
  /** Rules 'bonferroni' and 'bh': the level controlled. */
  alpha?: number
  /** Columns whose test gives a distance rather than a p-value, left out of a multiple-testing rule. */
  excludedFromCorrection?: readonly string[]
  /** One sentence: the rule and how it decided. */
  decision: string
}>

/** Drift of the joint distribution, on one seeded sample of both sides. */
export type MultivariateDrift = Readonly<{
  /** Numeric columns used, standardised with the reference sample's mean and standard deviation. */
  columns: readonly string[]
  sample: Readonly<{ reference: number; current: number; seed: number; stratifiedBy?: string }>
  /** Squared maximum mean discrepancy, RBF kernel, median-heuristic bandwidth, permutation p-value. */
  mmd?: Readonly<{
    mmd2: number
    sigma: number
    pvalue: number
    permutations: number
    threshold: number
    drifted: boolean
  }>
  /**
   * PCA fitted on the reference keeping 65% of the variance; drift when the batch's mean reconstruction error
   * leaves the reference chunks' mean ± 3 standard errors (`referenceStd`: the standard error of the difference).
   */
  pca?: Readonly<{
    components: number
    explainedVariance: number
    referenceMean: number
    referenceStd: number
    chunks: number
    currentError: number
    lower: number
    upper: number
    drifted: boolean
  }>
  /** A classifier told to separate the sides; score 2·AUC − 1 on a held-out split. */
  classifier?: Readonly<{
    model: string
    auc: number
    score: number
    threshold: number
    train: number
    test: number
    drifted: boolean
  }>
  drifted: boolean
  /** Why a method did not run, or caveats. */
  notes: readonly string[]
}>

/** How target and prediction relate, on each side: a change here is concept drift. */
export type Relationship = Readonly<{
  /** Pearson correlation between target and prediction (regression), or null where undefined. */
  correlation?: Readonly<{ reference: number | null; current: number | null }>
  /** Classification: per class, its share of rows and the share of its rows predicted right. */
  perClass?: readonly Readonly<{
    value: string
    referenceShare: number
    currentShare: number
    referenceRecall: number | null
    currentRecall: number | null
  }>[]
  /** Pearson correlation of the target with each numeric feature, on each side. */
  featureCorrelations?: readonly Readonly<{
    feature: string
    reference: number | null
    current: number | null
  }>[]
}>

export type TargetDrift = Readonly<{
  task: 'classification' | 'regression'
  target?: ColumnDrift
  prediction?: ColumnDrift
  relationship: Relationship
  notes: readonly string[]
}>
