import { roundHalfEven } from './ks2samp'
import { pairwiseSum } from './pairwiseSum'
import { seededRandom, shuffleInPlace } from './random'

/** Points as rows of coordinates (a 1-D sample is `[[v0], [v1], ...]`). */
export type Points = readonly (readonly number[])[]

export type MmdResult = Readonly<{
  /** V-statistic: mean k(x, x') + mean k(y, y') − 2 mean k(x, y), diagonals included; ≥ 0. */
  mmd2Biased: number
  /** U-statistic: the within-sample means leave out i = j; can be negative; null when m < 2 or n < 2. */
  mmd2Unbiased: number | null
  meanKxx: number
  meanKyy: number
  meanKxy: number
}>

export type MmdPermutationResult = Readonly<{
  /** Unbiased MMD² (U-statistic) of the two samples as given. */
  mmd2: number
  /** The bandwidth used: the one passed in, or {@link medianHeuristicSigma} of the pooled points. */
  sigma: number
  /** (1 + #{permutations with MMD² ≥ observed}) / (1 + permutations). */
  pvalue: number
  permutations: number
}>

export type MmdPermutationOptions = Readonly<{
  sigma?: number
  /** Default 200. */
  permutations?: number
  /** Seed of the permutations, default 42. */
  seed?: number
}>

/**
 * A permuted MMD² within this of the observed one counts as a tie (≥). MMD² is a sum of kernel means in
 * [0, 1], computed per permutation in a different order of operations than the observed value, so a
 * labelling that is mathematically as extreme (such as the two samples swapped) may come out a few ulps
 * lower; SciPy's `permutation_test` allows for the same.
 */
const TIE_TOLERANCE = 1e-12

/** Permutations summed together in one pass over the kernel (see unbiasedMmd2Block). */
const PERMUTATION_BLOCK = 128

/**
 * Squared maximum mean discrepancy between two samples of points with the Gaussian RBF kernel
 * k(a, b) = exp(−‖a − b‖² / (2σ²)), where ‖a − b‖² is the sum of squared coordinate differences. MMD² is
 * the squared distance between the two samples' mean embeddings in the kernel's feature space: zero
 * exactly when the distributions agree (the RBF kernel is characteristic), so it sees a change of the
 * joint distribution — a correlation that flips sign, say — that no single column shows.
 *
 * Both estimators are returned: the biased V-statistic and the unbiased U-statistic, whose within-sample
 * means skip the diagonal k(x_i, x_i) = 1.
 *
 * Reference: Gretton, Borgwardt, Rasch, Schölkopf & Smola, "A kernel two-sample test", JMLR 13 (2012),
 * eq. 3 and Lemma 6. O((m + n)² · d) time, O(max(m, n)²) memory.
 *
 * @example mmd([[0, 0], [1, 1]], [[0, 0], [1, 1]], 1).mmd2Biased // 0
 */
export function mmd(x: Points, y: Points, sigma: number): MmdResult {
  const dimension = checkPoints(x, y, 'mmd')
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new Error('mmd requires a positive, finite bandwidth sigma')
  }
  const m = x.length
  const n = y.length
  const scale = 2 * sigma * sigma
  const sumKxx = kernelSum(x, x, scale, dimension)
  const sumKyy = kernelSum(y, y, scale, dimension)
  const sumKxy = kernelSum(x, y, scale, dimension)
  const meanKxx = sumKxx / (m * m)
  const meanKyy = sumKyy / (n * n)
  const meanKxy = sumKxy / (m * n)
  // The diagonal terms are exp(0) = 1 exactly, so the off-diagonal sums are the full sums less m and n.
  const mmd2Unbiased =
    m < 2 || n < 2
      ? null
      : (sumKxx - m) / (m * (m - 1)) + (sumKyy - n) / (n * (n - 1)) - 2 * meanKxy
  return {
    mmd2Biased: meanKxx + meanKyy - 2 * meanKxy,
    mmd2Unbiased,
    meanKxx,
    meanKyy,
    meanKxy
  }
}

/**
 * Median heuristic for the RBF bandwidth: σ = the median Euclidean distance between distinct points of
 * the sample given (every pair i < j counted once, self-distances left out; the median of an even count
 * is the mean of the two middle distances, as `numpy.median`). Pass the pooled sample of both sides.
 * With k = exp(−d² / (2σ²)) a pair at the median distance gets weight e^{−1/2}. When more than half of
 * the pairs coincide (the median is 0) the median of the non-zero distances is used; when every point is
 * the same, σ = 1 (every kernel value is then 1 whatever σ is).
 *
 * This is Gretton et al.'s convention. Evidently's `emperical_mmd` differs: it takes the median of the
 * squared distances of the reference only, self-pairs and both orders included (n² values, `nearest`
 * percentile), and sets σ = √(median / 2), i.e. k = exp(−d² / median d²): see {@link evidentlyMmdSigma}.
 *
 * Reference: Gretton et al., JMLR 13 (2012), §8; Garreau, Jitkrittum & Kanagawa, "Large sample analysis
 * of the median heuristic", arXiv:1707.07269. O(N² · d) time, O(N²) memory for N points (selection, not
 * a sort, finds the median).
 *
 * @example medianHeuristicSigma([[0], [1], [3]]) // 2 (distances 1, 2, 3)
 */
export function medianHeuristicSigma(points: Points): number {
  if (points.length < 2) {
    throw new Error('medianHeuristicSigma requires at least two points')
  }
  const dimension = checkDimension(points, 'medianHeuristicSigma')
  return sigmaOfSquared(pairSquaredDistances(flatten(points, dimension), dimension))
}

/**
 * The median heuristic from the squared distances of every pair i < j (reordered in place): the median
 * distance, else the median of the non-zero ones, else 1.
 */
function sigmaOfSquared(squared: Float64Array): number {
  const median = medianDistance(squared)
  if (median > 0) return median
  const positive = squared.filter((d) => d > 0)
  return positive.length === 0 ? 1 : medianDistance(positive)
}

/** The points row-major in one array of `dimension` values per point. */
function flatten(points: Points, dimension: number): Float64Array {
  const flat = new Float64Array(points.length * dimension)
  points.forEach((point, i) => flat.set(point, i * dimension))
  return flat
}

/**
 * ‖p_i − p_j‖² for every pair i < j of the flat points, row by row: pair (i, j) at i·count − i(i + 1)/2 +
 * (j − i − 1). Each sums its coordinates' squared differences in coordinate order.
 */
function pairSquaredDistances(flat: Float64Array, dimension: number): Float64Array {
  const count = flat.length / dimension
  const squared = new Float64Array((count * (count - 1)) / 2)
  let k = 0
  for (let i = 0; i < count; i += 1) {
    const a = i * dimension
    for (let j = i + 1; j < count; j += 1) {
      const b = j * dimension
      let sum = 0
      for (let c = 0; c < dimension; c += 1) {
        const d = (flat[a + c] as number) - (flat[b + c] as number)
        sum += d * d
      }
      squared[k] = sum
      k += 1
    }
  }
  return squared
}

/**
 * The bandwidth Evidently's `emperical_mmd` test computes for a 1-D reference sample: the 50th percentile
 * (NumPy method `nearest`, index (n² − 1)/2 rounded half to even) of all n² squared differences
 * (x_i − x_j)², self-pairs and both orders included, then σ = √(0.5 · that); σ = √0.5 when it is 0.
 * Given here so that the univariate test can reproduce Evidently's statistic; Evidently forms
 * (x_i − x_j)² as x_j² − 2 x_i x_j + x_i², which can differ from the exact square in the last bits.
 *
 * Reference: Evidently 0.4.x `calculations/stattests/mmd_stattest.py` (`sigma_median`); NumPy
 * `percentile(method='nearest')`. O(n²) time and memory.
 *
 * @example evidentlyMmdSigma([0, 1, 2]) // √0.5 (the median squared difference is 1)
 */
export function evidentlyMmdSigma(reference: readonly number[]): number {
  const n = reference.length
  if (n === 0) {
    throw new Error('evidentlyMmdSigma requires at least one value')
  }
  const total = n * n
  const index = roundHalfEven((total - 1) / 2)
  // Sorted, the n² values are the n self-pair zeros, then every pair's squared difference twice.
  let median = 0
  if (index >= n) {
    const squared = new Float64Array((n * (n - 1)) / 2)
    let k = 0
    for (let i = 0; i < n; i += 1) {
      for (let j = i + 1; j < n; j += 1) {
        const d = (reference[i] as number) - (reference[j] as number)
        squared[k] = d * d
        k += 1
      }
    }
    median = selectInPlace(squared, Math.floor((index - n) / 2))
  }
  const sigma = Math.sqrt(0.5 * median)
  return sigma === 0 ? Math.SQRT1_2 : sigma
}

/**
 * Permutation test of MMD² = 0: the unbiased MMD² of the samples as given, against its value under
 * random relabellings of the pooled points (the first m of each shuffle are "x"). The p-value counts the
 * observed labelling as one of the permutations, p = (1 + #{MMD²_perm ≥ MMD²_obs}) / (1 + B), so it is
 * never 0 and the test keeps its level (≥ up to 1e-12, so that exact ties survive rounding). Shuffles come from {@link seededRandom}(seed): the same inputs
 * give the same p-value on every run.
 *
 * The pooled kernel matrix is computed once (its upper triangle, N(N − 1)/2 doubles for N = m + n points:
 * about 100 MB at N = 5000, so keep N ≤ ~5000) and each permutation only re-sums it. With row sums r_i and
 * the total T of the triangle, the within-sum S_GG of the smaller group G decides everything:
 * S_GH = Σ_{i∈G} r_i − 2·S_GG and S_HH = T − S_GG − S_GH, so a permutation costs min(m, n)² / 2.
 *
 * Differences from Evidently's `emperical_mmd`: Evidently uses 100 unseeded permutations (its p-value
 * changes from run to run), p = #{perm ≥ obs} / B (which can be 0) and the bandwidth of
 * {@link evidentlyMmdSigma}; pass that as `sigma` to use Evidently's kernel.
 *
 * Reference: Gretton et al., JMLR 13 (2012), §5 (permutation null); Phipson & Smyth, "Permutation
 * p-values should never be zero", Stat. Appl. Genet. Mol. Biol. 9(1) (2010). O(N² · d + B · min(m, n)²)
 * time, O(N²) memory.
 *
 * @example mmdPermutationTest([[0], [0.1], [0.2]], [[5], [5.1], [5.2]], { permutations: 999 }).pvalue
 * // 0.09 (≈ 0.1: 2 of the 20 ways to split 6 points 3/3 are as extreme as the observed one)
 */
export function mmdPermutationTest(
  x: Points,
  y: Points,
  options: MmdPermutationOptions = {}
): MmdPermutationResult {
  const dimension = checkPoints(x, y, 'mmdPermutationTest')
  const m = x.length
  const n = y.length
  if (m < 2 || n < 2) {
    throw new Error('mmdPermutationTest requires at least two points in each sample')
  }
  const permutations = options.permutations ?? 200
  if (!Number.isInteger(permutations) || permutations < 1) {
    throw new Error('mmdPermutationTest requires a positive whole number of permutations')
  }
  // The pooled points' pair distances serve both the bandwidth (when not given) and the kernel.
  const squared = pairSquaredDistances(flatten([...x, ...y], dimension), dimension)
  const sigma = options.sigma ?? sigmaOfSquared(squared.slice())
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new Error('mmdPermutationTest requires a positive, finite bandwidth sigma')
  }
  const kernel = pooledKernel(squared, m + n, sigma)
  const groupSize = Math.min(m, n)
  const firstIsSmaller = m <= n

  const observedGroup = new Int32Array(groupSize)
  for (let a = 0; a < groupSize; a += 1) observedGroup[a] = firstIsSmaller ? a : m + a
  const observed = unbiasedMmd2(kernel, observedGroup)

  const random = seededRandom(options.seed ?? 42)
  const order = Array.from({ length: m + n }, (_, i) => i)
  let atLeast = 0
  // The permutations are drawn in order and summed PERMUTATION_BLOCK at a time, row by row of the kernel
  // (see unbiasedMmd2Block).
  for (let first = 0; first < permutations; first += PERMUTATION_BLOCK) {
    const count = Math.min(PERMUTATION_BLOCK, permutations - first)
    const groups = new Int32Array(count * groupSize)
    for (let p = 0; p < count; p += 1) {
      shuffleInPlace(order, random)
      const group = groups.subarray(p * groupSize, (p + 1) * groupSize)
      for (let a = 0; a < groupSize; a += 1) {
        group[a] = order[firstIsSmaller ? a : m + a] as number
      }
      group.sort()
    }
    for (const value of unbiasedMmd2Block(kernel, groups, groupSize)) {
      if (value >= observed - TIE_TOLERANCE) atLeast += 1
    }
  }
  return { mmd2: observed, sigma, pvalue: (1 + atLeast) / (1 + permutations), permutations }
}

/** The strict upper triangle of the pooled RBF kernel matrix, with what a labelling's MMD² needs of it. */
type PooledKernel = Readonly<{
  count: number
  /** Entry (i, j), i < j, is at rowBase[i] + j. */
  triangle: Float64Array
  rowBase: Int32Array
  /** Σ_j k(i, j) over j ≠ i. */
  rowSums: Float64Array
  /** The sum of the triangle. */
  total: number
}>

/** The kernel exp(−d² / (2σ²)) of the pair distances `squared` (see pairSquaredDistances), in place. */
function pooledKernel(squared: Float64Array, count: number, sigma: number): PooledKernel {
  const scale = 2 * sigma * sigma
  const triangle = squared
  const rowBase = new Int32Array(count)
  const rowSums = new Float64Array(count)
  let k = 0
  for (let i = 0; i < count; i += 1) {
    rowBase[i] = k - i - 1
    for (let j = i + 1; j < count; j += 1) {
      const value = Math.exp(-(triangle[k] as number) / scale)
      triangle[k] = value
      rowSums[i] = (rowSums[i] as number) + value
      rowSums[j] = (rowSums[j] as number) + value
      k += 1
    }
  }
  return { count, triangle, rowBase, rowSums, total: pairwiseSum(triangle) }
}

/**
 * The unbiased MMD² of each of several labellings (`groups`: each `groupSize` point indices, ascending, of
 * the one sample). Summed one group at a time, every group would stream the kernel's rows through the
 * cache (16 MB at 2000 points); here each row is read once and summed for every group holding its point
 * while it is at hand. A group's sums run in the same order whatever the block, so a labelling gets the
 * same value to the last bit alone or among others (the observed one is computed as a block of one).
 */
function unbiasedMmd2Block(kernel: PooledKernel, groups: Int32Array, groupSize: number): number[] {
  const { count, triangle, rowBase, rowSums, total } = kernel
  const blocks = groups.length / groupSize
  /** Per group: the position of its next point, and its sums so far. */
  const cursor = new Int32Array(blocks)
  const within = new Float64Array(blocks)
  const rows = new Float64Array(blocks)
  for (let i = 0; i < count; i += 1) {
    const base = rowBase[i] as number
    const rowSum = rowSums[i] as number
    for (let p = 0; p < blocks; p += 1) {
      const start = p * groupSize
      const a = cursor[p] as number
      if (a >= groupSize || (groups[start + a] as number) !== i) continue
      cursor[p] = a + 1
      rows[p] = (rows[p] as number) + rowSum
      within[p] =
        (within[p] as number) + rowPart(triangle, base, groups, start + a + 1, start + groupSize)
    }
  }
  const g = groupSize
  const h = count - g
  return Array.from(within, (w, p) => {
    const across = (rows[p] as number) - 2 * w
    const other = total - w - across
    return (2 * other) / (h * (h - 1)) + (2 * w) / (g * (g - 1)) - (2 * across) / (g * h)
  })
}

/** The unbiased MMD² when the points in `group` (ascending) are one sample and the rest the other. */
function unbiasedMmd2(kernel: PooledKernel, group: Int32Array): number {
  return unbiasedMmd2Block(kernel, group, group.length)[0] as number
}

/**
 * Σ triangle[base + indices[b]] for b in [from, to), in four interleaved partial sums added at the end:
 * one running sum would make every addition wait for the one before.
 */
function rowPart(
  triangle: Float64Array,
  base: number,
  indices: Int32Array,
  from: number,
  to: number
): number {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let b = from
  for (; b + 3 < to; b += 4) {
    s0 += triangle[base + (indices[b] as number)] as number
    s1 += triangle[base + (indices[b + 1] as number)] as number
    s2 += triangle[base + (indices[b + 2] as number)] as number
    s3 += triangle[base + (indices[b + 3] as number)] as number
  }
  for (; b < to; b += 1) s0 += triangle[base + (indices[b] as number)] as number
  return s0 + s1 + (s2 + s3)
}

/** Σ_{i,j} k(a_i, b_j) in NumPy's summation order over the row-major matrix. */
function kernelSum(a: Points, b: Points, scale: number, dimension: number): number {
  const values = new Float64Array(a.length * b.length)
  let k = 0
  for (const p of a) {
    for (const q of b) {
      values[k] = Math.exp(-squaredDistance(p, q, dimension) / scale)
      k += 1
    }
  }
  return pairwiseSum(values)
}

function squaredDistance(a: readonly number[], b: readonly number[], dimension: number): number {
  let sum = 0
  for (let c = 0; c < dimension; c += 1) {
    const d = (a[c] as number) - (b[c] as number)
    sum += d * d
  }
  return sum
}

/** Median of the square roots of `squared` (reordered in place), averaging the middle two when even. */
function medianDistance(squared: Float64Array): number {
  const half = squared.length >>> 1
  const upper = Math.sqrt(selectInPlace(squared, half))
  if (squared.length % 2 === 1) return upper
  // After selecting `half`, every value before it is ≤ it: the largest of those is the lower middle.
  let lower = -Infinity
  for (let i = 0; i < half; i += 1) lower = Math.max(lower, squared[i] as number)
  return (Math.sqrt(lower) + upper) / 2
}

/**
 * The k-th smallest value (0-based), partially reordering `values` so that values[0..k) ≤ values[k] ≤
 * values(k..]: Hoare's selection with a median-of-three pivot. Expected O(n).
 */
function selectInPlace(values: Float64Array, k: number): number {
  let lo = 0
  let hi = values.length - 1
  while (hi > lo) {
    const first = values[lo] as number
    const middle = values[(lo + hi) >>> 1] as number
    const last = values[hi] as number
    const pivot = Math.max(Math.min(first, middle), Math.min(Math.max(first, middle), last))
    let i = lo
    let j = hi
    while (i <= j) {
      while ((values[i] as number) < pivot) i += 1
      while ((values[j] as number) > pivot) j -= 1
      if (i <= j) {
        const t = values[i] as number
        values[i] = values[j] as number
        values[j] = t
        i += 1
        j -= 1
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else break
  }
  return values[k] as number
}

/** Checks that both samples are non-empty and share one dimension ≥ 1; returns it. */
function checkPoints(x: Points, y: Points, name: string): number {
  if (x.length === 0 || y.length === 0) {
    throw new Error(`${name} requires at least one point in each sample`)
  }
  const dimension = checkDimension(x, name)
  if (checkDimension(y, name) !== dimension) {
    throw new Error(`${name} requires points of the same dimension in both samples`)
  }
  return dimension
}

function checkDimension(points: Points, name: string): number {
  const dimension = (points[0] as readonly number[]).length
  if (dimension === 0) {
    throw new Error(`${name} requires points with at least one coordinate`)
  }
  for (const p of points) {
    if (p.length !== dimension) {
      throw new Error(`${name} requires points of the same dimension in both samples`)
    }
  }
  return dimension
}
