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
