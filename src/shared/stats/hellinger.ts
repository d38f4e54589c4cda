import { checkSameLength, normalize } from './normalize'

/**
 * Hellinger distance √(½ Σ (√Pᵢ − √Qᵢ)²) between two discrete distributions (normalised first), in [0, 1].
 * Computed from the differences, not as √(1 − Σ√(PᵢQᵢ)), which cancels badly for near-identical inputs.
 *
 * Reference: Hellinger (1909); Le Cam & Yang, Asymptotics in Statistics (2000), §3.2. O(k).
 *
 * @example hellinger([1, 0], [0, 1]) // 1
 */
export function hellinger(p: readonly number[], q: readonly number[]): number {
  checkSameLength(p, q, 'hellinger')
  const pn = normalize(p, 'hellinger')
  const qn = normalize(q, 'hellinger')
  let total = 0
  for (let i = 0; i < pn.length; i += 1) {
    const d = Math.sqrt(pn[i] as number) - Math.sqrt(qn[i] as number)
    total += d * d
  }
  return Math.sqrt(0.5 * total)
}
