export type MultipleTestingMethod = 'bonferroni' | 'bh'

export type MultipleTestingResult = Readonly<{
  /** Adjusted p-values in the input order; NaN where the input was NaN. */
  adjusted: readonly number[]
  /** Whether each hypothesis is rejected at the family level `alpha`; false for a NaN p-value. */
  reject: readonly boolean[]
}>

/**
 * Multiple-testing correction of the p-values of m tests, so that the drift verdicts of many columns
 * together keep a stated error rate.
 *
 * `bonferroni` controls the family-wise error rate: adjusted = min(1, m·p), reject when p ≤ alpha/m.
 * `bh` (Benjamini–Hochberg) controls the false discovery rate: with p sorted ascending,
 * adjusted_(i) = min over j ≥ i of min(1, p_(j)/(j/m)), and the step-up rule rejects p_(1..k) for the
 * largest k with p_(k) ≤ (k/m)·alpha. The arithmetic follows statsmodels 0.13.5 `multipletests` to the
 * last bit (p/(i/m), not m·p/i; reject compared on the raw p-values). Results are in the input order.
 *
 * NaN p-values (a column whose test could not be computed) are left out of the family: they do not count
 * in m, get adjusted NaN and reject false, so a failed test neither makes another column reject nor keeps
 * it from rejecting. (statsmodels would sort the NaNs last and let them count in m.)
 *
 * Reference: Dunn, "Multiple comparisons among means", JASA 56 (1961); Benjamini & Hochberg, "Controlling
 * the false discovery rate", J. R. Stat. Soc. B 57(1), 1995. O(m log m).
 *
 * @example multipleTesting([0.01, 0.04, 0.03], 0.05, 'bh').adjusted // [0.03, 0.04, 0.04]
 */
export function multipleTesting(
  pvalues: readonly number[],
  alpha: number,
  method: MultipleTestingMethod
): MultipleTestingResult {
  if (!(alpha > 0 && alpha < 1)) {
    throw new Error('multipleTesting requires alpha between 0 and 1')
  }
  if (!pvalues.every((p) => Number.isNaN(p) || (p >= 0 && p <= 1))) {
    throw new Error('multipleTesting requires p-values between 0 and 1 (or NaN for a missing test)')
  }
  const adjusted = pvalues.map(() => Number.NaN)
  const reject = pvalues.map(() => false)
  const tested = pvalues.flatMap((p, i) => (Number.isNaN(p) ? [] : [i]))
  const m = tested.length
  if (m === 0) return { adjusted, reject }
  if (method === 'bonferroni') {
    const level = alpha / m
    for (const i of tested) {
      const p = pvalues[i] as number
      adjusted[i] = Math.min(1, p * m)
      reject[i] = p <= level
    }
    return { adjusted, reject }
  }
  const order = [...tested].sort((a, b) => (pvalues[a] as number) - (pvalues[b] as number))
  const sorted = order.map((i) => pvalues[i] as number)
  const ecdf = sorted.map((_, k) => (k + 1) / m)
  let lastReject = -1
  sorted.forEach((p, k) => {
    if (p <= (ecdf[k] as number) * alpha) lastReject = k
  })
  let running = Number.POSITIVE_INFINITY
  for (let k = m - 1; k >= 0; k -= 1) {
    running = Math.min(running, (sorted[k] as number) / (ecdf[k] as number))
    const i = order[k] as number
    adjusted[i] = Math.min(1, running)
    reject[i] = k <= lastReject
  }
  return { adjusted, reject }
}
