import erfc from '@stdlib/math-base-special-erfc'
import gammainc from '@stdlib/math-base-special-gammainc'

/**
 * Standard normal survival function, P(Z > z) = erfc(z / √2) / 2.
 *
 * Computed through the complementary error function so that far tails keep their relative accuracy
 * (1 − Φ(z) would round to 0 long before the true value underflows).
 *
 * Reference: Abramowitz & Stegun 26.2.29. O(1).
 *
 * @example normalSf(1.959963984540054) // ≈ 0.025
 */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2)
}

/**
 * Chi-square survival function with `dof` degrees of freedom, P(X > x) = Q(dof/2, x/2), the regularized
 * upper incomplete gamma function. NaN when dof is not positive or x is NaN; 0 for x = +∞.
 *
 * Reference: Abramowitz & Stegun 26.4.19. O(1).
 *
 * @example chi2Sf(3.841458820694124, 1) // ≈ 0.05
 */
export function chi2Sf(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return Number.NaN
  if (x === Number.POSITIVE_INFINITY) return 0
  if (x <= 0) return 1
  return gammainc(x / 2, dof / 2, true, true)
}
