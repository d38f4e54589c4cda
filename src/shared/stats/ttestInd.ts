import betainc from '@stdlib/math-base-special-betainc'
import { pairwiseSum } from './pairwiseSum'

export type TtestIndResult = Readonly<{
  /** t = (mean1 − mean2)/standard error; ±∞ when both variances are 0 and the means differ. */
  statistic: number
  /** Two-sided p-value, 2·P(T > |t|) with T Student's t on `df` degrees of freedom. */
  pvalue: number
  /**
   * n1 + n2 − 2 (Student), or the Welch–Satterthwaite formula (Welch): NaN when both variances are 0,
   * as the formula gives; the p-value is then computed with df = 1, as SciPy does (it is 0 or NaN anyway).
   */
  df: number
}>

export type TtestIndMoments = Readonly<{
  mean1: number
  /** Sample variance with ddof 1. */
  var1: number
  n1: number
  mean2: number
  /** Sample variance with ddof 1. */
  var2: number
  n2: number
  /** true: Student's pooled-variance test; false: Welch's unequal-variance test. */
  equalVar: boolean
}>

/**
 * Independent two-sample t-test, two-sided, from each sample's size, mean and ddof-1 variance: the step
 * shared by {@link ttestInd} on raw values and by the engine, which computes the moments in SQL.
 *
 * Student (equalVar): pooled variance s² = ((n1 − 1)·v1 + (n2 − 1)·v2)/(n1 + n2 − 2), standard error
 * √(s²·(1/n1 + 1/n2)), df = n1 + n2 − 2. Welch: standard error √(v1/n1 + v2/n2), df =
 * (v1/n1 + v2/n2)² / ((v1/n1)²/(n1 − 1) + (v2/n2)²/(n2 − 1)). t = (mean1 − mean2)/standard error and
 * p = I_{df/(df + t²)}(df/2, 1/2), the regularized incomplete beta function, which keeps small p-values
 * accurate. Both variances 0: t = ±∞ (p = 0) for different means, NaN for equal means, as SciPy.
 *
 * Reference: Welch, Biometrika 34 (1947); SciPy 1.10 `scipy.stats.ttest_ind_from_stats`. O(1).
 *
 * @example ttestIndFromMoments({ mean1: 1.5, var1: 0.5, n1: 2, mean2: 3, var2: 2, n2: 2, equalVar: true }).statistic // ≈ −1.3416
 */
export function ttestIndFromMoments(moments: TtestIndMoments): TtestIndResult {
  const { mean1, var1, n1, mean2, var2, n2, equalVar } = moments
  if (!(n1 >= 2) || !(n2 >= 2)) {
    throw new Error('ttestIndFromMoments requires at least two values in each sample')
  }
  let df: number
  let standardError: number
  if (equalVar) {
    df = n1 + n2 - 2
    const pooled = ((n1 - 1) * var1 + (n2 - 1) * var2) / df
    standardError = Math.sqrt(pooled * (1 / n1 + 1 / n2))
  } else {
    const vn1 = var1 / n1
    const vn2 = var2 / n2
    df = (vn1 + vn2) ** 2 / (vn1 ** 2 / (n1 - 1) + vn2 ** 2 / (n2 - 1))
    standardError = Math.sqrt(vn1 + vn2)
  }
  const statistic = (mean1 - mean2) / standardError
  const pvalue = studentTwoSidedPvalue(statistic, Number.isNaN(df) ? 1 : df)
  return { statistic, pvalue, df }
}

/**
 * Independent two-sample t-test, two-sided, on raw samples: Student's (equalVar true) or Welch's (equalVar
 * false). Means and variances are computed as NumPy does (pairwise sums; SciPy's variance is the mean
 * squared deviation times n/(n − 1)), then finished by {@link ttestIndFromMoments}.
 *
 * Reference: Student, Biometrika 6 (1908); SciPy 1.10 `scipy.stats.ttest_ind`. O(n1 + n2).
 *
 * @example ttestInd([1, 2], [2, 4], { equalVar: false }).pvalue // ≈ 0.3499
 */
export function ttestInd(
  x: readonly number[],
  y: readonly number[],
  options: Readonly<{ equalVar: boolean }>
): TtestIndResult {
  if (x.length < 2 || y.length < 2) {
    throw new Error('ttestInd requires at least two values in each sample')
  }
  const [mean1, var1] = meanAndVariance(x)
  const [mean2, var2] = meanAndVariance(y)
  return ttestIndFromMoments({
    mean1,
    var1,
    n1: x.length,
    mean2,
    var2,
    n2: y.length,
    equalVar: options.equalVar
  })
}

/** numpy.mean and SciPy's ddof-1 variance: mean of squared deviations, times n/(n − 1). */
function meanAndVariance(values: readonly number[]): [number, number] {
  const n = values.length
  const mean = pairwiseSum(values) / n
  const squares = Float64Array.from(values, (v) => (v - mean) ** 2)
  return [mean, (pairwiseSum(squares) / n) * (n / (n - 1))]
}

/** 2·P(T > |t|) for Student's t with df degrees of freedom: I_{df/(df + t²)}(df/2, 1/2). */
function studentTwoSidedPvalue(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return Number.NaN
  if (!Number.isFinite(t)) return 0
  return betainc(df / (df + t * t), df / 2, 0.5, true, false)
}
