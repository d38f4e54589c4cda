import { normalSf } from './distributions'
import { midranks } from './midranks'
import { pairwiseSum } from './pairwiseSum'

export type MannwhitneyuMethod = 'auto' | 'asymptotic' | 'exact'

export type MannwhitneyuResult = Readonly<{
  /** U1, the statistic of the first sample (SciPy's `statistic`). */
  statistic: number
  /** Two-sided p-value. */
  pvalue: number
  methodUsed: 'asymptotic' | 'exact'
  /** R1 − n1(n1 + 1)/2: pairs (x, y) with x > y, ties counted one half. */
  U1: number
  /** n1·n2 − U1. */
  U2: number
}>

export type MannwhitneyuRanks = Readonly<{
  /** Sum of the midranks of the first sample's values in the pooled sample (a multiple of 1/2). */
  r1: number
  n1: number
  n2: number
  /** Σ (t³ − t) over the groups of t equal values in the pooled sample (0 without ties). */
  tieSum: number
  /** Whether any value occurs more than once in the pooled sample; taken as tieSum > 0 when omitted. */
  hasTies?: boolean
  useContinuity?: boolean
  method?: MannwhitneyuMethod
}>

/** In `auto` mode the exact distribution is used when one sample has at most this many values (and no ties). */
export const MWU_EXACT_MAX_SMALLER_N = 8
/**
 * The exact distribution costs min(n1, n2) passes over the part of it below the observed U; beyond this
 * much work `auto` switches to the normal approximation (SciPy itself runs out of memory long before).
 */
export const MWU_EXACT_MAX_WORK = 20_000_000

/**
 * Mann–Whitney U test, two-sided, finished from the rank sum: U1 = r1 − n1(n1 + 1)/2, U2 = n1·n2 − U1 and
 * the p-value of U = max(U1, U2).
 *
 * `asymptotic`: z = (U − n1·n2/2 − ½·continuity) / √(n1·n2/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1)))), p =
 * 2·P(Z > z) (NaN when every value is tied and there is no continuity correction, as 0/0). `exact`: p =
 * 2·P(U′ ≥ U) under the permutation distribution without ties, whose counts are the coefficients of the
 * Gaussian binomial [N choose n1]_q; ties are ignored there and U is truncated to an integer, as SciPy does.
 * `auto` is exact when n1 ≤ 8 or n2 ≤ 8 and nothing is tied, otherwise asymptotic (and asymptotic as well
 * when the exact distribution would take more than {@link MWU_EXACT_MAX_WORK} steps). p is clipped to
 * [0, 1]. These are the rules of SciPy 1.10's `mannwhitneyu(alternative='two-sided')`.
 *
 * The drift engine calls this with r1 and the tie sum computed in SQL over pooled value counts.
 *
 * Reference: Mann & Whitney, Ann. Math. Statist. 18(1), 1947; SciPy `scipy.stats.mannwhitneyu`. O(1) for
 * the asymptotic p-value, O(min(n1, n2)·n1·n2) at worst for the exact one.
 *
 * @example mannwhitneyuFromRanks({ r1: 7, n1: 3, n2: 4, tieSum: 0 }).pvalue // 0.11428571428571428
 */
export function mannwhitneyuFromRanks(input: MannwhitneyuRanks): MannwhitneyuResult {
  const { r1, n1, n2, tieSum } = input
  if (!Number.isInteger(n1) || !Number.isInteger(n2) || n1 < 1 || n2 < 1) {
    throw new Error('mannwhitneyuFromRanks requires at least one value in each sample')
  }
  const hasTies = input.hasTies ?? tieSum > 0
  const useContinuity = input.useContinuity ?? true
  const requested = input.method ?? 'auto'
  const U1 = r1 - (n1 * (n1 + 1)) / 2
  const U2 = n1 * n2 - U1
  const U = Math.max(U1, U2)
  let method: 'asymptotic' | 'exact'
  if (requested === 'auto') {
    const small = n1 <= MWU_EXACT_MAX_SMALLER_N || n2 <= MWU_EXACT_MAX_SMALLER_N
    method =
      small && !hasTies && exactWork(n1, n2, U) <= MWU_EXACT_MAX_WORK ? 'exact' : 'asymptotic'
  } else {
    method = requested
  }
  let pvalue: number
  if (method === 'exact') {
    const u = Math.trunc(U)
    if (exactWork(n1, n2, u) > MWU_EXACT_MAX_WORK) {
      throw new Error(
        `mannwhitneyu cannot compute the exact distribution for samples of ${n1} and ${n2} values in reasonable time; use method 'asymptotic'`
      )
    }
    // P(U′ ≥ u) = P(U′ ≤ n1·n2 − u) by symmetry.
    pvalue = 2 * exactCdf(n1 * n2 - u, n1, n2)
  } else {
    const n = n1 + n2
    const mu = (n1 * n2) / 2
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieSum / (n * (n - 1))))
    const numerator = U - mu - (useContinuity ? 0.5 : 0)
    pvalue = 2 * normalSf(numerator / s)
  }
  return {
    statistic: U1,
    pvalue: Number.isNaN(pvalue) ? pvalue : Math.min(1, Math.max(0, pvalue)),
    methodUsed: method,
    U1,
    U2
  }
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum test), two-sided, on raw samples: midranks in the pooled sample,
 * their sum over x, the tie sizes, then {@link mannwhitneyuFromRanks}.
 *
 * Reference: SciPy `scipy.stats.mannwhitneyu`. O((n1 + n2) log(n1 + n2)) plus the p-value.
 *
 * @example mannwhitneyu([1, 2, 3], [4, 5, 6, 7]).pvalue // 0.05714285714285714
 */
export function mannwhitneyu(
  x: readonly number[],
  y: readonly number[],
  options: Readonly<{ useContinuity?: boolean; method?: MannwhitneyuMethod }> = {}
): MannwhitneyuResult {
  if (x.length === 0 || y.length === 0) {
    throw new Error('mannwhitneyu requires at least one value in each sample')
  }
  const { ranks, tieSizes } = midranks([...x, ...y])
  // Summed in NumPy's pairwise order, as SciPy's ranks[:n1].sum() does (exact for midranks anyway).
  const r1 = pairwiseSum(ranks, 0, x.length)
  const tieSum = tieSizes.reduce((s, t) => s + (t * t * t - t), 0)
  return mannwhitneyuFromRanks({
    r1,
    n1: x.length,
    n2: y.length,
    tieSum,
    hasTies: tieSizes.some((t) => t > 1),
    useContinuity: options.useContinuity ?? true,
    method: options.method ?? 'auto'
  })
}

/** Steps of {@link exactCdf} for the two-sided p-value of U. */
function exactWork(n1: number, n2: number, u: number): number {
  return Math.min(n1, n2) * (Math.max(0, n1 * n2 - u) + 1)
}

/**
 * P(U ≤ k) under the null distribution for samples of n1 and n2 values: the number of arrangements with
 * U = j is the coefficient of q^j in the Gaussian binomial [n1 + n2 choose m]_q (m = min(n1, n2)), built as
 * Π_{i=1..m} (1 − q^{n+i}) / (1 − q^i) on the coefficients up to k only (each factor is a power series
 * starting with 1, so truncation commutes with it). Every partial product is itself a Gaussian binomial
 * divided by one more factor, so no coefficient exceeds C(n1 + n2, m): integers are exact in doubles below
 * 2^53 and are BigInts above.
 */
function exactCdf(k: number, n1: number, n2: number): number {
  const m = Math.min(n1, n2)
  const n = Math.max(n1, n2)
  if (k < 0) return 0
  if (k >= m * n) return 1
  const total = binomial(n + m, m)
  if (total < 2n ** 53n) {
    const c = new Float64Array(k + 1)
    c[0] = 1
    for (let i = 1; i <= m; i += 1) {
      for (let j = i; j <= k; j += 1) c[j] = (c[j] as number) + (c[j - i] as number)
      for (let j = k; j >= n + i; j -= 1) c[j] = (c[j] as number) - (c[j - n - i] as number)
    }
    let below = 0
    for (let j = 0; j <= k; j += 1) below += c[j] as number
    return below / Number(total)
  }
  const c = new Array<bigint>(k + 1).fill(0n)
  c[0] = 1n
  for (let i = 1; i <= m; i += 1) {
    for (let j = i; j <= k; j += 1) c[j] = (c[j] as bigint) + (c[j - i] as bigint)
    for (let j = k; j >= n + i; j -= 1) c[j] = (c[j] as bigint) - (c[j - n - i] as bigint)
  }
  let below = 0n
  for (let j = 0; j <= k; j += 1) below += c[j] as bigint
  return bigRatio(below, total)
}

/** C(n, k) as an exact integer. */
function binomial(n: number, k: number): bigint {
  let result = 1n
  for (let i = 1; i <= k; i += 1) result = (result * BigInt(n - k + i)) / BigInt(i)
  return result
}

/** a / b for 0 ≤ a ≤ b, without overflowing doubles when both are huge. */
function bigRatio(a: bigint, b: bigint): number {
  const excess = b.toString(2).length - 1000
  if (excess <= 0) return Number(a) / Number(b)
  const shift = BigInt(excess)
  return Number(a >> shift) / Number(b >> shift)
}
