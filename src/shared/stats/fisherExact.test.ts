import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM, RTOL_PVALUE } from '../../../test/golden'
import { fisherExact } from './fisherExact'

type Expected = {
  pvalue_two_sided: number
  oddsratio: number
  pvalue_less: number
  pvalue_greater: number
}

const golden = loadGolden<{ table: number[][] }, Record<string, never>, Expected>(
  'fisher_exact.json'
)

describe('fisherExact against SciPy fisher_exact', () => {
  for (const c of golden.cases) {
    it(`${c.id} (${c.note ?? ''})`, () => {
      const { table } = c.inputs
      const twoSided = fisherExact(table)
      expectClose(twoSided.oddsRatio, c.expected.oddsratio, { rtol: RTOL_CLOSED_FORM }, 'odds')
      expectClose(twoSided.pvalue, c.expected.pvalue_two_sided, { rtol: RTOL_PVALUE }, 'two-sided')
      const less = fisherExact(table, 'less')
      expectClose(less.pvalue, c.expected.pvalue_less, { rtol: RTOL_PVALUE }, 'less')
      expect(less.oddsRatio).toBe(twoSided.oddsRatio)
      const greater = fisherExact(table, 'greater')
      expectClose(greater.pvalue, c.expected.pvalue_greater, { rtol: RTOL_PVALUE }, 'greater')
    })
  }
})

describe('fisherExact', () => {
  it('counts the mirror image of a symmetric table as equally extreme', () => {
    // Margins 10/10 and 10/10: P(a = k) = C(10, k)² / C(20, 10), C(20, 10) = 184756, symmetric about 5.
    // a = 3: the tails {0, 1, 2, 3} and {7, 8, 9, 10} weigh 2 · (1 + 100 + 2025 + 14400) / 184756.
    const { pvalue, oddsRatio } = fisherExact([
      [3, 7],
      [7, 3]
    ])
    expect(pvalue).toBeCloseTo(33052 / 184756, 13)
    expect(oddsRatio).toBeCloseTo(9 / 49, 15)
  })
  it('gives p = 1 at either of two modes, also where log-factorials round them apart', () => {
    // total 7, good 2, draws 2: P(0) = C(5, 2)/C(7, 2) = 10/21 = C(2, 1)·C(5, 1)/C(7, 2) = P(1), the mode.
    expect(
      fisherExact([
        [0, 2],
        [2, 3]
      ]).pvalue
    ).toBe(1)
    // total 99998, good 9999, draws 29999: (draws + 1)(good + 1)/(total + 2) = 3000 exactly, so
    // P(2999) = P(3000); their log-factorial sums differ by 2e-10 (SciPy: p = 1.0).
    expect(
      fisherExact([
        [2999, 7000],
        [27000, 62999]
      ]).pvalue
    ).toBe(1)
    // One step further out is no longer a mode (SciPy: 0.9724763685252042).
    const next = fisherExact([
      [2998, 7001],
      [27001, 62998]
    ]).pvalue
    expect(next).toBeCloseTo(0.9724763685252042, 8)
  })
  it('is fast and underflows to 0 for an extreme table of millions', () => {
    // p = 2 / C(2·10⁶, 10⁶), far below the smallest double.
    expect(
      fisherExact([
        [1_000_000, 0],
        [0, 1_000_000]
      ])
    ).toEqual({ oddsRatio: Infinity, pvalue: 0 })
  })
  it('refuses a table that is not 2x2 of non-negative integers', () => {
    const message = 'fisherExact requires a 2x2 table of non-negative integer counts'
    expect(() => fisherExact([[1, 2, 3]])).toThrow(message)
    expect(() =>
      fisherExact([
        [1, -2],
        [3, 4]
      ])
    ).toThrow(message)
    expect(() =>
      fisherExact([
        [1, 2.5],
        [3, 4]
      ])
    ).toThrow(message)
  })
})
