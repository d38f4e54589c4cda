import { pairwiseSum } from './pairwiseSum'

/** A bin rule NumPy's `histogram_bin_edges` accepts by name, or a number of equal-width bins. */
export type BinRule = number | 'sturges' | 'fd' | 'auto' | 'scott' | 'rice' | 'sqrt' | 'doane'

/**
 * Histogram bin edges over the values, as NumPy 1.24's `histogram_bin_edges(values, bins)` draws them.
 *
 * The range is [min, max], widened to [min − 0.5, max + 0.5] for constant data. A named rule gives a bin
 * width w from the data (Sturges: range/(log₂n + 1); Freedman–Diaconis: 2·IQR·n^{−1/3}; auto: the smaller
 * of the two, or Sturges when the IQR is 0; Scott: (24√π/n)^{1/3}·σ; Rice: range/(2n^{1/3}); sqrt:
 * range/√n; Doane: range/(1 + log₂n + log₂(1 + |g₁|/σ_{g₁}))), then ⌈range/w⌉ bins (1 when w = 0). The edges
 * are first + i·((last − first)/bins), the last one set exactly to max.
 *
 * Reference: NumPy `numpy.histogram_bin_edges`; Sturges (1926); Freedman & Diaconis (1981); Scott (1979);
 * Doane (1976). O(n log n) for the IQR-based rules, O(n) otherwise.
 *
 * @example histogramBinEdges([0, 1, 2, 3], 'sturges') // [0, 1, 2, 3]
 */
export function histogramBinEdges(values: readonly number[], bins: BinRule): number[] {
  if (values.length === 0) throw new Error('histogramBinEdges requires at least one value')
  let min = Infinity
  let max = -Infinity
  for (const v of values) {
    if (!Number.isFinite(v)) throw new Error('histogramBinEdges requires finite values')
    if (v < min) min = v
    if (v > max) max = v
  }
  if (typeof bins === 'number') {
    if (!Number.isInteger(bins) || bins < 1) {
      throw new Error('histogramBinEdges requires a positive whole number of bins')
    }
    return binEdgesFromRange(min, max, bins)
  }
  const width = binWidth(values, bins, max - min)
  const [first, last] = widened(min, max)
  const count = width > 0 ? Math.ceil((last - first) / width) : 1
  return binEdgesFromRange(min, max, count)
}

/**
 * The number of bins NumPy's 'sturges' rule gives for n pooled values spanning [min, max]:
 * ⌈range / (range/(log₂n + 1))⌉, or 1 for constant data.
 *
 * @example sturgesBins(1000, 0, 1) // 11
 */
export function sturgesBins(n: number, min: number, max: number): number {
  if (!(n >= 1)) throw new Error('sturgesBins requires at least one value')
  const range = max - min
  const width = range / (Math.log2(n) + 1)
  if (!(width > 0)) return 1
  const [first, last] = widened(min, max)
  return Math.ceil((last - first) / width)
}

/**
 * Equal-width edges over [min, max] (widened by 0.5 on each side when min = max), NumPy's
 * `linspace(first, last, bins + 1)`: first + i·((last − first)/bins), the last edge exactly `last`.
 *
 * @example binEdgesFromRange(0, 1, 4) // [0, 0.25, 0.5, 0.75, 1]
 */
export function binEdgesFromRange(min: number, max: number, bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error('binEdgesFromRange requires a positive whole number of bins')
  }
  const [first, last] = widened(min, max)
  const step = (last - first) / bins
  const edges = new Array<number>(bins + 1)
  for (let i = 0; i <= bins; i += 1) edges[i] = i * step + first
  edges[bins] = last
  return edges
}

/**
 * Counts of values in the bins [e₀, e₁), [e₁, e₂), …, [e_{k−1}, e_k] (the last bin closed), as
 * `numpy.histogram(values, bins=edges)`; values outside [e₀, e_k] are not counted.
 *
 * @example histogramCounts([0, 0.5, 1, 2], [0, 1, 2]) // [2, 2]
 */
export function histogramCounts(values: readonly number[], edges: readonly number[]): number[] {
  if (edges.length < 2) throw new Error('histogramCounts requires at least two edges')
  const bins = edges.length - 1
  const counts = new Array<number>(bins).fill(0)
  const first = edges[0] as number
  const last = edges[bins] as number
  for (const v of values) {
    if (!(v >= first && v <= last)) continue
    // The last edge ≤ v: binary search over the edges.
    let lo = 0
    let hi = bins
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if ((edges[mid] as number) <= v) lo = mid
      else hi = mid - 1
    }
    const bin = Math.min(lo, bins - 1)
    counts[bin] = (counts[bin] as number) + 1
  }
  return counts
}

function widened(min: number, max: number): [number, number] {
  return min === max ? [min - 0.5, max + 0.5] : [min, max]
}

function binWidth(
  values: readonly number[],
  rule: Exclude<BinRule, number>,
  range: number
): number {
  const n = values.length
  switch (rule) {
    case 'sturges':
      return range / (Math.log2(n) + 1)
    case 'fd':
      return freedmanDiaconisWidth(values)
    case 'auto': {
      const fd = freedmanDiaconisWidth(values)
      const sturges = range / (Math.log2(n) + 1)
      return fd > 0 ? Math.min(fd, sturges) : sturges
    }
    case 'scott':
      // x ** (1/3) rather than cbrt, as NumPy writes it: the two differ in the last bit for some n.
      return Math.pow((24 * Math.sqrt(Math.PI)) / n, 1 / 3) * standardDeviation(values)
    case 'rice':
      return range / (2 * Math.pow(n, 1 / 3))
    case 'sqrt':
      return range / Math.sqrt(n)
    case 'doane': {
      if (n <= 2) return 0
      const sigma = standardDeviation(values)
      if (!(sigma > 0)) return 0
      const mean = average(values)
      const cubes = Float64Array.from(values, (v) => Math.pow((v - mean) / sigma, 3))
      const g1 = pairwiseSum(cubes) / n
      const sg1 = Math.sqrt((6 * (n - 2)) / ((n + 1) * (n + 3)))
      return range / (1 + Math.log2(n) + Math.log2(1 + Math.abs(g1) / sg1))
    }
    default:
      return assertNever(rule)
  }
}

function freedmanDiaconisWidth(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort()
  const iqr = linearQuantile(sorted, 0.75) - linearQuantile(sorted, 0.25)
  return 2 * iqr * Math.pow(values.length, -1 / 3)
}

/**
 * NumPy's default (linear, type 7) quantile of sorted values: position h = (n − 1)·p between a = x[⌊h⌋]
 * and b = x[⌊h⌋ + 1], interpolated as NumPy 1.24 does, a + t·(b − a) for t < 0.5 and b − (1 − t)·(b − a)
 * otherwise.
 */
function linearQuantile(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p
  const below = Math.floor(position)
  const above = Math.min(below + 1, sorted.length - 1)
  const t = position - below
  const a = sorted[below] as number
  const b = sorted[above] as number
  const diff = b - a
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
}

/** numpy.mean: the pairwise sum over n. */
function average(values: readonly number[]): number {
  return pairwiseSum(values) / values.length
}

/** numpy.std with ddof 0: √(Σ(x − mean)²/n), both sums pairwise. */
function standardDeviation(values: readonly number[]): number {
  const mean = average(values)
  const squares = Float64Array.from(values, (v) => (v - mean) * (v - mean))
  return Math.sqrt(pairwiseSum(squares) / values.length)
}

function assertNever(v: never): never {
  throw new Error(`unknown bin rule ${String(v)}`)
}
