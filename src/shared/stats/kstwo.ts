import gammaln from '@stdlib/math-base-special-gammaln'
import { smirnovSf } from './smirnov'

/**
 * Survival function of the exact two-sided one-sample Kolmogorov–Smirnov statistic Dₙ, P(Dₙ ≥ x)
 * (SciPy's `kstwo.sf(x, n)`).
 *
 * The method depends on where (n, x) lies, with the regions of Simard & L'Ecuyer (2011) as SciPy draws them:
 * the closed forms of Ruben & Gambino near x = 1/n and x = 1; 2·P(Dₙ⁺ ≥ x) (exact for x ≥ 1/2, Miller's
 * approximation otherwise) where n·x² is large; the Durbin matrix (Marsaglia, Tsang & Wang 2003) where it is
 * small; and the Pelz–Good expansion for large n in between. Where SciPy uses Pomeranz's recursion
 * (n ≤ 140, 0.754693 < n·x² ≤ 4) this uses the Durbin matrix too: both are exact
 * up to rounding.
 *
 * Reference: Simard & L'Ecuyer, "Computing the Two-Sided Kolmogorov-Smirnov Distribution", J. Stat.
 * Software 39(11), 2011. O(n) to O(k³ log n) with k ≈ n·x.
 *
 * @example kstwoSf(0.3, 10) // ≈ 0.2705
 */
export function kstwoSf(x: number, n: number): number {
  if (Number.isNaN(x) || Number.isNaN(n)) return Number.NaN
  if (!Number.isInteger(n) || n <= 0) return Number.NaN
  if (x >= 1) return 0
  if (x <= 0) return 1
  const t = n * x
  if (t <= 1) {
    if (t <= 0.5) return 1
    return clip(1 - rubenGambinoCdf(n, t))
  }
  if (t >= n - 1) return clip(2 * Math.pow(1 - x, n))
  if (x >= 0.5) return clip(2 * smirnovSf(n, x))
  const nxSquared = t * x
  if (n <= 140) {
    if (nxSquared <= 4) return clip(1 - durbinMatrixCdf(n, x))
    return clip(2 * smirnovSf(n, x))
  }
  if (nxSquared >= 370) return 0
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x))
  const cdf =
    n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x)
  return clip(1 - cdf)
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p))
}

/** P(Dₙ < x) = n!/nⁿ · (2nx − 1)ⁿ for 1/(2n) < x ≤ 1/n. */
function rubenGambinoCdf(n: number, t: number): number {
  const base = 2 * t - 1
  if (n <= 140) {
    let product = 1
    for (let i = 1; i <= n; i += 1) product *= (i / n) * base
    return product
  }
  return Math.exp(gammaln(n + 1) - n * Math.log(n) + n * Math.log(base))
}

/** A square matrix with a power-of-ten exponent kept aside, so that powers neither overflow nor underflow. */
type Scaled = { values: Float64Array; exponent: number }

const SCALE_EXPONENT = 140
const SCALE_UP = 1e140
const SCALE_DOWN = 1e-140

/**
 * Durbin's matrix formula for P(Dₙ < x), as laid out by Marsaglia, Tsang & Wang (2003): with k = ⌊nx⌋ + 1,
 * m = 2k − 1 and h = k − nx, P = n!/nⁿ · (Hⁿ)_{k,k} for an m×m matrix H of h-powers over factorials.
 */
function durbinMatrixCdf(n: number, x: number): number {
  const t = n * x
  const k = Math.floor(t) + 1
  const m = 2 * k - 1
  const h = k - t
  const matrix = new Float64Array(m * m)
  for (let i = 0; i < m; i += 1) {
    for (let j = 0; j < m; j += 1) matrix[i * m + j] = i - j + 1 >= 0 ? 1 : 0
  }
  for (let i = 0; i < m; i += 1) {
    matrix[i * m] = (matrix[i * m] as number) - Math.pow(h, i + 1)
    matrix[(m - 1) * m + i] = (matrix[(m - 1) * m + i] as number) - Math.pow(h, m - i)
  }
  if (2 * h - 1 > 0) {
    matrix[(m - 1) * m] = (matrix[(m - 1) * m] as number) + Math.pow(2 * h - 1, m)
  }
  for (let i = 0; i < m; i += 1) {
    for (let j = 0; j < m; j += 1) {
      const d = i - j + 1
      if (d > 0) matrix[i * m + j] = (matrix[i * m + j] as number) / factorial(d)
    }
  }
  const power = matrixPower({ values: matrix, exponent: 0 }, n, m)
  const entry = power.values[(k - 1) * m + (k - 1)] as number
  if (!(entry > 0)) return 0
  const lnValue =
    Math.log(entry) + power.exponent * SCALE_EXPONENT * Math.LN10 + gammaln(n + 1) - n * Math.log(n)
  return clip(Math.exp(lnValue))
}

function factorial(d: number): number {
  let f = 1
  for (let i = 2; i <= d; i += 1) f *= i
  return f
}

function matrixPower(base: Scaled, power: number, m: number): Scaled {
  if (power === 1) return { values: base.values.slice(), exponent: base.exponent }
  const half = matrixPower(base, Math.floor(power / 2), m)
  let result = multiply(half, half, m)
  if (power % 2 === 1) result = multiply(base, result, m)
  return result
}

function multiply(a: Scaled, b: Scaled, m: number): Scaled {
  const out = new Float64Array(m * m)
  for (let i = 0; i < m; i += 1) {
    for (let l = 0; l < m; l += 1) {
      const ail = a.values[i * m + l] as number
      if (ail === 0) continue
      for (let j = 0; j < m; j += 1) {
        out[i * m + j] = (out[i * m + j] as number) + ail * (b.values[l * m + j] as number)
      }
    }
  }
  let exponent = a.exponent + b.exponent
  const centre = out[Math.floor(m / 2) * m + Math.floor(m / 2)] as number
  if (Math.abs(centre) > SCALE_UP) {
    for (let i = 0; i < out.length; i += 1) out[i] = (out[i] as number) * SCALE_DOWN
    exponent += 1
  } else if (centre !== 0 && Math.abs(centre) < SCALE_DOWN) {
    for (let i = 0; i < out.length; i += 1) out[i] = (out[i] as number) * SCALE_UP
    exponent -= 1
  }
  return { values: out, exponent }
}

const LOG_SMALLEST = Math.log(Number.MIN_VALUE * 2 ** 52)

/**
 * The Pelz–Good (1976) asymptotic expansion of P(Dₙ ≤ x) in powers of n^{−1/2}, to the n^{−3/2} term, with
 * z = x√n: K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2}.
 */
function pelzGoodCdf(n: number, x: number): number {
  const z = Math.sqrt(n) * x
  const z2 = z * z
  const z4 = z2 * z2
  const z6 = z4 * z2
  const z8 = z4 * z4
  const pi2 = Math.PI * Math.PI
  const pi4 = pi2 * pi2
  const pi6 = pi4 * pi2
  const lnQ = -pi2 / 8 / z2
  if (lnQ < LOG_SMALLEST) return 0
  const sqrt2pi = Math.sqrt(2 * Math.PI)
  const terms = Math.ceil((16 * z) / Math.PI)

  // Sums over odd m = 2k − 1 of polynomial(m) · q^{m²}, q = e^{−π²/(8z²)}.
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  for (let k = terms; k >= 1; k -= 1) {
    const m2 = (2 * k - 1) * (2 * k - 1)
    const m4 = m2 * m2
    const m6 = m4 * m2
    const w = Math.exp(lnQ * m2)
    s0 += w
    s1 += (-z2 + (pi2 * m2) / 4) * w
    s2 +=
      (6 * z6 + 2 * z4 + ((2 * z4 - 5 * z2) * pi2 * m2) / 4 + (pi4 * (1 - 2 * z2) * m4) / 16) * w
    s3 +=
      (-30 * z6 -
        90 * z8 +
        (pi2 * (135 * z4 - 96 * z6) * m2) / 4 +
        (pi4 * (-60 * z2 + 212 * z4) * m4) / 16 +
        (pi6 * (5 - 30 * z2) * m6) / 64) *
      w
  }
  // Sums over all k ≥ 1 with e^{−π²k²/(2z²)}.
  let e2 = 0
  let e3 = 0
  for (let k = terms; k >= 1; k -= 1) {
    const k2 = k * k
    const w = Math.exp((-pi2 * k2) / (2 * z2))
    e2 += k2 * w
    e3 += (3 * z2 - pi2 * k2) * k2 * w
  }
  const k0 = (sqrt2pi * s0) / z
  const k1 = (sqrt2pi * s1) / (6 * z4)
  const k2 = (sqrt2pi * s2) / (72 * z * z6) + (e2 * pi2 * sqrt2pi) / (-36 * z2 * z)
  const k3 = (sqrt2pi * s3) / (6480 * z4 * z6) + (e3 * pi2 * sqrt2pi) / (216 * z6)
  return k0 + k1 / Math.sqrt(n) + k2 / n + k3 / Math.pow(n, 1.5)
}
