import { describe, expect, it } from 'vitest'
import {
  expectAllClose,
  expectClose,
  loadGolden,
  RTOL_CLOSED_FORM,
  RTOL_PVALUE
} from '../../../test/golden'
import { chisquareGof } from './chisquareGof'

type Inputs = { categories: string[]; reference_counts: number[]; current_counts: number[] }
type Expected = { expected_freq: number[]; statistic: number; pvalue: number; dof: number }

const golden = loadGolden<Inputs, Record<string, never>, Expected>('chisquare_gof.json')

describe('chisquareGof against SciPy chisquare', () => {
  for (const c of golden.cases) {
    it(`${c.id} (${c.note ?? ''})`, () => {
      const actual = chisquareGof(c.inputs.reference_counts, c.inputs.current_counts)
      expectAllClose(
        actual.expectedFreq,
        c.expected.expected_freq,
        { rtol: RTOL_CLOSED_FORM },
        'expected'
      )
      expectClose(actual.statistic, c.expected.statistic, { rtol: RTOL_CLOSED_FORM }, 'statistic')
      expectClose(actual.pvalue, c.expected.pvalue, { rtol: RTOL_PVALUE }, 'pvalue')
      expect(actual.dof).toBe(c.expected.dof)
    })
  }
  it('refuses mismatched inputs', () => {
    expect(() => chisquareGof([1, 2], [1])).toThrow(
      'chisquareGof requires as many reference counts as current counts'
    )
  })
})

describe('chisquareGof', () => {
  it('gives the textbook statistic and refuses no categories', () => {
    const r = chisquareGof([50, 50], [60, 40])
    expect(r.expectedFreq).toEqual([50, 50])
    expect(r.statistic).toBe(4)
    expect(r.dof).toBe(1)
    expect(() => chisquareGof([], [])).toThrow('chisquareGof requires at least one category')
  })
  it('is infinite with p = 0 for a category new in current, NaN for one empty on both sides', () => {
    expect(chisquareGof([10, 0], [5, 5])).toMatchObject({ statistic: Infinity, pvalue: 0 })
    expect(chisquareGof([10, 0], [10, 0]).statistic).toBeNaN()
  })
})
