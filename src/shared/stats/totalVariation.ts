import { checkSameLength, normalize } from './normalize'

/**
 * Total variation distance ½ Σ |Pᵢ − Qᵢ| between two discrete distributions (normalised first), in [0, 1]:
 * the largest difference in probability the two give to any one event.
 *
 * Reference: Levin, Peres & Wilmer, Markov Chains and Mixing Times (2009), §4.1. O(k).
 *
 * @example totalVariation([0.5, 0.5], [0.25, 0.75]) // 0.25
 */
export function totalVariation(p: readonly number[], q: readonly number[]): number {
  checkSameLength(p, q, 'totalVariation')
  const pn = normalize(p, 'totalVariation')
  const qn = normalize(q, 'totalVariation')
  let total = 0
  for (let i = 0; i < pn.length; i += 1) total += Math.abs((pn[i] as number) - (qn[i] as number))
  return 0.5 * total
}
