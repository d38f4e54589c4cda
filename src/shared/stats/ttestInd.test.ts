import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM, RTOL_PVALUE } from '../../../test/golden'
import { ttestInd, ttestIndFromMoments } from './ttestInd'

type Outcome = { statistic: number; pvalue: number; df: number }
type Expected = { welch: Outcome; student: Outcome }

const golden = loadGolden<{ x: number[]; y: number[] }, { alternative: string }, Expected>(
  'ttest_ind.json'
)

describe('ttestInd against SciPy ttest_ind', () => {
  for (const c of golden.cases) {
    for (const [variant, equalVar] of [
      ['welch', false],
      ['student', true]
    ] as const) {
      it(`${c.id} ${variant} (${c.note ?? ''})`, () => {
        const expected = c.expected[variant]
        const actual = ttestInd(c.inputs.x, c.inputs.y, { equalVar })
        expectClose(actual.statistic, expected.statistic, { rtol: RTOL_CLOSED_FORM }, 'statistic')
        expectClose(actual.pvalue, expected.pvalue, { rtol: RTOL_PVALUE }, 'pvalue')
        expectClose(actual.df, expected.df, { rtol: RTOL_CLOSED_FORM }, 'df')
      })
    }
  }
})

describe('ttestIndFromMoments', () => {
  it('gives the raw-sample result from the moments', () => {
    // x = [1, 2]: mean 1.5, variance 0.5; y = [2, 4]: mean 3, variance 2 (golden tt-001).
    const moments = { mean1: 1.5, var1: 0.5, n1: 2, mean2: 3, var2: 2, n2: 2 }
    for (const equalVar of [false, true]) {
      expect(ttestIndFromMoments({ ...moments, equalVar })).toEqual(
        ttestInd([1, 2], [2, 4], { equalVar })
      )
    }
  })
  it('keeps the relative accuracy of p-values far in the tail', () => {
    // Standard error √(1/50 + 1/50) = 0.2, so t = 8/0.2 = 40 on 98 df; 2·t.sf(40, 98) from SciPy.
    const r = ttestIndFromMoments({
      mean1: 8,
      var1: 1,
      n1: 50,
      mean2: 0,
      var2: 1,
      n2: 50,
      equalVar: true
    })
    expect(r.df).toBe(98)
    expectClose(r.statistic, 40, { rtol: 1e-12 }, 'statistic')
    expectClose(r.pvalue, 1.6633877203685833e-62, { rtol: RTOL_PVALUE, atol: 0 }, 'pvalue')
  })
  it('refuses samples with fewer than two values', () => {
    expect(() => ttestInd([1], [1, 2], { equalVar: true })).toThrow(
      'ttestInd requires at least two values in each sample'
    )
    expect(() =>
      ttestIndFromMoments({ mean1: 0, var1: 1, n1: 1, mean2: 0, var2: 1, n2: 5, equalVar: false })
    ).toThrow('ttestIndFromMoments requires at least two values in each sample')
  })
})
