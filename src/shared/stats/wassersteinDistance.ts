import { cdfDistance } from './cdfDistance'

/**
 * First Wasserstein (earth mover's) distance between two one-dimensional empirical distributions,
 * ∫ |U(t) − V(t)| dt over their (optionally weighted) ECDFs U and V.
 *
 * Reference: Ramdas, García Trillos & Cuturi, "On Wasserstein Two Sample Testing", Entropy 19(2), 2017;
 * SciPy `scipy.stats.wasserstein_distance`. O((n + m) log(n + m)).
 *
 * @example wassersteinDistance([0, 1, 3], [5, 6, 8]) // 5
 */
export function wassersteinDistance(
  u: readonly number[],
  v: readonly number[],
  uWeights?: readonly number[] | null,
  vWeights?: readonly number[] | null
): number {
  return cdfDistance(1, u, v, uWeights ?? null, vWeights ?? null, 'wassersteinDistance')
}
