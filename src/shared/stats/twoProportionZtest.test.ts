import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM, RTOL_PVALUE } from '../../../test/golden'
import { twoProportionZtest } from './twoProportionZtest'

type Inputs = { count1: number; nobs1: number; count2: number; nobs2: number }
type Expected = { p1: number; p2: number; p_pooled: number; se: number; z: number; pvalue: number }

const golden = loadGolden<Inputs, Record<string, never>, Expected>('two_proportion_ztest.json')

describe('twoProportionZtest against statsmodels proportions_ztest', () => {
  for (const c of golden.cases) {
    it(`${c.id} (${c.note ?? ''})`, () => {
      const { count1, nobs1, count2, nobs2 } = c.inputs
      const actual = twoProportionZtest(count1, nobs1, count2, nobs2)
      const closed = { rtol: RTOL_CLOSED_FORM }
      expectClose(actual.p1, c.expected.p1, closed, 'p1')
      expectClose(actual.p2, c.expected.p2, closed, 'p2')
      expectClose(actual.pPooled, c.expected.p_pooled, closed, 'p_pooled')
      expectClose(actual.se, c.expected.se, closed, 'se')
      expectClose(actual.z, c.expected.z, closed, 'z')
      expectClose(actual.pvalue, c.expected.pvalue, { rtol: RTOL_PVALUE }, 'pvalue')
    })
  }
  it('refuses an empty sample', () => {
    expect(() => twoProportionZtest(0, 0, 1, 2)).toThrow(
      'twoProportionZtest requires at least one observation in each sample'
    )
  })
})
