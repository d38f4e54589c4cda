import gammaln from '@stdlib/math-base-special-gammaln'

/**
 * Exact survival function of the one-sided Kolmogorov–Smirnov statistic Dₙ⁺ for a sample of n,
 * P(Dₙ⁺ ≥ x), by the Birnbaum–Tingey sum
 *   x · Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (1 − x − j/n)^{n−j} (x + j/n)^{j−1}.
 * Every term is positive, so the sum keeps its relative accuracy in the far tail; terms are evaluated in
 * logarithms to avoid overflow of C(n, j) for large n.
 *
 * Reference: Birnbaum & Tingey (1951), Ann. Math. Stat. 22(4). O(n).
 *
 * @example smirnovSf(10, 0.3) // ≈ 0.1542
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
  const last = Math.floor(n - nx)
  const lnFactorialN = gammaln(n + 1)
  let total = 0
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
    total += Math.exp(lnTerm)
  }
  return Math.min(1, Math.max(0, x * total))
}
