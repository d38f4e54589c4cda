import { normalSf } from './distributions'

export type TwoProportionZtestResult = Readonly<{
  p1: number
  p2: number
  pPooled: number
  se: number
  z: number
  pvalue: number
}>

/**
 * Two-proportion z-test with pooled variance, two-sided.
 *
 * p1 = count1/nobs1, p2 = count2/nobs2, p = (count1 + count2)/(nobs1 + nobs2),
 * se = √(p(1 − p)(1/nobs1 + 1/nobs2)), z = (p1 − p2)/se, p-value = 2·P(Z > |z|). A pooled proportion of 0
 * or 1 gives se = 0 and z = p-value = NaN, as statsmodels' `proportions_ztest` does.
 *
 * Reference: Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions, §2.5. O(1).
 *
 * @example twoProportionZtest(30, 100, 50, 100).z // ≈ -2.8868
 */
export function twoProportionZtest(
  count1: number,
  nobs1: number,
  count2: number,
  nobs2: number
): TwoProportionZtestResult {
  if (!(nobs1 > 0) || !(nobs2 > 0)) {
    throw new Error('twoProportionZtest requires at least one observation in each sample')
  }
  const p1 = count1 / nobs1
  const p2 = count2 / nobs2
  const pPooled = (count1 + count2) / (nobs1 + nobs2)
  const se = Math.sqrt(pPooled * (1 - pPooled) * (1 / nobs1 + 1 / nobs2))
  const z = (p1 - p2) / se
  const pvalue = Number.isNaN(z) ? Number.NaN : 2 * normalSf(Math.abs(z))
  return { p1, p2, pPooled, se, z, pvalue }
}
