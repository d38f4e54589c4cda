import { chi2Sf } from './distributions'
import { pairwiseSum } from './pairwiseSum'

export type Chi2ContingencyResult = Readonly<{
  statistic: number
  pvalue: number
  dof: number
  /** row total · column total / grand total, in the shape of the table. */
  expected: readonly (readonly number[])[]
}>

/**
 * Pearson's chi-square test of independence on an r × c table of counts (for drift: one row of reference
 * counts and one of current counts over the same categories).
 *
 * expected_ij = row_i · col_j / total, statistic Σ (O − E)²/E over all cells, dof = (r − 1)(c − 1),
 * p = χ²_dof survival. With `correction` (the default) and dof = 1, each |O − E| is first reduced by
 * min(0.5, |O − E|) (Yates' continuity correction); for dof > 1 the flag changes nothing. dof = 0 (a single
 * row or column) gives statistic 0 and p = 1. A row or column of zeros makes an expected count 0 and is
 * refused, as in SciPy 1.10's `chi2_contingency`, whose order of operations this follows (cells summed in
 * row-major order with NumPy's pairwise summation).
 *
 * Reference: Pearson (1900); Yates, "Contingency tables involving small numbers and the χ² test",
 * J. R. Stat. Soc. Suppl. 1(2), 1934. O(r · c).
 *
 * @example chi2Contingency([[8, 2], [1, 5]], false).statistic // ≈ 6.1122
 */
export function chi2Contingency(
  table: readonly (readonly number[])[],
  correction = true
): Chi2ContingencyResult {
  const rows = table.length
  const columns = table[0]?.length ?? 0
  if (rows === 0 || columns === 0 || table.some((row) => row.length !== columns)) {
    throw new Error('chi2Contingency requires a non-empty rectangular table')
  }
  if (!table.every((row) => row.every((v) => Number.isFinite(v) && v >= 0))) {
    throw new Error('chi2Contingency requires non-negative finite counts')
  }
  const rowTotals = table.map((row) => pairwiseSum(row))
  const columnTotals = Array.from({ length: columns }, (_, j) =>
    pairwiseSum(table.map((row) => row[j] as number))
  )
  const total = pairwiseSum(table.flat())
  const expected = rowTotals.map((r) => columnTotals.map((c) => (r * c) / total))
  if (expected.some((row) => row.some((e) => !(e > 0)))) {
    throw new Error(
      'chi2Contingency requires every row and column to have a positive total: drop empty categories first'
    )
  }
  const dof = (rows - 1) * (columns - 1)
  if (dof === 0) return { statistic: 0, pvalue: 1, dof, expected }
  const yates = correction && dof === 1
  const terms: number[] = []
  table.forEach((row, i) =>
    row.forEach((observed, j) => {
      const e = (expected[i] as number[])[j] as number
      let o = observed
      if (yates) {
        const diff = e - o
        o += Math.min(0.5, Math.abs(diff)) * Math.sign(diff)
      }
      const d = o - e
      terms.push((d * d) / e)
    })
  )
  const statistic = pairwiseSum(terms)
  return { statistic, pvalue: chi2Sf(statistic, dof), dof, expected }
}
