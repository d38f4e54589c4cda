import { checkSameLength, normalize, relativeEntropyTerm } from './normalize'

/**
 * Kullback–Leibler divergence KL(P‖Q) = Σ Pᵢ ln(Pᵢ/Qᵢ) after normalising p and q, with 0·ln(0/x) = 0 and
 * +∞ where Pᵢ > 0 = Qᵢ. Natural logarithm by default; `base` divides by ln(base).
 *
 * Reference: Kullback & Leibler (1951); SciPy `scipy.stats.entropy(p, q)`. O(k).
 *
 * @example klDivergence([0.5, 0.5], [0.25, 0.75], 2) // ≈ 0.2075
 */
export function klDivergence(p: readonly number[], q: readonly number[], base?: number): number {
  checkSameLength(p, q, 'klDivergence')
  const pn = normalize(p, 'klDivergence')
  const qn = normalize(q, 'klDivergence')
  let total = 0
  for (let i = 0; i < pn.length; i += 1)
    total += relativeEntropyTerm(pn[i] as number, qn[i] as number)
  return base === undefined ? total : total / Math.log(base)
}
