/**
 * Drift of one column between two tables. Everything that touches rows runs in DuckDB: one pooled table of
 * the column's distinct values with their counts on each side (one scan of each side), from which SQL derives
 * the profile's quantiles, the merged ECDF's statistics (KS, Wasserstein, energy, Cramér–von Mises,
 * Anderson–Darling, rank sums), moments and spreads (t-tests, Levene), characteristic-function sums
 * (Epps–Singleton), counts on shared histogram edges and category counts. Only those small results reach
 * src/shared/stats, which turns them into statistics and p-values exactly as SciPy does. A test needs only
 * the families it uses, and each family is computed once per column whatever the number of tests reading it.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { chooseTest, DRIFT_TESTS, explainDrift, isDrifted } from '../../shared/drift'
import type {
  ColumnDrift,
  ColumnKind,
  ColumnProfile,
  ColumnRole,
  Distribution,
  DriftTestId,
  EcdfCurve,
  Quantile
} from '../../shared/model'
import {
  binEdgesFromRange,
  chisquareGof,
  jensenShannon,
  klDivergence,
  ks2sampPvalue,
  sturgesBins,
  twoProportionZtest
} from '../../shared/stats'
import { andersonKsampFromA2 } from '../../shared/stats/andersonKsamp'
import { cramervonmisesFromU } from '../../shared/stats/cramervonmises2samp'
import { eppsSingletonFromMoments } from '../../shared/stats/eppsSingleton2samp'
import { fisherExact } from '../../shared/stats/fisherExact'
import { gTest } from '../../shared/stats/gTest'
import { hellingerBinned, hellingerEvidently } from '../../shared/stats/hellingerBinned'
import { leveneFromSums } from '../../shared/stats/levene'
import { mannwhitneyuFromRanks } from '../../shared/stats/mannwhitneyu'
import { evidentlyMmdSigma, mmdPermutationTest } from '../../shared/stats/mmd'
import { fillZeroShares, psi } from '../../shared/stats/psi'
import { seededRandom } from '../../shared/stats/random'
import { ttestIndFromMoments } from '../../shared/stats/ttestInd'
import { tvdPermutationTest } from '../../shared/stats/tvdPermutation'
import { type EcdfCurvePoints, type EcdfNeed, ecdfStatistics, type EcdfStatistics } from './ecdfSql'
import { eppsSingletonStatistics, momentStatistics, type MomentStatistics } from './momentSql'
import {
  PROFILE_QUANTILES,
  type ProfiledColumn,
  TEXT_DISTINCT_SHARE,
  TEXT_MIN_DISTINCT,
  valueExpression
} from './profile'
import { quoteIdent, quoteString, toNumber } from './sql'

/** Evidently bins a numeric column on shared Sturges edges when the reference has more distinct values than this. */
export const PER_VALUE_MAX_DISTINCT = 20
/** More distinct values than this are not fetched into JavaScript as categories. */
export const MAX_CATEGORIES = 100_000
/** Values drawn from each side for the sampled univariate test (empirical_mmd). */
export const MMD_SAMPLE_SIZE = 2000
/** Permutations of the univariate MMD test. */
export const MMD_PERMUTATIONS = 100
/** Epps–Singleton's default evaluation points, as SciPy's. */
const EPPS_SINGLETON_T = [0.4, 0.8] as const
/** The ECDF chart's points: where the pooled count passes each 1/ECDF_CHART_STEPS of all values. */
export const ECDF_CHART_STEPS = 100
/** Bars shown per side in a category chart; the rest are folded into "other". */
const CHART_CATEGORIES = 30
const TOP_CATEGORIES = 10

/** What the caller settled for this column: a requested test and threshold, if any. */
export type ColumnChoice = Readonly<{
  test?: DriftTestId
  threshold?: number
  isFromOption: boolean
}>

export type ColumnDriftInput = Readonly<{
  connection: DuckDBConnection
  referenceView: string
  currentView: string
  /** SQL yielding the reference's (v, n) from a stored profile; when given, referenceView is not read. */
  referenceCounts?: string
  column: string
  kind: ColumnKind
  role: ColumnRole
  reference: ProfiledColumn
  current: ProfiledColumn
  choice: ColumnChoice
  /** Under a multiple-testing rule the automatic choice takes p-value tests at every size. */
  preferPvalue: boolean
  seed: number
}>

type ValueCount = { value: string; sortKey: number | string; reference: number; current: number }

const POOL = 'dw_pool'

export async function columnDrift(input: ColumnDriftInput): Promise<ColumnDrift> {
  const { connection, column, kind, choice } = input
  const nr = input.reference.profile.count
  const nc = input.current.profile.count
  const base = {
    column,
    kind,
    ...(input.role === 'feature' ? {} : { role: input.role }),
    reference: input.reference.profile,
    current: input.current.profile
  }
  if (nr === 0 || nc === 0) {
    const side = nr === 0 ? 'reference' : 'current batch'
    return {
      ...base,
      status: 'not_tested',
      drifted: false,
      note: `Every value of ${column} is missing in the ${side}, so there is nothing to compare. Check the export that produced it.`
    }
  }
  const requested = choice.test
  if (requested && DRIFT_TESTS[requested].accepts === 'numeric' && kind !== 'numeric') {
    return {
      ...base,
      status: 'not_tested',
      drifted: false,
      note: `${DRIFT_TESTS[requested].name} needs numeric values, but ${column} is ${kind}. Choose a test that takes categories for it (chisquare, z, jensenshannon, psi, g_test, ...).`
    }
  }

  const numeric = kind === 'numeric'
  await connection.run(
    input.referenceCounts === undefined
      ? `CREATE OR REPLACE TEMP TABLE ${POOL} AS
     SELECT v, count(*) FILTER (WHERE side = 0) AS cr, count(*) FILTER (WHERE side = 1) AS cc
     FROM (
       SELECT ${valueExpression(column, kind)} AS v, 0 AS side FROM ${quoteIdent(input.referenceView)}
       UNION ALL
       SELECT ${valueExpression(column, kind)} AS v, 1 AS side FROM ${quoteIdent(input.currentView)}
     ) WHERE v IS NOT NULL GROUP BY v`
      : `CREATE OR REPLACE TEMP TABLE ${POOL} AS
     SELECT v, CAST(sum(r) AS BIGINT) AS cr, CAST(sum(c) AS BIGINT) AS cc
     FROM (
       SELECT v, n AS r, 0 AS c FROM (${input.referenceCounts})
       UNION ALL
       SELECT v, 0 AS r, count(*) AS c FROM (SELECT ${valueExpression(column, kind)} AS v FROM ${quoteIdent(input.currentView)}) WHERE v IS NOT NULL GROUP BY v
     ) GROUP BY v`
  )
  try {
    const summary = await pooledSummary(connection, numeric)
    const dates = numeric || kind === 'boolean' ? null : await dateLikeText(connection)
    if (dates !== null) {
      return {
        ...base,
        status: 'not_tested',
        drifted: false,
        note:
          dates.failed === 0
            ? `${column} holds dates or times, written as text (in more than one format?); date and time columns are not tested for drift.`
            : `Most values of ${column} are dates, but ${dates.failed} ${dates.failed === 1 ? 'is' : 'are'} not (e.g. "${dates.example}"), so it was read as text. Date and time columns are not tested for drift; fix those values upstream, or ignore the column.`
      }
    }
    const auto = chooseTest({
      kind,
      referenceCount: nr,
      distinctPooled: summary.distinct,
      preferPvalue: input.preferPvalue
    })
    const test: DriftTestId = requested ?? auto.test
    const info = DRIFT_TESTS[test]
    const threshold = choice.threshold ?? info.defaultThreshold
    // Numbers: one sorted pass over the pool gives the profile's quantiles and the test's ECDF statistics.
    const ecdf = numeric
      ? await ecdfStatistics(connection, POOL, nr, nc, {
          needs: ecdfNeeds(test),
          ranks: { reference: quantileRanks(nr), current: quantileRanks(nc) },
          curve: ECDF_CHART_STEPS
        })
      : undefined
    const referenceProfile = withSummary(
      input.reference.profile,
      summary.reference,
      kindFromValues(input.reference.profile.kind, summary.reference, nr),
      ecdf && quantilesFromRanks(nr, ecdf.rankValues.reference)
    )
    const currentProfile = withSummary(
      input.current.profile,
      summary.current,
      kindFromValues(input.current.profile.kind, summary.current, nc),
      ecdf && quantilesFromRanks(nc, ecdf.rankValues.current)
    )
    // Strings with many distinct values, most of them rare, are free text or identifiers (the report says so).
    const isText = referenceProfile.kind === 'text' || currentProfile.kind === 'text'
    const profiled = {
      ...base,
      ...(isText ? { kind: 'text' as const } : {}),
      reference: referenceProfile,
      current: currentProfile
    }
    const reason = requested
      ? `${info.name} was set by option (the automatic choice would be ${DRIFT_TESTS[auto.test].name}).`
      : auto.reason
    const binned = numeric && summary.reference.distinct > PER_VALUE_MAX_DISTINCT
    const perValueTest =
      test === 'chisquare' ||
      test === 'z' ||
      test === 'fisher_exact' ||
      test === 'g_test' ||
      test === 'TVD'
    const needsValues = !binned || perValueTest
    const testedBase = { ...profiled, test, testName: info.name, scoreKind: info.scoreKind }
    if (needsValues && summary.distinct > MAX_CATEGORIES) {
      return {
        ...testedBase,
        status: 'not_tested',
        drifted: false,
        note: `${column} has ${summary.distinct} distinct values, too many to compare value by value (it looks like an identifier or free text). Ignore it, or choose a test for it that works on bins (jensenshannon, psi) or on the numbers (ks, wasserstein).`
      }
    }
    if (info.accepts === 'binary' && summary.distinct > 2) {
      return {
        ...testedBase,
        status: 'not_tested',
        drifted: false,
        note: `${info.name} compares a column with two values, but ${column} has ${summary.distinct}. Choose chisquare or g_test for it.`
      }
    }
    const values = needsValues ? await valueCounts(connection, numeric) : []
    const bins = binned ? await binCounts(connection, summary.min, summary.max, nr + nc) : null
    const distribution: Distribution = bins ?? categoryDistribution(values)
    const data: TestData = {
      connection,
      summary,
      ecdf,
      values,
      bins,
      nr,
      nc,
      stdPop: summary.reference.stdPop,
      seed: input.seed
    }
    const constant = constantNote(column, summary.distinct, values)
    // One and the same value on both sides: the distributions are identical, whatever a formula gives for a
    // constant (0/0 in t and Levene, tied ranks in Cramér–von Mises): no drift, by convention p = 1 or d = 0.
    const outcome = explainUndefined(
      summary.distinct === 1 && test !== 'z' && test !== 'fisher_exact'
        ? { score: info.scoreKind === 'p_value' ? 1 : 0, statistic: null }
        : await runTest(test, data),
      { name: info.name, column, numeric, constant }
    )
    const score = outcome.score
    const drifted = score !== null && isDrifted(test, score, threshold)
    const explanation = explainDrift({
      column,
      test,
      score,
      statistic: outcome.statistic,
      threshold,
      drifted,
      ...(outcome.method === undefined ? {} : { method: outcome.method }),
      ...(outcome.bins === undefined ? {} : { bins: outcome.bins }),
      ...(outcome.proportion === undefined ? {} : { proportion: outcome.proportion }),
      ...(outcome.permutations === undefined ? {} : { permutations: outcome.permutations }),
      ...(outcome.sampleSize === undefined ? {} : { sampleSize: outcome.sampleSize })
    })
    const notes = [outcome.note].filter((n): n is string => n !== undefined)
    return {
      ...testedBase,
      reference: withShape(referenceProfile, distribution, 'reference', values),
      current: withShape(currentProfile, distribution, 'current', values),
      status: 'tested',
      score,
      statistic: outcome.statistic,
      threshold,
      drifted,
      explanation,
      reason,
      ...(info.deviation === undefined ? {} : { deviation: info.deviation }),
      sampleSize: outcome.sampleSize ?? { reference: nr, current: nc },
      distribution,
      ...(ecdf?.curve === undefined ? {} : { ecdf: ecdfCurve(ecdf.curve, nr, nc) }),
      ...(notes.length === 0 ? {} : { note: notes.join(' ') })
    }
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${POOL}`)
  }
}

/** One side's figures read from the pooled counts. */
type SideSummary = Readonly<{
  distinct: number
  /** Numbers: range, mean, sample (ddof 1) and population (ddof 0) standard deviations. */
  min?: number
  max?: number
  mean?: number
  std?: number
  stdPop?: number
}>

type PooledSummary = Readonly<{
  distinct: number
  reference: SideSummary
  current: SideSummary
  /** Numeric: the pooled range (for shared bin edges). */
  min: number
  max: number
}>

/**
 * Distinct counts and, for numbers, each side's range, mean and standard deviations, from the pooled
 * table in one query: the means first (exactly rounded sums), then the corrected two-pass sums of squares
 * Σc(v − m)² − (Σc(v − m))²/n, which NumPy's two-pass `std` also computes. O(P) for P pooled values.
 */
async function pooledSummary(
  connection: DuckDBConnection,
  numeric: boolean
): Promise<PooledSummary> {
  const sides = [
    ['r', 'cr'],
    ['c', 'cc']
  ] as const
  const numbers = numeric
    ? sides.flatMap(([s, c]) => [
        `min(v) FILTER (WHERE ${c} > 0) AS ${s}_lo`,
        `max(v) FILTER (WHERE ${c} > 0) AS ${s}_hi`,
        `any_value(m.${s}_mean) AS ${s}_mean`,
        `fsum(${c} * (v - m.${s}_mean) * (v - m.${s}_mean)) AS ${s}_ss`,
        `fsum(${c} * (v - m.${s}_mean)) AS ${s}_dev`,
        `sum(${c}) AS ${s}_n`
      ])
    : []
  const result = await connection.runAndReadAll(
    numeric
      ? `WITH m AS (SELECT fsum(cr * v) / sum(cr) AS r_mean, fsum(cc * v) / sum(cc) AS c_mean FROM ${POOL})
         SELECT count(*) AS distinct_pooled, count(*) FILTER (WHERE cr > 0) AS distinct_reference,
                count(*) FILTER (WHERE cc > 0) AS distinct_current, min(v) AS lo, max(v) AS hi,
                ${numbers.join(', ')}
         FROM ${POOL}, m`
      : `SELECT count(*) AS distinct_pooled, count(*) FILTER (WHERE cr > 0) AS distinct_reference,
                count(*) FILTER (WHERE cc > 0) AS distinct_current
         FROM ${POOL}`
  )
  const row = result.getRowObjectsJson()[0] ?? {}
  const side = (s: 'r' | 'c', distinct: unknown): SideSummary => {
    if (!numeric) return { distinct: toNumber(distinct) }
    const n = toNumber(row[`${s}_n`])
    const dev = toNumber(row[`${s}_dev`])
    const ss = Math.max(0, toNumber(row[`${s}_ss`]) - (dev * dev) / n)
    return {
      distinct: toNumber(distinct),
      min: toNumber(row[`${s}_lo`]),
      max: toNumber(row[`${s}_hi`]),
      mean: toNumber(row[`${s}_mean`]) + dev / n,
      ...(n >= 2 ? { std: Math.sqrt(ss / (n - 1)) } : {}),
      stdPop: Math.sqrt(ss / n)
    }
  }
  return {
    distinct: toNumber(row['distinct_pooled']),
    reference: side('r', row['distinct_reference']),
    current: side('c', row['distinct_current']),
    min: numeric ? toNumber(row['lo']) : Number.NaN,
    max: numeric ? toNumber(row['hi']) : Number.NaN
  }
}

/** Free text or identifiers rather than categories: many distinct values, most of them rare. */
function kindFromValues(kind: ColumnKind, side: SideSummary, count: number): ColumnKind {
  const isText =
    kind === 'categorical' &&
    side.distinct > TEXT_MIN_DISTINCT &&
    side.distinct > TEXT_DISTINCT_SHARE * count
  return isText ? 'text' : kind
}

/** 0-based ranks of the two order statistics NumPy's linear rule interpolates for each profile quantile. */
function quantileRanks(n: number): number[] {
  return PROFILE_QUANTILES.flatMap((p) => {
    const h = (n - 1) * p
    return [Math.floor(h), Math.min(Math.floor(h) + 1, n - 1)]
  })
}

/** NumPy's linear quantiles (h = (n − 1)·p) from the values at the ranks of {@link quantileRanks}. */
function quantilesFromRanks(n: number, values: readonly number[]): Quantile[] {
  return PROFILE_QUANTILES.map((p, i) => {
    const h = (n - 1) * p
    const low = values[2 * i] as number
    const high = values[2 * i + 1] as number
    return { p, value: low + (h - Math.floor(h)) * (high - low) }
  })
}

/** Which merged-ECDF statistics a test reads (the profile's quantiles come from the same pass). */
function ecdfNeeds(test: DriftTestId): EcdfNeed[] {
  switch (test) {
    case 'ks':
      return ['ks']
    case 'wasserstein':
      return ['wasserstein']
    case 'ed':
      return ['energy']
    case 'cramer_von_mises':
      return ['cvm']
    case 'anderson':
      return ['anderson']
    case 'mannw':
      return ['mannw']
    default:
      return []
  }
}

/** A side's profile with the exact distinct count and quantiles read from the pooled table. */
function withSummary(
  profile: ColumnProfile,
  side: SideSummary,
  kind: ColumnKind,
  quantiles: Quantile[] | undefined
): ColumnProfile {
  const { isDistinctApproximate: _approximate, ...exact } = profile
  return {
    ...exact,
    kind,
    distinct: side.distinct,
    ...(side.min === undefined ? {} : { min: side.min }),
    ...(side.max === undefined ? {} : { max: side.max }),
    ...(side.mean === undefined ? {} : { mean: side.mean }),
    ...(side.std === undefined ? {} : { std: side.std }),
    ...(quantiles === undefined ? {} : { quantiles })
  }
}

async function valueCounts(connection: DuckDBConnection, numeric: boolean): Promise<ValueCount[]> {
  const result = await connection.runAndReadAll(`SELECT v, cr, cc FROM ${POOL} ORDER BY v`)
  return result.getRowObjectsJson().map((row) => {
    const raw = row['v']
    const sortKey = numeric ? toNumber(raw) : String(raw)
    return {
      value: numeric ? String(toNumber(raw)) : String(raw),
      sortKey,
      reference: toNumber(row['cr']),
      current: toNumber(row['cc'])
    }
  })
}

/**
 * Counts of both sides on `nBins` equal-width edges over [min, max], assigned to bins exactly as NumPy does
 * (half-open bins, the last one closed). `nBins` defaults to Sturges' rule over the pooled count.
 */
async function binCounts(
  connection: DuckDBConnection,
  min: number,
  max: number,
  pooledCount: number,
  nBins = sturgesBins(pooledCount, min, max)
): Promise<Extract<Distribution, { kind: 'bins' }>> {
  const edges = binEdgesFromRange(min, max, nBins)
  const first = edges[0] as number
  const last = edges[edges.length - 1] as number
  const literal = doubleLiteral
  const list = `[${edges.map(literal).join(', ')}]`
  // i0: NumPy's first guess; i1: moved down when v lies below its left edge; i2: moved up when v reaches the
  // next edge (except in the last bin, which is closed). Lists are 1-based in DuckDB.
  const result = await connection.runAndReadAll(
    `WITH e AS (SELECT ${list} AS edges),
     a AS (SELECT v, cr, cc, LEAST(GREATEST(CAST(floor((v - ${literal(first)}) / (${literal(last)} - ${literal(first)}) * ${nBins}) AS BIGINT), 0), ${nBins - 1}) AS i0 FROM ${POOL}),
     b AS (SELECT v, cr, cc, CASE WHEN v < edges[i0 + 1] THEN i0 - 1 ELSE i0 END AS i1 FROM a, e),
     c AS (SELECT cr, cc, CASE WHEN i1 <> ${nBins - 1} AND v >= edges[i1 + 2] THEN i1 + 1 ELSE i1 END AS i2 FROM b, e)
     SELECT i2 AS bin, sum(cr) AS cr, sum(cc) AS cc FROM c GROUP BY i2 ORDER BY i2`
  )
  const referenceCounts = new Array<number>(nBins).fill(0)
  const currentCounts = new Array<number>(nBins).fill(0)
  for (const row of result.getRowObjectsJson()) {
    const bin = toNumber(row['bin'])
    referenceCounts[bin] = toNumber(row['cr'])
    currentCounts[bin] = toNumber(row['cc'])
  }
  return { kind: 'bins', edges, reference: referenceCounts, current: currentCounts }
}

/**
 * The report's ECDF chart data from the running counts: shares of each side's values, rounded for size
 * (x to 7 significant digits, shares to 4 decimals), and the largest gap exactly. O(points).
 */
export function ecdfCurve(curve: EcdfCurvePoints, nr: number, nc: number): EcdfCurve {
  const share = (count: number, n: number): number => Math.round((count / n) * 1e4) / 1e4
  return {
    x: curve.points.map((p) => Number(p.v.toPrecision(7))),
    reference: curve.points.map((p) => share(p.fr, nr)),
    current: curve.points.map((p) => share(p.fc, nc)),
    largestGap: {
      x: curve.largestGap.v,
      reference: curve.largestGap.fr / nr,
      current: curve.largestGap.fc / nc
    }
  }
}

/** A double as a SQL literal that DuckDB reads back to the same double (JavaScript's shortest round trip). */
function doubleLiteral(x: number): string {
  return `${quoteString(String(x))}::DOUBLE`
}

/**
 * The condition that the value `value` (a SQL expression) lies in the bin from `lower` to `upper` as
 * {@link binCounts} counts it: lower ≤ v < upper, and lower ≤ v ≤ upper for the last bin. Exactly the rows
 * behind one bar of a report's histogram, given the bar's edges as the report holds them. (binCounts finds a
 * value's bin by NumPy's guess-and-correct arithmetic, which ends in this same bin.)
 *
 * @example binCondition('v', 0, 0.5, false) // "(v >= '0'::DOUBLE AND v < '0.5'::DOUBLE)"
 */
export function binCondition(value: string, lower: number, upper: number, isLast: boolean): string {
  return `(${value} >= ${doubleLiteral(lower)} AND ${value} ${isLast ? '<=' : '<'} ${doubleLiteral(upper)})`
}

type TestData = Readonly<{
  connection: DuckDBConnection
  summary: PooledSummary
  /** Numbers: the merged-ECDF statistics the test needs. */
  ecdf: EcdfStatistics | undefined
  values: readonly ValueCount[]
  bins: Extract<Distribution, { kind: 'bins' }> | null
  nr: number
  nc: number
  stdPop: number | undefined
  seed: number
}>

type TestOutcome = Readonly<{
  score: number | null
  statistic: number | null
  method?: string
  bins?: number
  proportion?: Readonly<{ value: string; reference: number; current: number }>
  permutations?: number
  sampleSize?: Readonly<{ reference: number; current: number }>
  note?: string
}>

/** Evidently's shared binning: Sturges bins for numbers with many values, otherwise one bin per value. */
function sharedCounts(data: TestData): { reference: number[]; current: number[] } {
  if (data.bins) return { reference: [...data.bins.reference], current: [...data.bins.current] }
  return {
    reference: data.values.map((v) => v.reference),
    current: data.values.map((v) => v.current)
  }
}

async function runTest(test: DriftTestId, data: TestData): Promise<TestOutcome> {
  const { values, nr, nc, connection } = data
  switch (test) {
    case 'ks': {
      const e = ecdfOf(data)
      const r = ks2sampPvalue({
        statistic: e.ksNumerator / nr / nc,
        n1: nr,
        n2: nc,
        method: 'auto'
      })
      return { score: finiteOrNull(r.pvalue), statistic: r.statistic, method: r.methodUsed }
    }
    case 'wasserstein': {
      const e = ecdfOf(data)
      const std = data.stdPop ?? 0
      return {
        score: finiteOrNull(e.wasserstein / Math.max(std, 0.001)),
        statistic: e.wasserstein
      }
    }
    case 'ed': {
      const e = ecdfOf(data)
      const d = Math.SQRT2 * Math.sqrt(e.energyIntegral)
      return { score: finiteOrNull(d), statistic: finiteOrNull(d) }
    }
    case 'cramer_von_mises': {
      const e = ecdfOf(data)
      const r = cramervonmisesFromU(e.cvmU, nr, nc, 'auto')
      return {
        score: finiteOrNull(r.pvalue),
        statistic: finiteOrNull(r.statistic),
        method: r.methodUsed
      }
    }
    case 'anderson': {
      const e = ecdfOf(data)
      const r = andersonKsampFromA2(e.adA2akN, [nr, nc])
      return { score: finiteOrNull(r.significanceLevel), statistic: finiteOrNull(r.statistic) }
    }
    case 'mannw': {
      const e = ecdfOf(data)
      const r = mannwhitneyuFromRanks({
        r1: e.mwuR1,
        n1: nr,
        n2: nc,
        tieSum: e.tieSum,
        hasTies: e.hasTies,
        useContinuity: true,
        method: 'auto'
      })
      return {
        score: finiteOrNull(r.pvalue),
        statistic: finiteOrNull(r.statistic),
        method: r.methodUsed
      }
    }
    case 't_test':
    case 'welch_t_test': {
      if (nr < 2 || nc < 2) return tooFew('a t-test', 2)
      const m = await momentStatistics(connection, POOL, nr, nc)
      const r = ttestIndFromMoments({
        mean1: m.reference.mean,
        var1: m.reference.variance,
        n1: nr,
        mean2: m.current.mean,
        var2: m.current.variance,
        n2: nc,
        equalVar: test === 't_test'
      })
      return { score: finiteOrNull(r.pvalue), statistic: finiteOrNull(r.statistic) }
    }
    case 'levene_median':
    case 'levene_mean': {
      if (nr + nc < 3) return tooFew('Levene’s test', 2)
      const m: MomentStatistics = await momentStatistics(connection, POOL, nr, nc)
      const r = leveneFromSums(m.levene[test === 'levene_median' ? 'median' : 'mean'])
      return { score: finiteOrNull(r.pvalue), statistic: finiteOrNull(r.statistic) }
    }
    case 'es': {
      if (nr < 5 || nc < 5) return tooFew('the Epps–Singleton test', 5)
      let moments: Awaited<ReturnType<typeof eppsSingletonStatistics>>
      try {
        moments = await eppsSingletonStatistics(connection, POOL, nr, nc, EPPS_SINGLETON_T)
      } catch (e) {
        if (!(e instanceof Error) || !/interquartile|IQR/i.test(e.message)) throw e
        return {
          score: null,
          statistic: null,
          note: 'The pooled interquartile range is 0 (most values are equal), so the Epps–Singleton test is undefined; choose ks or chisquare for this column.'
        }
      }
      const r = eppsSingletonFromMoments(moments)
      return { score: finiteOrNull(r.pvalue), statistic: finiteOrNull(r.statistic) }
    }
    case 'chisquare':
      return goodnessOfFit(values, chisquareGof, 'chi-square')
    case 'g_test':
      return goodnessOfFit(values, gTest, 'G')
    case 'z':
    case 'fisher_exact': {
      const first = values[0]
      if (!first) return { score: null, statistic: null }
      const second = values[1]
      if (!second) {
        // Both sides hold the same single value: identical, p = 1 (as Evidently).
        return {
          score: 1,
          statistic: 0,
          proportion: { value: first.value, reference: 1, current: 1 }
        }
      }
      const proportion = {
        value: first.value,
        reference: first.reference / nr,
        current: first.current / nc
      }
      const rest =
        values.length > 2
          ? {
              note: `The z-test compares two proportions: "${first.value}" against the other ${values.length - 1} values together.`
            }
          : {}
      if (test === 'z') {
        const r = twoProportionZtest(first.reference, nr, first.current, nc)
        return {
          score: finiteOrNull(r.pvalue),
          statistic: finiteOrNull(r.z),
          proportion,
          ...rest
        }
      }
      const r = fisherExact([
        [first.reference, nr - first.reference],
        [first.current, nc - first.current]
      ])
      return { score: finiteOrNull(r.pvalue), statistic: finiteOrNull(r.oddsRatio), proportion }
    }
    case 'jensenshannon': {
      const r = sharedCounts(data)
      const score = jensenShannon(
        r.reference.map((x) => x / nr),
        r.current.map((x) => x / nc)
      )
      return {
        score: finiteOrNull(score),
        statistic: finiteOrNull(score),
        bins: r.reference.length
      }
    }
    case 'psi': {
      const r = sharedCounts(data)
      const score = psi(r.reference, r.current)
      return {
        score: finiteOrNull(score),
        statistic: finiteOrNull(score),
        bins: r.reference.length
      }
    }
    case 'kl_div': {
      const r = sharedCounts(data)
      const score = klDivergence(
        fillZeroShares(r.reference.map((x) => x / nr)),
        fillZeroShares(r.current.map((x) => x / nc))
      )
      return {
        score: finiteOrNull(score),
        statistic: finiteOrNull(score),
        bins: r.reference.length
      }
    }
    case 'hellinger': {
      if (data.ecdf === undefined) {
        const score = hellingerEvidently(
          values.map((v) => v.reference / nr),
          values.map((v) => v.current / nc)
        )
        return { score: finiteOrNull(score), statistic: finiteOrNull(score), bins: values.length }
      }
      // Numbers: Evidently's Sturges edges over the set of distinct values, density histograms.
      const bins = await binCounts(
        connection,
        data.summary.min,
        data.summary.max,
        data.summary.distinct
      )
      const score = hellingerBinned(bins.reference, bins.current, bins.edges)
      return {
        score: finiteOrNull(score),
        statistic: finiteOrNull(score),
        bins: bins.reference.length
      }
    }
    case 'TVD': {
      const r = tvdPermutationTest(
        values.map((v) => v.reference),
        values.map((v) => v.current),
        { permutations: 1000, seed: data.seed }
      )
      return {
        score: finiteOrNull(r.pvalue),
        statistic: finiteOrNull(r.statistic),
        permutations: r.permutations,
        bins: values.length
      }
    }
    case 'empirical_mmd': {
      const random = seededRandom(data.seed)
      const x = await sampleFromPool(connection, 'cr', nr, MMD_SAMPLE_SIZE, random)
      const y = await sampleFromPool(connection, 'cc', nc, MMD_SAMPLE_SIZE, random)
      if (x.length < 2 || y.length < 2) return tooFew('the MMD test', 2)
      const r = mmdPermutationTest(
        x.map((v) => [v]),
        y.map((v) => [v]),
        { sigma: evidentlyMmdSigma(x), permutations: MMD_PERMUTATIONS, seed: data.seed }
      )
      return {
        score: finiteOrNull(r.pvalue),
        statistic: finiteOrNull(r.mmd2),
        permutations: r.permutations,
        sampleSize: { reference: x.length, current: y.length }
      }
    }
    default:
      return assertNever(test)
  }
}

/**
 * A simple random sample without replacement of `size` values of one side, drawn from the pooled counts:
 * random ranks in [0, n) chosen with the seeded generator, then the value at each rank of the sorted side.
 * It depends only on the values and the seed, never on file order or threads.
 */
async function sampleFromPool(
  connection: DuckDBConnection,
  countColumn: 'cr' | 'cc',
  n: number,
  size: number,
  random: ReturnType<typeof seededRandom>
): Promise<number[]> {
  const ranks = sampleRanks(n, Math.min(size, n), random)
  if (ranks.length === 0) return []
  const result = await connection.runAndReadAll(
    `WITH ranks AS (SELECT unnest([${ranks.join(', ')}]::BIGINT[]) AS k),
     cum AS (SELECT v, sum(${countColumn}) OVER (ORDER BY v ROWS UNBOUNDED PRECEDING) AS upto, ${countColumn} AS n FROM ${POOL} WHERE ${countColumn} > 0)
     SELECT v FROM ranks JOIN cum ON k >= upto - n AND k < upto ORDER BY v`
  )
  return result.getRowObjectsJson().map((row) => toNumber(row['v']))
}

/** `size` distinct integers from [0, n), in draw order (Floyd's algorithm for size ≪ n, else a shuffle). */
function sampleRanks(n: number, size: number, random: ReturnType<typeof seededRandom>): number[] {
  const chosen = new Set<number>()
  for (let j = n - size; j < n; j += 1) {
    const t = random.integer(j + 1)
    chosen.add(chosen.has(t) ? j : t)
  }
  return [...chosen]
}

/**
 * A goodness-of-fit test of the current batch's category counts against the reference's proportions
 * (chi-square or G), with a note when values new in the batch make the statistic infinite.
 */
function goodnessOfFit(
  values: readonly ValueCount[],
  test: (
    reference: readonly number[],
    current: readonly number[]
  ) => Readonly<{ statistic: number; pvalue: number }>,
  statistic: string
): TestOutcome {
  const r = test(
    values.map((v) => v.reference),
    values.map((v) => v.current)
  )
  const unseen = values.filter((v) => v.reference === 0 && v.current > 0).length
  return {
    score: Number.isNaN(r.pvalue) ? null : r.pvalue,
    statistic: finiteOrNull(r.statistic),
    bins: values.length,
    ...(unseen > 0 ? { note: unseenNote(unseen, statistic) } : {})
  }
}

function ecdfOf(data: TestData): EcdfStatistics {
  if (data.ecdf === undefined) throw new Error('an ECDF test on a column without numbers')
  return data.ecdf
}

/**
 * A text column whose values are mostly dates or times (at least half of them, counted with their
 * repeats): a date column with values that did not parse, which CSV readers then read as text.
 */
async function dateLikeText(
  connection: DuckDBConnection
): Promise<Readonly<{ failed: number; example: string }> | null> {
  const isDate = 'isfinite(TRY_CAST(v AS TIMESTAMP))'
  const result = await connection.runAndReadAll(
    `SELECT sum(cr + cc) AS n, sum(cr + cc) FILTER (WHERE ${isDate}) AS dates,
            min(v) FILTER (WHERE ${isDate} IS NOT TRUE) AS example FROM ${POOL}`
  )
  const row = result.getRowObjectsJson()[0] ?? {}
  const n = toNumber(row['n'])
  const dates = toNumber(row['dates'] ?? 0)
  if (!(n > 0) || !(dates >= n / 2)) return null
  return { failed: n - dates, example: String(row['example'] ?? '') }
}

/** A note for a column with one value on each side (the same one, or two different ones). */
function constantNote(
  column: string,
  distinct: number,
  values: readonly ValueCount[]
): string | undefined {
  const reference = values.filter((v) => v.reference > 0)
  const current = values.filter((v) => v.current > 0)
  if (reference.length !== 1 || current.length !== 1) return undefined
  const [r, c] = [reference[0] as ValueCount, current[0] as ValueCount]
  return distinct === 1
    ? `${column} has the same value ("${r.value}") in every row of both files: nothing changed.`
    : `${column} has one value on each side ("${r.value}" in the reference, "${c.value}" in the current batch).`
}

/** A test's outcome with its notes: the constant note, and why there is no score when the test gave none. */
function explainUndefined(
  outcome: TestOutcome,
  about: Readonly<{ name: string; column: string; numeric: boolean; constant?: string | undefined }>
): TestOutcome {
  const undefinedNote =
    outcome.score === null && outcome.note === undefined
      ? `${about.name} is undefined for these values${about.constant === undefined ? '' : ' (a constant on each side)'}; choose another test for ${about.column}, such as ${about.numeric ? 'ks' : 'chisquare'}.`
      : undefined
  const notes = [about.constant, outcome.note, undefinedNote].filter(
    (n): n is string => n !== undefined
  )
  return notes.length === 0 ? outcome : { ...outcome, note: notes.join(' ') }
}

function tooFew(test: string, minimum: number): TestOutcome {
  return {
    score: null,
    statistic: null,
    note: `${test} needs at least ${minimum} values on each side; choose another test for this column.`
  }
}

function unseenNote(unseen: number, statistic: string): string {
  return `${unseen} value${unseen === 1 ? '' : 's'} of the current batch never occur in the reference, which makes ${statistic} infinite (p = 0).`
}

/** Category bars for charts: the most frequent values (both sides together), the rest folded into "other". */
function categoryDistribution(values: readonly ValueCount[]): Distribution {
  if (values.length <= CHART_CATEGORIES) {
    return {
      kind: 'categories',
      categories: values.map((v) => v.value),
      reference: values.map((v) => v.reference),
      current: values.map((v) => v.current)
    }
  }
  const ranked = [...values].sort((a, b) => b.reference + b.current - (a.reference + a.current))
  const shown = ranked.slice(0, CHART_CATEGORIES)
  const rest = ranked.slice(CHART_CATEGORIES)
  return {
    kind: 'categories',
    categories: shown.map((v) => v.value),
    reference: shown.map((v) => v.reference),
    current: shown.map((v) => v.current),
    otherReference: rest.reduce((s, v) => s + v.reference, 0),
    otherCurrent: rest.reduce((s, v) => s + v.current, 0)
  }
}

/** Adds the side's histogram (numeric bins) or top categories to its profile. */
function withShape(
  profile: ColumnProfile,
  distribution: Distribution,
  side: 'reference' | 'current',
  values: readonly ValueCount[]
): ColumnProfile {
  if (distribution.kind === 'bins') {
    return { ...profile, histogram: { edges: distribution.edges, counts: distribution[side] } }
  }
  const top = [...values]
    .filter((v) => v[side] > 0)
    .sort((a, b) => b[side] - a[side] || (a.value < b.value ? -1 : 1))
    .slice(0, TOP_CATEGORIES)
    .map((v) => ({ value: v.value, count: v[side] }))
  return { ...profile, top }
}

/** JSON has no NaN or infinity: an undefined or infinite statistic is stored as null (the note says why). */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}

export type { EcdfStatistics }
