import { describe, expect, it } from 'vitest'
import { expectAllClose, loadGolden, RTOL_CLOSED_FORM } from '../../../test/golden'
import { multipleTesting } from './multipleTesting'

type Adjustment = { adjusted: number[]; reject: boolean[] }

const golden = loadGolden<
  { pvalues: number[] },
  { alpha: number },
  { bonferroni: Adjustment; bh: Adjustment }
>('multiple_testing.json')

describe('multipleTesting against statsmodels multipletests', () => {
  for (const c of golden.cases) {
    for (const method of ['bonferroni', 'bh'] as const) {
      it(`${c.id} ${method} (${c.note ?? ''})`, () => {
        const actual = multipleTesting(c.inputs.pvalues, c.params.alpha, method)
        const expected = c.expected[method]
        expectAllClose(actual.adjusted, expected.adjusted, { rtol: RTOL_CLOSED_FORM }, 'adjusted')
        expect(actual.reject).toEqual(expected.reject)
      })
    }
  }
})

describe('multipleTesting', () => {
  it('leaves NaN p-values out of the family', () => {
    // m = 2, not 3: Bonferroni 0.02 · 2 = 0.04 ≤ 0.05 still rejects (with m = 3 it would be 0.06).
    const bonferroni = multipleTesting([0.02, Number.NaN, 0.3], 0.05, 'bonferroni')
    expect(bonferroni.adjusted).toEqual([0.04, Number.NaN, 0.6])
    expect(bonferroni.reject).toEqual([true, false, false])
    // BH with m = 2: sorted 0.02, 0.03 → 0.03/(2/2) = 0.03, min(0.02/(1/2), 0.03) = 0.03; both rejected.
    const bh = multipleTesting([Number.NaN, 0.03, 0.02, Number.NaN], 0.05, 'bh')
    expect(bh.adjusted).toEqual([Number.NaN, 0.03, 0.03, Number.NaN])
    expect(bh.reject).toEqual([false, true, true, false])
  })
  it('gives the same answers for the other columns with or without a NaN among them', () => {
    const pvalues = [0.001, 0.2, 0.013, 0.04, 0.5]
    for (const method of ['bonferroni', 'bh'] as const) {
      const without = multipleTesting(pvalues, 0.05, method)
      const withNaN = multipleTesting(
        [...pvalues.slice(0, 2), Number.NaN, ...pvalues.slice(2)],
        0.05,
        method
      )
      expect([...withNaN.adjusted.slice(0, 2), ...withNaN.adjusted.slice(3)]).toEqual(
        without.adjusted
      )
      expect([...withNaN.reject.slice(0, 2), ...withNaN.reject.slice(3)]).toEqual(without.reject)
    }
  })
  it('handles an empty or all-NaN family', () => {
    expect(multipleTesting([], 0.05, 'bh')).toEqual({ adjusted: [], reject: [] })
    expect(multipleTesting([Number.NaN], 0.05, 'bonferroni')).toEqual({
      adjusted: [Number.NaN],
      reject: [false]
    })
  })
  it('applies the step-up rule: a p-value above its own line is rejected below a later one', () => {
    // m = 4, alpha 0.05, lines k/4 · 0.05 = 0.0125, 0.025, 0.0375, 0.05. p_(2) = 0.03 > 0.025 but
    // p_(4) = 0.05 ≤ 0.05, so all four are rejected.
    expect(multipleTesting([0.05, 0.03, 0.01, 0.035], 0.05, 'bh').reject).toEqual([
      true,
      true,
      true,
      true
    ])
  })
  it('refuses p-values or alpha outside [0, 1]', () => {
    expect(() => multipleTesting([1.2], 0.05, 'bh')).toThrow(
      'multipleTesting requires p-values between 0 and 1'
    )
    expect(() => multipleTesting([0.2], 0, 'bh')).toThrow(
      'multipleTesting requires alpha between 0 and 1'
    )
  })
})
