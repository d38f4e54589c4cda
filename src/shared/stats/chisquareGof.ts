import { chi2Sf } from './distributions'

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
  let statistic = 0
  for (let i = 0; i < currentCounts.length; i += 1) {
    const expected = expectedFreq[i] as number
    const diff = (currentCounts[i] as number) - expected
    statistic += (diff * diff) / expected
  }
  const dof = referenceCounts.length - 1
  const pvalue = dof === 0 || Number.isNaN(statistic) ? Number.NaN : chi2Sf(statistic, dof)
  return { expectedFreq, statistic, pvalue, dof }
}

function sum(values: readonly number[]): number {
  let total = 0
  for (const v of values) total += v
  return total
}
