/**
 * Multivariate drift: a change of the joint distribution of the numeric columns that no single column
 * shows, such as a correlation that flips sign while every marginal stays the same. Three checks run on one
 * seeded sample of each side, drawn in DuckDB and standardised with the reference sample's mean and
 * standard deviation:
 *
 * - MMD²: the RBF-kernel maximum mean discrepancy with the median-heuristic bandwidth and a seeded
 *   permutation p-value; drift when p < 0.05.
 * - PCA reconstruction error: components keeping 65% of the reference's variance; drift when the current
 *   sample's mean error leaves the reference's mean ± 3 standard errors.
 * - Domain classifier: a logistic regression told to separate reference from current rows; drift when
 *   2·AUC − 1 on held-out rows reaches 0.1 (or more where the test half is small).
 *
 * Only the samples (at most `sampleSize` rows per side) leave DuckDB; the statistics are in src/shared/stats.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { AppFailure } from '../../shared/errors'
import type { MultivariateDrift } from '../../shared/model'
import {
  fitLogisticRegression,
  predictLogisticRegression
} from '../../shared/stats/logisticRegression'
import { mmdPermutationTest } from '../../shared/stats/mmd'
import { fitPca, pcaReconstructionErrors } from '../../shared/stats/pca'
import { seededRandom, shuffleInPlace } from '../../shared/stats/random'
import { rocAuc } from '../../shared/stats/rocAuc'
import { quoteIdent, toNumber } from './sql'

export const MULTIVARIATE_DEFAULTS = {
  sampleSize: 2000,
  permutations: 200,
  seed: 42,
  /** MMD: drift when the permutation p-value is below this. */
  mmdThreshold: 0.05,
  /** PCA: keep the fewest components explaining this share of the reference's variance. */
  pcaVariance: 0.65,
  /** PCA: the reference sample is cut into this many chunks to measure how much the mean error varies. */
  pcaChunks: 10,
  /** PCA: drift when the current mean error is more than this many standard errors from the reference's. */
  pcaBand: 3,
  /** Classifier: the least 2·AUC − 1 that counts as drift. */
  classifierThreshold: 0.1,
  /** Classifier: L2 penalty λ of the logistic regression. */
  classifierL2: 1
} as const

/** Below this many rows on either side no multivariate check runs. */
export const MULTIVARIATE_MIN_ROWS = 20
/** A column with finite values in fewer than this share of a side's rows is left out. */
const MIN_COLUMN_COVERAGE = 0.5
/** The MMD kernel matrix has (2n)²/2 entries: at most this many rows per side go into it (≈ 100 MB). */
const MMD_MAX_ROWS_PER_SIDE = 2500
/** Squares and pairwise products are formed for at most this many columns (230 features at 20). */
const QUADRATIC_MAX_COLUMNS = 20

export type MultivariateDriftArgs = Readonly<{
  /** DuckDB view or table of each side. */
  referenceView: string
  currentView: string
  /** Numeric feature columns present on both sides. */
  columns: readonly string[]
  /** A time column to stratify the sample over (equal shares of each side's time range). */
  timeColumn?: string
  /** Rows drawn from each side. Default 2000. */
  sampleSize?: number
  /** Permutations of the MMD test. Default 200. */
  permutations?: number
  /** Seed of the sample, the permutations and the classifier's split. Default 42. */
  seed?: number
  /** Asked between steps; when it returns true the run stops with a CANCELLED failure. */
  isCancelled?: () => boolean
  /**
   * Each side's rows and finite values per column, when the caller has them (the profile pass counts
   * them), so that the columns' coverage need not be counted again.
   */
  coverage?: Readonly<{ reference: SideCoverage; current: SideCoverage }>
}>

/** A side's row count and, per column, how many of its values are finite numbers. */
export type SideCoverage = Readonly<{ total: number; finite: Readonly<Record<string, number>> }>

/** A side's sample: rows of the requested columns (as DOUBLE) in a seeded random order. */
export type SideSample = Readonly<{
  rows: number[][]
  /** Rows of the side. */
  total: number
  /** Rows with a finite value in every column (and a time, when stratifying). */
  usable: number
}>

export type SampleArgs = Readonly<{
  view: string
  columns: readonly string[]
  size: number
  seed: number
  timeColumn?: string
}>

/**
 * Draws a seeded sample of at most `size` rows of `columns` from a view, keeping only rows whose every
 * column is a finite number (and whose time is present when stratifying). Each row gets the key
 * hash(values, time, seed): the key depends on the data and the seed only, never on the scan order or the
 * thread count, so the same file gives the same sample on every run (with the same DuckDB version, whose
 * `hash` it uses). Identical rows share a key and are drawn together, which changes nothing for
 * continuous data and costs far less than numbering the copies (a sort of every row). Without a time
 * column the sample is the `size` rows with the smallest keys, kept in a bounded heap while scanning. With one, the usable rows are ordered by time (key
 * breaking ties) and cut into `size` equal buckets with `ntile`, and each bucket gives its smallest-key
 * row: every stretch of the time range contributes its share. Rows come back in key order, which is a
 * random order.
 *
 * O(N log size) in DuckDB for N rows without a time column, O(N log N) with one (the buckets), O(size) rows
 * to JavaScript.
 *
 * @example await sampleRows(connection, { view: 'dw_reference', columns: ['a', 'b'], size: 2000, seed: 42 })
 */
export async function sampleRows(
  connection: DuckDBConnection,
  args: SampleArgs
): Promise<SideSample> {
  const values = args.columns.map((c, i) => `TRY_CAST(${quoteIdent(c)} AS DOUBLE) AS v${i}`)
  const names = args.columns.map((_, i) => `v${i}`)
  const time = args.timeColumn === undefined ? [] : [`${quoteIdent(args.timeColumn)} AS dw_t`]
  const finite = names.map((v) => `isfinite(${v})`)
  if (args.timeColumn !== undefined) finite.push('dw_t IS NOT NULL')
  const identity = [...names, ...(args.timeColumn === undefined ? [] : ['dw_t'])].join(', ')
  const seed = Math.trunc(args.seed)
  const keyed = `
    WITH base AS (SELECT ${[...values, ...time].join(', ')} FROM ${quoteIdent(args.view)}),
    usable AS (SELECT * FROM base WHERE ${finite.join(' AND ')}),
    keyed AS (SELECT *, hash(${identity}, ${seed}) AS dw_key FROM usable)`
  const size = Math.max(1, Math.trunc(args.size))
  const select =
    args.timeColumn === undefined
      ? `${keyed} SELECT ${names.join(', ')} FROM keyed ORDER BY dw_key, ${identity} LIMIT ${size}`
      : `${keyed},
    bucketed AS (SELECT *, ntile(${size}) OVER (ORDER BY dw_t, dw_key, ${names.join(', ')}) AS dw_bucket FROM keyed),
    picked AS (SELECT *, row_number() OVER (PARTITION BY dw_bucket ORDER BY dw_key, ${identity}) AS dw_pick FROM bucketed)
    SELECT ${names.join(', ')} FROM picked WHERE dw_pick = 1 ORDER BY dw_key, ${identity}`
  const counted = await connection.runAndReadAll(
    `SELECT count(*) AS total, count(*) FILTER (WHERE ${finite.join(' AND ')}) AS usable
     FROM (SELECT ${[...values, ...time].join(', ')} FROM ${quoteIdent(args.view)})`
  )
  const counts = counted.getRowObjectsJson()[0] ?? {}
  const result = await connection.runAndReadAll(select)
  const rows = result.getRows().map((row) => row.map((v) => toNumber(v)))
  return { rows, total: toNumber(counts['total']), usable: toNumber(counts['usable']) }
}

/**
 * Multivariate drift between two views (see the file comment for the three checks). Steps, each after a
 * cancel check:
 *
 * 1. Columns with finite values in fewer than half of either side's rows are left out (they would shrink
 *    the sample to the rows where they are present), then each side is sampled by {@link sampleRows}.
 * 2. Both samples are standardised with the reference sample's mean and standard deviation (ddof 0);
 *    columns constant in the reference sample are left out (a change in them is a univariate matter).
 *    Fewer than 2 columns or 20 rows on a side: every check is skipped with a note.
 * 3. MMD² (unbiased) of the standardised samples, RBF kernel with σ = the median distance of the pooled
 *    sample, p-value from `permutations` seeded permutations (p = (1 + #≥) / (1 + B)); drift when p < 0.05.
 *    At most 2500 rows per side enter it: the kernel matrix is O(n²) in memory.
 * 4. PCA reconstruction error (mean squared error over the columns, standardised units), by 10-fold
 *    cross-fitting: the reference sample is dealt (from its random order) into 10 chunks; for each chunk a
 *    model — standardisation and PCA keeping 65% of the variance — is fitted on the other nine, and scores
 *    both that chunk and the whole current sample. Every reference row is then scored by a model that has
 *    not seen it, exactly as the current rows are, so with no drift both sides' errors have the same
 *    distribution. The simpler scheme — fit on the whole reference, take the spread of its chunks' mean
 *    errors as the band — was tried and fired on 11% of unchanged batches of 500 rows: chunks scored by
 *    (nearly) one model share that model's luck, so their spread misses the reference sample's own
 *    sampling error (its means, sds and axes), which is as large as the current's when both samples have
 *    the same size. NannyML's chunk band works because its reference is much larger than a chunk; chunks
 *    as large as the current sample would be truer, but would need a reference many times the sample.
 *    Here `referenceMean` is the mean out-of-fold error of the reference rows, `currentError` the current
 *    rows' mean error (averaged over the 10 models), and `referenceStd` the standard error of their
 *    difference, √(s²_ref/n_ref + s²_cur/n_cur) from the row errors of each side (Welch: each side's own
 *    spread, so that a sample with a few large errors does not tighten the band). Drift when the current
 *    error is outside referenceMean ± 3·referenceStd (too low counts too: the columns then hug the
 *    reference's main directions more tightly than before); on unchanged batches this fired 1–2% of the
 *    time at 30 to 500 rows per side. `components` and `explainedVariance` describe the model fitted on
 *    the whole reference sample.
 * 5. Domain classifier: reference rows labelled 0, current rows 1, each side split in half by a seeded
 *    shuffle (stratified), an L2 logistic regression (λ = 1, Newton/IRLS) fitted on one half and scored by
 *    ROC AUC on the other; score = 2·AUC − 1. A linear model on the columns alone only sees shifted means:
 *    if a and b are both N(0, 1) on both sides but correlated +0.8 in one and −0.8 in the other, no
 *    weighted sum of a and b separates them, whereas the product a·b has mean +0.8 against −0.8. So the
 *    features are the standardised columns, their squares (a change of spread) and their pairwise
 *    products (a change of correlation): the degree-2 terms, for the first 20 columns. Drift when the
 *    score reaches 0.1 — a weak but real separation (AUC 0.55) — or, on a small test half, 3 standard
 *    deviations of the score under no drift (the score of a fixed model on fresh rows is then a
 *    Mann–Whitney statistic, sd 2·√((n₀ + n₁ + 1)/(12 n₀ n₁))), whichever is larger, rounded up to 0.001.
 *    With 1000 test rows per side that bound is 0.077, so the threshold is 0.1.
 *
 * Top-level `drifted` is true when any check drifted.
 *
 * @example await multivariateDrift(connection, { referenceView: 'r', currentView: 'c', columns: ['a', 'b'] })
 */
export async function multivariateDrift(
  connection: DuckDBConnection,
  args: MultivariateDriftArgs
): Promise<MultivariateDrift> {
  const sampleSize = args.sampleSize ?? MULTIVARIATE_DEFAULTS.sampleSize
  const permutations = args.permutations ?? MULTIVARIATE_DEFAULTS.permutations
  const seed = args.seed ?? MULTIVARIATE_DEFAULTS.seed
  const checkCancelled = (): void => {
    if (args.isCancelled?.()) throw new AppFailure('CANCELLED', 'The comparison was cancelled.')
  }
  for (const [name, value, least] of [
    ['sampleSize', sampleSize, MULTIVARIATE_MIN_ROWS],
    ['permutations', permutations, 1],
    ['seed', seed, 0]
  ] as const) {
    if (!Number.isSafeInteger(value) || value < least) {
      throw new AppFailure(
        'INVALID_OPTIONS',
        `The multivariate ${name} must be a whole number of at least ${least}; it is ${value}.`
      )
    }
  }
  const notes: string[] = []
  const stratifiedBy = args.timeColumn === undefined ? {} : { stratifiedBy: args.timeColumn }
  const skipped = (
    reason: string,
    columns: readonly string[],
    sizes = { reference: 0, current: 0 }
  ) => ({
    columns,
    sample: { ...sizes, seed, ...stratifiedBy },
    drifted: false,
    notes: [
      ...notes,
      `MMD was not computed: ${reason}`,
      `PCA reconstruction error was not computed: ${reason}`,
      `The domain classifier was not run: ${reason}`
    ]
  })

  const requested = [...new Set(args.columns)].filter((c) => c !== args.timeColumn)
  checkCancelled()
  const covered = await coveredColumns(connection, args, requested, notes)
  if (covered.length < 2) {
    return skipped(
      `it needs at least 2 numeric columns with values on both sides, and ${covered.length === 1 ? 'only 1 was' : `${covered.length} were`} usable.`,
      covered
    )
  }

  checkCancelled()
  const sampleArgs = { columns: covered, size: sampleSize, seed, ...timeArgument(args.timeColumn) }
  const reference = await sampleRows(connection, { ...sampleArgs, view: args.referenceView })
  checkCancelled()
  const current = await sampleRows(connection, { ...sampleArgs, view: args.currentView })
  for (const [side, s] of [
    ['reference', reference],
    ['current batch', current]
  ] as const) {
    const dropped = s.total - s.usable
    if (dropped > 0) {
      const what = args.timeColumn === undefined ? 'value' : 'value or time'
      notes.push(
        `${dropped} of ${s.total} rows of the ${side} were left out of the multivariate checks for a missing or non-finite ${what} in the columns used.`
      )
    }
  }

  const { columns, zReference, zCurrent } = standardise(
    covered,
    reference.rows,
    current.rows,
    notes
  )
  const sizes = { reference: reference.rows.length, current: current.rows.length }
  if (columns.length < 2) {
    return skipped(
      `it needs at least 2 numeric columns that vary in the reference sample, and ${columns.length === 1 ? 'only 1 does' : `${columns.length} do`}.`,
      columns,
      sizes
    )
  }
  if (sizes.reference < MULTIVARIATE_MIN_ROWS || sizes.current < MULTIVARIATE_MIN_ROWS) {
    return skipped(
      `it needs at least ${MULTIVARIATE_MIN_ROWS} usable rows on each side, and the sample has ${sizes.reference} reference and ${sizes.current} current rows.`,
      columns,
      sizes
    )
  }

  // A check that fails on odd data becomes a note; the other checks still run.
  const attempt = <T>(name: string, check: () => T): T | undefined => {
    checkCancelled()
    try {
      return check()
    } catch (e) {
      notes.push(`${name} could not be computed: ${e instanceof Error ? e.message : String(e)}.`)
      return undefined
    }
  }
  const mmd = attempt('MMD', () => mmdCheck(zReference, zCurrent, permutations, seed, notes))
  const pca = attempt('PCA reconstruction error', () => pcaCheck(zReference, zCurrent))
  const classifier = attempt('The domain classifier', () =>
    classifierCheck(zReference, zCurrent, seed, notes)
  )
  return {
    columns,
    sample: { ...sizes, seed, ...stratifiedBy },
    ...(mmd === undefined ? {} : { mmd }),
    ...(pca === undefined ? {} : { pca }),
    ...(classifier === undefined ? {} : { classifier }),
    drifted: Boolean(mmd?.drifted || pca?.drifted || classifier?.drifted),
    notes
  }
}

function timeArgument(timeColumn: string | undefined): { timeColumn?: string } {
  return timeColumn === undefined ? {} : { timeColumn }
}

/** The requested columns that have finite values in at least half of each side's rows. */
async function coveredColumns(
  connection: DuckDBConnection,
  args: MultivariateDriftArgs,
  columns: readonly string[],
  notes: string[]
): Promise<string[]> {
  if (columns.length === 0) return []
  const coverage = async (view: string): Promise<{ total: number; finite: number[] }> => {
    const known = view === args.referenceView ? args.coverage?.reference : args.coverage?.current
    if (known !== undefined && columns.every((c) => known.finite[c] !== undefined)) {
      return { total: known.total, finite: columns.map((c) => known.finite[c] as number) }
    }
    const counts = columns.map(
      (c, i) => `count(*) FILTER (WHERE isfinite(TRY_CAST(${quoteIdent(c)} AS DOUBLE))) AS f${i}`
    )
    const result = await connection.runAndReadAll(
      `SELECT count(*) AS total, ${counts.join(', ')} FROM ${quoteIdent(view)}`
    )
    const row = result.getRowObjectsJson()[0] ?? {}
    return { total: toNumber(row['total']), finite: columns.map((_, i) => toNumber(row[`f${i}`])) }
  }
  const reference = await coverage(args.referenceView)
  const current = await coverage(args.currentView)
  const kept: string[] = []
  columns.forEach((column, i) => {
    const shareReference =
      reference.total === 0 ? 0 : (reference.finite[i] as number) / reference.total
    const shareCurrent = current.total === 0 ? 0 : (current.finite[i] as number) / current.total
    if (shareReference >= MIN_COLUMN_COVERAGE && shareCurrent >= MIN_COLUMN_COVERAGE) {
      kept.push(column)
    } else {
      notes.push(
        `${column} was left out of the multivariate checks: it has finite values in ${percent(shareReference)} of the reference rows and ${percent(shareCurrent)} of the current rows (at least ${percent(MIN_COLUMN_COVERAGE)} needed on each side).`
      )
    }
  })
  return kept
}

/** Standardises both samples with the reference sample's mean and sd (ddof 0), leaving out constant columns. */
function standardise(
  columns: readonly string[],
  reference: readonly (readonly number[])[],
  current: readonly (readonly number[])[],
  notes: string[]
): { columns: string[]; zReference: number[][]; zCurrent: number[][] } {
  const kept: number[] = []
  const means: number[] = []
  const sds: number[] = []
  columns.forEach((column, c) => {
    const n = reference.length
    const mean = n === 0 ? 0 : reference.reduce((s, row) => s + (row[c] as number), 0) / n
    const variance =
      n === 0 ? 0 : reference.reduce((s, row) => s + ((row[c] as number) - mean) ** 2, 0) / n
    const sd = Math.sqrt(variance)
    if (sd > 0 && Number.isFinite(sd)) {
      kept.push(c)
      means.push(mean)
      sds.push(sd)
    } else if (n > 0) {
      notes.push(
        `${column} is constant in the reference sample, so it was left out of the multivariate checks (its drift, if any, shows in its own test).`
      )
    }
  })
  const transform = (row: readonly number[]): number[] =>
    kept.map((c, k) => ((row[c] as number) - (means[k] as number)) / (sds[k] as number))
  return {
    columns: kept.map((c) => columns[c] as string),
    zReference: reference.map(transform),
    zCurrent: current.map(transform)
  }
}

function mmdCheck(
  reference: number[][],
  current: number[][],
  permutations: number,
  seed: number,
  notes: string[]
): NonNullable<MultivariateDrift['mmd']> {
  const x = reference.slice(0, MMD_MAX_ROWS_PER_SIDE)
  const y = current.slice(0, MMD_MAX_ROWS_PER_SIDE)
  if (x.length < reference.length || y.length < current.length) {
    notes.push(
      `MMD used the first ${MMD_MAX_ROWS_PER_SIDE} rows of each side's sample: its kernel matrix grows with the square of the rows.`
    )
  }
  const result = mmdPermutationTest(x, y, { permutations, seed })
  const threshold = MULTIVARIATE_DEFAULTS.mmdThreshold
  return {
    mmd2: result.mmd2,
    sigma: result.sigma,
    pvalue: result.pvalue,
    permutations: result.permutations,
    threshold,
    drifted: result.pvalue < threshold
  }
}

function pcaCheck(
  reference: number[][],
  current: number[][]
): NonNullable<MultivariateDrift['pca']> {
  const varianceToKeep = MULTIVARIATE_DEFAULTS.pcaVariance
  const chunks = MULTIVARIATE_DEFAULTS.pcaChunks
  // Cross-fitting: chunk k is scored by a model (standardisation and PCA) fitted on the other chunks, and
  // so is the current sample, so that both are new data to the same model.
  const referenceErrors: number[] = []
  const currentErrors = new Float64Array(current.length)
  for (let chunk = 0; chunk < chunks; chunk += 1) {
    const fold = fitPca(
      reference.filter((_, i) => i % chunks !== chunk),
      { varianceToKeep }
    )
    const held = reference.filter((_, i) => i % chunks === chunk)
    referenceErrors.push(...pcaReconstructionErrors(fold, held))
    pcaReconstructionErrors(fold, current).forEach((e, i) => {
      currentErrors[i] = (currentErrors[i] as number) + e / chunks
    })
  }
  const referenceMean = mean(referenceErrors)
  const currentError = mean(Array.from(currentErrors))
  // Standard error of the difference of the two means (Welch): each side's own spread, so that a sample
  // whose errors happen to be small and tight does not narrow the band on its own.
  const referenceStd = Math.sqrt(
    variance(referenceErrors) / referenceErrors.length +
      variance(Array.from(currentErrors)) / currentErrors.length
  )
  const lower = referenceMean - MULTIVARIATE_DEFAULTS.pcaBand * referenceStd
  const upper = referenceMean + MULTIVARIATE_DEFAULTS.pcaBand * referenceStd
  const model = fitPca(reference, { varianceToKeep })
  return {
    components: model.components.length,
    explainedVariance: model.explainedVariance,
    referenceMean,
    referenceStd,
    chunks,
    currentError,
    lower,
    upper,
    drifted: currentError < lower || currentError > upper
  }
}

function classifierCheck(
  reference: number[][],
  current: number[][],
  seed: number,
  notes: string[]
): NonNullable<MultivariateDrift['classifier']> {
  const columns = (reference[0] as number[]).length
  const quadratic = Math.min(columns, QUADRATIC_MAX_COLUMNS)
  if (quadratic < columns) {
    notes.push(
      `The domain classifier used squares and pairwise products of the first ${QUADRATIC_MAX_COLUMNS} columns only (and every column itself): ${columns} columns would give ${(columns * (columns + 3)) / 2} features.`
    )
  }
  const features = (row: readonly number[]): number[] => {
    const out = [...row]
    for (let a = 0; a < quadratic; a += 1) {
      for (let b = a; b < quadratic; b += 1) out.push((row[a] as number) * (row[b] as number))
    }
    return out
  }
  const random = seededRandom(seed)
  const split = (rows: number[][]): { train: number[][]; test: number[][] } => {
    const order = shuffleInPlace(
      rows.map((_, i) => i),
      random
    )
    const half = Math.floor(rows.length / 2)
    return {
      train: order.slice(0, half).map((i) => features(rows[i] as number[])),
      test: order.slice(half).map((i) => features(rows[i] as number[]))
    }
  }
  const r = split(reference)
  const c = split(current)
  const l2 = MULTIVARIATE_DEFAULTS.classifierL2
  const model = fitLogisticRegression(
    [...r.train, ...c.train],
    [...r.train.map(() => 0), ...c.train.map(() => 1)],
    { l2 }
  )
  const labels = [...r.test.map(() => 0), ...c.test.map(() => 1)]
  const auc = rocAuc(labels, predictLogisticRegression(model, [...r.test, ...c.test]))
  const score = 2 * auc - 1
  const n0 = r.test.length
  const n1 = c.test.length
  const nullSd = 2 * Math.sqrt((n0 + n1 + 1) / (12 * n0 * n1))
  const threshold = Math.max(
    MULTIVARIATE_DEFAULTS.classifierThreshold,
    Math.ceil(3 * nullSd * 1000) / 1000
  )
  const terms = quadratic === 0 ? '' : ', their squares and pairwise products'
  return {
    model: `logistic regression (L2, λ = ${l2}) on the standardised columns${terms}`,
    auc,
    score,
    threshold,
    train: r.train.length + c.train.length,
    test: n0 + n1,
    drifted: score >= threshold
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}

/** Sample variance (ddof 1). */
function variance(values: readonly number[]): number {
  const m = mean(values)
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`
}
