/**
 * Expectation field check: what is wrong with the fields of one expectation, as short sentences, so that
 * the suite file reader, the validation engine and the suite editor all reject the same things with the
 * same words. One checker, two uses:
 * - a suite file's item (`isComplete: false`, the default): `severity` and `enabled` may be absent, because
 *   the reader fills in `error` and `true`;
 * - an expectation about to be evaluated (`isComplete: true`): every field of the model is there, as in a
 *   suite handed to `validateTable`.
 *
 * Checked: an id; a known kind; severity and enabled of the right values; a text note; no field the kind
 * does not have; the column of column kinds; bounds (numbers, or for `column_values_between` also
 * date/time texts; at least one side; min ≤ max); shares (`mostly`, `max` of the share kinds, `quantile`)
 * from 0 to 1; non-empty texts for regex, format, type and expression (one SQL expression, no ";"); the
 * kind's own enumerations (statistic, direction). Whether a regex compiles, a column exists or an
 * expression binds is for DuckDB to say when the suite runs.
 *
 * Reference: the catalogue in src/shared/model/validation.ts. O(number of fields).
 *
 * @example
 * expectationProblems({ id: 'temp', kind: 'column_values_between', column: 'temp', min: 'cold' })
 * // ['min must be a number or a date/time text (it is "cold")']
 * expectationProblems({ id: 'temp', kind: 'column_exists', column: 'temp' }, { isComplete: true })
 * // ['severity must be error or warning', 'enabled must be true or false']
 */
import type { ExpectationKind } from '../model'

export type ExpectationCheckOptions = Readonly<{
  /**
   * True when severity and enabled must be present (an expectation about to be evaluated); false (the
   * default) when a reader defaults them (severity error, enabled true).
   */
  isComplete?: boolean
}>

/** Fields every expectation may have. */
export const COMMON_EXPECTATION_FIELDS = ['id', 'kind', 'severity', 'enabled', 'note'] as const

/** The fields each kind has besides the common ones, in the order a suite file lists them. */
export const EXPECTATION_FIELDS: Readonly<Record<ExpectationKind, readonly string[]>> = {
  row_count_between: ['min', 'max'],
  column_set_equals: ['columns'],
  column_set_contains: ['columns'],
  column_order: ['columns'],
  row_condition: ['expression', 'mostly'],
  column_exists: ['column'],
  column_type_is: ['column', 'type'],
  column_null_share_at_most: ['column', 'max'],
  column_duplicate_share_at_most: ['column', 'max'],
  column_values_in_set: ['column', 'values', 'mostly'],
  column_values_between: ['column', 'min', 'max', 'mostly'],
  column_length_between: ['column', 'min', 'max', 'mostly'],
  column_matches_regex: ['column', 'regex', 'mostly'],
  column_not_matches_regex: ['column', 'regex', 'mostly'],
  column_distinct_count_between: ['column', 'min', 'max'],
  column_statistic_between: ['column', 'statistic', 'quantile', 'min', 'max'],
  column_monotonic: ['column', 'direction', 'strict'],
  column_parseable_as_date: ['column', 'format', 'mostly'],
  column_fresh: ['column', 'maxAgeSeconds']
}

/** The kinds whose min/max may be texts (dates, times, text compared as text). */
const TEXT_BOUNDS: ReadonlySet<ExpectationKind> = new Set(['column_values_between'])

/**
 * What is wrong with an expectation's fields (empty when nothing is), as sentences without a subject,
 * e.g. `min must be a number (it is "zero")`. `value` may be anything (a parsed YAML item, an object from
 * another process); see the file comment for what is checked.
 */
export function expectationProblems(
  value: unknown,
  options: ExpectationCheckOptions = {}
): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return ['it is not an expectation (a map with id, kind, ...)']
  const r = value as Record<string, unknown>
  const problems: string[] = []
  if (typeof r['id'] !== 'string' || r['id'].length === 0)
    problems.push('it has no id (add `id: some-name`)')
  const kind = r['kind']
  if (typeof kind !== 'string' || !Object.hasOwn(EXPECTATION_FIELDS, kind)) {
    problems.push(
      kind === undefined
        ? 'it has no kind'
        : `"${String(kind)}" is not a kind of expectation (one of: ${Object.keys(EXPECTATION_FIELDS).join(', ')})`
    )
    return problems
  }
  const k = kind as ExpectationKind
  const fields = EXPECTATION_FIELDS[k]
  const isComplete = options.isComplete ?? false
  const it = (v: unknown): string => (v === undefined ? '' : ` (it is ${show(v)})`)
  if (
    (isComplete || r['severity'] !== undefined) &&
    r['severity'] !== 'error' &&
    r['severity'] !== 'warning'
  )
    problems.push(`severity must be error or warning${it(r['severity'])}`)
  if ((isComplete || r['enabled'] !== undefined) && typeof r['enabled'] !== 'boolean')
    problems.push(`enabled must be true or false${it(r['enabled'])}`)
  if (r['note'] !== undefined && typeof r['note'] !== 'string') problems.push('note must be a text')
  for (const key of Object.keys(r)) {
    if (!(COMMON_EXPECTATION_FIELDS as readonly string[]).includes(key) && !fields.includes(key))
      problems.push(`${key} is not a field of ${k} (its fields: ${fields.join(', ')})`)
  }
  const text = (name: string): void => {
    if (typeof r[name] !== 'string' || (r[name] as string).trim().length === 0)
      problems.push(`${name} must be a non-empty text${it(r[name])}`)
  }
  const share = (name: string, isRequired: boolean): void => {
    const v = r[name]
    if (v === undefined && !isRequired) return
    if (typeof v !== 'number' || !(v >= 0 && v <= 1))
      problems.push(`${name} must be a number from 0 to 1${it(v)}`)
  }
  const bounds = (): void => {
    const isText = TEXT_BOUNDS.has(k)
    const min = r['min']
    const max = r['max']
    if (min === undefined && max === undefined) {
      problems.push('it needs min, max or both')
      return
    }
    let isTyped = true
    for (const [name, v] of [
      ['min', min],
      ['max', max]
    ] as const) {
      if (v === undefined) continue
      const isNumber = typeof v === 'number' && Number.isFinite(v)
      if (!isNumber && !(isText && typeof v === 'string')) {
        isTyped = false
        problems.push(`${name} must be a number${isText ? ' or a date/time text' : ''}${it(v)}`)
      }
    }
    if (isTyped && typeof min === typeof max && min !== undefined && max !== undefined) {
      if ((min as number | string) > (max as number | string))
        problems.push(`min (${show(min)}) is greater than max (${show(max)})`)
    }
  }
  if (fields.includes('column')) text('column')
  if (fields.includes('mostly')) share('mostly', false)
  switch (k) {
    case 'row_count_between':
    case 'column_values_between':
    case 'column_length_between':
    case 'column_distinct_count_between':
      bounds()
      break
    case 'column_set_equals':
    case 'column_set_contains':
    case 'column_order': {
      const columns = r['columns']
      if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string' && c.length > 0))
        problems.push('columns must be a list of column names')
      break
    }
    case 'row_condition':
      text('expression')
      if (typeof r['expression'] === 'string' && r['expression'].includes(';'))
        problems.push('expression must be one SQL expression, without ";"')
      break
    case 'column_exists':
      break
    case 'column_type_is':
      text('type')
      break
    case 'column_null_share_at_most':
    case 'column_duplicate_share_at_most':
      share('max', true)
      break
    case 'column_values_in_set': {
      const values = r['values']
      if (
        !Array.isArray(values) ||
        !values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))
      )
        problems.push('values must be a list of texts, numbers or booleans')
      break
    }
    case 'column_matches_regex':
    case 'column_not_matches_regex':
      text('regex')
      break
    case 'column_statistic_between': {
      const statistic = r['statistic']
      if (!['mean', 'std', 'median', 'quantile'].includes(String(statistic)))
        problems.push(`statistic must be mean, std, median or quantile${it(statistic)}`)
      if (statistic === 'quantile') share('quantile', true)
      else if (r['quantile'] !== undefined)
        problems.push('quantile is only for statistic: quantile')
      bounds()
      break
    }
    case 'column_monotonic':
      if (r['direction'] !== 'increasing' && r['direction'] !== 'decreasing')
        problems.push(`direction must be increasing or decreasing${it(r['direction'])}`)
      if (r['strict'] !== undefined && typeof r['strict'] !== 'boolean')
        problems.push('strict must be true or false')
      break
    case 'column_parseable_as_date':
      text('format')
      break
    case 'column_fresh': {
      const age = r['maxAgeSeconds']
      if (typeof age !== 'number' || !(age >= 0))
        problems.push(`maxAgeSeconds must be a number ≥ 0${it(age)}`)
      break
    }
    default: {
      const never: never = k
      problems.push(`unknown kind ${String(never)}`)
    }
  }
  return problems
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v)
}
