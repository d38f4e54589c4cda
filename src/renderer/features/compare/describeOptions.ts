/**
 * Describe options: the run options in a few short phrases, for the folded options panel and for the report's
 * inputs, so the person sees what a run was asked to do without opening anything.
 * Big-O: O(c) for c per-column choices.
 *
 * @example describeOptions({ rule: 'bonferroni', alpha: 0.05 })
 * // ['Automatic tests', 'Bonferroni at α = 0.05', 'Multivariate: automatic, 1000 rows a side']
 */
import {
  DEFAULT_ALPHA,
  DEFAULT_DRIFT_SHARE,
  DEFAULT_MULTIVARIATE_SAMPLE,
  DEFAULT_SEED,
  DRIFT_TESTS,
  formatPercent
} from '../../../shared/drift'
import type { DriftOptions, TestChoice } from '../../../shared/model'

function choicePhrase(choice: TestChoice): string {
  const test = choice.test === undefined ? 'automatic' : DRIFT_TESTS[choice.test].label
  return choice.threshold === undefined ? test : `${test}, threshold ${choice.threshold}`
}

export function describeOptions(options: DriftOptions): string[] {
  const phrases: string[] = []
  const numeric = options.perKind?.numeric
  const categorical = options.perKind?.categorical
  const columns = Object.keys(options.perColumn ?? {}).length
  if (options.test !== undefined || options.threshold !== undefined) {
    phrases.push(
      `All columns: ${choicePhrase({ test: options.test, threshold: options.threshold })}`
    )
  }
  if (numeric) phrases.push(`Numeric: ${choicePhrase(numeric)}`)
  if (categorical) phrases.push(`Categorical: ${choicePhrase(categorical)}`)
  if (columns > 0) phrases.push(`${columns} per-column choice${columns === 1 ? '' : 's'}`)
  if (phrases.length === 0) phrases.push('Automatic tests')

  const rule = options.rule ?? 'share'
  const alpha = options.alpha ?? DEFAULT_ALPHA
  if (rule === 'share') {
    phrases.push(
      `Drift when ≥ ${formatPercent(options.driftShare ?? DEFAULT_DRIFT_SHARE)} of columns drift`
    )
  } else if (rule === 'bonferroni') {
    phrases.push(`Bonferroni at α = ${alpha}`)
  } else {
    phrases.push(`Benjamini–Hochberg FDR at α = ${alpha}`)
  }

  if (options.target !== undefined) phrases.push(`Target: ${options.target}`)
  if (options.prediction !== undefined) phrases.push(`Prediction: ${options.prediction}`)
  if (options.task !== undefined) phrases.push(`Task: ${options.task}`)

  const multivariate = options.multivariate
  if (multivariate?.enabled === false) {
    phrases.push('Multivariate: off')
  } else {
    const rows = multivariate?.sampleSize ?? DEFAULT_MULTIVARIATE_SAMPLE
    phrases.push(
      `Multivariate: ${multivariate?.enabled === true ? 'on' : 'automatic'}, ${rows} rows a side`
    )
  }
  if (options.seed !== undefined && options.seed !== DEFAULT_SEED)
    phrases.push(`Seed ${options.seed}`)
  return phrases
}
