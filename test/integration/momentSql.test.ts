/**
 * The t-test, Levene and Epps–Singleton sufficient statistics computed in DuckDB from a pool of value
 * counts must finish to the same results as the raw-sample functions of src/shared/stats, within the
 * golden tolerances: random samples with ties (5 to 3000 values), the seed-weather CSVs (reference against
 * each weekly drop, every numeric column), edge cases, and counts of 1e8 per value.
 */
import { describe, expect, it } from 'vitest'
import { eppsSingletonStatistics, momentStatistics } from '../../src/main/engine/momentSql'
import { quoteString, toNumber } from '../../src/main/engine/sql'
import {
  eppsSingleton2samp,
  eppsSingletonFeatures,
  eppsSingletonFromMoments,
  type EppsSingletonSide
} from '../../src/shared/stats/eppsSingleton2samp'
import { levene, leveneFromSums } from '../../src/shared/stats/levene'
import { pairwiseSum } from '../../src/shared/stats/pairwiseSum'
import { seededRandom } from '../../src/shared/stats/random'
import { ttestInd, ttestIndFromMoments } from '../../src/shared/stats/ttestInd'
import { expectClose, RTOL_CLOSED_FORM, RTOL_PVALUE } from '../golden'
import { roundTo, useDuckDB, WEATHER_NUMERIC_COLUMNS } from './harness'

const db = useDuckDB()

type Tolerance = { closed: number; pvalue: number }
const GOLDEN: Tolerance = { closed: RTOL_CLOSED_FORM, pvalue: RTOL_PVALUE }

/** Every field of the SQL statistics, finished, against the raw-sample functions. */
async function expectSameAsRaw(
  pool: string,
  reference: number[],
  current: number[],
  tolerance: Tolerance = GOLDEN
): Promise<'compared' | 'zero IQR' | 'too small for Epps–Singleton'> {
  const nr = reference.length
  const nc = current.length
  const m = await momentStatistics(db.connection(), pool, nr, nc)
  const closed = { rtol: tolerance.closed }
  const pvalue = { rtol: tolerance.pvalue }
  for (const [side, values] of [
    [m.reference, reference],
    [m.current, current]
  ] as const) {
    expect(side.n).toBe(values.length)
    const mean = pairwiseSum(values) / values.length
    const scale = Math.max(...values.map(Math.abs))
    // The mean is compared at the precision of the values themselves (the golden floor, scaled).
    expectClose(side.mean, mean, { rtol: RTOL_CLOSED_FORM, atol: 1e-12 * scale }, 'mean')
    const squares = values.map((v) => (v - mean) ** 2)
    expectClose(side.variance, pairwiseSum(squares) / (values.length - 1), closed, 'variance')
    const sorted = [...values].sort((a, b) => a - b)
    const half = sorted.length >> 1
    const median =
      sorted.length % 2 === 1
        ? (sorted[half] as number)
        : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2
    expect(side.median).toBe(median)
  }
  for (const equalVar of [false, true]) {
    const fromSql = ttestIndFromMoments({
      mean1: m.reference.mean,
      var1: m.reference.variance,
      n1: nr,
      mean2: m.current.mean,
      var2: m.current.variance,
      n2: nc,
      equalVar
    })
    const raw = ttestInd(reference, current, { equalVar })
    expectClose(fromSql.statistic, raw.statistic, closed, `t statistic (equalVar ${equalVar})`)
    expectClose(fromSql.pvalue, raw.pvalue, pvalue, `t p-value (equalVar ${equalVar})`)
    expectClose(fromSql.df, raw.df, closed, `t df (equalVar ${equalVar})`)
  }
  for (const center of ['median', 'mean'] as const) {
    const fromSql = leveneFromSums(m.levene[center])
    const raw = levene([reference, current], center)
    expectClose(fromSql.statistic, raw.statistic, closed, `Levene ${center} statistic`)
    expectClose(fromSql.pvalue, raw.pvalue, pvalue, `Levene ${center} p-value`)
    expect([fromSql.dfNum, fromSql.dfDen]).toEqual([raw.dfNum, raw.dfDen])
  }
  if (nr < 5 || nc < 5) return 'too small for Epps–Singleton'
  let raw: ReturnType<typeof eppsSingleton2samp> | Error
  try {
    raw = eppsSingleton2samp(reference, current)
  } catch (error) {
    raw = error as Error
  }
  if (raw instanceof Error) {
    expect(raw.message).toMatch('interquartile range above 0')
    await expect(eppsSingletonStatistics(db.connection(), pool, nr, nc)).rejects.toThrow(
      'eppsSingletonStatistics requires a pooled interquartile range above 0'
    )
    return 'zero IQR'
  }
  const fromSql = eppsSingletonFromMoments(
    await eppsSingletonStatistics(db.connection(), pool, nr, nc)
  )
  // Same order statistics, same interpolation formula, IEEE arithmetic on both sides: the same double.
  expect(fromSql.sigma).toBe(raw.sigma)
  // As the golden README says: the statistic goes through a pseudo-inverse, compare it as a p-value.
  expectClose(fromSql.statistic, raw.statistic, pvalue, 'Epps–Singleton statistic')
  expectClose(fromSql.pvalue, raw.pvalue, pvalue, 'Epps–Singleton p-value')
  expect(fromSql.df).toBe(raw.df)
  expect(fromSql.covarianceRankDeficient).toBe(raw.covarianceRankDeficient)
  expect(fromSql.smallSampleCorrection).toBe(raw.smallSampleCorrection)
  return 'compared'
}

/** Normal-ish values (sum of three uniforms), rounded to `decimals` so that larger samples have ties. */
function sample(
  random: ReturnType<typeof seededRandom>,
  n: number,
  location: number,
  spread: number,
  decimals: number
): number[] {
  return Array.from({ length: n }, () => {
    const z = (random.next() + random.next() + random.next() - 1.5) * 2
    return roundTo(location + spread * z, decimals)
  })
}

describe('momentStatistics and eppsSingletonStatistics on random samples', () => {
  const random = seededRandom(20240611)
  const cases: { nr: number; nc: number; shift: number; spread: number; decimals: number }[] = [
    { nr: 5, nc: 5, shift: 0.5, spread: 1.5, decimals: 2 },
    { nr: 5, nc: 7, shift: 0, spread: 1, decimals: 0 },
    { nr: 12, nc: 20, shift: -1, spread: 0.5, decimals: 1 },
    { nr: 24, nc: 30, shift: 0.2, spread: 1, decimals: 3 },
    { nr: 60, nc: 45, shift: 0, spread: 3, decimals: 0 },
    { nr: 250, nc: 400, shift: 0.1, spread: 1.2, decimals: 2 },
    { nr: 1000, nc: 700, shift: 3, spread: 0.8, decimals: 1 },
    { nr: 3000, nc: 2500, shift: 0.05, spread: 1, decimals: 3 },
    { nr: 3000, nc: 8, shift: -0.3, spread: 2, decimals: 1 }
  ]
  cases.forEach((c, i) => {
    it(`${c.nr} vs ${c.nc}, ${c.decimals} decimals`, async () => {
      const reference = sample(random, c.nr, 10, 2, c.decimals)
      const current = sample(random, c.nc, 10 + c.shift, 2 * c.spread, c.decimals)
      const pool = `random_${i}`
      await db.poolFromSamples(pool, reference, current)
      const distinct = await db.connection().runAndReadAll(`SELECT count(*) AS d FROM ${pool}`)
      const d = toNumber(distinct.getRowObjectsJson()[0]?.['d'])
      expect(d).toBeLessThanOrEqual(c.nr + c.nc)
      expect(await expectSameAsRaw(pool, reference, current)).toBe('compared')
    })
  })

  it('keeps the variance of large values with a small spread', async () => {
    // 1e6 + noise of 1e-3: the uncentred Σv² − n·mean² would lose every digit of the variance. The mean
    // difference itself is 1e-4 against values of 1e6, so the t statistic carries the rounding of the two
    // means (an ulp of 1e6 is 1.2e-10): its relative tolerance is scaled by that conditioning.
    const reference = sample(random, 50, 1e6, 1e-3, 9)
    const current = sample(random, 60, 1e6 + 2e-4, 1e-3, 9)
    await db.poolFromSamples('large_values', reference, current)
    const m = await momentStatistics(db.connection(), 'large_values', 50, 60)
    const rawVariance = (values: number[]) => {
      const mean = pairwiseSum(values) / values.length
      return pairwiseSum(values.map((v) => (v - mean) ** 2)) / (values.length - 1)
    }
    // The variance of values rounded to 1e-9 around 1e6 is known to about 1e-9·1e-3 / 1e-6 = 1e-6.
    expectClose(m.reference.variance, rawVariance(reference), { rtol: 1e-6 }, 'variance')
    expectClose(m.current.variance, rawVariance(current), { rtol: 1e-6 }, 'variance')
    const conditioning = (4 * Number.EPSILON * 1e6) / Math.abs(m.reference.mean - m.current.mean)
    const outcome = await expectSameAsRaw('large_values', reference, current, {
      closed: RTOL_CLOSED_FORM + conditioning,
      pvalue: RTOL_PVALUE + conditioning
    })
    expect(outcome).toBe('compared')
  })
})

describe('momentStatistics and eppsSingletonStatistics on edge cases', () => {
  it('gives ±∞ and NaN t statistics for constant samples, as SciPy', async () => {
    await db.poolFromSamples('constant_apart', [1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2])
    const m = await momentStatistics(db.connection(), 'constant_apart', 5, 6)
    expect([m.reference.variance, m.current.variance]).toEqual([0, 0])
    const t = ttestIndFromMoments({
      mean1: m.reference.mean,
      var1: 0,
      n1: 5,
      mean2: m.current.mean,
      var2: 0,
      n2: 6,
      equalVar: true
    })
    expect(t.statistic).toBe(Number.NEGATIVE_INFINITY)
    expect(t.pvalue).toBe(0)
    await db.poolFromSamples('constant_same', [5, 5, 5], [5, 5, 5, 5])
    await expectSameAsRaw('constant_same', [5, 5, 5], [5, 5, 5, 5])
  })
  it('gives a constant side its own value as mean and a variance of exactly 0', async () => {
    // 0.1 + 0.1 + 0.1 is 0.30000000000000004, so a plain sum over the count gives 0.10000000000000002
    // and a variance of ~1e-34; the refined mean removes that rounding, so two constant sides give
    // t = ±∞ or NaN as the golden rule for zero variances says, not a p-value made of rounding noise.
    await db.poolFromSamples(
      'constant_tenths',
      [0.1, 0.1, 0.1],
      [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
    )
    const m = await momentStatistics(db.connection(), 'constant_tenths', 3, 7)
    expect([m.reference.mean, m.current.mean]).toEqual([0.1, 0.1])
    expect([m.reference.variance, m.current.variance]).toEqual([0, 0])
    expect([m.reference.median, m.current.median]).toEqual([0.1, 0.1])
  })
  it('gives an infinite Levene statistic when every deviation equals its group mean', async () => {
    // Golden lev-001: [1, 2] against [1, 5].
    await db.poolFromSamples('levene_infinite', [1, 2], [1, 5])
    const m = await momentStatistics(db.connection(), 'levene_infinite', 2, 2)
    expect(leveneFromSums(m.levene.median).statistic).toBe(Number.POSITIVE_INFINITY)
    expect(leveneFromSums(m.levene.mean).statistic).toBe(Number.POSITIVE_INFINITY)
    await expectSameAsRaw('levene_infinite', [1, 2], [1, 5])
  })
  it('agrees with the raw functions when the covariance is rank deficient', async () => {
    const reference = [0, 0, 1, 1, 2, 2, 3, 3, 0, 1]
    const current = [1, 2, 3, 3, 3, 2, 2, 1, 0, 3, 3]
    await db.poolFromSamples('rank_deficient', reference, current)
    const fromSql = eppsSingletonFromMoments(
      await eppsSingletonStatistics(db.connection(), 'rank_deficient', 10, 11)
    )
    expect(fromSql.df).toBe(3)
    await expectSameAsRaw('rank_deficient', reference, current)
  })
  it('refuses an interquartile range of 0 and fewer than five values', async () => {
    await db.poolFromSamples('no_iqr', [1, 2, 2, 2, 2, 2], [2, 2, 2, 2, 2, 9])
    await expect(eppsSingletonStatistics(db.connection(), 'no_iqr', 6, 6)).rejects.toThrow(
      'eppsSingletonStatistics requires a pooled interquartile range above 0'
    )
    await expect(eppsSingletonStatistics(db.connection(), 'no_iqr', 4, 6)).rejects.toThrow(
      'eppsSingletonStatistics requires at least five values in each sample'
    )
  })
  it('interpolates the quartiles exactly as NumPy 1.24', async () => {
    // Pooled 10 values: the 75th percentile sits at 6.75 between 7.86 and 17.81, where NumPy's
    // b − (b − a)·0.25 gives 15.322499999999998 and a + (b − a)·0.75 would give 15.3225.
    const reference = [1, 2, 3, 4, 7.86]
    const current = [5, 6, 17.81, 20, 21]
    await db.poolFromSamples('quartile_rounding', reference, current)
    const epps = await eppsSingletonStatistics(db.connection(), 'quartile_rounding', 5, 5)
    // σ = (15.322499999999998 − 3.25)/2, as numpy.percentile and scipy.stats.iqr give it.
    expect(epps.sigma).toBe(6.036249999999999)
    expect(await expectSameAsRaw('quartile_rounding', reference, current)).toBe('compared')
  })
  it('quotes the pool name', async () => {
    const reference = [3, 1, 4, 1, 5, 9, 2, 6]
    const current = [2, 7, 1, 8, 2, 8, 1, 8, 2]
    await db.poolFromSamples('pool "with" quotes', reference, current)
    await expectSameAsRaw('pool "with" quotes', reference, current)
  })
})

describe('momentStatistics and eppsSingletonStatistics with counts of 1e8', () => {
  it('scale with replicated values exactly as the formulas say', async () => {
    // Every value repeated k times: means and medians stay, the centred sums grow k-fold, the variance
    // becomes v·(n − 1)·k/(n·k − 1), and σ comes from the quartiles of the replicated pool.
    const random = seededRandom(7)
    const reference = [...new Set(sample(random, 40, 50, 10, 3))]
    const current = [...new Set(sample(random, 31, 53, 12, 3))].filter(
      (v) => !reference.includes(v)
    )
    const kr = 100_000_000
    const kc = 60_000_000
    const sides = [
      { values: reference, k: kr },
      { values: current, k: kc }
    ]
    await db
      .connection()
      .run(
        `CREATE OR REPLACE TEMP TABLE big_pool AS SELECT * FROM (VALUES ${[
          ...reference.map((v) => `(${quoteString(String(v))}::DOUBLE, ${kr}::BIGINT, 0::BIGINT)`),
          ...current.map((v) => `(${quoteString(String(v))}::DOUBLE, 0::BIGINT, ${kc}::BIGINT)`)
        ].join(', ')}) AS t(v, cr, cc)`
      )
    const nr = reference.length * kr
    const nc = current.length * kc
    const m = await momentStatistics(db.connection(), 'big_pool', nr, nc)
    const small = await (async () => {
      await db.poolFromSamples('big_pool_small', reference, current)
      return momentStatistics(db.connection(), 'big_pool_small', reference.length, current.length)
    })()
    const tight = { rtol: 1e-12 }
    for (const [key, k] of [
      ['reference', kr],
      ['current', kc]
    ] as const) {
      const big = m[key]
      const base = small[key]
      expectClose(big.mean, base.mean, tight, `${key} mean`)
      expect(big.median).toBe(base.median)
      const expectedVariance = (base.variance * (base.n - 1) * k) / (base.n * k - 1)
      expectClose(big.variance, expectedVariance, tight, `${key} variance`)
    }
    for (const center of ['median', 'mean'] as const) {
      m.levene[center].forEach((group, i) => {
        const base = small.levene[center][i]
        const k = i === 0 ? kr : kc
        if (base === undefined) throw new Error('missing group')
        expectClose(group.zMean, base.zMean, tight, `Levene ${center} zMean`)
        expectClose(
          group.zSumSquaredDeviations,
          base.zSumSquaredDeviations * k,
          tight,
          `Levene ${center} Σ(Z − Z̄)²`
        )
      })
    }

    const epps = await eppsSingletonStatistics(db.connection(), 'big_pool', nr, nc)
    // σ from the order statistics of the replicated pool, computed here from the value counts.
    const counts = sides
      .flatMap(({ values, k }) => values.map((v) => [v, k] as const))
      .sort((a, b) => a[0] - b[0])
    const orderStatistic = (index: number): number => {
      let seen = 0
      for (const [v, k] of counts) {
        seen += k
        if (seen > index) return v
      }
      throw new Error('index beyond the pool')
    }
    const percentile = (p: number): number => {
      const position = (nr + nc - 1) * p
      const below = Math.floor(position)
      const f = position - below
      const a = orderStatistic(below)
      const b = orderStatistic(below + 1)
      return f >= 0.5 ? b - (b - a) * (1 - f) : a + (b - a) * f
    }
    const sigma = (percentile(0.75) - percentile(0.25)) / 2
    expect(epps.sigma).toBe(sigma)
    const scaled = epps.t.map((t) => t / sigma)
    const expectedSide = ({ values, k }: (typeof sides)[number]): EppsSingletonSide => {
      const g = values.map((v) => eppsSingletonFeatures(v, scaled))
      const dim = scaled.length * 2
      const mean = Array.from(
        { length: dim },
        (_, j) => pairwiseSum(g.map((row) => row[j] as number)) / values.length
      )
      const comoment = mean.map((mj, j) =>
        mean.map(
          (mk, l) =>
            k * pairwiseSum(g.map((row) => ((row[j] as number) - mj) * ((row[l] as number) - mk)))
        )
      )
      return { n: values.length * k, mean, comoment }
    }
    const [expectedX, expectedY] = sides.map(expectedSide) as [EppsSingletonSide, EppsSingletonSide]
    for (const [actual, expected] of [
      [epps.x, expectedX],
      [epps.y, expectedY]
    ] as const) {
      expect(actual.n).toBe(expected.n)
      actual.mean.forEach((v, j) =>
        expectClose(v, expected.mean[j] as number, { rtol: 1e-12, atol: 1e-14 }, `mean g${j}`)
      )
      actual.comoment.forEach((row, j) =>
        row.forEach((v, l) =>
          expectClose(
            v,
            (expected.comoment[j] as number[])[l] as number,
            { rtol: 1e-10, atol: 1e-12 * expected.n },
            `co-moment ${j},${l}`
          )
        )
      )
    }
    const fromSql = eppsSingletonFromMoments(epps)
    const expected = eppsSingletonFromMoments({ t: epps.t, sigma, x: expectedX, y: expectedY })
    expectClose(fromSql.statistic, expected.statistic, { rtol: RTOL_PVALUE }, 'statistic')
    expectClose(fromSql.pvalue, expected.pvalue, { rtol: RTOL_PVALUE }, 'p-value')
  })
})

describe('momentStatistics and eppsSingletonStatistics on the seed-weather data', () => {
  for (const week of [1, 2, 3] as const) {
    for (const column of WEATHER_NUMERIC_COLUMNS) {
      it(`week ${week}, ${column}`, async () => {
        const { reference, current } = await db.poolWeatherColumn('weather_pool', column, week)
        expect(reference.length).toBe(431)
        await expectSameAsRaw('weather_pool', reference, current)
      })
    }
  }
})
