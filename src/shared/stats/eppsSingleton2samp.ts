import { Matrix, pseudoInverse, SVD } from 'ml-matrix'
import { chi2Sf } from './distributions'
import { pairwiseSum } from './pairwiseSum'

/** The points where SciPy evaluates the empirical characteristic functions by default. */
export const EPPS_SINGLETON_DEFAULT_T: readonly number[] = [0.4, 0.8]

/** Below this many values in the larger sample the statistic gets Epps and Singleton's correction. */
const SMALL_SAMPLE_MAX = 25
/** NumPy's default relative cutoff for the singular values that `pinv` inverts. */
const PINV_RCOND = 1e-15

export type EppsSingleton2sampResult = Readonly<{
  /** W, asymptotically χ² on `df` degrees of freedom (after the small-sample correction, if any). */
  statistic: number
  pvalue: number
  /** Rank of the pseudo-inverted covariance, normally 2·len(t). */
  df: number
  /** IQR(pooled)/2, the scale the points t are divided by. */
  sigma: number
  /** The estimated covariance had rank below 2·len(t) (SciPy warns: a bad choice of t). */
  covarianceRankDeficient: boolean
  /** max(nx, ny) < 25, so W was multiplied by Epps and Singleton's small-sample factor. */
  smallSampleCorrection: boolean
}>

/**
 * One sample's sufficient statistics for the Epps–Singleton test, over the feature vectors
 * g(v) = [cos(s_1·v), …, cos(s_m·v), sin(s_1·v), …, sin(s_m·v)] with s_j = t_j/σ: the count, the mean of g
 * and the centred co-moment matrix Σ (g − mean)(g − mean)ᵀ (2m × 2m, not divided by n). Centred rather
 * than raw Σ g·gᵀ: the covariance is then formed as NumPy's `cov` forms it, without the cancellation of
 * Σ g·gᵀ/n − mean·meanᵀ, which matters where the covariance is nearly singular and its rank is decided
 * against a tolerance. SQL gets it in a pass after the means.
 */
export type EppsSingletonSide = Readonly<{
  n: number
  mean: readonly number[]
  comoment: readonly (readonly number[])[]
}>

export type EppsSingletonMoments = Readonly<{
  /** The points t (before scaling by σ). */
  t: readonly number[]
  sigma: number
  x: EppsSingletonSide
  y: EppsSingletonSide
}>

/**
 * Epps–Singleton two-sample test finished from each side's {@link EppsSingletonSide} statistics: the step
 * shared by {@link eppsSingleton2samp} on raw samples and by the engine, which computes them in SQL.
 *
 * With n = nx + ny, the covariance estimate is Σ̂ = (n/nx)·C_x + (n/ny)·C_y, C the biased covariances
 * (co-moment/size); W = n·dᵀ·pinv(Σ̂)·d with d = mean_x − mean_y, and p = χ²_r survival at W with r the
 * rank of pinv(Σ̂). pinv drops singular values up to 1e-15 times the largest, the rank counts those above
 * max·2m·ε (NumPy's `pinv` and `matrix_rank` defaults). When max(nx, ny) < 25, W is multiplied by
 * 1/(1 + n^−0.45 + 10.1·(nx^−1.7 + ny^−1.7)).
 *
 * Reference: Epps & Singleton, J. Stat. Comput. Simul. 26 (1986); SciPy 1.10
 * `scipy.stats.epps_singleton_2samp`. O(m³) for m points.
 *
 * @example eppsSingletonFromMoments({ t: [0.4, 0.8], sigma, x: sideX, y: sideY }).pvalue
 */
export function eppsSingletonFromMoments(moments: EppsSingletonMoments): EppsSingleton2sampResult {
  const { t, sigma, x, y } = moments
  const dim = 2 * t.length
  if (!(x.n >= 5) || !(y.n >= 5)) {
    throw new Error('eppsSingletonFromMoments requires at least five values in each sample')
  }
  for (const side of [x, y]) {
    if (side.mean.length !== dim || side.comoment.length !== dim) {
      throw new Error(
        `eppsSingletonFromMoments requires means and co-moments of ${dim} features for ${t.length} points t`
      )
    }
  }
  const n = x.n + y.n
  const covariance = Matrix.zeros(dim, dim)
  for (let j = 0; j < dim; j += 1) {
    for (let k = 0; k < dim; k += 1) {
      const cx = entry(x.comoment, j, k) / x.n
      const cy = entry(y.comoment, j, k) / y.n
      covariance.set(j, k, (n / x.n) * cx + (n / y.n) * cy)
    }
  }
  const inverse = pseudoInverse(covariance, PINV_RCOND / dim)
  const df = new SVD(inverse, { computeLeftSingularVectors: false }).rank
  const difference = x.mean.map((m, j) => m - (y.mean[j] as number))
  let quadratic = 0
  for (let j = 0; j < dim; j += 1) {
    let row = 0
    for (let k = 0; k < dim; k += 1) row += inverse.get(j, k) * (difference[k] as number)
    quadratic += (difference[j] as number) * row
  }
  let statistic = n * quadratic
  const smallSampleCorrection = Math.max(x.n, y.n) < SMALL_SAMPLE_MAX
  if (smallSampleCorrection) {
    statistic *= 1 / (1 + n ** -0.45 + 10.1 * (x.n ** -1.7 + y.n ** -1.7))
  }
  return {
    statistic,
    pvalue: chi2Sf(statistic, df),
    df,
    sigma,
    covarianceRankDeficient: df < dim,
    smallSampleCorrection
  }
}

/**
 * The feature vector of one value: [cos(s_1·v), …, cos(s_m·v), sin(s_1·v), …, sin(s_m·v)] for the scaled
 * points s_j = t_j/σ (computed as that quotient, then multiplied by v, in SciPy's order).
 *
 * @example eppsSingletonFeatures(1, [0.4 / 0.5, 0.8 / 0.5]) // [cos 0.8, cos 1.6, sin 0.8, sin 1.6]
 */
export function eppsSingletonFeatures(value: number, scaledT: readonly number[]): number[] {
  return [...scaledT.map((s) => Math.cos(s * value)), ...scaledT.map((s) => Math.sin(s * value))]
}

/**
 * Epps–Singleton two-sample test on raw samples: compares the empirical characteristic functions of x and
 * y at the points t/σ, σ = IQR(pooled)/2 (NumPy's linear percentiles), with a quadratic form in their
 * differences that is asymptotically χ². Unlike the KS test it also works for discrete data. Each side's
 * mean and co-moments of the features come from NumPy-ordered pairwise sums, then
 * {@link eppsSingletonFromMoments}.
 *
 * Reference: Epps & Singleton, J. Stat. Comput. Simul. 26 (1986); SciPy 1.10
 * `scipy.stats.epps_singleton_2samp`. O((nx + ny)·m² + (nx + ny) log(nx + ny)).
 *
 * @example eppsSingleton2samp([0.1, 0.5, 0.9, 1.3, 2], [0.3, 0.7, 1.1, 2.2, 2.9]).pvalue // ≈ 0.8586
 */
export function eppsSingleton2samp(
  x: readonly number[],
  y: readonly number[],
  t: readonly number[] = EPPS_SINGLETON_DEFAULT_T
): EppsSingleton2sampResult {
  if (x.length < 5 || y.length < 5) {
    throw new Error('eppsSingleton2samp requires at least five values in each sample')
  }
  if (!x.every(Number.isFinite) || !y.every(Number.isFinite)) {
    throw new Error('eppsSingleton2samp requires finite values (remove NaN and infinities first)')
  }
  if (t.length === 0 || !t.every((v) => v > 0 && Number.isFinite(v))) {
    throw new Error('eppsSingleton2samp requires at least one point t, each positive and finite')
  }
  const pooled = Float64Array.from([...x, ...y]).sort()
  const sigma = (linearPercentile(pooled, 0.75) - linearPercentile(pooled, 0.25)) / 2
  if (!(sigma > 0)) {
    throw new Error(
      'eppsSingleton2samp requires a pooled interquartile range above 0, but the middle half of the values is one value: choose another test for this column'
    )
  }
  const scaledT = t.map((v) => v / sigma)
  return eppsSingletonFromMoments({
    t,
    sigma,
    x: sideMoments(x, scaledT),
    y: sideMoments(y, scaledT)
  })
}

/** Count, mean and centred co-moment matrix of the features of one sample. */
function sideMoments(values: readonly number[], scaledT: readonly number[]): EppsSingletonSide {
  const n = values.length
  const dim = 2 * scaledT.length
  const columns = Array.from({ length: dim }, () => new Float64Array(n))
  values.forEach((v, i) => {
    eppsSingletonFeatures(v, scaledT).forEach((g, j) => {
      ;(columns[j] as Float64Array)[i] = g
    })
  })
  const mean = columns.map((c) => pairwiseSum(c) / n)
  const centred = columns.map((c, j) => c.map((g) => g - (mean[j] as number)))
  const comoment = centred.map((a) =>
    centred.map((b) => pairwiseSum(a.map((g, i) => g * (b[i] as number))))
  )
  return { n, mean, comoment }
}

function entry(matrix: readonly (readonly number[])[], j: number, k: number): number {
  return (matrix[j] as readonly number[])[k] as number
}

/**
 * NumPy's linear percentile of sorted values: position h = (n − 1)·p between a = x[⌊h⌋] and
 * b = x[⌊h⌋ + 1], a + f·(b − a) for a fraction f < 0.5 and b − (1 − f)·(b − a) otherwise (NumPy 1.24).
 */
function linearPercentile(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p
  const below = Math.floor(position)
  const fraction = position - below
  const a = sorted[below] as number
  const b = sorted[Math.min(below + 1, sorted.length - 1)] as number
  const difference = b - a
  return fraction >= 0.5 ? b - difference * (1 - fraction) : a + difference * fraction
}
