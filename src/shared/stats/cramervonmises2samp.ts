import gammaln from '@stdlib/math-base-special-gammaln'
import { midranks } from './midranks'
import { pairwiseSum } from './pairwiseSum'

export type CramervonmisesMethod = 'auto' | 'asymptotic' | 'exact'

export type Cramervonmises2sampResult = Readonly<{
  /** T = U/(nx·ny·N) − (4·nx·ny − 1)/(6N). */
  statistic: number
  pvalue: number
  methodUsed: 'asymptotic' | 'exact'
}>

/**
 * The rank statistic U = nx·Σ(r_i − i)² + ny·Σ(s_j − j)², either as a number or as 4U in an exact integer
 * (with midranks U is a multiple of 1/4; pooled counts of 10⁸ values per side make U reach ~10³², beyond
 * exact doubles, and T is a small difference of two large terms).
 */
export type CramervonmisesU = number | Readonly<{ times4: bigint }>

/** `auto` uses the exact distribution when neither sample has more values than this. */
export const CVM_EXACT_MAX_N = 20

/**
 * Two-sample Cramér–von Mises test finished from its rank statistic U (see {@link CramervonmisesU}) for
 * samples of nx and ny values: T = U/(nx·ny·N) − (4·nx·ny − 1)/(6N), N = nx + ny.
 *
 * `exact`: the permutation distribution of U counted over the lattice paths of the two samples (Xiao,
 * Gordon & Yakovlev 2006); ties are not treated specially there. `asymptotic`: T is standardized with its
 * exact mean and variance (Anderson 1962), tn = 1/6 + (T − E[T])/√(45·Var[T]), and p = 1 − F∞(tn) with F∞
 * the limiting distribution of the one-sample statistic, summed as a series of Bessel-function terms until a
 * term falls below 1e−7 (about 1e−7 absolute accuracy); p = 1 when tn < 0.003. `auto` is exact when
 * max(nx, ny) ≤ 20. These are the rules of SciPy 1.10's `cramervonmises_2samp`.
 *
 * Reference: Anderson, Ann. Math. Statist. 33(3), 1962; Xiao, Gordon & Yakovlev, J. Stat. Softw. 17(8),
 * 2006; Csörgő & Faraway, J. R. Stat. Soc. B 58(1), 1996. O(1) for the asymptotic p-value; the exact one
 * grows quickly with the sample sizes (fine up to 20 each).
 *
 * @example cramervonmisesFromU(16, 2, 2, 'exact').pvalue // 1/3 (x = [1, 2], y = [3, 4])
 */
export function cramervonmisesFromU(
  u: CramervonmisesU,
  nx: number,
  ny: number,
  method: CramervonmisesMethod = 'auto'
): Cramervonmises2sampResult {
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2) {
    throw new Error('cramervonmisesFromU requires at least two values in each sample')
  }
  const used =
    method === 'auto' ? (Math.max(nx, ny) > CVM_EXACT_MAX_N ? 'asymptotic' : 'exact') : method
  const k = nx * ny
  const N = nx + ny
  let statistic: number
  let uValue: number
  if (typeof u === 'number') {
    uValue = u
    statistic = u / (k * N) - (4 * k - 1) / (6 * N)
  } else {
    // T = (6·4U − 4k(4k − 1)) / (24·k·N), the numerator exact before its one rounding.
    const bk = BigInt(nx) * BigInt(ny)
    const numerator = 6n * u.times4 - 4n * bk * (4n * bk - 1n)
    statistic = signedRatio(numerator, 24n * bk * BigInt(N))
    uValue = Number(u.times4) / 4
  }
  if (used === 'exact') {
    return { statistic, pvalue: exactPvalue(uValue, nx, ny), methodUsed: 'exact' }
  }
  const et = (1 + 1 / N) / 6
  const vt = ((N + 1) * (4 * k * N - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * N * N * 4 * k)
  const tn = 1 / 6 + (statistic - et) / Math.sqrt(45 * vt)
  // Below 0.003 the limiting CDF is under 1.3e-18.
  const pvalue = tn < 0.003 ? 1 : Math.max(0, 1 - limitingCdf(tn))
  return { statistic, pvalue, methodUsed: 'asymptotic' }
}

/**
 * Two-sample Cramér–von Mises test on raw samples: midranks r_i of the sorted x and s_j of the sorted y in
 * the pooled sample, U = nx·Σ(r_i − i)² + ny·Σ(s_j − j)², then {@link cramervonmisesFromU}.
 *
 * Reference: SciPy `scipy.stats.cramervonmises_2samp`. O((nx + ny) log(nx + ny)) plus the p-value.
 *
 * @example cramervonmises2samp([1, 2], [3, 4]).statistic // 0.375
 */
export function cramervonmises2samp(
  x: readonly number[],
  y: readonly number[],
  method: CramervonmisesMethod = 'auto'
): Cramervonmises2sampResult {
  if (x.length <= 1 || y.length <= 1) {
    throw new Error('cramervonmises2samp requires at least two values in each sample')
  }
  const nx = x.length
  const ny = y.length
  const pooled = new Float64Array(nx + ny)
  pooled.set(Float64Array.from(x).sort(), 0)
  pooled.set(Float64Array.from(y).sort(), nx)
  const { ranks } = midranks(pooled)
  const dx = new Float64Array(nx)
  for (let i = 0; i < nx; i += 1) dx[i] = ((ranks[i] as number) - (i + 1)) ** 2
  const dy = new Float64Array(ny)
  for (let j = 0; j < ny; j += 1) dy[j] = ((ranks[nx + j] as number) - (j + 1)) ** 2
  // Summed in NumPy's pairwise order, as SciPy's np.sum does.
  let u = nx * pairwiseSum(dx)
  u += ny * pairwiseSum(dy)
  return cramervonmisesFromU(u, nx, ny, method)
}

/**
 * P(U′ ≥ U) under the permutation distribution (Xiao, Gordon & Yakovlev 2006, Algorithm 1). With
 * L = lcm(m, n), a = L/m, b = L/n, a lattice path from (0, 0) to (n, m) that passes through (u, v) adds
 * (a·v − b·u)² to the quantity ζ; U ≥ s exactly when ζ ≥ ⌊L²(m + n)(6s − mn(4mn − 1))/(6m²n²)⌋ (floored
 * the way Python floors floats). Each row keeps, per reachable ζ below that threshold, how many paths reach
 * it, and one count for all paths already at or above it.
 */
function exactPvalue(s: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n
  const a = lcm / m
  const b = lcm / n
  const mn = m * n
  const zeta = pythonFloorDivide(lcm * lcm * (m + n) * (6 * s - mn * (4 * mn - 1)), 6 * mn * mn)
  // ζ only grows along a path, so every value at or above the threshold can share one entry.
  const ceiling = Math.max(zeta, 0)
  let rows: Map<number, number>[] = [new Map([[0, 1]])]
  for (let v = 1; v <= m; v += 1) rows.push(new Map())
  for (let u = 0; u <= n; u += 1) {
    const next: Map<number, number>[] = []
    let running = new Map<number, number>()
    for (let v = 0; v <= m; v += 1) {
      const shift = (a * v - b * u) ** 2
      const merged = new Map<number, number>()
      for (const source of [running, rows[v] as Map<number, number>]) {
        for (const [value, count] of source) {
          const key = Math.min(value + shift, ceiling)
          merged.set(key, (merged.get(key) ?? 0) + count)
        }
      }
      running = merged
      next.push(merged)
    }
    rows = next
  }
  let atLeast = 0
  let total = 0
  for (const [value, count] of rows[m] as Map<number, number>) {
    total += count
    if (value >= zeta) atLeast += count
  }
  return atLeast / total
}

/**
 * The limiting CDF of the one-sample Cramér–von Mises statistic, Σ_k Γ(k + ½)/(π^{3/2} Γ(k + 1) √x) ·
 * √(4k + 1) · e^{−q}K_{1/4}(q), q = (4k + 1)²/(16x), adding terms until one is below 1e−7 (that term
 * included).
 */
function limitingCdf(x: number): number {
  let total = 0
  for (let k = 0; ; k += 1) {
    const y = 4 * k + 1
    const q = (y * y) / (16 * x)
    const u = Math.exp(gammaln(k + 0.5) - gammaln(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x))
    const term = u * Math.sqrt(y) * besselKQuarterScaled(q)
    total += term
    if (!(Math.abs(term) >= 1e-7)) return total
  }
}

/**
 * e^{−q}·K_{1/4}(q) = ∫₀^∞ exp(−q(1 + cosh t))·cosh(t/4) dt by the trapezoidal rule, which converges
 * geometrically for this analytic, rapidly decaying integrand: with a step of d/8, d = min(1.4, 2/√q),
 * the discretisation error is below e^{−2π·8}·e^{q(1 − cos d)} ≈ 1e−21 relative; the tail is cut where
 * the integrand has fallen by e^{−40}.
 */
function besselKQuarterScaled(q: number): number {
  const d = Math.min(1.4, 2 / Math.sqrt(q))
  const h = d / 8
  const end = Math.acosh(1 + 40 / q)
  let sum = 0.5 * Math.exp(-2 * q)
  for (let i = 1; i * h <= end; i += 1) {
    const t = i * h
    sum += Math.exp(-q * (1 + Math.cosh(t))) * Math.cosh(t / 4)
  }
  return sum * h
}

/** Python's float floor division a // b (CPython float_floor_div), which SciPy applies to ζ. */
function pythonFloorDivide(a: number, b: number): number {
  const mod = a % b
  let div = (a - mod) / b
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1
  if (div === 0) return 0
  let floor = Math.floor(div)
  if (div - floor > 0.5) floor += 1
  return floor
}

/** a / b for big integers, b > 0, without overflowing doubles when both are huge. */
function signedRatio(a: bigint, b: bigint): number {
  const excess = b.toString(2).length - 1000
  if (excess <= 0) return Number(a) / Number(b)
  const shift = BigInt(excess)
  return Number(a >> shift) / Number(b >> shift)
}

function gcd(a: number, b: number): number {
  let p = a
  let q = b
  while (q !== 0) [p, q] = [q, p % q]
  return p
}
