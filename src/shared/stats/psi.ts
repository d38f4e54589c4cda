/** Evidently replaces an empty bin's share by 1e-4, or by a millionth of the smallest share below it. */
const FILL_SHARE = 0.0001
const FILL_DIVISOR = 1e6

/**
 * Evidently's zero-fill of a vector of bin shares: every 0 is replaced by min(nonzero)/10⁶ when the
 * smallest nonzero share is at most 1e-4, else by 1e-4. The result is not renormalised, so its sum is a
 * little above 1. This keeps ln(r/c) finite in PSI and in Evidently's KL divergence; each side is filled on
 * its own.
 *
 * Evidently's `kl_div` is `scipy.stats.entropy(r, c)` on these filled shares, which renormalises both,
 * i.e. `klDivergence(fillZeroShares(r), fillZeroShares(c))` from ./klDivergence.
 *
 * Reference: Evidently 0.4.37 `calculations/stattests/utils.py:get_binned_data(feel_zeroes=True)`. O(k).
 *
 * @example fillZeroShares([0.5, 0.5, 0]) // [0.5, 0.5, 0.0001]
 */
export function fillZeroShares(shares: readonly number[]): number[] {
  let smallest = Number.POSITIVE_INFINITY
  for (const s of shares) {
    if (!(s >= 0 && Number.isFinite(s))) {
      throw new Error('fillZeroShares requires non-negative finite shares')
    }
    if (s > 0 && s < smallest) smallest = s
  }
  if (smallest === Number.POSITIVE_INFINITY) {
    throw new Error('fillZeroShares requires at least one positive share')
  }
  const fill = smallest <= FILL_SHARE ? smallest / FILL_DIVISOR : FILL_SHARE
  return shares.map((s) => (s === 0 ? fill : s))
}

/**
 * Population Stability Index between the reference and current counts of the same bins or categories:
 * PSI = Σ (rᵢ − cᵢ) · ln(rᵢ/cᵢ) with rᵢ = referenceᵢ/n_ref and cᵢ = currentᵢ/n_cur after Evidently's
 * zero-fill ({@link fillZeroShares}), natural logarithm, summed left to right. It is the
 * symmetrised KL divergence KL(r‖c) + KL(c‖r) of the two share vectors, 0 for equal shares; Evidently
 * flags drift at PSI ≥ 0.1.
 *
 * Reference: Yurdakul, "Statistical properties of population stability index", PhD thesis, Western
 * Michigan University (2018); Evidently 0.4.37 `calculations/stattests/psi.py`. O(k).
 *
 * @example psi([50, 50], [25, 75]) // 0.25 · ln 3 ≈ 0.2747
 */
export function psi(referenceCounts: readonly number[], currentCounts: readonly number[]): number {
  if (referenceCounts.length !== currentCounts.length) {
    throw new Error('psi requires as many reference counts as current counts')
  }
  if (referenceCounts.length === 0) throw new Error('psi requires at least one category')
  const r = fillZeroShares(shares(referenceCounts))
  const c = fillZeroShares(shares(currentCounts))
  // Added left to right, as Evidently's loop does.
  let total = 0
  r.forEach((ri, i) => {
    const ci = c[i] as number
    total += (ri - ci) * Math.log(ri / ci)
  })
  return total
}

/** count / total, one division per count as Evidently does. */
function shares(counts: readonly number[]): number[] {
  if (!counts.every((v) => v >= 0 && Number.isFinite(v))) {
    throw new Error('psi requires non-negative finite counts')
  }
  let total = 0
  for (const v of counts) total += v
  if (!(total > 0)) throw new Error('psi requires a positive total on each side')
  return counts.map((v) => v / total)
}
