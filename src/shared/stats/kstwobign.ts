/**
 * Survival function of the Kolmogorov distribution (the limit of √n·Dₙ), P(K > x).
 *
 * For x ≥ 1 the alternating series 2 Σ (−1)^{k−1} e^{−2k²x²} converges in a few terms and keeps the
 * relative accuracy of tiny tails; below 1 the Jacobi-theta form of the CDF,
 * √(2π)/x · Σ e^{−(2k−1)²π²/(8x²)}, converges fast and the survival function is 1 minus it.
 *
 * Reference: Kolmogorov (1933); Marsaglia, Tsang & Wang (2003), J. Stat. Software 8(18). O(1).
 *
 * @example kstwobignSf(1.3580986393225507) // ≈ 0.05
 */
export function kstwobignSf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  if (x <= 0) return 1
  if (x === Number.POSITIVE_INFINITY) return 0
  if (x < 1) {
    const scale = (Math.PI * Math.PI) / (8 * x * x)
    let cdf = 0
    for (let k = 1; k < 100; k += 1) {
      const m = 2 * k - 1
      const term = Math.exp(-m * m * scale)
      cdf += term
      if (term < 1e-18 * cdf) break
    }
    cdf *= Math.sqrt(2 * Math.PI) / x
    return Math.min(1, Math.max(0, 1 - cdf))
  }
  let sf = 0
  for (let k = 1; k < 100; k += 1) {
    const term = Math.exp(-2 * k * k * x * x)
    sf += k % 2 === 1 ? term : -term
    if (term < 1e-18 * Math.abs(sf)) break
  }
  return Math.min(1, Math.max(0, 2 * sf))
}
