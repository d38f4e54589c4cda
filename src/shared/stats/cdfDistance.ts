import { pairwiseSum } from './pairwiseSum'

/**
 * The Lᵖ distance between the ECDFs of two weighted samples, (∫ |U − V|ᵖ dt)^{1/p} for p = 1 or 2: the
 * integral is a sum over the gaps between consecutive pooled values, on which both ECDFs are constant.
 * Shared by the Wasserstein and energy distances. O((n + m) log(n + m)).
 */
export function cdfDistance(
  p: 1 | 2,
  u: readonly number[],
  v: readonly number[],
  uWeights: readonly number[] | null,
  vWeights: readonly number[] | null,
  caller: string
): number {
  if (u.length === 0 || v.length === 0) {
    throw new Error(`${caller} requires at least one value in each sample`)
  }
  const uSide = sortedWithCumulativeWeights(u, uWeights, caller)
  const vSide = sortedWithCumulativeWeights(v, vWeights, caller)
  const all = Float64Array.from([...u, ...v]).sort()
  const terms = new Float64Array(all.length - 1)
  let iu = 0
  let iv = 0
  for (let k = 0; k < terms.length; k += 1) {
    const t = all[k] as number
    while (iu < uSide.values.length && (uSide.values[iu] as number) <= t) iu += 1
    while (iv < vSide.values.length && (vSide.values[iv] as number) <= t) iv += 1
    const diff = Math.abs((uSide.cumulative[iu] as number) - (vSide.cumulative[iv] as number))
    terms[k] = (p === 1 ? diff : diff * diff) * ((all[k + 1] as number) - t)
  }
  // Summed in NumPy's pairwise order, as SciPy's np.sum does.
  const integral = pairwiseSum(terms)
  return p === 1 ? integral : Math.sqrt(integral)
}

type Side = { values: Float64Array; cumulative: Float64Array }

/** Values sorted ascending with cumulative[i] = share of the weight of the first i values (cumulative[0] = 0). */
function sortedWithCumulativeWeights(
  values: readonly number[],
  weights: readonly number[] | null,
  caller: string
): Side {
  const n = values.length
  if (weights !== null && weights.length !== n) {
    throw new Error(`${caller} requires one weight per value`)
  }
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b)
  const sorted = new Float64Array(n)
  const cumulative = new Float64Array(n + 1)
  let running = 0
  for (let i = 0; i < n; i += 1) {
    const index = order[i] as number
    sorted[i] = values[index] as number
    running += weights === null ? 1 : (weights[index] as number)
    cumulative[i + 1] = running
  }
  if (!(running > 0)) throw new Error(`${caller} requires weights with a positive sum`)
  for (let i = 0; i <= n; i += 1) {
    cumulative[i] = weights === null ? i / n : (cumulative[i] as number) / running
  }
  return { values: sorted, cumulative }
}
