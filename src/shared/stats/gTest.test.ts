import erfc from '@stdlib/math-base-special-erfc'
import { describe, expect, it } from 'vitest'
import { expectAllClose, loadGolden, RTOL_CLOSED_FORM } from '../../../test/golden'
import { gTest } from './gTest'

type Inputs = { categories: string[]; reference_counts: number[]; current_counts: number[] }
type Expected = { expected_freq: number[]; statistic: number; pvalue: number; dof: number }

const chisquare = loadGolden<Inputs, Record<string, never>, Expected>('chisquare_gof.json')

describe('gTest', () => {
  it('computes two categories by hand (p from erfc for dof 1)', () => {
    // e = (50, 50); G = 2(60 ln 1.2 + 40 ln 0.8) = 2(10.9392934 − 8.9257421) = 4.0271027.
    // For one degree of freedom P(χ² > G) = erfc(√(G/2)).
    const r = gTest([50, 50], [60, 40])
    const g = 2 * (60 * Math.log(1.2) + 40 * Math.log(0.8))
    expect(r.expectedFreq).toEqual([50, 50])
    expect(r.statistic).toBeCloseTo(g, 13)
    expect(r.statistic).toBeCloseTo(4.027102710137775, 13)
    expect(r.dof).toBe(1)
    expect(r.pvalue).toBeCloseTo(erfc(Math.sqrt(g / 2)), 14)
    expect(r.pvalue).toBeCloseTo(0.04477477232924418, 12)
  })
  it('computes three categories by hand (p = e^(−G/2) for dof 2), a matching one adding 0', () => {
    // e = (20, 30, 50); G = 2(30 ln 1.5 + 30 ln 1 + 40 ln 0.8) = 6.4764224.
    const r = gTest([20, 30, 50], [30, 30, 40])
    const g = 2 * (30 * Math.log(1.5) + 40 * Math.log(0.8))
    expect(r.statistic).toBeCloseTo(g, 13)
    expect(r.pvalue).toBeCloseTo(Math.exp(-g / 2), 14)
    expect(r.dof).toBe(2)
  })
  it('scales the reference to the current total when the sizes differ', () => {
    // n_ref = 40, n_cur = 80: e = (10/40 · 80, 30/40 · 80) = (20, 60).
    // G = 2(30 ln 1.5 + 50 ln(5/6)) = 6.0957508.
    const r = gTest([10, 30], [30, 50])
    expect(r.expectedFreq).toEqual([20, 60])
    expect(r.statistic).toBeCloseTo(2 * (30 * Math.log(1.5) + 50 * Math.log(5 / 6)), 13)
  })
  it('is 0 with p = 1 for proportional counts; a category empty in current adds 0', () => {
    expect(gTest([10, 20, 0], [20, 40, 0])).toMatchObject({ statistic: 0, pvalue: 1 })
  })
  it('is infinite with p = 0 for a category new in current; NaN p for one category', () => {
    expect(gTest([10, 0], [5, 5])).toMatchObject({ statistic: Infinity, pvalue: 0 })
    expect(gTest([10], [4]).pvalue).toBeNaN()
  })
  it('refuses mismatched, empty, negative or all-zero inputs', () => {
    expect(() => gTest([1, 2], [1])).toThrow(
      'gTest requires as many reference counts as current counts'
    )
    expect(() => gTest([], [])).toThrow('gTest requires at least one category')
    expect(() => gTest([1, -1], [1, 1])).toThrow('gTest requires non-negative finite counts')
    expect(() => gTest([0, 0], [1, 1])).toThrow('gTest requires a positive total on each side')
  })
})

describe('gTest on the chi-square golden inputs', () => {
  for (const c of chisquare.cases) {
    it(`${c.id} (${c.note ?? ''})`, () => {
      const { reference_counts: reference, current_counts: current } = c.inputs
      const r = gTest(reference, current)
      // Same expected counts as SciPy's chisquare, same degrees of freedom.
      expectAllClose(
        r.expectedFreq,
        c.expected.expected_freq,
        { rtol: RTOL_CLOSED_FORM },
        'expected'
      )
      expect(r.dof).toBe(c.expected.dof)
      // A category new in current is infinite in both statistics.
      if (c.expected.statistic === Infinity)
        expect(r).toMatchObject({ statistic: Infinity, pvalue: 0 })
      else if (Number.isFinite(c.expected.statistic)) expect(r.statistic).toBeGreaterThanOrEqual(0)
    })
  }
})
