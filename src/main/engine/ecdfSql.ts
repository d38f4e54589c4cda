/**
 * Sufficient statistics of the ECDF and rank tests (Kolmogorov–Smirnov, Wasserstein, energy distance,
 * Cramér–von Mises, Anderson–Darling, Mann–Whitney), computed in DuckDB from a pool of value counts so that
 * no column is read into JavaScript. The pool is a table `v DOUBLE, cr BIGINT, cc BIGINT`: one row per
 * distinct finite value on either side, cr and cc its counts in the reference and the current data
 * (nr = Σ cr, nc = Σ cc).
 *
 * One window pass in value order gives the running counts Fr, Fc (values ≤ v on each side); every test is
 * a sum over the distinct values of a term built from them. Counts reach 1e8 per side, so products of two
 * counts such as Fr·nc reach 1e16 (BIGINT, or HUGEINT once 4N² passes 2^63) and products of three reach
 * 1e25 (always HUGEINT, exact to 1.7e38); only a finished, cancellation-free term is turned into a DOUBLE,
 * and those are added with `fsum` (compensated summation).
 *
 * The results feed `ks2sampPvalue`, `cramervonmisesFromU`, `andersonKsampFromA2` and
 * `mannwhitneyuFromRanks`, which finish them exactly as the raw-sample functions do.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { quoteIdent, toNumber } from './sql'

export type EcdfStatistics = Readonly<{
  /** Rows of the pool: distinct values on either side. */
  distinct: number
  /** Distinct values present in the reference. */
  distinctReference: number
  /** max over v of |Fr(v)·nc − Fc(v)·nr|, an integer; the KS statistic is D = ksNumerator/(nr·nc). */
  ksNumerator: number
  /** ∫ |Fr/nr − Fc/nc| dx, the first Wasserstein distance. */
  wasserstein: number
  /** ∫ (Fr/nr − Fc/nc)² dx; the energy distance is √2·√energyIntegral. */
  energyIntegral: number
  /** 4U of the two-sample Cramér–von Mises test (midranks), exact; for `cramervonmisesFromU`. */
  cvmU: Readonly<{ times4: bigint }>
  /** A²akN of the two-sample Anderson–Darling test (midrank version); NaN with one distinct value. */
  adA2akN: number
  /** Sum of the midranks of the reference values in the pooled sample (Mann–Whitney R1). */
  mwuR1: number
  /** Σ (t³ − t) over the pooled groups of t equal values. */
  tieSum: number
  /** Whether any value occurs more than once in the pooled sample. */
  hasTies: boolean
}>

/**
 * Every ECDF and rank statistic of one numeric column in a single query over the pool: a window pass
 * (sorted once by v) for the running counts, then one aggregate. With, at each distinct value v, t = cr + cc
 * copies, br/bc the reference/current values below v, Fr = br + cr, Fc = bc + cc, B = br + bc, A = N − B − t
 * (values above) and e(v) = Fr·nc − Fc·nr (e⁻ the same just below v):
 *
 * - KS: max |e|; Wasserstein and energy: Σ (v⁺ − v)·|e|/(nr·nc) and Σ (v⁺ − v)·(e/(nr·nc))² up to the next
 *   value v⁺ (the ECDFs are constant in between);
 * - Cramér–von Mises: the reference values at v have ranks br + 1 … br + cr among their own and the midrank
 *   R = B + (t + 1)/2 in the pool; 2(R − i) runs over an arithmetic sequence with mean bc + Fc, so
 *   4·Σ(R − i)² = cr·(bc + Fc)² + (cr³ − cr)/3 (mean square plus spread), likewise for the current side
 *   with br + Fr; 4U = nr·Σ_ref + nc·Σ_cur, the division by 3 done once on the exact total;
 * - Anderson–Darling (k = 2, midranks): A²akN = (N − 1)/N² · (1/nr + 1/nc) · Σ t·(e + e⁻)² / (4·B·A +
 *   t·(N − t)), Scholz & Stephens' midrank sum with both samples' terms combined (they are equal for two
 *   samples) and the factors of ½ cleared; the denominator is a sum of non-negative integers;
 * - Mann–Whitney: 2·R1 = Σ cr·(2B + t + 1) and Σ (t³ − t).
 *
 * The largest integer, 4U ≈ nr·nr·(2nc)², stays below 1e34 at 1e8 values per side: it is assembled from
 * the HUGEINT sums in BigInt. O(P log P) for P pooled distinct values.
 *
 * Reference: Scholz & Stephens, JASA 82(399), 1987; Anderson, Ann. Math. Statist. 33(3), 1962.
 *
 * @example const s = await ecdfStatistics(connection, 'dw_pool', 431, 165)
 */
/** The statistics a caller needs; the others are left out of the query and come back as NaN (or 0n). */
export type EcdfNeed = 'ks' | 'wasserstein' | 'energy' | 'cvm' | 'anderson' | 'mannw'

export const ALL_ECDF_NEEDS: readonly EcdfNeed[] = [
  'ks',
  'wasserstein',
  'energy',
  'cvm',
  'anderson',
  'mannw'
]

export type EcdfOptions = Readonly<{
  /** Default: every statistic. */
  needs?: readonly EcdfNeed[]
  /**
   * 0-based ranks whose values to read off the running counts in the same pass (the value at rank k of a
   * side is the smallest v whose running count exceeds k): the profile's quantiles without another sort.
   */
  ranks?: Readonly<{ reference: readonly number[]; current: readonly number[] }>
  /**
   * Also read both running counts at up to `curve` + 2 values, for a chart of the two ECDFs: the smallest
   * value, the largest, and each value at which the pooled running count passes a multiple of N/curve (so
   * the points are dense where the values are, and every distinct value is one when there are few), and
   * where |Fr/nr − Fc/nc| is largest (the smallest such value). Read in the same pass: no extra sort.
   */
  curve?: number
}>

/** Running counts of both sides at one value: how many values of each side are ≤ v. */
export type EcdfPoint = Readonly<{ v: number; fr: number; fc: number }>

/** The points of {@link EcdfOptions.curve}, in value order, and the point of the largest gap. */
export type EcdfCurvePoints = Readonly<{ points: readonly EcdfPoint[]; largestGap: EcdfPoint }>

export async function ecdfStatistics(
  connection: DuckDBConnection,
  pool: string,
  nr: number,
  nc: number,
  options: EcdfOptions = {}
): Promise<
  EcdfStatistics &
    Readonly<{ rankValues: { reference: number[]; current: number[] }; curve?: EcdfCurvePoints }>
> {
  const needs = new Set(options.needs ?? ALL_ECDF_NEEDS)
  const ranks = options.ranks ?? { reference: [], current: [] }
  for (const n of [nr, nc]) {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new Error('ecdfStatistics requires at least one value on each side')
    }
  }
  const total = nr + nc
  const curve = options.curve === undefined ? undefined : Math.max(1, Math.floor(options.curve))
  // Products of two counts stay below 4N²: BIGINT holds them up to N ≈ 1.5e9, HUGEINT beyond.
  const pair = 4 * total * total < 2 ** 63 ? 'BIGINT' : 'HUGEINT'
  // nr·nc as the double nearest to the exact product.
  const scale = `CAST(${Number(BigInt(nr) * BigInt(nc))} AS DOUBLE)`
  const sql = `
    WITH running AS (
      SELECT v, cr, cc,
             CAST(sum(cr) OVER w AS BIGINT) AS fr,
             CAST(sum(cc) OVER w AS BIGINT) AS fc,
             lead(v) OVER w - v AS width
      FROM ${quoteIdent(pool)}
      WINDOW w AS (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ),
    terms AS (
      SELECT v, cr, cc, cr + cc AS t, fr, fc, width,
             CAST(fr AS ${pair}) * ${nc} - CAST(fc AS ${pair}) * ${nr} AS e,
             CAST(fr - cr AS ${pair}) * ${nc} - CAST(fc - cc AS ${pair}) * ${nr} AS e_before,
             CAST(fr - cr + fc - cc AS ${pair}) AS below,
             CAST(${total} - fr - fc AS ${pair}) AS above
      FROM running
    )
    SELECT
      ${[
        'count(*) AS distinct_pooled',
        'count(*) FILTER (WHERE cr > 0) AS distinct_reference',
        'sum(cr) AS sum_reference',
        'sum(cc) AS sum_current',
        ...(needs.has('ks') ? ['max(abs(e)) AS ks_numerator'] : []),
        ...(needs.has('wasserstein')
          ? [
              `fsum(CASE WHEN width IS NULL THEN 0.0 ELSE width * (abs(e) / ${scale}) END) AS wasserstein`
            ]
          : []),
        ...(needs.has('energy')
          ? [
              `fsum(CASE WHEN width IS NULL THEN 0.0 ELSE width * (e / ${scale}) * (e / ${scale}) END) AS energy_integral`
            ]
          : []),
        ...(needs.has('cvm')
          ? [
              `sum(CAST(cr AS HUGEINT) * ((fc - cc + fc) * CAST(fc - cc + fc AS ${pair}))) AS cvm_reference`,
              'sum(CAST(cr AS HUGEINT) * cr * cr - cr) AS cubes_reference',
              `sum(CAST(cc AS HUGEINT) * ((fr - cr + fr) * CAST(fr - cr + fr AS ${pair}))) AS cvm_current`,
              'sum(CAST(cc AS HUGEINT) * cc * cc - cc) AS cubes_current'
            ]
          : []),
        ...(needs.has('anderson')
          ? [
              `fsum(t * CAST(e + e_before AS DOUBLE) * CAST(e + e_before AS DOUBLE) / CAST(4 * below * above + t * CAST(${total} - t AS ${pair}) AS DOUBLE)) AS ad_sum`
            ]
          : []),
        ...(needs.has('mannw')
          ? [
              'sum(cr * (2 * below + t + 1)) AS rank_sum_times2',
              'sum(CAST(t AS HUGEINT) * t * t - t) AS tie_sum',
              'max(t) AS largest_group'
            ]
          : []),
        ...(curve === undefined
          ? []
          : [
              `list({'v': v, 'fr': fr, 'fc': fc} ORDER BY v) FILTER (WHERE fr + fc = t OR fr + fc = ${total} OR ((fr + fc) * ${curve}) // ${total} > ((fr + fc - t) * ${curve}) // ${total}) AS curve_points`,
              `arg_max({'v': v, 'fr': fr, 'fc': fc}, {'gap': abs(e), 'lower': -v}) AS largest_gap`
            ]),
        ...ranks.reference.map((k, i) => `min(v) FILTER (WHERE fr > ${k}) AS "rank_r${i}"`),
        ...ranks.current.map((k, i) => `min(v) FILTER (WHERE fc > ${k}) AS "rank_c${i}"`)
      ].join(',\n      ')}
    FROM terms`
  const result = await connection.runAndReadAll(sql)
  const row = result.getRowObjectsJson()[0] ?? {}
  const sumReference = exact(row['sum_reference'])
  const sumCurrent = exact(row['sum_current'])
  if (sumReference !== BigInt(nr) || sumCurrent !== BigInt(nc)) {
    throw new Error(
      `ecdfStatistics was given ${nr} reference and ${nc} current values, but the pool ${pool} holds ${sumReference} and ${sumCurrent}`
    )
  }
  const distinct = toNumber(row['distinct_pooled'])
  const adSum = needs.has('anderson') ? toNumber(row['ad_sum']) : Number.NaN
  const adA2akN =
    distinct < 2 ? Number.NaN : (adSum / total) * (1 / nr + 1 / nc) * ((total - 1) / total)
  const optionalExact = (key: string): bigint | undefined =>
    row[key] === undefined ? undefined : exact(row[key])
  const cvmReference = optionalExact('cvm_reference')
  const cvmCurrent = optionalExact('cvm_current')
  const ks = optionalExact('ks_numerator')
  const rankSum = optionalExact('rank_sum_times2')
  const tieSum = optionalExact('tie_sum')
  const largest = optionalExact('largest_group')
  return {
    distinct,
    distinctReference: toNumber(row['distinct_reference']),
    ksNumerator: ks === undefined ? Number.NaN : Number(ks),
    wasserstein: needs.has('wasserstein') ? toNumber(row['wasserstein']) : Number.NaN,
    energyIntegral: needs.has('energy') ? toNumber(row['energy_integral']) : Number.NaN,
    cvmU: {
      times4:
        cvmReference === undefined || cvmCurrent === undefined
          ? 0n
          : BigInt(nr) * (cvmReference + exact(row['cubes_reference']) / 3n) +
            BigInt(nc) * (cvmCurrent + exact(row['cubes_current']) / 3n)
    },
    adA2akN,
    mwuR1: rankSum === undefined ? Number.NaN : Number(rankSum) / 2,
    tieSum: tieSum === undefined ? Number.NaN : Number(tieSum),
    hasTies: largest === undefined ? false : largest > 1n,
    rankValues: {
      reference: ranks.reference.map((_, i) => toNumber(row[`rank_r${i}`])),
      current: ranks.current.map((_, i) => toNumber(row[`rank_c${i}`]))
    },
    ...(curve === undefined
      ? {}
      : {
          curve: {
            points: ((row['curve_points'] ?? []) as unknown[]).map(ecdfPoint),
            largestGap: ecdfPoint(row['largest_gap'])
          }
        })
  }
}

function ecdfPoint(value: unknown): EcdfPoint {
  const point = (value ?? {}) as Record<string, unknown>
  return { v: toNumber(point['v']), fr: toNumber(point['fr']), fc: toNumber(point['fc']) }
}

function exact(value: unknown): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value)
  throw new Error(`ecdfStatistics expected an integer from DuckDB, got ${String(value)}`)
}
