/**
 * What the suite editor needs to know about expectations, as pure functions: each kind's name in words,
 * which bounds of an expectation can be edited in place, how a typed bound is read, and how a new
 * expectation is made from the add form (with an id not yet used in the suite).
 */
import type { Expectation, ExpectationKind, Severity, Suite } from '../../../shared/model'
import { EXPECTATION_FIELDS } from '../../../shared/validation/expectationProblems'

export const KIND_LABELS: Readonly<Record<ExpectationKind, string>> = {
  row_count_between: 'Row count between',
  column_set_equals: 'Columns are exactly',
  column_set_contains: 'Columns include',
  column_order: 'Columns in order',
  row_condition: 'Row condition (SQL)',
  column_exists: 'Column exists',
  column_type_is: 'Type is',
  column_null_share_at_most: 'Missing share at most',
  column_duplicate_share_at_most: 'Duplicate share at most',
  column_values_in_set: 'Values in set',
  column_values_between: 'Values between',
  column_length_between: 'Text length between',
  column_matches_regex: 'Matches regex',
  column_not_matches_regex: 'Does not match regex',
  column_distinct_count_between: 'Distinct count between',
  column_statistic_between: 'Statistic between',
  column_monotonic: 'Increasing / decreasing',
  column_parseable_as_date: 'Parses as date',
  column_fresh: 'Fresh (newest value age)'
}

export type BoundSide = 'min' | 'max'

/** The sides of an expectation that the editor edits in place: min and max of ranges, max of shares. */
export function boundSides(kind: ExpectationKind): readonly BoundSide[] {
  const fields = EXPECTATION_FIELDS[kind]
  return (['min', 'max'] as const).filter((side) => fields.includes(side))
}

/** Whether `side` of `kind` is a share from 0 to 1 (the missing and duplicate share kinds' max). */
export function isShareBound(kind: ExpectationKind): boolean {
  return kind === 'column_null_share_at_most' || kind === 'column_duplicate_share_at_most'
}

/**
 * A typed bound: empty is no bound (null; refused for a share's max, which is required), a number is a
 * number, and other text is kept as text only where the kind takes text bounds (dates and text compared as
 * text in `column_values_between`). Returns the value or the sentence to show beside the field.
 */
export function readBound(
  kind: ExpectationKind,
  side: BoundSide,
  text: string
): { ok: true; value: number | string | null } | { ok: false; message: string } {
  const trimmed = text.trim()
  if (trimmed === '') {
    return isShareBound(kind)
      ? { ok: false, message: 'A share is needed, from 0 to 1.' }
      : { ok: true, value: null }
  }
  const number = Number(trimmed)
  if (Number.isFinite(number)) return { ok: true, value: number }
  if (kind === 'column_values_between') return { ok: true, value: trimmed }
  return { ok: false, message: `${side} must be a number; got "${trimmed}".` }
}

/** The bound as the field shows it. */
export function boundText(value: number | string | undefined): string {
  return value === undefined ? '' : String(value)
}

/** The kinds the add form offers: those whose fields fit one column and two simple values. */
export const ADDABLE_KINDS = [
  'column_values_between',
  'column_null_share_at_most',
  'column_duplicate_share_at_most',
  'column_values_in_set',
  'column_length_between',
  'column_matches_regex',
  'column_not_matches_regex',
  'column_distinct_count_between',
  'column_statistic_between',
  'column_type_is',
  'column_exists',
  'row_count_between'
] as const satisfies readonly ExpectationKind[]

export type AddableKind = (typeof ADDABLE_KINDS)[number]

/** What the add form holds, as typed. */
export type AddForm = Readonly<{
  kind: AddableKind
  column: string
  severity: Severity
  /** min of ranges. */
  min: string
  /** max of ranges; the share of the share kinds. */
  max: string
  /** Comma-separated values of a set, the regex, or the type. */
  text: string
  statistic: 'mean' | 'std' | 'median'
}>

export const EMPTY_ADD_FORM: AddForm = {
  kind: 'column_values_between',
  column: '',
  severity: 'error',
  min: '',
  max: '',
  text: '',
  statistic: 'mean'
}

/** Which fields of the add form the kind uses. */
export function addFields(
  kind: AddableKind
): ReadonlySet<'column' | 'min' | 'max' | 'text' | 'statistic'> {
  const fields = new Set<'column' | 'min' | 'max' | 'text' | 'statistic'>()
  if (kind !== 'row_count_between') fields.add('column')
  for (const side of boundSides(kind)) fields.add(side)
  if (
    kind === 'column_values_in_set' ||
    kind === 'column_matches_regex' ||
    kind === 'column_not_matches_regex' ||
    kind === 'column_type_is'
  )
    fields.add('text')
  if (kind === 'column_statistic_between') fields.add('statistic')
  return fields
}

/** The label of the add form's text field for a kind. */
export function textFieldLabel(kind: AddableKind): string {
  if (kind === 'column_values_in_set') return 'Values (comma-separated)'
  if (kind === 'column_type_is') return 'Type (numeric, categorical, DOUBLE, …)'
  return 'Regular expression'
}

/**
 * The expectation the add form describes, with a new id (`<column>-<kind>`, numbered when taken), or the
 * sentence saying what is missing. The full check of its fields is applySuiteEdit's.
 */
export function expectationFromForm(
  form: AddForm,
  suite: Suite
): { ok: true; expectation: Expectation } | { ok: false; message: string } {
  const fields = addFields(form.kind)
  const column = form.column.trim()
  if (fields.has('column') && column === '') return { ok: false, message: 'Choose a column.' }
  const bounds: { min?: number | string; max?: number | string } = {}
  for (const side of ['min', 'max'] as const) {
    if (!fields.has(side)) continue
    const read = readBound(form.kind, side, form[side])
    if (!read.ok) return { ok: false, message: read.message }
    if (read.value !== null) bounds[side] = read.value
  }
  const text = form.text.trim()
  if (fields.has('text') && text === '')
    return { ok: false, message: `${textFieldLabel(form.kind)} is needed.` }
  const id = freshId(
    suite,
    `${fields.has('column') ? `${column}-` : ''}${form.kind.replace(/^column_/, '').replace(/_/g, '-')}`
  )
  const common = { id, severity: form.severity, enabled: true }
  const onColumn = { ...common, column }
  let expectation: Record<string, unknown>
  switch (form.kind) {
    case 'row_count_between':
      expectation = { ...common, kind: form.kind, ...bounds }
      break
    case 'column_values_in_set':
      expectation = { ...onColumn, kind: form.kind, values: setValues(text) }
      break
    case 'column_matches_regex':
    case 'column_not_matches_regex':
      expectation = { ...onColumn, kind: form.kind, regex: text }
      break
    case 'column_type_is':
      expectation = { ...onColumn, kind: form.kind, type: text }
      break
    case 'column_statistic_between':
      expectation = {
        ...onColumn,
        kind: form.kind,
        statistic: form.statistic,
        ...bounds
      }
      break
    default:
      expectation = { ...onColumn, kind: form.kind, ...bounds }
  }
  return { ok: true, expectation: expectation as Expectation }
}

/** Values typed for a set: numbers stay numbers, `true`/`false` booleans, the rest text. */
function setValues(text: string): (string | number | boolean)[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0)
    .map((v) => {
      if (v === 'true' || v === 'false') return v === 'true'
      const n = Number(v)
      return Number.isFinite(n) ? n : v
    })
}

function freshId(suite: Suite, base: string): string {
  const taken = new Set(suite.expectations.map((e) => e.id))
  if (!taken.has(base)) return base
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`
}
