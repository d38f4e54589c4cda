/**
 * Options form: the run options as the person types them (text fields stay text until they are valid), their
 * validation with one message per field, and the `DriftOptions` of the 'compare:run' request built from them.
 *
 * Why text: a half-typed "0." must stay in the field, and an invalid entry must be shown next to the field
 * rather than silently dropped. Anything left at its default is left out of the request, so a run with the
 * defaults asks for exactly what the engine does by itself (Evidently's default preset).
 * Big-O: O(c) for c per-column overrides.
 *
 * @example
 * buildDriftOptions({ ...DEFAULT_OPTIONS_FORM, rule: 'bonferroni' }, ['id'])
 * // { ok: true, options: { ignore: ['id'], rule: 'bonferroni', alpha: 0.05 } }
 */
import {
  DEFAULT_ALPHA,
  DEFAULT_DRIFT_SHARE,
  DEFAULT_MULTIVARIATE_SAMPLE,
  DEFAULT_SEED,
  DRIFT_TESTS
} from '../../../shared/drift'
import type {
  DatasetRule,
  DriftOptions,
  DriftTestId,
  MultivariateOptions,
  TestChoice
} from '../../../shared/model'
import { isPValueTest } from './testChoices'

/** A test chosen in a select: 'auto' lets the engine choose (Evidently's rule). */
export type TestSetting = DriftTestId | 'auto'

export type TaskSetting = 'auto' | 'classification' | 'regression'

/** A test and a threshold as typed; a blank threshold means the test's own default. */
export type ChoiceForm = Readonly<{ test: TestSetting; threshold: string }>

export type OptionsForm = Readonly<{
  numeric: ChoiceForm
  categorical: ChoiceForm
  rule: DatasetRule
  driftShare: string
  alpha: string
  target: string
  prediction: string
  task: TaskSetting
  isMultivariateOn: boolean
  sampleSize: string
  seed: string
  perColumn: Readonly<Record<string, ChoiceForm>>
}>

/** The engine's bounds of the multivariate sample (rows per side); the default is the engine's. */
export const MIN_SAMPLE_SIZE = 20
export const MAX_SAMPLE_SIZE = 20000

export const AUTOMATIC: ChoiceForm = { test: 'auto', threshold: '' }

export const DEFAULT_OPTIONS_FORM: OptionsForm = {
  numeric: AUTOMATIC,
  categorical: AUTOMATIC,
  rule: 'share',
  driftShare: String(DEFAULT_DRIFT_SHARE),
  alpha: String(DEFAULT_ALPHA),
  target: '',
  prediction: '',
  task: 'auto',
  isMultivariateOn: true,
  sampleSize: String(DEFAULT_MULTIVARIATE_SAMPLE),
  seed: String(DEFAULT_SEED),
  perColumn: {}
}

/** The fields that can carry a message; per-column thresholds are `column:<name>`. */
export type FieldKey =
  | 'numeric'
  | 'categorical'
  | 'driftShare'
  | 'alpha'
  | 'target'
  | 'prediction'
  | 'sampleSize'
  | 'seed'
  | `column:${string}`

export type OptionsProblems = Readonly<Partial<Record<FieldKey, string>>>

export type BuiltOptions =
  Readonly<{ ok: true; options: DriftOptions }> | Readonly<{ ok: false; problems: OptionsProblems }>

export const RULE_LABELS: Readonly<Record<DatasetRule, string>> = {
  share: 'Share of drifted columns',
  bonferroni: 'Bonferroni',
  bh: 'Benjamini–Hochberg FDR'
}

/** One line per rule for the options screen. */
export const RULE_HELP: Readonly<Record<DatasetRule, string>> = {
  share:
    'Evidently’s rule: the dataset drifts when at least this share of the tested columns drift.',
  bonferroni:
    'Multiplies each p-value by the number of columns: the chance of any false alarm stays below α.',
  bh: 'Ranks the p-values: among the flagged columns, the expected share of false alarms stays below α.'
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/** A typed number: null when blank, NaN when it is not a plain decimal number. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN
}

/** The message for a threshold as typed, or null when it is blank or valid. */
export function thresholdProblem(text: string, test: TestSetting): string | null {
  const value = parseDecimal(text)
  if (value === null) return null
  if (!Number.isFinite(value))
    return 'Enter a number, e.g. 0.05, or leave it blank for the default.'
  if (value < 0) return 'The threshold must be ≥ 0.'
  if (test !== 'auto' && isPValueTest(test) && value > 1) {
    return `${DRIFT_TESTS[test].label} gives a p-value: its threshold must be at most 1.`
  }
  return null
}

/** The placeholder of a threshold field: the chosen test's default, or a hint when the engine chooses. */
export function thresholdPlaceholder(test: TestSetting): string {
  return test === 'auto' ? 'default' : String(DRIFT_TESTS[test].defaultThreshold)
}

function shareProblem(text: string): string | null {
  const value = parseDecimal(text)
  if (value === null || !Number.isFinite(value)) return 'Enter the share as a number, e.g. 0.5.'
  if (!(value > 0 && value <= 1)) return 'The share must be greater than 0 and at most 1.'
  return null
}

function alphaProblem(text: string): string | null {
  const value = parseDecimal(text)
  if (value === null || !Number.isFinite(value)) return 'Enter α as a number, e.g. 0.05.'
  if (!(value > 0 && value < 1)) return 'α must be greater than 0 and less than 1.'
  return null
}

function sampleSizeProblem(text: string): string | null {
  const value = parseDecimal(text)
  if (value === null || !Number.isInteger(value)) {
    return `Enter the rows per side as a whole number, e.g. ${DEFAULT_MULTIVARIATE_SAMPLE}.`
  }
  if (value < MIN_SAMPLE_SIZE || value > MAX_SAMPLE_SIZE) {
    return `The sample size must be from ${MIN_SAMPLE_SIZE} to ${MAX_SAMPLE_SIZE} rows per side.`
  }
  return null
}

function seedProblem(text: string): string | null {
  const value = parseDecimal(text)
  if (value === null || !Number.isSafeInteger(value) || value < 0) {
    return `The seed must be a whole number ≥ 0, e.g. ${DEFAULT_SEED}.`
  }
  return null
}

/** Every field's message; an empty object when the form can be sent. `ignore` is the parsed ignore list. */
export function optionsProblems(form: OptionsForm, ignore: readonly string[]): OptionsProblems {
  const problems: Partial<Record<FieldKey, string>> = {}
  const put = (key: FieldKey, problem: string | null): void => {
    if (problem !== null) problems[key] = problem
  }
  put('numeric', thresholdProblem(form.numeric.threshold, form.numeric.test))
  put('categorical', thresholdProblem(form.categorical.threshold, form.categorical.test))
  if (form.rule === 'share') put('driftShare', shareProblem(form.driftShare))
  else put('alpha', alphaProblem(form.alpha))
  const target = form.target.trim()
  const prediction = form.prediction.trim()
  const ignored = new Set(ignore)
  if (target !== '' && ignored.has(target)) {
    put('target', `${target} is also in the ignored columns: remove it from one of them.`)
  }
  if (prediction !== '' && ignored.has(prediction)) {
    put('prediction', `${prediction} is also in the ignored columns: remove it from one of them.`)
  } else if (prediction !== '' && prediction === target) {
    put('prediction', 'The prediction must be a different column from the target.')
  }
  if (form.isMultivariateOn) {
    put('sampleSize', sampleSizeProblem(form.sampleSize))
  }
  put('seed', seedProblem(form.seed))
  for (const [column, choice] of Object.entries(form.perColumn)) {
    put(`column:${column}`, thresholdProblem(choice.threshold, choice.test))
  }
  return problems
}

export function hasProblems(problems: OptionsProblems): boolean {
  return Object.keys(problems).length > 0
}

/** A test and threshold as the request wants them; undefined when both are automatic. */
export function testChoice(form: ChoiceForm): TestChoice | undefined {
  const threshold = parseDecimal(form.threshold)
  const choice: { test?: DriftTestId; threshold?: number } = {}
  if (form.test !== 'auto') choice.test = form.test
  if (threshold !== null && Number.isFinite(threshold)) choice.threshold = threshold
  return choice.test === undefined && choice.threshold === undefined ? undefined : choice
}

/** The request's options, or every field's message when something is invalid. */
export function buildDriftOptions(form: OptionsForm, ignore: readonly string[]): BuiltOptions {
  const problems = optionsProblems(form, ignore)
  if (hasProblems(problems)) return { ok: false, problems }
  const options: {
    -readonly [K in keyof DriftOptions]: DriftOptions[K]
  } = { ignore: [...ignore] }

  const perKind: { numeric?: TestChoice; categorical?: TestChoice } = {}
  const numeric = testChoice(form.numeric)
  const categorical = testChoice(form.categorical)
  if (numeric) perKind.numeric = numeric
  if (categorical) perKind.categorical = categorical
  if (numeric || categorical) options.perKind = perKind

  const perColumn: Record<string, TestChoice> = {}
  for (const [column, choice] of Object.entries(form.perColumn)) {
    const built = testChoice(choice)
    if (built && !ignore.includes(column)) perColumn[column] = built
  }
  if (Object.keys(perColumn).length > 0) options.perColumn = perColumn

  if (form.rule === 'share') {
    const share = Number(form.driftShare.trim())
    if (share !== DEFAULT_DRIFT_SHARE) options.driftShare = share
  } else {
    options.rule = form.rule
    options.alpha = Number(form.alpha.trim())
  }

  const target = form.target.trim()
  const prediction = form.prediction.trim()
  if (target !== '') options.target = target
  if (prediction !== '') options.prediction = prediction
  if (form.task !== 'auto' && (target !== '' || prediction !== '')) options.task = form.task

  const multivariate = multivariateOptions(form)
  if (multivariate) options.multivariate = multivariate
  const seed = Number(form.seed.trim())
  if (seed !== DEFAULT_SEED) options.seed = seed
  return { ok: true, options }
}

function multivariateOptions(form: OptionsForm): MultivariateOptions | undefined {
  if (!form.isMultivariateOn) return { enabled: false }
  const sampleSize = Number(form.sampleSize.trim())
  return sampleSize === DEFAULT_MULTIVARIATE_SAMPLE ? undefined : { sampleSize }
}
