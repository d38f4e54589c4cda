import { describe, expect, it } from 'vitest'
import { loadProbabilityDistances } from '../../../test/golden'
import { totalVariation } from './totalVariation'
import { tvdPermutationTest } from './tvdPermutation'

const golden = loadProbabilityDistances()

describe('tvdPermutationTest', () => {
  it('reports the total variation distance of the counts', () => {
    // ½ (|0.6 − 0.3| + |0.4 − 0.7|) = 0.3.
    expect(tvdPermutationTest([6, 4], [3, 7], { permutations: 1 }).statistic).toBeCloseTo(0.3, 15)
    // Integer-valued golden inputs: the statistic is NumPy's ½ Σ |P − Q|.
    for (const c of golden.cases) {
      const integers = [...c.inputs.p, ...c.inputs.q].every(Number.isInteger)
      if (!integers) continue
      const { statistic } = tvdPermutationTest(c.inputs.p, c.inputs.q, { permutations: 1 })
      expect(Math.abs(statistic - c.expected.total_variation)).toBeLessThan(1e-12)
    }
    expect(
      tvdPermutationTest([30, 12, 0, 58], [25, 20, 9, 46], { permutations: 1 }).statistic
    ).toBeCloseTo(totalVariation([30, 12, 0, 58], [25, 20, 9, 46]), 15)
  })
  it('gives p = 1 for identical or proportional counts', () => {
    expect(tvdPermutationTest([40, 35, 25], [40, 35, 25]).pvalue).toBe(1)
    expect(tvdPermutationTest([40, 35, 25], [80, 70, 50]).pvalue).toBe(1)
  })
  it('gives p = 0 for clearly different distributions', () => {
    const r = tvdPermutationTest([50, 50], [90, 10])
    expect(r).toMatchObject({ pvalue: 0, permutations: 1000, seed: 42 })
    expect(r.statistic).toBeCloseTo(0.4, 15)
  })
  it('approaches the exact permutation p-value', () => {
    // Pooled (9, 11), current 10 of 20: its count X of category 0 is hypergeometric,
    // P(x) = C(9, x)·C(11, 10 − x)/C(20, 10), and D = |9 − 2X|/10 ≥ D_obs = 0.3 ⇔ X ≤ 3 or X ≥ 6.
    // Exact p = 2(11 + 495 + 5940 + 27720)/184756 = 68332/184756 ≈ 0.36985.
    const { pvalue } = tvdPermutationTest([6, 4], [3, 7], { permutations: 20_000, seed: 5 })
    const exact = 68332 / 184756
    expect(Math.abs(pvalue - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / 20_000))
  })
  it('counts ties with the observed distance as at least as extreme', () => {
    // Pooled (1, 1), one row per side: every split has D = 1 = D_obs, so p = 1.
    expect(tvdPermutationTest([1, 0], [0, 1], { permutations: 50 }).pvalue).toBe(1)
  })
  it('is deterministic for a seed and varies with it', () => {
    const reference = [120, 95, 60, 25]
    const current = [110, 90, 75, 25]
    const a = tvdPermutationTest(reference, current, { seed: 11 })
    expect(tvdPermutationTest(reference, current, { seed: 11 })).toEqual(a)
    expect(a.seed).toBe(11)
    const others = [12, 13, 14].map(
      (seed) => tvdPermutationTest(reference, current, { seed }).pvalue
    )
    expect(others.some((p) => p !== a.pvalue)).toBe(true)
    expect(a.pvalue).toBeGreaterThan(0.1)
  })
  it('handles a million rows per side quickly', () => {
    const reference = [400_000, 300_000, 200_000, 100_000]
    const current = [401_000, 299_000, 200_500, 99_500]
    const started = Date.now()
    const r = tvdPermutationTest(reference, current)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(r.pvalue).toBeGreaterThan(0)
    expect(r.pvalue).toBeLessThan(1)
  })
  it('refuses mismatched, fractional or empty inputs', () => {
    expect(() => tvdPermutationTest([1, 2], [1])).toThrow(
      'tvdPermutationTest requires as many reference counts as current counts, at least one'
    )
    expect(() => tvdPermutationTest([1.5, 2], [1, 1])).toThrow(
      'tvdPermutationTest requires non-negative integer counts'
    )
    expect(() => tvdPermutationTest([0, 0], [1, 1])).toThrow(
      'tvdPermutationTest requires a positive total on each side'
    )
    expect(() => tvdPermutationTest([1, 1], [1, 1], { permutations: 0 })).toThrow(
      'tvdPermutationTest requires a positive whole number of permutations'
    )
  })
})
