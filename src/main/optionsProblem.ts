/**
 * Drift options check: the one place that says whether a DriftOptions object (from a request, a form or a
 * project's driftwatch.yaml) is well formed, with a sentence naming the field that is not.
 */
import { DRIFT_TEST_IDS, DRIFT_TESTS, isDriftTestId } from '../shared/drift'
import type { DriftOptions } from '../shared/model'

/** Every field of DriftOptions, in the order messages list them. */
export const DRIFT_OPTION_KEYS = [
  'ignore',
  'test',
  'threshold',
  'perKind',
  'perColumn',
  'rule',
  'driftShare',
  'alpha',
  'target',
  'prediction',
  'task',
  'multivariate',
  'seed',
  'timeColumn'
] as const satisfies readonly (keyof DriftOptions)[]

/**
 * A sentence about the first thing wrong with the options, or null. Every field of DriftOptions is checked
 * (requests arrive as JSON from any host, so nothing is trusted to match the type), and each message names
 * the field and says what to give instead. Contradictions are refused too: target and prediction in one
 * column, an ignored target, a numbers-only test for categorical columns, a p-value threshold above 1.
 *
 * @example optionsProblem({ rule: 'bh', alpha: 0.05 }) // null
 */
export function optionsProblem(options: DriftOptions | undefined): string | null {
  if (options === undefined) return null
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  const shown = (v: unknown): string =>
    typeof v === 'number' || typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? typeof v)
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
  const unknownKey = (
    value: Record<string, unknown>,
    known: readonly string[],
    field: string
  ): string | null => {
    const extra = Object.keys(value).find((k) => value[k] !== undefined && !known.includes(k))
    if (extra === undefined) return null
    return `Unknown option "${field}${extra}". Known ${field === '' ? 'options' : `fields of ${field.slice(0, -1)}`}: ${known.join(', ')}.`
  }
  const testProblem = (value: unknown, field: string): string | null => {
    if (isDriftTestId(value)) return null
    const folded = typeof value === 'string' ? value.toLowerCase().replace(/[-\s]+/g, '_') : null
    const near = DRIFT_TEST_IDS.find((id) => id.toLowerCase() === folded)
    return `Unknown test ${shown(value)} in ${field}. ${near ? `Did you mean "${near}"? ` : ''}Use one of: ${DRIFT_TEST_IDS.join(', ')}.`
  }
  const thresholdProblem = (value: unknown, field: string): string | null =>
    isNumber(value) && value >= 0
      ? null
      : `${field} must be a finite number, 0 or more (a p-value level such as 0.05, or a distance such as 0.1); got ${shown(value)}.`
  const pValueThresholdProblem = (
    test: unknown,
    threshold: unknown,
    field: string
  ): string | null => {
    if (!isDriftTestId(test) || !isNumber(threshold)) return null
    const info = DRIFT_TESTS[test]
    if (info.scoreKind !== 'p_value' || threshold <= 1) return null
    return `${field === '' ? 'threshold' : `${field}.threshold`} is ${threshold}, but ${test} gives a p-value, which lies between 0 and 1. Use a level such as ${info.defaultThreshold}.`
  }
  /** A test choice: known test, valid threshold, and no p-value threshold above 1. */
  const choiceProblem = (value: unknown, field: string): string | null => {
    if (!isRecord(value)) {
      return `${field} must be an object with a test and/or a threshold, e.g. { "test": "ks", "threshold": 0.05 }; got ${shown(value)}.`
    }
    const extra = unknownKey(value, ['test', 'threshold'], `${field}.`)
    if (extra) return extra
    if (value.test !== undefined) {
      const problem = testProblem(value.test, `${field}.test`)
      if (problem) return problem
    }
    if (value.threshold !== undefined) {
      const problem = thresholdProblem(value.threshold, `${field}.threshold`)
      if (problem) return problem
    }
    return pValueThresholdProblem(value.test, value.threshold, field)
  }
  const integerProblem = (
    value: unknown,
    field: string,
    low: number,
    high: number,
    meaning: string
  ): string | null =>
    Number.isSafeInteger(value) && (value as number) >= low && (value as number) <= high
      ? null
      : `${field} must be a whole number from ${low} to ${high} (${meaning}); got ${shown(value)}.`
  const columnNameProblem = (value: unknown, field: string): string | null =>
    typeof value === 'string' && value.length > 0
      ? null
      : `${field} must be the name of a column (a non-empty string); got ${shown(value)}.`

  if (!isRecord(options)) {
    return `The options must be an object, e.g. { "rule": "bh", "alpha": 0.05 }; got ${shown(options)}.`
  }
  const o = options as Record<string, unknown>
  const top = unknownKey(o, DRIFT_OPTION_KEYS, '')
  if (top) return top
  const ignore = o.ignore
  if (ignore !== undefined) {
    if (!Array.isArray(ignore) || !ignore.every((c) => typeof c === 'string')) {
      return `ignore must be a list of column names, e.g. ["id", "notes"]; got ${shown(ignore)}.`
    }
    if (ignore.some((c) => c.length === 0)) return 'ignore has an empty column name; remove it.'
  }
  if (o.test !== undefined) {
    const problem = testProblem(o.test, 'test')
    if (problem) return problem
  }
  if (o.threshold !== undefined) {
    const problem =
      thresholdProblem(o.threshold, 'threshold') ?? pValueThresholdProblem(o.test, o.threshold, '')
    if (problem) return problem
  }
  if (o.perKind !== undefined) {
    const perKind = o.perKind
    if (!isRecord(perKind)) {
      return `perKind must be an object with "numeric" and/or "categorical" choices, e.g. { "numeric": { "test": "anderson" } }; got ${shown(perKind)}.`
    }
    const extra = Object.keys(perKind).find(
      (k) => perKind[k] !== undefined && k !== 'numeric' && k !== 'categorical'
    )
    if (extra !== undefined) {
      return `perKind has "${extra}", but only "numeric" and "categorical" can be set ("categorical" covers boolean and text columns too).`
    }
    for (const kind of ['numeric', 'categorical'] as const) {
      const choice = perKind[kind]
      if (choice === undefined) continue
      const problem = choiceProblem(choice, `perKind.${kind}`)
      if (problem) return problem
      const test = (choice as Record<string, unknown>).test
      if (
        kind === 'categorical' &&
        isDriftTestId(test) &&
        DRIFT_TESTS[test].accepts === 'numeric'
      ) {
        const fits = DRIFT_TEST_IDS.filter((id) => DRIFT_TESTS[id].accepts !== 'numeric')
        return `perKind.categorical.test is ${test} (${DRIFT_TESTS[test].label}), which takes numbers only, so it cannot test categorical columns. Use it for perKind.numeric, or choose one of: ${fits.join(', ')}.`
      }
    }
  }
  if (o.perColumn !== undefined) {
    if (!isRecord(o.perColumn)) {
      return `perColumn must be an object from column name to choice, e.g. { "temp": { "test": "ks" } }; got ${shown(o.perColumn)}.`
    }
    for (const [column, choice] of Object.entries(o.perColumn)) {
      if (column.length === 0) return 'perColumn has an empty column name; remove it.'
      if (choice === undefined) continue
      const problem = choiceProblem(choice, `perColumn[${JSON.stringify(column)}]`)
      if (problem) return problem
    }
  }
  if (o.rule !== undefined && o.rule !== 'share' && o.rule !== 'bonferroni' && o.rule !== 'bh') {
    return `rule must be "share" (Evidently's share of drifted columns), "bonferroni" or "bh" (Benjamini–Hochberg); got ${shown(o.rule)}.`
  }
  if (
    o.driftShare !== undefined &&
    !(isNumber(o.driftShare) && o.driftShare > 0 && o.driftShare <= 1)
  ) {
    return `driftShare must be a number greater than 0 and at most 1, e.g. 0.5 (half the columns); got ${shown(o.driftShare)}.`
  }
  if (o.alpha !== undefined && !(isNumber(o.alpha) && o.alpha > 0 && o.alpha < 1)) {
    return `alpha must be a number greater than 0 and less than 1, e.g. 0.05; got ${shown(o.alpha)}.`
  }
  if (o.timeColumn !== undefined) {
    const problem = columnNameProblem(o.timeColumn, 'timeColumn')
    if (problem) return problem
  }
  for (const field of ['target', 'prediction'] as const) {
    const column = o[field]
    if (column === undefined) continue
    const problem = columnNameProblem(column, field)
    if (problem) return problem
    if (Array.isArray(ignore) && ignore.includes(column as string)) {
      return `${field} "${String(column)}" is also in ignore. Remove it from ignore to test it as the ${field}.`
    }
  }
  if (o.target !== undefined && o.target === o.prediction) {
    return `target and prediction are both "${String(o.target)}". Name two different columns: the true value and the model's output.`
  }
  if (o.task !== undefined && o.task !== 'classification' && o.task !== 'regression') {
    return `task must be "classification" or "regression"; got ${shown(o.task)}.`
  }
  if (o.multivariate !== undefined) {
    const m = o.multivariate
    if (!isRecord(m)) {
      return `multivariate must be an object, e.g. { "enabled": true, "sampleSize": 2000 }; got ${shown(m)}.`
    }
    const extra = unknownKey(m, ['enabled', 'sampleSize', 'permutations'], 'multivariate.')
    if (extra) return extra
    if (m.enabled !== undefined && typeof m.enabled !== 'boolean') {
      return `multivariate.enabled must be true or false; got ${shown(m.enabled)}.`
    }
    if (m.sampleSize !== undefined) {
      const problem = integerProblem(
        m.sampleSize,
        'multivariate.sampleSize',
        20,
        20_000,
        'rows drawn from each side'
      )
      if (problem) return problem
    }
    if (m.permutations !== undefined) {
      const problem = integerProblem(
        m.permutations,
        'multivariate.permutations',
        10,
        10_000,
        'permutations of the MMD test'
      )
      if (problem) return problem
    }
  }
  if (o.seed !== undefined) {
    const problem = integerProblem(
      o.seed,
      'seed',
      0,
      Number.MAX_SAFE_INTEGER,
      'the seed of every random draw, e.g. 42'
    )
    if (problem) return problem
  }
  return null
}
