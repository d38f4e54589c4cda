import { checkSameLength, normalize, relativeEntropyTerm } from './normalize'

/**
 * Jensen–Shannon distance between two discrete distributions (the square root of the divergence):
 * √((KL(P‖M) + KL(Q‖M))/2) with M = (P + Q)/2, after normalising p and q to sum 1. Natural logarithm by
 * default; pass `base` (e.g. 2) to divide the divergence by ln(base), which bounds the distance by 1.
 *
 * Reference: Endres & Schindelin, "A new metric for probability distributions", IEEE Trans. Inf. Theory
 * 49(7), 2003; SciPy `scipy.spatial.distance.jensenshannon`. O(k).
 *
 * @example jensenShannon([1, 0], [0, 1], 2) // 1
 */
export function jensenShannon(p: readonly number[], q: readonly number[], base?: number): number {
  checkSameLength(p, q, 'jensenShannon')
  const pn = normalize(p, 'jensenShannon')
  const qn = normalize(q, 'jensenShannon')
  let left = 0
  let right = 0
  for (let i = 0; i < pn.length; i += 1) {
    const a = pn[i] as number
    const b = qn[i] as number
    const m = (a + b) / 2
    left += relativeEntropyTerm(a, m)
    right += relativeEntropyTerm(b, m)
  }
  let divergence = left + right
  if (base !== undefined) divergence /= Math.log(base)
  return Math.sqrt(divergence / 2)
}
