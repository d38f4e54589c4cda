/**
 * The drift tests Driftwatch knows, with Evidently's names, default thresholds and verdict edges, and the
 * automatic selection rule Evidently applies by default (ARCHITECTURE: statistics agree with Evidently).
 */
import type { ColumnKind, DriftTestId, ScoreKind } from '../model'

export type DriftTestInfo = Readonly<{
  id: DriftTestId
  /** Evidently's display name. */
  name: string
  scoreKind: ScoreKind
  defaultThreshold: number
  /** Which kinds of values the test takes. */
  accepts: 'numeric' | 'any'
  /** How the verdict compares the score with the threshold. */
  edge: 'p<=' | 'p<' | 'd>='
}>

export const DRIFT_TESTS: Readonly<Record<DriftTestId, DriftTestInfo>> = {
  ks: {
    id: 'ks',
    name: 'K-S p_value',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'numeric',
    edge: 'p<='
  },
  chisquare: {
    id: 'chisquare',
    name: 'chi-square p_value',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'any',
    edge: 'p<'
  },
  z: {
    id: 'z',
    name: 'Z-test p_value',
    scoreKind: 'p_value',
    defaultThreshold: 0.05,
    accepts: 'any',
    edge: 'p<'
  },
  wasserstein: {
    id: 'wasserstein',
    name: 'Wasserstein distance (normed)',
    scoreKind: 'distance',
    defaultThreshold: 0.1,
    accepts: 'numeric',
    edge: 'd>='
  },
  jensenshannon: {
    id: 'jensenshannon',
    name: 'Jensen-Shannon distance',
    scoreKind: 'distance',
    defaultThreshold: 0.1,
    accepts: 'any',
    edge: 'd>='
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
}): AutoChoice {
  const { kind, referenceCount, distinctPooled } = input
  const small = referenceCount <= SMALL_REFERENCE_MAX
  const size = small
    ? `the reference has ${referenceCount} values (≤ ${SMALL_REFERENCE_MAX}: a p-value test)`
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

/** The verdict with Evidently's edges: KS p ≤ t; chi-square and z p < t; distances d ≥ t. NaN never drifts. */
export function isDrifted(test: DriftTestId, score: number, threshold: number): boolean {
  if (Number.isNaN(score)) return false
  switch (DRIFT_TESTS[test].edge) {
    case 'p<=':
      return score <= threshold
    case 'p<':
      return score < threshold
    case 'd>=':
      return score >= threshold
    default:
      return assertNever(DRIFT_TESTS[test].edge)
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}
