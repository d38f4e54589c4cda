import { chi2Sf } from './distributions'
import { pairwiseSum } from './pairwiseSum'

export type GTestResult = Readonly<{
  /** referenceᵢ / n_ref · n_cur: the reference shares scaled to the current total. */
  expectedFreq: readonly number[]
  statistic: number
  pvalue: number
  dof: number
}>

/**
 * G-test (log-likelihood ratio) goodness of fit of the current counts against the reference proportions:
 * G = 2 Σ oᵢ ln(oᵢ/eᵢ) with eᵢ = referenceᵢ / n_ref · n_cur, dof = k − 1, p = χ²_{k−1} survival. It is
 * SciPy's `power_divergence(current, expected, lambda_='log-likelihood')` with the expected counts scaled
 * to the current total. (Evidently's `g_test` passes the unscaled reference counts, which SciPy ≥ 1.9
 * refuses whenever the two sizes differ; equal sizes give the same result.)
 *
 * A category with o = 0 adds 0 (also when it is empty on both sides); one absent from the reference but
 * present now (e = 0 < o) makes G = +∞ and p = 0. k = 1 gives dof 0 and p NaN. For large counts G is
 * close to Pearson's X² of `chisquareGof`.
 *
 * Reference: Sokal & Rohlf, Biometry (4th ed., 2012), §17.1; Cressie & Read, "Multinomial goodness-of-fit
 * tests", J. R. Stat. Soc. B 46(3), 1984. O(k).
 *
 * @example gTest([50, 50], [60, 40]).statistic // 2(60 ln 1.2 + 40 ln 0.8) ≈ 4.0271
 */
export function gTest(
  referenceCounts: readonly number[],
  currentCounts: readonly number[]
): GTestResult {
  if (referenceCounts.length !== currentCounts.length) {
    throw new Error('gTest requires as many reference counts as current counts')
  }
  if (referenceCounts.length === 0) throw new Error('gTest requires at least one category')
  const valid = (v: number): boolean => v >= 0 && Number.isFinite(v)
  if (!referenceCounts.every(valid) || !currentCounts.every(valid)) {
    throw new Error('gTest requires non-negative finite counts')
  }
  const referenceTotal = pairwiseSum(referenceCounts)
  const currentTotal = pairwiseSum(currentCounts)
  if (!(referenceTotal > 0) || !(currentTotal > 0)) {
    throw new Error('gTest requires a positive total on each side')
  }
  const expectedFreq = referenceCounts.map((r) => (r / referenceTotal) * currentTotal)
  const terms = currentCounts.map((o, i) => {
    if (o === 0) return 0
    return 2 * o * Math.log(o / (expectedFreq[i] as number))
  })
  const statistic = pairwiseSum(terms)
  const dof = referenceCounts.length - 1
  const pvalue = dof === 0 ? Number.NaN : chi2Sf(statistic, dof)
  return { expectedFreq, statistic, pvalue, dof }
}
