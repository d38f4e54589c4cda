import betainc from '@stdlib/math-base-special-betainc'
import { pairwiseSum } from './pairwiseSum'

export type LeveneCenter = 'median' | 'mean'

export type LeveneResult = Readonly<{
  /** W; +∞ when every absolute deviation equals its group's mean deviation, NaN when all are 0. */
  statistic: number
  /** P(F > W) for F on (dfNum, dfDen) degrees of freedom. */
  pvalue: number
  /** k − 1 for k groups. */
  dfNum: number
  /** N − k for N values in all. */
  dfDen: number
}>

/**
 * One group's share of Levene's statistic, with Z = |Y − center| over the group's values Y: its size, the
 * mean of Z and the sum of squared deviations Σ (Z − zMean)², centred, not Σ Z² − n·zMean². The centred sum
 * is what SciPy computes, and it is exactly 0 when every Z is the same (two values per group, symmetric
 * groups), where the uncentred difference would leave rounding noise and turn W = ∞ into a huge finite
 * number. SQL gets it in a pass after zMean is known.
 */
export type LeveneGroup = Readonly<{ n: number; zMean: number; zSumSquaredDeviations: number }>

/**
 * Levene's test for equal variances, finished from each group's {@link LeveneGroup} sums: the step shared
 * by {@link levene} on raw samples and by the engine, which computes the sums in SQL.
 *
 * W = ((N − k)/(k − 1)) · Σ n_i (zMean_i − zMean)² / Σ_i Σ_j (Z_ij − zMean_i)², with zMean the overall
 * mean Σ n_i zMean_i / N, and p = P(F_{k−1, N−k} > W) = I_{d2/(d2 + d1·W)}(d2/2, d1/2), the regularized
 * incomplete beta function. Sums are formed in SciPy's order.
 *
 * Reference: Levene (1960); Brown & Forsythe, JASA 69 (1974); SciPy 1.10 `scipy.stats.levene`. O(k).
 *
 * @example leveneFromSums([{ n: 2, zMean: 0.5, zSumSquaredDeviations: 0 }, { n: 2, zMean: 2, zSumSquaredDeviations: 0 }]).statistic // Infinity
 */
export function leveneFromSums(groups: readonly LeveneGroup[]): LeveneResult {
  const k = groups.length
  if (k < 2) throw new Error('leveneFromSums requires at least two groups')
  if (groups.some((g) => !(g.n >= 1))) {
    throw new Error('leveneFromSums requires at least one value in each group')
  }
  let total = 0
  let grandMean = 0
  for (const g of groups) {
    total += g.n
    grandMean += g.zMean * g.n
  }
  grandMean /= total
  let between = 0
  let within = 0
  for (const g of groups) {
    between += g.n * (g.zMean - grandMean) ** 2
    within += g.zSumSquaredDeviations
  }
  const dfNum = k - 1
  const dfDen = total - k
  const statistic = (dfDen * between) / ((k - 1) * within)
  return { statistic, pvalue: fSf(statistic, dfNum, dfDen), dfNum, dfDen }
}

/**
 * Levene's test for equal variances of k samples: a one-way ANOVA of the absolute deviations
 * Z = |Y − center| from each group's median (the Brown–Forsythe variant, robust to heavy tails) or mean.
 * The median is numpy.median (the average of the two middle values for an even count), the mean and the
 * mean of Z use NumPy's pairwise sums; then {@link leveneFromSums}.
 *
 * Reference: Levene (1960); Brown & Forsythe, JASA 69 (1974); SciPy 1.10 `scipy.stats.levene`.
 * O(N log N) for the medians, O(N) otherwise.
 *
 * @example levene([[1, 2], [1, 5]], 'median').statistic // Infinity
 */
export function levene(
  samples: readonly (readonly number[])[],
  center: LeveneCenter = 'median'
): LeveneResult {
  if (samples.length < 2) throw new Error('levene requires at least two samples')
  if (samples.some((s) => s.length === 0)) {
    throw new Error('levene requires at least one value in each sample')
  }
  return leveneFromSums(
    samples.map((sample) => {
      const n = sample.length
      const c = center === 'median' ? median(sample) : pairwiseSum(sample) / n
      const z = Float64Array.from(sample, (v) => Math.abs(v - c))
      const zMean = pairwiseSum(z) / n
      const squares = z.map((v) => (v - zMean) ** 2)
      return { n, zMean, zSumSquaredDeviations: pairwiseSum(squares) }
    })
  )
}

/** numpy.median: the middle value, or the mean (a + b)/2 of the two middle values. */
function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort()
  const half = sorted.length >> 1
  if (sorted.length % 2 === 1) return sorted[half] as number
  return ((sorted[half - 1] as number) + (sorted[half] as number)) / 2
}

/** P(F > x) for Snedecor's F on (d1, d2) degrees of freedom: I_{d2/(d2 + d1·x)}(d2/2, d1/2). */
function fSf(x: number, d1: number, d2: number): number {
  if (Number.isNaN(x) || !(d1 > 0) || !(d2 > 0)) return Number.NaN
  if (x === Number.POSITIVE_INFINITY) return 0
  if (x <= 0) return 1
  return betainc(d2 / (d2 + d1 * x), d2 / 2, d1 / 2, true, false)
}
