import gammaln from '@stdlib/math-base-special-gammaln'

/** ln(2^−1022), the smallest exponent SciPy's `smirnov` lets through before returning 0. */
const MIN_LOG = -1022 * Math.LN2
/** Above this sample size SciPy's `smirnov` switches to an approximation, and so do we. */
const MAX_EXACT_N = 1_000_000

/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic Dₙ⁺ for a sample of n,
 * P(Dₙ⁺ ≥ x) (SciPy's `scipy.special.smirnov(n, x)`).
 *
 * In the bulk it is the exact Birnbaum–Tingey sum
 *   x · Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (1 − x − j/n)^{n−j} (x + j/n)^{j−1},
 * whose terms are all positive, so far tails keep their relative accuracy; terms are taken in logarithms
 * so that C(n, j) cannot overflow, and the sum stops once the remaining terms cannot change it. The edges
 * follow SciPy: 1 − x(1 + x)^{n−1} for x ≤ 1/n, (1 − x)ⁿ for x ≥ 1 − 1/n, 0 once e^{−2nx²} underflows,
 * and the approximation e^{−(6nx + 1)²/(18n)} for n above one million.
 *
 * Reference: Birnbaum & Tingey, "One-Sided Confidence Contours for Probability Distribution Functions",
 * Ann. Math. Stat. 22(4), 1951; van Mulbregt, arXiv:1802.06966 (2018). O(n) at worst.
 *
 * @example smirnovSf(10, 0.3) // ≈ 0.1355
 */
export function smirnovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error('smirnovSf requires a positive whole sample size')
  }
  if (Number.isNaN(x)) return Number.NaN
  if (x <= 0) return 1
  if (x >= 1) return 0
  if (n === 1) return 1 - x
  const nx = n * x
  if (nx <= 1) return clip(1 - x * Math.pow(1 + x, n - 1))
  if (-2 * nx * x < MIN_LOG) return 0
  if (nx >= n - 1) return Math.pow(1 - x, n)
  if (n > MAX_EXACT_N) {
    const logSf = -Math.pow(6 * nx + 1, 2) / 18 / n
    return logSf < -Math.LN2 ? Math.exp(logSf) : 1 + Math.expm1(logSf)
  }
  const last = Math.floor(n - nx)
  const lnFactorialN = gammaln(n + 1)
  let total = 0
  let previous = 0
  for (let j = 0; j <= last; j += 1) {
    const below = (n - nx - j) / n
    if (below <= 0) continue
    const above = x + j / n
    const lnTerm =
      lnFactorialN -
      gammaln(j + 1) -
      gammaln(n - j + 1) +
      (n - j) * Math.log(below) +
      (j - 1) * Math.log(above)
    const term = Math.exp(lnTerm)
    total += term
    // Past the peak the terms only shrink: stop once all that remain are below rounding.
    if (term < previous && 4 * (last - j) * term < Number.EPSILON * total) break
    previous = term
  }
  return clip(x * total)
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p))
}
