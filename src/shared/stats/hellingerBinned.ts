/**
 * Evidently's numeric Hellinger distance from two histograms on the same edges:
 * H = √(1 − clip(BC, 0, 1)) with the Bhattacharyya coefficient BC = Σ √(h1ᵢ · h2ᵢ) · w, where
 * hᵢ = countᵢ / (edgeᵢ₊₁ − edgeᵢ) / n are NumPy's density histograms (`density=True`, evaluated in that
 * order) and w = (last edge − first edge)/k is one bin width. In [0, 1], 0 for equal histograms.
 *
 * Evidently takes w from the range of the distinct values, which equals the edge span except for a
 * constant column (edges v ± 0.5 but range 0): pass `binWidth` 0 there to reproduce its H = 1.
 * Terms are added left to right as Evidently's loop does. Unlike `hellinger` this 1 − BC form cancels for
 * near-identical histograms (absolute error ~1e-8 in H); it is here to match Evidently's score.
 *
 * Reference: Evidently 0.4.37 `calculations/stattests/hellinger_distance.py`; Bhattacharyya, "On a
 * measure of divergence between two statistical populations", Bull. Calcutta Math. Soc. 35 (1943). O(k).
 *
 * @example hellingerBinned([1, 3], [3, 1], [0, 1, 2]) // √(1 − √3/2) ≈ 0.366
 */
export function hellingerBinned(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
  edges: readonly number[],
  binWidth?: number
): number {
  const k = referenceCounts.length
  if (k === 0 || currentCounts.length !== k || edges.length !== k + 1) {
    throw new Error('hellingerBinned requires k counts on each side and k + 1 edges, k ≥ 1')
  }
  for (let i = 0; i < k; i += 1) {
    if (!((edges[i + 1] as number) > (edges[i] as number))) {
      throw new Error('hellingerBinned requires strictly increasing finite edges')
    }
  }
  const h1 = density(referenceCounts, edges)
  const h2 = density(currentCounts, edges)
  const width = binWidth ?? ((edges[k] as number) - (edges[0] as number)) / k
  let coefficient = 0
  for (let i = 0; i < k; i += 1)
    coefficient += Math.sqrt((h1[i] as number) * (h2[i] as number)) * width
  return Math.sqrt(1 - Math.min(1, Math.max(0, coefficient)))
}

/**
 * Evidently's categorical Hellinger distance H = √(1 − clip(Σ √(pᵢ qᵢ), 0, 1)) with pᵢ = countᵢ/Σcount,
 * qᵢ likewise (pass counts to get Evidently's shares exactly; probabilities are renormalised). Added left
 * to right. Algebraically equal to `hellinger` (√(½ Σ (√pᵢ − √qᵢ)²)), which is the accurate form; this one
 * loses digits by cancellation when p ≈ q (within ~1e-8 of it) and exists to match Evidently's score.
 *
 * Reference: Evidently 0.4.37 `calculations/stattests/hellinger_distance.py`. O(k).
 *
 * @example hellingerEvidently([1, 0], [0, 1]) // 1
 */
export function hellingerEvidently(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length || p.length === 0) {
    throw new Error(
      'hellingerEvidently requires two non-empty distributions over the same categories'
    )
  }
  const pn = shares(p)
  const qn = shares(q)
  let coefficient = 0
  for (let i = 0; i < pn.length; i += 1)
    coefficient += Math.sqrt((pn[i] as number) * (qn[i] as number))
  return Math.sqrt(1 - Math.min(1, Math.max(0, coefficient)))
}

function total(counts: readonly number[], caller: string): number {
  let sum = 0
  for (const v of counts) {
    if (!(v >= 0 && Number.isFinite(v)))
      throw new Error(`${caller} requires non-negative finite counts`)
    sum += v
  }
  if (!(sum > 0)) throw new Error(`${caller} requires a positive total on each side`)
  return sum
}

function density(counts: readonly number[], edges: readonly number[]): number[] {
  const n = total(counts, 'hellingerBinned')
  return counts.map((c, i) => c / ((edges[i + 1] as number) - (edges[i] as number)) / n)
}

function shares(counts: readonly number[]): number[] {
  const n = total(counts, 'hellingerEvidently')
  return counts.map((c) => c / n)
}
