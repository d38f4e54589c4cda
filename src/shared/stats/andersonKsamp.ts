import { Matrix, solve } from 'ml-matrix'
import { pairwiseSum } from './pairwiseSum'

export type AndersonKsampResult = Readonly<{
  /** The standardized statistic (A²kN − (k − 1)) / σN. */
  statistic: number
  /** Critical values for the significance levels {@link ANDERSON_KSAMP_LEVELS}. */
  criticalValues: readonly number[]
  /** Approximate p-value, interpolated in the critical values and kept within [0.001, 0.25]. */
  significanceLevel: number
  /** 'capped' when the statistic is below every critical value (level 0.25), 'floored' above them all. */
  significanceLevelBound: 'capped' | 'floored' | null
}>

/** The significance levels of Scholz & Stephens' table, for which critical values are given. */
export const ANDERSON_KSAMP_LEVELS: readonly number[] = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001]

// Interpolation coefficients of Scholz & Stephens (1987), Table 2: critical value b0 + b1/√m + b2/m.
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085]
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615]
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154]

/** Up to this pooled size h and g are summed term by term in SciPy's order; above, from series. */
const EXACT_HARMONICS_MAX_N = 1_000_000

/**
 * Finishes the Anderson–Darling k-sample test from its raw statistic: standardizes A²kN with the exact
 * variance under the null, (A²kN − (k − 1)) / σN, where σN² depends only on the sample sizes through
 * k, N, H = Σ 1/n_i, h = Σ_{i<N} 1/i and g = Σ_{i<j<N} 1/((N − i)·j) = Σ_{i<N} 1/i² − 2h/N; gives the
 * critical values b0 + b1/√m + b2/m (m = k − 1) for the levels 0.25 … 0.001, and the significance level
 * interpolated by a least-squares quadratic of log(level) in the critical values, kept within
 * [0.001, 0.25]. Works for either version of A²kN (midrank or right-continuous). These are the rules of
 * SciPy 1.10's `anderson_ksamp`.
 *
 * The drift engine calls this with A²akN computed in SQL over pooled value counts.
 *
 * Reference: Scholz & Stephens, "K-Sample Anderson–Darling Tests", JASA 82(399), 1987. O(k) plus O(N) for
 * h and g up to N = 10⁶ (constant time above).
 *
 * @example andersonKsampFromA2(1, [50, 50]).criticalValues[2] // 1.961
 */
export function andersonKsampFromA2(a2kN: number, ns: readonly number[]): AndersonKsampResult {
  const k = ns.length
  if (k < 2) throw new Error('andersonKsampFromA2 requires at least two samples')
  if (ns.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error('andersonKsampFromA2 requires at least one value in each sample')
  }
  const N = ns.reduce((s, n) => s + n, 0)
  if (N < 4) throw new Error('andersonKsampFromA2 requires at least four values in total')
  // Summed as NumPy sums (1. / n).
  const H = pairwiseSum(ns.map((n) => 1 / n))
  const { h, g } = harmonics(N)
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H
  const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6
  const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h
  const d = (2 * h + 6) * k ** 2 - 4 * h * k
  // N² and N³ rounded once from exact integers, as Python multiplies a float by an int.
  const N2 = Number(BigInt(N) ** 2n)
  const N3 = Number(BigInt(N) ** 3n)
  const sigmasq = (a * N3 + b * N2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3))
  const m = k - 1
  const statistic = (a2kN - m) / Math.sqrt(sigmasq)
  const criticalValues = B0.map(
    (b0, i) => b0 + (B1[i] as number) / Math.sqrt(m) + (B2[i] as number) / m
  )
  const lowest = Math.min(...criticalValues)
  const highest = Math.max(...criticalValues)
  if (statistic < lowest) {
    return { statistic, criticalValues, significanceLevel: 0.25, significanceLevelBound: 'capped' }
  }
  if (statistic > highest) {
    return {
      statistic,
      criticalValues,
      significanceLevel: 0.001,
      significanceLevelBound: 'floored'
    }
  }
  const [p2, p1, p0] = quadraticFit(
    criticalValues,
    ANDERSON_KSAMP_LEVELS.map((level) => Math.log(level))
  )
  return {
    statistic,
    criticalValues,
    significanceLevel: Math.exp((p2 * statistic + p1) * statistic + p0),
    significanceLevelBound: null
  }
}

/**
 * Anderson–Darling k-sample test of whether k samples come from one distribution. With the pooled sorted
 * sample of N values and its L distinct values z_j (l_j copies each):
 *
 * - midrank version (default, for data with ties): A²akN = (N − 1)/N · Σ_i 1/n_i · Σ_j (l_j/N) ·
 *   (N·M_ij − B_j·n_i)² / (B_j(N − B_j) − N·l_j/4), with B_j = (values below z_j) + l_j/2 and M_ij the same
 *   count within sample i;
 * - right-continuous version: A²kN = Σ_i 1/n_i · Σ_{j<L} (l_j/N) · (N·M_ij − B_j·n_i)² / (B_j(N − B_j)),
 *   with B_j, M_ij the counts of values ≤ z_j;
 *
 * then {@link andersonKsampFromA2}. Needs at least 2 samples, none empty, 2 distinct values and N ≥ 4.
 *
 * Reference: Scholz & Stephens, JASA 82(399), 1987; SciPy `scipy.stats.anderson_ksamp`. O(N log N + k·L).
 *
 * @example andersonKsamp([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]).significanceLevel // ≈ 0.00436
 */
export function andersonKsamp(
  samples: readonly (readonly number[])[],
  midrank = true
): AndersonKsampResult {
  if (samples.length < 2) throw new Error('andersonKsamp requires at least two samples')
  if (samples.some((s) => s.length === 0)) {
    throw new Error('andersonKsamp requires at least one value in each sample')
  }
  const ns = samples.map((s) => s.length)
  const N = ns.reduce((s, n) => s + n, 0)
  const pooled = Float64Array.from(samples.flat()).sort()
  const distinct = uniqueSorted(pooled)
  if (distinct.length < 2) throw new Error('andersonKsamp requires at least two distinct values')
  if (N < 4) throw new Error('andersonKsamp requires at least four values in total')
  const all = countsAt(pooled, distinct)
  let a2 = 0
  if (midrank) {
    const B = distinct.map((_, j) => (all.below[j] as number) + (all.equal[j] as number) / 2)
    samples.forEach((sample, i) => {
      const n = ns[i] as number
      const own = countsAt(Float64Array.from(sample).sort(), distinct)
      const inner = distinct.map((_, j) => {
        const l = all.equal[j] as number
        const Bj = B[j] as number
        const M = (own.below[j] as number) + (own.equal[j] as number) - (own.equal[j] as number) / 2
        return ((l / N) * (N * M - Bj * n) ** 2) / (Bj * (N - Bj) - (N * l) / 4)
      })
      a2 += pairwiseSum(inner) / n
    })
    a2 *= (N - 1) / N
  } else {
    const last = distinct.length - 1
    const B: number[] = []
    let running = 0
    for (let j = 0; j < last; j += 1) {
      running += all.equal[j] as number
      B.push(running)
    }
    samples.forEach((sample, i) => {
      const n = ns[i] as number
      const own = countsAt(Float64Array.from(sample).sort(), distinct)
      const inner = B.map((Bj, j) => {
        const l = all.equal[j] as number
        const M = (own.below[j] as number) + (own.equal[j] as number)
        return ((l / N) * (N * M - Bj * n) ** 2) / (Bj * (N - Bj))
      })
      a2 += pairwiseSum(inner) / n
    })
  }
  return andersonKsampFromA2(a2, ns)
}

/**
 * h = Σ_{i=1}^{N−1} 1/i and g = Σ_{i=1}^{N−2} Σ_{j=i+1}^{N−1} 1/((N − i)·j). Up to N = 10⁶ they are summed
 * as SciPy does (a running sum of 1/(N − 1), 1/(N − 2), …, 1/2, then the pairwise sum of its partial sums
 * over 2, 3, …, N − 1). Above, g = Σ_{i<N} 1/i² − 2h/N (the double sum rewritten) with both harmonic sums
 * from their asymptotic series, accurate to the last bit at that size.
 */
function harmonics(N: number): { h: number; g: number } {
  if (N <= EXACT_HARMONICS_MAX_N) {
    const partial = new Float64Array(N - 2)
    let running = 0
    for (let i = 0; i < N - 2; i += 1) {
      running += 1 / (N - 1 - i)
      partial[i] = running / (i + 2)
    }
    return { h: running + 1, g: pairwiseSum(partial) }
  }
  const n = N - 1
  const EULER_GAMMA = 0.5772156649015329
  const h = Math.log(n) + EULER_GAMMA + 1 / (2 * n) - 1 / (12 * n ** 2) + 1 / (120 * n ** 4)
  const squares = Math.PI ** 2 / 6 - 1 / n + 1 / (2 * n ** 2) - 1 / (6 * n ** 3) + 1 / (30 * n ** 5)
  return { h, g: squares - (2 * h) / N }
}

/** For each of the sorted distinct values, how many of the sorted values lie below it and how many equal it. */
function countsAt(
  sorted: Float64Array,
  distinct: readonly number[]
): { below: Float64Array; equal: Float64Array } {
  const below = new Float64Array(distinct.length)
  const equal = new Float64Array(distinct.length)
  let i = 0
  distinct.forEach((z, j) => {
    while (i < sorted.length && (sorted[i] as number) < z) i += 1
    below[j] = i
    let e = i
    while (e < sorted.length && sorted[e] === z) e += 1
    equal[j] = e - i
    i = e
  })
  return { below, equal }
}

function uniqueSorted(sorted: Float64Array): number[] {
  const out: number[] = []
  for (const v of sorted) if (out.length === 0 || out[out.length - 1] !== v) out.push(v)
  return out
}

/**
 * Least-squares coefficients [p2, p1, p0] of p2·x² + p1·x + p0 through the points, with the columns of the
 * design matrix scaled to unit norm first, as NumPy's polyfit does.
 */
function quadraticFit(x: readonly number[], y: readonly number[]): [number, number, number] {
  const columns = [x.map((v) => v * v), [...x], x.map(() => 1)]
  const scale = columns.map((col) => Math.sqrt(col.reduce((s, v) => s + v * v, 0)))
  const design = new Matrix(
    x.map((_, i) => columns.map((col, j) => (col[i] as number) / (scale[j] as number)))
  )
  const fit = solve(design, Matrix.columnVector([...y]))
  return [0, 1, 2].map((j) => fit.get(j, 0) / (scale[j] as number)) as [number, number, number]
}
