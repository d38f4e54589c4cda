/**
 * One sentence per tested column: what the test compares, what it found and how that became the verdict.
 * Plain text (the renderers escape it).
 */
import type { DriftTestId } from '../model'
import { DRIFT_TESTS } from './catalogue'
import { formatNumber, formatPercent, formatScore } from './format'

export type ExplainInput = Readonly<{
  column: string
  test: DriftTestId
  score: number | null
  statistic: number | null
  threshold: number
  drifted: boolean
  /** KS: 'exact' or 'asymp'. */
  method?: string
  /** Chi-square / JS: number of categories or bins compared. */
  bins?: number
  /** z-test: the value whose share is compared and its share in each sample. */
  proportion?: Readonly<{ value: string; reference: number; current: number }>
  /** Permutation tests: how many permutations. */
  permutations?: number
  /** Sampled tests: the values drawn from each side. */
  sampleSize?: Readonly<{ reference: number; current: number }>
}>

export function explainDrift(input: ExplainInput): string {
  const { column, test, score, statistic, threshold, drifted } = input
  const p = formatScore(score, 'p_value')
  const d = formatScore(score, 'distance')
  const label = DRIFT_TESTS[test].label
  if (score === null || Number.isNaN(score)) {
    return `The ${label} could not produce a score for ${column} (the statistic is undefined for these values), so no drift is reported.`
  }
  const edge = DRIFT_TESTS[test].edge
  const pVerdict = (): string =>
    drifted
      ? `p = ${p} is ${edge === 'p<=' ? 'at or below' : 'below'} the threshold ${threshold}, so ${column} has drifted.`
      : `p = ${p} is ${edge === 'p<=' ? 'above' : 'at or above'} the threshold ${threshold}, so the difference is within chance: no drift.`
  const dVerdict = drifted
    ? `${edge === 'd>' ? 'above' : 'at least'} the threshold ${threshold}, so ${column} has drifted.`
    : `${edge === 'd>' ? 'at or below' : 'below'} the threshold ${threshold}: no drift.`
  const over = input.bins === undefined ? 'their' : `${input.bins} shared`
  const stat = formatNumber(statistic)
  switch (test) {
    case 'ks':
      return `The Kolmogorov–Smirnov test compares the cumulative distributions of ${column}: their largest gap is D = ${stat}, and ${input.method === 'asymp' ? 'the asymptotic' : 'the exact'} ${pVerdict()}`
    case 'chisquare':
      return `The chi-square test compares how often each of the ${input.bins ?? 'observed'} values of ${column} occurs in the current batch with what the reference proportions predict (χ² = ${stat}); ${pVerdict()}`
    case 'z': {
      const share = input.proportion
        ? ` the share of "${input.proportion.value}" (${formatPercent(input.proportion.reference)} in the reference, ${formatPercent(input.proportion.current)} now)`
        : ' the shares of its two values'
      return `The two-proportion z-test compares${share} for ${column} (z = ${stat}); ${pVerdict()}`
    }
    case 'fisher_exact': {
      const share = input.proportion
        ? ` the share of "${input.proportion.value}" (${formatPercent(input.proportion.reference)} in the reference, ${formatPercent(input.proportion.current)} now)`
        : ' the shares of its two values'
      return `Fisher’s exact test compares${share} for ${column} without a large-sample approximation; ${pVerdict()}`
    }
    case 'wasserstein':
      return `The normed Wasserstein distance is how far, in reference standard deviations, the values of ${column} would have to move to match the reference: ${d}, ${dVerdict}`
    case 'jensenshannon':
      return `The Jensen–Shannon distance between the two distributions of ${column} over ${over} bins is ${d} (0 = identical, 0.83 = disjoint), ${dVerdict}`
    case 'psi':
      return `The population stability index of ${column} over ${over} bins is ${d} (below 0.1 is usually read as stable, above 0.25 as a major shift), ${dVerdict}`
    case 'kl_div':
      return `The Kullback–Leibler divergence of the reference from the current batch of ${column} over ${over} bins is ${d} (0 = identical), ${dVerdict}`
    case 'hellinger':
      return `The Hellinger distance between the two distributions of ${column} over ${over} bins is ${d} (0 = identical, 1 = disjoint), ${dVerdict}`
    case 'TVD':
      return `The total variation distance between the shares of ${column} is ${stat} (the largest difference in probability any set of values can show); ${input.permutations ?? 1000} seeded permutations give ${pVerdict()}`
    case 'ed':
      return `The energy distance between the distributions of ${column}, in the column’s own units, is ${d}, ${dVerdict}`
    case 'anderson':
      return `The Anderson–Darling test compares the cumulative distributions of ${column}, weighting the tails (A² = ${stat}); its significance level (SciPy caps it to [0.001, 0.25]) ${pVerdict()}`
    case 'cramer_von_mises':
      return `The Cramér–von Mises test sums the squared gaps between the cumulative distributions of ${column} (T = ${stat}); ${input.method === 'exact' ? 'the exact' : 'the asymptotic'} ${pVerdict()}`
    case 'es':
      return `The Epps–Singleton test compares the empirical characteristic functions of ${column} (W = ${stat}); ${pVerdict()}`
    case 'g_test':
      return `The G-test compares how often each of the ${input.bins ?? 'observed'} values of ${column} occurs now with what the reference proportions predict (G = ${stat}); ${pVerdict()}`
    case 'mannw':
      return `The two-sided Mann–Whitney U test asks whether values of ${column} tend to be larger in one sample than the other (U = ${stat}); ${pVerdict()}`
    case 't_test':
      return `Student’s t-test compares the means of ${column}, assuming equal variances (t = ${stat}); ${pVerdict()}`
    case 'welch_t_test':
      return `Welch’s t-test compares the means of ${column} without assuming equal variances (t = ${stat}); ${pVerdict()}`
    case 'levene_median':
    case 'levene_mean':
      return `Levene’s test compares the spread of ${column} around each sample’s ${test === 'levene_median' ? 'median' : 'mean'} (W = ${stat}); ${pVerdict()}`
    case 'empirical_mmd':
      return `The maximum mean discrepancy between the distributions of ${column} is ${stat} (RBF kernel, median-heuristic bandwidth${input.sampleSize ? `, on ${input.sampleSize.reference} and ${input.sampleSize.current} sampled values` : ''}); ${input.permutations ?? 'the'} seeded permutations give ${pVerdict()}`
    default:
      return assertNever(test)
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}
