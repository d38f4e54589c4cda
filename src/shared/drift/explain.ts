/**
 * One sentence per tested column: what the test compares, what it found and how that became the verdict.
 * Plain text (the renderers escape it).
 */
import type { DriftTestId } from '../model'
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
}>

export function explainDrift(input: ExplainInput): string {
  const { column, test, score, statistic, threshold, drifted } = input
  const p = formatScore(score, 'p_value')
  const d = formatScore(score, 'distance')
  if (score === null || Number.isNaN(score)) {
    return `The ${testLabel(test)} could not produce a score for ${column} (the statistic is undefined for these values), so no drift is reported.`
  }
  const pVerdict = (edge: string): string =>
    drifted
      ? `p = ${p} is ${edge} the threshold ${threshold}, so ${column} has drifted.`
      : `p = ${p} is above the threshold ${threshold}, so the difference is within chance: no drift.`
  const dVerdict = drifted
    ? `at least the threshold ${threshold}, so ${column} has drifted.`
    : `below the threshold ${threshold}: no drift.`
  switch (test) {
    case 'ks':
      return `The Kolmogorov–Smirnov test compares the cumulative distributions of ${column}: their largest gap is D = ${formatNumber(statistic)}, and ${input.method === 'asymp' ? 'the asymptotic' : 'the exact'} ${pVerdict('at or below')}`
    case 'chisquare':
      return `The chi-square test compares how often each of the ${input.bins ?? 'observed'} values of ${column} occurs in the current batch with what the reference proportions predict (χ² = ${formatNumber(statistic)}); ${pVerdict('below')}`
    case 'z': {
      const share = input.proportion
        ? ` the share of "${input.proportion.value}" (${formatPercent(input.proportion.reference)} in the reference, ${formatPercent(input.proportion.current)} now)`
        : ' the shares of its two values'
      return `The two-proportion z-test compares${share} for ${column} (z = ${formatNumber(statistic)}); ${pVerdict('below')}`
    }
    case 'wasserstein':
      return `The normed Wasserstein distance is how far, in reference standard deviations, the values of ${column} would have to move to match the reference: ${d}, ${dVerdict}`
    case 'jensenshannon':
      return `The Jensen–Shannon distance between the two distributions of ${column} over ${input.bins ?? 'their'} ${input.bins === undefined ? '' : 'shared '}bins is ${d} (0 = identical, 0.83 = disjoint), ${dVerdict}`
    default:
      return assertNever(test)
  }
}

function testLabel(test: DriftTestId): string {
  switch (test) {
    case 'ks':
      return 'Kolmogorov–Smirnov test'
    case 'chisquare':
      return 'chi-square test'
    case 'z':
      return 'two-proportion z-test'
    case 'wasserstein':
      return 'Wasserstein distance'
    case 'jensenshannon':
      return 'Jensen–Shannon distance'
    default:
      return assertNever(test)
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}
