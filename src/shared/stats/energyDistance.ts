import { cdfDistance } from './cdfDistance'

/**
 * Energy distance between two one-dimensional empirical distributions, √2 · (∫ (U(t) − V(t))² dt)^{1/2}
 * over their (optionally weighted) ECDFs.
 *
 * Reference: Székely & Rizzo, "Energy statistics", J. Stat. Planning and Inference 143(8), 2013; SciPy
 * `scipy.stats.energy_distance`. O((n + m) log(n + m)).
 *
 * @example energyDistance([0], [2]) // 2
 */
export function energyDistance(
  u: readonly number[],
  v: readonly number[],
  uWeights?: readonly number[] | null,
  vWeights?: readonly number[] | null
): number {
  return Math.SQRT2 * cdfDistance(2, u, v, uWeights ?? null, vWeights ?? null, 'energyDistance')
}
