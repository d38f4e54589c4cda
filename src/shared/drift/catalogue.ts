/**
 * The drift tests Driftwatch knows, with Evidently's names, default thresholds and verdict edges, and the
 * automatic selection rule Evidently applies by default (ARCHITECTURE: statistics agree with Evidently).
 */
import type { ColumnKind, DriftTestId, ScoreKind } from '../model'

export type DriftTestInfo = Readonly<{
  id: DriftTestId
  /** Evidently's display name (Driftwatch's own tests: a name in the same style). */
  name: string
  /** The test's long name, for labels and explanations. */
  label: string
  /** What the test looks at, in a few words, for the options screen. */
  summary: string
  scoreKind: ScoreKind
  defaultThreshold: number
  /** Which kinds of values the test takes: numbers, any values (categories or binned numbers), or two categories. */
  accepts: 'numeric' | 'any' | 'binary'
  /** How the verdict compares the score with the threshold. */
  edge: 'p<=' | 'p<' | 'd>=' | 'd>'
  /** Where Driftwatch deliberately computes it differently from Evidently 0.4.37, and why. */
  deviation?: string
  /** A test Evidently does not have. */
  isDriftwatchOnly?: boolean
}>

export const DRIFT_TESTS: Readonly<Record<DriftTestId, DriftTestInfo>> = {
  ks: {
    id: 'ks',
    name: 'K-S p_value',
    label: 'Kolmogorov–Smirnov test',
    summary: 'largest gap between the cumulative distributions',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'numeric',
    edge: 'p<='
  },
  chisquare: {
    id: 'chisquare',
    name: 'chi-square p_value',
    label: 'chi-square test',
    summary: 'category frequencies against the reference proportions',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'any',
    edge: 'p<'
  },
  z: {
    id: 'z',
    name: 'Z-test p_value',
    label: 'two-proportion z-test',
    summary: 'share of one value of a binary column',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'any',
    edge: 'p<'
  },
  wasserstein: {
    id: 'wasserstein',
    name: 'Wasserstein distance (normed)',
    label: 'normed Wasserstein distance',
    summary: 'how far values move, in reference standard deviations',
    scoreKind: 'distance',
    defaultThreshold: 0.1,
    accepts: 'numeric',
    edge: 'd>='
  },
  jensenshannon: {
    id: 'jensenshannon',
    name: 'Jensen-Shannon distance',
    label: 'Jensen–Shannon distance',
    summary: 'overlap of the two histograms (0 same, 0.83 disjoint)',
    scoreKind: 'distance',
    defaultThreshold: 0.1,
    accepts: 'any',
    edge: 'd>='
  },
  psi: {
    id: 'psi',
    name: 'PSI',
    label: 'population stability index',
    summary: 'shift of the histogram shares, log-weighted',
    scoreKind: 'distance',
    defaultThreshold: 0.1,
    accepts: 'any',
    edge: 'd>='
  },
  kl_div: {
    id: 'kl_div',
    name: 'Kullback-Leibler divergence',
    label: 'Kullback–Leibler divergence',
    summary: 'information lost describing the reference by the batch',
    scoreKind: 'distance',
    defaultThreshold: 0.1,
    accepts: 'any',
    edge: 'd>='
  },
  hellinger: {
    id: 'hellinger',
    name: 'Hellinger distance',
    label: 'Hellinger distance',
    summary: 'overlap of the two densities (0 same, 1 disjoint)',
    scoreKind: 'distance',
    defaultThreshold: 0.1,
    accepts: 'any',
    edge: 'd>='
  },
  TVD: {
    id: 'TVD',
    name: 'Total-Variation-Distance',
    label: 'total variation distance permutation test',
    summary: 'largest difference in probability, with a permutation p-value',
    scoreKind: 'p_value',
    defaultThreshold: 0.1,
    accepts: 'any',
    edge: 'p<',
    deviation:
      'The 1000 permutations redistribute the pooled category counts by seeded multivariate hypergeometric draws instead of shuffling rows with NumPy, so the p-value is reproducible from the seed but not bit-identical to Evidently’s.'
  },
  ed: {
    id: 'ed',
    name: 'Energy-distance',
    label: 'energy distance',
    summary: 'distance between the cumulative distributions, in the column’s units',
    scoreKind: 'distance',
    defaultThreshold: 0.1,
    accepts: 'numeric',
    edge: 'd>'
  },
  anderson: {
    id: 'anderson',
    name: 'Anderson-Darling',
    label: 'Anderson–Darling k-sample test',
    summary: 'cumulative distributions, weighted towards the tails',
    scoreKind: 'p_value',
    defaultThreshold: 0.1,
    accepts: 'numeric',
    edge: 'p<'
  },
  cramer_von_mises: {
    id: 'cramer_von_mises',
    name: 'Cramer-von Mises',
    label: 'Cramér–von Mises test',
    summary: 'squared gaps between the cumulative distributions',
    scoreKind: 'p_value',
    defaultThreshold: 0.1,
    accepts: 'numeric',
    edge: 'p<='
  },
  es: {
    id: 'es',
    name: 'Epps-Singleton',
    label: 'Epps–Singleton test',
    summary: 'empirical characteristic functions',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'numeric',
    edge: 'p<'
  },
  fisher_exact: {
    id: 'fisher_exact',
    name: "Fisher's Exact test",
    label: 'Fisher’s exact test',
    summary: 'exact test of a binary column’s shares',
    scoreKind: 'p_value',
    defaultThreshold: 0.1,
    accepts: 'binary',
    edge: 'p<',
    deviation:
      'Evidently fails when the two samples differ in size; Driftwatch tests the 2×2 table of value × sample counts, which is valid for any sizes.'
  },
  g_test: {
    id: 'g_test',
    name: 'g_test',
    label: 'G-test',
    summary: 'log-likelihood ratio of category frequencies',
    scoreKind: 'p_value',
    defaultThreshold: 0.1,
    accepts: 'any',
    edge: 'p<',
    deviation:
      'Evidently passes unscaled reference counts as expected frequencies, which fails whenever the samples differ in size; Driftwatch scales the reference proportions to the current total, as the goodness-of-fit test requires.'
  },
  mannw: {
    id: 'mannw',
    name: 'Mann-Whitney U-rank test',
    label: 'Mann–Whitney U test',
    summary: 'whether values of one sample tend to be larger',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'numeric',
    edge: 'p<',
    deviation:
      'Evidently runs the one-sided test (it detects only a batch larger than the reference); Driftwatch runs the two-sided test, so a shift either way is found.'
  },
  t_test: {
    id: 't_test',
    name: 't_test',
    label: 'Student’s t-test',
    summary: 'difference of means, equal variances assumed',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'numeric',
    edge: 'p<'
  },
  welch_t_test: {
    id: 'welch_t_test',
    name: "Welch's t-test",
    label: 'Welch’s t-test',
    summary: 'difference of means, variances may differ',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'numeric',
    edge: 'p<',
    isDriftwatchOnly: true
  },
  levene_median: {
    id: 'levene_median',
    name: "Levene's test (median)",
    label: 'Levene’s test centred on the median (Brown–Forsythe)',
    summary: 'change of spread, robust to outliers',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'numeric',
    edge: 'p<',
    isDriftwatchOnly: true
  },
  levene_mean: {
    id: 'levene_mean',
    name: "Levene's test (mean)",
    label: 'Levene’s test centred on the mean',
    summary: 'change of spread',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'numeric',
    edge: 'p<',
    isDriftwatchOnly: true
  },
  empirical_mmd: {
    id: 'empirical_mmd',
    name: 'empirical_mmd',
    label: 'maximum mean discrepancy permutation test',
    summary: 'kernel distance between the distributions, with a permutation p-value',
    scoreKind: 'p_value',
    defaultThreshold: 0.1,
    accepts: 'numeric',
    edge: 'p<',
    deviation:
      'Evidently draws its 100 permutations unseeded over all rows (a different p-value on every run, memory quadratic in the rows); Driftwatch keeps its kernel bandwidth but uses a seeded sample of at most 2000 values per side, seeded permutations and the (1 + count)/(1 + permutations) p-value, so the result is reproducible, never 0, and the sample sizes are stated.'
  }
}

export const DRIFT_TEST_IDS = Object.keys(DRIFT_TESTS) as DriftTestId[]

export function isDriftTestId(v: unknown): v is DriftTestId {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(DRIFT_TESTS, v)
}

/** Reference sizes up to this many values count as "small" (p-value tests); above it, distances. */
export const SMALL_REFERENCE_MAX = 1000

export type AutoChoice = Readonly<{ test: DriftTestId; reason: string }>

/**
 * Evidently's default test for a column: by kind, by the reference's non-missing size and by the number of
 * distinct values in reference and current together.
 *
 * @example chooseTest({ kind: 'numeric', referenceCount: 431, distinctPooled: 4 }).test // 'chisquare'
 */
export function chooseTest(input: {
  kind: ColumnKind
  referenceCount: number
  distinctPooled: number
  /** A multiple-testing rule needs p-values: take the small-sample (p-value) tests at every size. */
  preferPvalue?: boolean
}): AutoChoice {
  const { kind, referenceCount, distinctPooled } = input
  const small = referenceCount <= SMALL_REFERENCE_MAX || input.preferPvalue === true
  const size =
    referenceCount <= SMALL_REFERENCE_MAX
      ? `the reference has ${referenceCount} values (≤ ${SMALL_REFERENCE_MAX}: a p-value test)`
      : small
        ? `the dataset rule corrects p-values for multiple testing, so a p-value test is used although the reference has ${referenceCount} values`
        : `the reference has ${referenceCount} values (> ${SMALL_REFERENCE_MAX}: a distance, since p-values flag tiny differences on large samples)`
  const distinct = `${distinctPooled} distinct value${distinctPooled === 1 ? '' : 's'} in both samples together`
  if (kind === 'numeric') {
    if (distinctPooled <= 2) {
      return small
        ? { test: 'z', reason: `Numeric with ${distinct}, so treated as binary; ${size}.` }
        : { test: 'jensenshannon', reason: `Numeric with ${distinct}; ${size}.` }
    }
    if (distinctPooled <= 5) {
      return small
        ? {
            test: 'chisquare',
            reason: `Numeric with only ${distinct}, so compared as categories; ${size}.`
          }
        : { test: 'jensenshannon', reason: `Numeric with ${distinct}; ${size}.` }
    }
    return small
      ? { test: 'ks', reason: `Numeric with ${distinct}; ${size}.` }
      : { test: 'wasserstein', reason: `Numeric with ${distinct}; ${size}.` }
  }
  if (distinctPooled <= 2) {
    return small
      ? { test: 'z', reason: `Binary (${distinct}); ${size}.` }
      : { test: 'jensenshannon', reason: `Binary (${distinct}); ${size}.` }
  }
  return small
    ? { test: 'chisquare', reason: `Categorical with ${distinct}; ${size}.` }
    : { test: 'jensenshannon', reason: `Categorical with ${distinct}; ${size}.` }
}

/**
 * The verdict with Evidently's edges: KS and Cramér–von Mises p ≤ t; other p-values p < t; energy distance d > t;
 * other distances d ≥ t. NaN never drifts.
 */
export function isDrifted(test: DriftTestId, score: number, threshold: number): boolean {
  if (Number.isNaN(score)) return false
  switch (DRIFT_TESTS[test].edge) {
    case 'p<=':
      return score <= threshold
    case 'p<':
      return score < threshold
    case 'd>=':
      return score >= threshold
    case 'd>':
      return score > threshold
    default:
      return assertNever(DRIFT_TESTS[test].edge)
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}
