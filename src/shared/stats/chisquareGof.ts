import { chi2Sf } from './distributions'
import { pairwiseSum } from './pairwiseSum'

export type ChisquareGofResult = Readonly<{
  expectedFreq: readonly number[]
  statistic: number
  pvalue: number
  dof: number
}>

/**
 * Pearson's chi-square goodness of fit of the current counts against the reference proportions.
 *
 * expected_i = reference_i / Σ reference · Σ current (evaluated in that order), statistic
 * Σ (current_i − expected_i)² / expected_i, dof = k − 1 over the k listed categories, p = χ²_{k−1} survival.
 * A category absent from the reference but present now gives an infinite term (p = 0); a category that is
 * 0 on both sides gives 0/0 = NaN, as SciPy's `chisquare(current, f_exp=expected)` does.
 *
 * Reference: Pearson (1900); SciPy `scipy.stats.chisquare`. O(k).
 *
 * @example chisquareGof([50, 50], [60, 40]).statistic // 4
 */
export function chisquareGof(
  referenceCounts: readonly number[],
  currentCounts: readonly number[]
): ChisquareGofResult {
  if (referenceCounts.length !== currentCounts.length) {
    throw new Error('chisquareGof requires as many reference counts as current counts')
  }
  if (referenceCounts.length === 0) {
    throw new Error('chisquareGof requires at least one category')
  }
  const referenceTotal = sum(referenceCounts)
  const currentTotal = sum(currentCounts)
  const expectedFreq = referenceCounts.map((r) => (r / referenceTotal) * currentTotal)
  const terms = currentCounts.map((c, i) => {
    const expected = expectedFreq[i] as number
    return ((c - expected) * (c - expected)) / expected
  })
  // Summed in NumPy's pairwise order, as SciPy's terms.sum() does.
  const statistic = pairwiseSum(terms)
  const dof = referenceCounts.length - 1
  const pvalue = dof === 0 || Number.isNaN(statistic) ? Number.NaN : chi2Sf(statistic, dof)
  return { expectedFreq, statistic, pvalue, dof }
}

function sum(values: readonly number[]): number {
  return pairwiseSum(values)
}
