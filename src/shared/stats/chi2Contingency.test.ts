import { describe, expect, it } from 'vitest'
import {
  expectAllClose,
  expectClose,
  loadGolden,
  RTOL_CLOSED_FORM,
  RTOL_PVALUE
} from '../../../test/golden'
import { chi2Contingency } from './chi2Contingency'

type Variant = { statistic: number; pvalue: number; dof: number; expected_freq: number[][] }
type Expected = { correction_false: Variant; correction_true: Variant; yates_applied: boolean }

const golden = loadGolden<{ table: number[][] }, Record<string, never>, Expected>(
  'chi2_contingency.json'
)

describe('chi2Contingency against SciPy chi2_contingency', () => {
  for (const c of golden.cases) {
    for (const correction of [false, true]) {
      it(`${c.id} correction=${correction} (${c.note ?? ''})`, () => {
        const expected = correction ? c.expected.correction_true : c.expected.correction_false
        const actual = chi2Contingency(c.inputs.table, correction)
        const closed = { rtol: RTOL_CLOSED_FORM }
        expectClose(actual.statistic, expected.statistic, closed, 'statistic')
        expectClose(actual.pvalue, expected.pvalue, { rtol: RTOL_PVALUE }, 'pvalue')
        expect(actual.dof).toBe(expected.dof)
        expect(actual.expected.length).toBe(expected.expected_freq.length)
        expected.expected_freq.forEach((row, i) =>
          expectAllClose(actual.expected[i] as number[], row, closed, `expected[${i}]`)
        )
      })
    }
  }
  it('defaults to the Yates correction', () => {
    const table = golden.cases[0]?.inputs.table as number[][]
    expect(golden.cases[0]?.expected.yates_applied).toBe(true)
    expect(chi2Contingency(table).statistic).toBe(chi2Contingency(table, true).statistic)
    expect(chi2Contingency(table).statistic).not.toBe(chi2Contingency(table, false).statistic)
  })
})

describe('chi2Contingency', () => {
  it('gives statistic 0 and p = 1 for a single row (dof 0)', () => {
    expect(chi2Contingency([[3, 4, 5]])).toMatchObject({ statistic: 0, pvalue: 1, dof: 0 })
  })
  it('computes a 2x2 table by hand', () => {
    // Rows 20/20, columns 20/20: every expected count is 10, |O − E| = 5 in each cell.
    // Without correction 4 · 25/10 = 10; with Yates 4 · 4.5²/10 = 8.1. For dof 1, p = erfc(√(x/2)).
    const table = [
      [15, 5],
      [5, 15]
    ]
    expect(chi2Contingency(table, false).statistic).toBe(10)
    expect(chi2Contingency(table, true).statistic).toBeCloseTo(8.1, 14)
    expect(chi2Contingency(table, false).pvalue).toBeCloseTo(0.001565402258002548, 15)
  })
  it('refuses empty rows or columns, ragged and negative tables', () => {
    expect(() =>
      chi2Contingency([
        [1, 0],
        [2, 0]
      ])
    ).toThrow('chi2Contingency requires every row and column to have a positive total')
    expect(() => chi2Contingency([[1, 2], [3]])).toThrow(
      'chi2Contingency requires a non-empty rectangular table'
    )
    expect(() => chi2Contingency([])).toThrow(
      'chi2Contingency requires a non-empty rectangular table'
    )
    expect(() => chi2Contingency([[1, -1]])).toThrow(
      'chi2Contingency requires non-negative finite counts'
    )
  })
})
