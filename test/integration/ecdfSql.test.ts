/**
 * The ECDF and rank sufficient statistics computed in DuckDB from a pool of value counts must finish to the
 * same results as the raw-sample functions of src/shared/stats, within the golden tolerances: random
 * samples with ties (1 to 3000 values, including values near 1e9 and near 1e-300), the seed-weather CSVs
 * (reference against each weekly drop, every numeric column), and pools with counts of 1e8 per side
 * checked against exact rational arithmetic.
 */
import { describe, expect, it } from 'vitest'
import { ecdfStatistics, type EcdfStatistics } from '../../src/main/engine/ecdfSql'
import { quoteIdent } from '../../src/main/engine/sql'
import { andersonKsamp, andersonKsampFromA2 } from '../../src/shared/stats/andersonKsamp'
import {
  cramervonmises2samp,
  cramervonmisesFromU
} from '../../src/shared/stats/cramervonmises2samp'
import { energyDistance } from '../../src/shared/stats/energyDistance'
import { ks2samp, ks2sampPvalue } from '../../src/shared/stats/ks2samp'
import { mannwhitneyu, mannwhitneyuFromRanks } from '../../src/shared/stats/mannwhitneyu'
import { midranks } from '../../src/shared/stats/midranks'
import { seededRandom, type Random } from '../../src/shared/stats/random'
import { wassersteinDistance } from '../../src/shared/stats/wassersteinDistance'
import { expectClose, RTOL_CLOSED_FORM, RTOL_PVALUE } from '../golden'
import { standardNormal, useDuckDB, WEATHER_NUMERIC_COLUMNS } from './harness'

const db = useDuckDB()

const closed = { rtol: RTOL_CLOSED_FORM }
const pvalue = { rtol: RTOL_PVALUE }

/** Every field of the SQL statistics, finished, against the raw-sample functions. */
async function expectSameAsRaw(pool: string, x: number[], y: number[]): Promise<EcdfStatistics> {
  const nr = x.length
  const nc = y.length
  const s = await ecdfStatistics(db.connection(), pool, nr, nc)
  const pooled = [...x, ...y]
  expect(s.distinct).toBe(new Set(pooled).size)
  expect(s.distinctReference).toBe(new Set(x).size)

  // Kolmogorov–Smirnov: the raw D (the asymp method does not snap it), then the auto p-value.
  const D = s.ksNumerator / nr / nc
  expectClose(D, ks2samp(x, y, { method: 'asymp' }).statistic, closed, 'KS D')
  const rawKs = ks2samp(x, y)
  const ks = ks2sampPvalue({ statistic: D, n1: nr, n2: nc })
  expectClose(ks.statistic, rawKs.statistic, closed, 'KS statistic')
  expectClose(ks.pvalue, rawKs.pvalue, pvalue, 'KS pvalue')
  expect(ks.methodUsed).toBe(rawKs.methodUsed)

  // Sums of non-negative terms: relative tolerance alone, so that values near 1e-300 are compared too.
  const relative = { rtol: RTOL_CLOSED_FORM, atol: 0 }
  expectClose(s.wasserstein, wassersteinDistance(x, y), relative, 'wasserstein')
  expectClose(Math.SQRT2 * Math.sqrt(s.energyIntegral), energyDistance(x, y), relative, 'energy')

  // Mann–Whitney: both continuity settings, auto and asymptotic.
  const { ranks, tieSizes } = midranks(pooled)
  expect(s.mwuR1).toBe(ranks.slice(0, nr).reduce((a, r) => a + r, 0))
  expect(s.tieSum).toBe(tieSizes.reduce((a, t) => a + t ** 3 - t, 0))
  expect(s.hasTies).toBe(tieSizes.some((t) => t > 1))
  for (const useContinuity of [true, false]) {
    for (const method of ['auto', 'asymptotic'] as const) {
      const raw = mannwhitneyu(x, y, { useContinuity, method })
      const sql = mannwhitneyuFromRanks({
        r1: s.mwuR1,
        n1: nr,
        n2: nc,
        tieSum: s.tieSum,
        hasTies: s.hasTies,
        useContinuity,
        method
      })
      const label = `MWU ${method} continuity=${useContinuity}`
      expectClose(sql.statistic, raw.statistic, closed, `${label} statistic`)
      expectClose(sql.pvalue, raw.pvalue, pvalue, `${label} pvalue`)
      expect(sql.methodUsed).toBe(raw.methodUsed)
      expect(sql.U2).toBe(raw.U2)
    }
  }

  if (nr >= 2 && nc >= 2) {
    const raw = cramervonmises2samp(x, y)
    const sql = cramervonmisesFromU(s.cvmU, nr, nc)
    expectClose(sql.statistic, raw.statistic, closed, 'CvM statistic')
    expectClose(sql.pvalue, raw.pvalue, pvalue, 'CvM pvalue')
    expect(sql.methodUsed).toBe(raw.methodUsed)
  }

  if (s.distinct >= 2 && nr + nc >= 4) {
    const raw = andersonKsamp([x, y])
    const sql = andersonKsampFromA2(s.adA2akN, [nr, nc])
    expectClose(sql.statistic, raw.statistic, closed, 'AD statistic')
    expectClose(sql.significanceLevel, raw.significanceLevel, pvalue, 'AD significance level')
    expect(sql.significanceLevelBound).toBe(raw.significanceLevelBound)
  } else if (s.distinct < 2) {
    expect(s.adA2akN).toBeNaN()
  }
  return s
}

type Kind = 'rounded' | 'integer' | 'continuous' | 'large' | 'tiny'

/** A sample of n values of the given kind, shifted and scaled; rounding makes ties. */
function sample(random: Random, n: number, kind: Kind, shift: number, scale = 1): number[] {
  return Array.from({ length: n }, () => {
    const z = standardNormal(random) * scale + shift
    switch (kind) {
      case 'rounded':
        return Math.round(z * 10) / 10
      case 'integer':
        return Math.round(z * 2)
      case 'continuous':
        return z
      case 'large':
        return 1e9 + Math.round(z * 1000) / 1000
      case 'tiny':
        return 1e-300 * (1 + Math.round(z * 100) / 100)
    }
  })
}

describe('ecdfStatistics against the raw-sample tests', () => {
  const cases: [number, number, Kind, number, number][] = [
    [1, 1, 'rounded', 0, 1],
    [1, 6, 'continuous', 0.5, 1],
    [2, 2, 'integer', 0, 1],
    [3, 7, 'continuous', 0.3, 1],
    [5, 8, 'continuous', 1, 1],
    [8, 40, 'rounded', 0.2, 1],
    [20, 17, 'rounded', 0, 1],
    [20, 20, 'continuous', 0.4, 1],
    [25, 30, 'integer', 0.2, 1.5],
    [100, 150, 'rounded', 0.1, 1],
    [500, 499, 'continuous', 0, 1.2],
    [700, 900, 'large', 0.05, 1],
    [300, 200, 'tiny', 0.1, 1],
    [3000, 2500, 'rounded', 0.05, 1],
    [3000, 1, 'integer', 0, 1],
    [2000, 2000, 'integer', 0, 1]
  ]
  cases.forEach(([nr, nc, kind, shift, scale], index) => {
    it(`${nr} vs ${nc} ${kind} values, shift ${shift}`, async () => {
      const random = seededRandom(100 + index)
      const x = sample(random, nr, kind, 0)
      const y = sample(random, nc, kind, shift, scale)
      await db.poolFromSamples('dw_ecdf_random', x, y)
      await expectSameAsRaw('dw_ecdf_random', x, y)
    })
  })

  it('handles identical samples and a single pooled value', async () => {
    const random = seededRandom(7)
    const x = sample(random, 50, 'rounded', 0)
    await db.poolFromSamples('dw_ecdf_same', x, [...x])
    const same = await expectSameAsRaw('dw_ecdf_same', x, [...x])
    expect(same.ksNumerator).toBe(0)
    expect(same.wasserstein).toBe(0)
    await db.poolFromSamples('dw_ecdf_single', [3, 3, 3], [3, 3])
    const single = await expectSameAsRaw('dw_ecdf_single', [3, 3, 3], [3, 3])
    expect(single.distinct).toBe(1)
    expect(single.adA2akN).toBeNaN()
  })

  it('refuses counts that do not match the pool, and empty sides', async () => {
    await db.poolFromSamples('dw_ecdf_check', [1, 2, 3], [2, 4])
    await expect(ecdfStatistics(db.connection(), 'dw_ecdf_check', 3, 3)).rejects.toThrow(
      'ecdfStatistics was given 3 reference and 3 current values, but the pool dw_ecdf_check holds 3 and 2'
    )
    await expect(ecdfStatistics(db.connection(), 'dw_ecdf_check', 0, 2)).rejects.toThrow(
      'ecdfStatistics requires at least one value on each side'
    )
  })
})

describe('ecdfStatistics on the seed-weather data', () => {
  for (const week of [1, 2, 3] as const) {
    it(`reference against week ${week}, every numeric column`, async () => {
      for (const column of WEATHER_NUMERIC_COLUMNS) {
        const { reference: x, current: y } = await db.poolWeatherColumn(
          'dw_weather_pool',
          column,
          week
        )
        expect(x.length, column).toBe(431)
        await expectSameAsRaw('dw_weather_pool', x, y)
      }
    })
  }
})

describe('ecdfStatistics with counts of 1e8 per side and more', () => {
  /** A pool given directly as rows of (value, reference count, current count). */
  async function poolFromCounts(
    pool: string,
    rows: readonly (readonly [number, bigint, bigint])[]
  ) {
    await db
      .connection()
      .run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(pool)} (v DOUBLE, cr BIGINT, cc BIGINT)`)
    const values = rows.map(([v, cr, cc]) => `(${v}, ${cr}, ${cc})`).join(', ')
    await db.connection().run(`INSERT INTO ${quoteIdent(pool)} VALUES ${values}`)
  }

  /** A rational p/q with bigint parts, for exact references. */
  type Fraction = { p: bigint; q: bigint }
  const toDouble = (f: Fraction): number => Number(f.p) / Number(f.q)

  /**
   * The statistics straight from their textbook definitions with exact integers, evaluated on the pool's
   * rows: per distinct value the midrank, SciPy's B_j, M_ij and l_j for Anderson–Darling, and each
   * group's sum of squared rank differences for Cramér–von Mises by Faulhaber's sums.
   */
  function reference(rows: readonly (readonly [number, bigint, bigint])[]) {
    const sorted = [...rows].sort((a, b) => a[0] - b[0])
    const nr = sorted.reduce((s, r) => s + r[1], 0n)
    const nc = sorted.reduce((s, r) => s + r[2], 0n)
    const N = nr + nc
    let fr = 0n
    let fc = 0n
    let ks = 0n
    let u4Reference = 0n
    let u4Current = 0n
    let r1Times2 = 0n
    let tieSum = 0n
    const adTerms: Fraction[] = []
    for (const [, cr, cc] of sorted) {
      const t = cr + cc
      const before = fr + fc
      // Doubled midrank 2R = 2·before + t + 1; reference values here are the (fr+1)..(fr+cr)-th of theirs.
      const R2 = 2n * before + t + 1n
      // 4·Σ_{k=1}^{c} (R − a − k)² = Σ (D − 2k)² = c·D² − 2D·c(c + 1) + 4·c(c + 1)(2c + 1)/6, D = 2R − 2a.
      const faulhaber = (c: bigint, D: bigint): bigint =>
        c * D * D - 2n * D * c * (c + 1n) + (4n * c * (c + 1n) * (2n * c + 1n)) / 6n
      u4Reference += faulhaber(cr, R2 - 2n * fr)
      u4Current += faulhaber(cc, R2 - 2n * fc)
      r1Times2 += cr * R2
      tieSum += t ** 3n - t
      // Anderson–Darling with 4·(N·M − B·n)² / (4·(B(N − B) − N·l/4)), all doubled to integers.
      const B2 = 2n * before + t
      for (const [own, n] of [
        [2n * fr + cr, nr],
        [2n * fc + cc, nc]
      ] as const) {
        const diff = N * own - B2 * n
        adTerms.push({ p: t * diff * diff, q: N * n * (B2 * (2n * N - B2) - N * t) })
      }
      fr += cr
      fc += cc
      const e = fr * nc - fc * nr
      ks = e < 0n ? (-e > ks ? -e : ks) : e > ks ? e : ks
    }
    const adSum = adTerms.reduce((s, f) => s + toDouble(f), 0)
    return {
      ksNumerator: ks,
      cvmTimes4: nr * u4Reference + nc * u4Current,
      r1Times2,
      tieSum,
      adA2akN: (adSum * Number(N - 1n)) / Number(N)
    }
  }

  const big: (readonly [number, bigint, bigint])[] = [
    [-2.5, 3n, 0n],
    [-1, 25_000_000n, 10_000_000n],
    [0, 30_000_000n, 30_000_001n],
    [0.5, 1n, 0n],
    [1e9, 20_000_000n, 35_000_000n],
    [1e9 + 0.125, 24_999_996n, 25_000_000n],
    [3e9, 0n, 1n]
  ]

  // About 1e8 values per side (products of two counts in BIGINT), and 1.2e9 against 2.5e9 (N > 1.5e9,
  // in HUGEINT: (2·nc)² alone passes 2^63).
  for (const [toReference, toCurrent] of [
    [1n, 1n],
    [12n, 25n]
  ] as const) {
    it(`keeps every integer exact and matches exact rational arithmetic, counts × ${toReference} and × ${toCurrent}`, async () => {
      const rows = big.map(([v, cr, cc]) => [v, cr * toReference, cc * toCurrent] as const)
      await poolFromCounts('dw_ecdf_big', rows)
      const nr = Number(rows.reduce((s, r) => s + r[1], 0n))
      const nc = Number(rows.reduce((s, r) => s + r[2], 0n))
      expect(nr).toBe(Number(toReference) * 1e8)
      const s = await ecdfStatistics(db.connection(), 'dw_ecdf_big', nr, nc)
      const exact = reference(rows)
      expect(s.ksNumerator).toBe(Number(exact.ksNumerator))
      expect(s.cvmU.times4).toBe(exact.cvmTimes4)
      expect(s.mwuR1).toBe(Number(exact.r1Times2) / 2)
      expect(s.tieSum).toBe(Number(exact.tieSum))
      expect(s.hasTies).toBe(true)
      expectClose(s.adA2akN, exact.adA2akN, { rtol: 1e-13 }, 'A2akN')
      // The finishing functions give finite, sensible results at this size.
      const cvm = cramervonmisesFromU(s.cvmU, nr, nc)
      expect(cvm.methodUsed).toBe('asymptotic')
      expect(Number.isFinite(cvm.statistic) && cvm.statistic > 0).toBe(true)
      const ad = andersonKsampFromA2(s.adA2akN, [nr, nc])
      expect(Number.isFinite(ad.statistic)).toBe(true)
      const mwu = mannwhitneyuFromRanks({ r1: s.mwuR1, n1: nr, n2: nc, tieSum: s.tieSum })
      expect(mwu.pvalue).toBeGreaterThanOrEqual(0)
    })
  }

  it('gives the same distances and D as the unscaled sample when every count is multiplied by 1e7', async () => {
    const random = seededRandom(11)
    const x = sample(random, 10, 'integer', 0)
    const y = sample(random, 12, 'integer', 0.4)
    const counts = new Map<number, [bigint, bigint]>()
    for (const [side, values] of [x, y].entries()) {
      for (const v of values) {
        const c = counts.get(v) ?? [0n, 0n]
        c[side] = (c[side] as bigint) + 10_000_000n
        counts.set(v, c)
      }
    }
    const rows = [...counts].map(([v, [cr, cc]]) => [v, cr, cc] as const)
    await poolFromCounts('dw_ecdf_scaled', rows)
    const s = await ecdfStatistics(db.connection(), 'dw_ecdf_scaled', 1e8, 1.2e8)
    expectClose(
      s.ksNumerator / 1e8 / 1.2e8,
      ks2samp(x, y, { method: 'asymp' }).statistic,
      closed,
      'D'
    )
    expectClose(s.wasserstein, wassersteinDistance(x, y), closed, 'wasserstein')
    expectClose(Math.SQRT2 * Math.sqrt(s.energyIntegral), energyDistance(x, y), closed, 'energy')
    // Pairs scale by 1e14: U1 = 1e14·U1 of the small samples.
    const small = mannwhitneyu(x, y)
    const scaled = mannwhitneyuFromRanks({ r1: s.mwuR1, n1: 1e8, n2: 1.2e8, tieSum: s.tieSum })
    expectClose(scaled.U1, small.U1 * 1e14, { rtol: 1e-15 }, 'U1')
    expect(s.cvmU.times4).toBe(reference(rows).cvmTimes4)
  })
})
