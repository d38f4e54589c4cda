/**
 * Sufficient statistics of the location, scale and characteristic-function tests (t-test, Levene,
 * Epps–Singleton), computed in DuckDB from a pool of value counts so that no column is read into
 * JavaScript. The pool is a table `v DOUBLE, cr BIGINT, cc BIGINT`: one row per distinct finite value on
 * either side, cr and cc its counts in the reference and the current data (nr = Σ cr, nc = Σ cc).
 *
 * Every sum is weighted by the counts and accumulated with `fsum` (compensated summation), so counts of
 * 1e8 per side do not cost accuracy. Where a sum needs a centre (variance, Levene's deviations, the
 * Epps–Singleton covariance), the centre comes from an earlier pass of the same query and the sum is taken
 * about it; when the centre is only a first estimate, the corrected two-pass formula
 * Σ(x − c)² − (Σ(x − c))²/n removes its error. Order statistics (medians, quartiles) come from running
 * counts in value order: the k-th smallest value (from 0) is the first v whose running count exceeds k.
 *
 * The results feed `ttestIndFromMoments`, `leveneFromSums` and `eppsSingletonFromMoments`, which finish
 * them exactly as the raw-sample functions do.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import {
  EPPS_SINGLETON_DEFAULT_T,
  type EppsSingletonMoments,
  type EppsSingletonSide
} from '../../shared/stats/eppsSingleton2samp'
import type { LeveneGroup } from '../../shared/stats/levene'
import { quoteIdent, quoteString, toNumber } from './sql'

export type SideMoments = Readonly<{
  n: number
  mean: number
  /** Sample variance, ddof 1 (NaN for a single value). */
  variance: number
  /** numpy.median: the middle value, or the mean of the two middle values. */
  median: number
}>

export type MomentStatistics = Readonly<{
  reference: SideMoments
  current: SideMoments
  /** Levene's per-group sums, [reference, current], for Z = |v − median| and Z = |v − mean|. */
  levene: Readonly<{
    median: readonly [LeveneGroup, LeveneGroup]
    mean: readonly [LeveneGroup, LeveneGroup]
  }>
}>

type Side = Readonly<{ prefix: 'r' | 'c'; weight: 'cr' | 'cc'; n: number; running: 'fr' | 'fc' }>

/**
 * Per side: count, mean, ddof-1 variance and median, and Levene's group sums for both centres, in one
 * query over the pool (a window pass for the medians and a first mean, a pass about that mean, a pass
 * for Levene's centred deviations).
 *
 * Means are refined in the second pass (mean = m0 + Σ cr·(v − m0)/n) and the variance is the corrected
 * two-pass (Σ cr·(v − m0)² − (Σ cr·(v − m0))²/n)/(n − 1), exact to rounding even for large values with a
 * small spread. Levene's Σ(Z − Z̄)² is centred on the exact Z̄ for the median (known after pass two) and
 * corrected about the pass-two estimate for the mean. O(P log P) for P pooled distinct values.
 *
 * @example const m = await momentStatistics(connection, 'dw_pool', 431, 165)
 */
export async function momentStatistics(
  connection: DuckDBConnection,
  pool: string,
  nr: number,
  nc: number
): Promise<MomentStatistics> {
  checkCounts('momentStatistics', nr, nc)
  const table = quoteIdent(pool)
  const sides: readonly Side[] = [
    { prefix: 'r', weight: 'cr', n: nr, running: 'fr' },
    { prefix: 'c', weight: 'cc', n: nc, running: 'fc' }
  ]
  const each = (build: (s: Side) => string): string => sides.map(build).join(',\n')
  const sql = `
    WITH ranked AS (
      SELECT v, cr, cc,
             sum(cr) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS fr,
             sum(cc) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS fc
      FROM ${table}
    ),
    first_pass AS (
      SELECT ${each(
        ({ prefix, weight, n, running }) => `
        min(v) FILTER (WHERE ${running} > ${Math.floor((n - 1) / 2)}) AS ${prefix}_low,
        min(v) FILTER (WHERE ${running} > ${Math.floor(n / 2)}) AS ${prefix}_high,
        fsum(${weight} * v) FILTER (WHERE ${weight} > 0) / ${n} AS ${prefix}_m0`
      )}
      FROM ranked
    ),
    centres AS (
      SELECT *, ${each(
        ({ prefix, n }) =>
          `${n % 2 === 1 ? `${prefix}_low` : `(${prefix}_low + ${prefix}_high) / 2`} AS ${prefix}_median`
      )}
      FROM first_pass
    ),
    second_pass AS (
      SELECT ${each(
        ({ prefix, weight }) => `
        fsum(${weight} * (v - ${prefix}_m0)) FILTER (WHERE ${weight} > 0) AS ${prefix}_d1,
        fsum(${weight} * (v - ${prefix}_m0) * (v - ${prefix}_m0)) FILTER (WHERE ${weight} > 0) AS ${prefix}_d2,
        fsum(${weight} * abs(v - ${prefix}_median)) FILTER (WHERE ${weight} > 0) AS ${prefix}_z_median,
        fsum(${weight} * abs(v - ${prefix}_m0)) FILTER (WHERE ${weight} > 0) AS ${prefix}_z_m0`
      )}
      FROM ${table}, centres
    ),
    moments AS (
      SELECT centres.*, second_pass.*, ${each(
        ({ prefix, n }) => `
        ${prefix}_m0 + ${prefix}_d1 / ${n} AS ${prefix}_mean,
        ${prefix}_z_median / ${n} AS ${prefix}_zbar_median,
        ${prefix}_z_m0 / ${n} AS ${prefix}_zbar_m0`
      )}
      FROM centres, second_pass
    ),
    third_pass AS (
      SELECT ${each(
        ({ prefix, weight }) => `
        fsum(${weight} * (abs(v - ${prefix}_median) - ${prefix}_zbar_median) * (abs(v - ${prefix}_median) - ${prefix}_zbar_median)) FILTER (WHERE ${weight} > 0) AS ${prefix}_zss_median,
        fsum(${weight} * abs(v - ${prefix}_mean)) FILTER (WHERE ${weight} > 0) AS ${prefix}_z_mean,
        fsum(${weight} * (abs(v - ${prefix}_mean) - ${prefix}_zbar_m0)) FILTER (WHERE ${weight} > 0) AS ${prefix}_e1,
        fsum(${weight} * (abs(v - ${prefix}_mean) - ${prefix}_zbar_m0) * (abs(v - ${prefix}_mean) - ${prefix}_zbar_m0)) FILTER (WHERE ${weight} > 0) AS ${prefix}_e2`
      )}
      FROM ${table}, moments
    )
    SELECT moments.*, third_pass.* FROM moments, third_pass`
  const reader = await connection.runAndReadAll(sql)
  const row = reader.getRowObjectsJson()[0] ?? {}
  const get = (name: string): number => toNumber(row[name])

  const side = ({ prefix, n }: Side): SideMoments => {
    const d1 = get(`${prefix}_d1`)
    const d2 = get(`${prefix}_d2`)
    return {
      n,
      mean: get(`${prefix}_mean`),
      variance: n < 2 ? Number.NaN : Math.max(0, d2 - (d1 * d1) / n) / (n - 1),
      median: get(`${prefix}_median`)
    }
  }
  const leveneMedian = ({ prefix, n }: Side): LeveneGroup => ({
    n,
    zMean: get(`${prefix}_zbar_median`),
    zSumSquaredDeviations: get(`${prefix}_zss_median`)
  })
  const leveneMean = ({ prefix, n }: Side): LeveneGroup => {
    const e1 = get(`${prefix}_e1`)
    return {
      n,
      zMean: get(`${prefix}_z_mean`) / n,
      zSumSquaredDeviations: Math.max(0, get(`${prefix}_e2`) - (e1 * e1) / n)
    }
  }
  const [reference, current] = sides as [Side, Side]
  return {
    reference: side(reference),
    current: side(current),
    levene: {
      median: [leveneMedian(reference), leveneMedian(current)],
      mean: [leveneMean(reference), leveneMean(current)]
    }
  }
}

/**
 * The Epps–Singleton statistics of both sides, in one query over the pool: σ = IQR(pooled)/2 from
 * NumPy's linear percentiles (order statistics from running counts, interpolated as NumPy 1.24 does), the
 * scaled points s_j = t_j/σ, then per side the mean of g(v) = [cos(s_j·v)…, sin(s_j·v)…] and, in a second
 * pass about those means, the centred co-moments Σ c·(g − mean)(g − mean)ᵀ. The result goes straight into
 * `eppsSingletonFromMoments`. Throws when a side has fewer than five values or the IQR is 0, as
 * `eppsSingleton2samp` does. O(P log P + P·m²) for P pooled distinct values and m points.
 *
 * @example eppsSingletonFromMoments(await eppsSingletonStatistics(connection, 'dw_pool', 431, 165))
 */
export async function eppsSingletonStatistics(
  connection: DuckDBConnection,
  pool: string,
  nr: number,
  nc: number,
  t: readonly number[] = EPPS_SINGLETON_DEFAULT_T
): Promise<EppsSingletonMoments> {
  checkCounts('eppsSingletonStatistics', nr, nc)
  if (nr < 5 || nc < 5) {
    throw new Error('eppsSingletonStatistics requires at least five values in each sample')
  }
  if (t.length === 0 || !t.every((v) => v > 0 && Number.isFinite(v))) {
    throw new Error(
      'eppsSingletonStatistics requires at least one point t, each positive and finite'
    )
  }
  const table = quoteIdent(pool)
  const total = nr + nc
  const dim = 2 * t.length
  const features = [
    ...t.map((_, j) => `cos(s${j} * v) AS g${j}`),
    ...t.map((_, j) => `sin(s${j} * v) AS g${t.length + j}`)
  ]
  const pairs: [number, number][] = []
  for (let j = 0; j < dim; j += 1) for (let k = j; k < dim; k += 1) pairs.push([j, k])
  const sides = [
    { prefix: 'r', weight: 'cr', n: nr },
    { prefix: 'c', weight: 'cc', n: nc }
  ] as const
  const quartile = (name: string, p: number): { select: string; value: string } => {
    const position = (total - 1) * p
    const below = Math.floor(position)
    const above = Math.min(below + 1, total - 1)
    const fraction = position - below
    const a = `${name}_a`
    const b = `${name}_b`
    return {
      select: `min(v) FILTER (WHERE f > ${below}) AS ${a}, min(v) FILTER (WHERE f > ${above}) AS ${b}`,
      value:
        fraction >= 0.5
          ? `${b} - (${b} - ${a}) * ${double(1 - fraction)}`
          : `${a} + (${b} - ${a}) * ${double(fraction)}`
    }
  }
  const q25 = quartile('q25', 0.25)
  const q75 = quartile('q75', 0.75)
  const sql = `
    WITH ranked AS (
      SELECT v, sum(cr + cc) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS f
      FROM ${table}
    ),
    quartiles AS (SELECT ${q25.select}, ${q75.select} FROM ranked),
    scale AS (SELECT ((${q75.value}) - (${q25.value})) / 2 AS sigma FROM quartiles),
    points AS (
      SELECT sigma, ${t.map((tj, j) => `CASE WHEN sigma > 0 THEN ${double(tj)} / sigma END AS s${j}`).join(', ')}
      FROM scale
    ),
    features AS (SELECT cr, cc, ${features.join(', ')} FROM ${table}, points),
    means AS (
      SELECT ${sides
        .flatMap(({ prefix, weight, n }) =>
          Array.from(
            { length: dim },
            (_, j) =>
              `fsum(${weight} * g${j}) FILTER (WHERE ${weight} > 0) / ${n} AS ${prefix}_m${j}`
          )
        )
        .join(', ')}
      FROM features
    ),
    comoments AS (
      SELECT ${sides
        .flatMap(({ prefix, weight }) =>
          pairs.map(
            ([j, k]) =>
              `fsum(${weight} * (g${j} - ${prefix}_m${j}) * (g${k} - ${prefix}_m${k})) FILTER (WHERE ${weight} > 0) AS ${prefix}_c${j}_${k}`
          )
        )
        .join(', ')}
      FROM features, means
    )
    SELECT points.sigma, means.*, comoments.* FROM points, means, comoments`
  const reader = await connection.runAndReadAll(sql)
  const row = reader.getRowObjectsJson()[0] ?? {}
  const get = (name: string): number => toNumber(row[name])
  const sigma = get('sigma')
  if (!(sigma > 0)) {
    throw new Error(
      'eppsSingletonStatistics requires a pooled interquartile range above 0, but the middle half of the values is one value: choose another test for this column'
    )
  }
  const side = ({ prefix, n }: (typeof sides)[number]): EppsSingletonSide => {
    const comoment = Array.from({ length: dim }, () => new Array<number>(dim).fill(0))
    for (const [j, k] of pairs) {
      const value = get(`${prefix}_c${j}_${k}`)
      ;(comoment[j] as number[])[k] = value
      ;(comoment[k] as number[])[j] = value
    }
    return {
      n,
      mean: Array.from({ length: dim }, (_, j) => get(`${prefix}_m${j}`)),
      comoment
    }
  }
  return { t: [...t], sigma, x: side(sides[0]), y: side(sides[1]) }
}

/** A double literal that DuckDB parses back to exactly this number (a bare 0.1 would be a DECIMAL). */
function double(value: number): string {
  return `${quoteString(String(value))}::DOUBLE`
}

function checkCounts(name: string, nr: number, nc: number): void {
  if (!Number.isSafeInteger(nr) || !Number.isSafeInteger(nc) || nr < 1 || nc < 1) {
    throw new Error(`${name} requires at least one value on each side (whole counts nr and nc)`)
  }
}
