/**
 * Expectation wording: the condition of an expectation as a person reads it (`between 0 and 45`, `missing
 * share ≤ 0.05`), and the small formatters the validation's explanations are built from. Shared by the
 * engine's results, the app's suite editor and every rendering, so a condition reads the same everywhere.
 *
 * @example describeExpected({ id: 'r', kind: 'column_values_between', column: 'temp', min: 0, max: 45,
 *   severity: 'error', enabled: true }) // 'between 0 and 45'
 */
import type { Expectation } from '../model'

/** `between a and b`, `at least a`, `at most b` or `any`. */
export function rangeText(min: unknown, max: unknown): string {
  if (min !== undefined && max !== undefined) return `between ${String(min)} and ${String(max)}`
  if (min !== undefined) return `at least ${String(min)}`
  if (max !== undefined) return `at most ${String(max)}`
  return 'any'
}

/** ` for at least 98% of values`, or nothing when every value must hold. */
export function mostlyText(mostly: number | undefined): string {
  return mostly === undefined || mostly === 1
    ? ''
    : ` for at least ${percentText(mostly)} of values`
}

/** Column names quoted and joined: `"a", "b"`. */
export function listNames(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ')
}

/** At most ten values as JSON in braces, with how many more. */
export function shortList(values: readonly unknown[]): string {
  const shown = values.slice(0, 10).map((v) => JSON.stringify(v))
  return `{${shown.join(', ')}${values.length > 10 ? `, … ${values.length - 10} more` : ''}}`
}

/** A share as a percentage with two significant digits below 1%, one decimal above. */
export function percentText(share: number): string {
  const p = share * 100
  if (p === 0 || p === 100) return `${p}%`
  return `${p < 1 ? p.toPrecision(2) : p.toFixed(1)}%`
}

/** Seconds as the largest fitting unit: `90 s`, `15 min`, `6 h`, `30 days`. */
export function durationText(seconds: number): string {
  const s = Math.abs(seconds)
  if (s < 120) return `${Math.round(seconds)} s`
  if (s < 7200) return `${Math.round(seconds / 60)} min`
  if (s < 172800) return `${Math.round(seconds / 3600)} h`
  return `${Math.round(seconds / 86400)} days`
}

/** The condition as a person reads it. */
export function describeExpected(e: Expectation): string {
  switch (e.kind) {
    case 'row_count_between':
      return `row count ${rangeText(e.min, e.max)}`
    case 'column_set_equals':
      return `columns exactly ${listNames(e.columns)}`
    case 'column_set_contains':
      return `columns include ${listNames(e.columns)}`
    case 'column_order':
      return `columns in the order ${listNames(e.columns)}`
    case 'row_condition':
      return `${e.expression}${mostlyText(e.mostly)}`
    case 'column_exists':
      return 'column exists'
    case 'column_type_is':
      return `type ${e.type}`
    case 'column_null_share_at_most':
      return e.max === 0 ? 'no missing values' : `missing share ≤ ${e.max}`
    case 'column_duplicate_share_at_most':
      return e.max === 0 ? 'unique values' : `duplicate share ≤ ${e.max}`
    case 'column_values_in_set':
      return `values in ${shortList(e.values)}${mostlyText(e.mostly)}`
    case 'column_values_between':
      return `${rangeText(e.min, e.max)}${mostlyText(e.mostly)}`
    case 'column_length_between':
      return `length ${rangeText(e.min, e.max)}${mostlyText(e.mostly)}`
    case 'column_matches_regex':
      return `matches /${e.regex}/${mostlyText(e.mostly)}`
    case 'column_not_matches_regex':
      return `does not match /${e.regex}/${mostlyText(e.mostly)}`
    case 'column_distinct_count_between':
      return `distinct count ${rangeText(e.min, e.max)}`
    case 'column_statistic_between':
      return `${e.statistic === 'quantile' ? `q${e.quantile}` : e.statistic} ${rangeText(e.min, e.max)}`
    case 'column_monotonic':
      return `${e.strict ? 'strictly ' : ''}${e.direction}`
    case 'column_parseable_as_date':
      return `parses as ${e.format}${mostlyText(e.mostly)}`
    case 'column_fresh':
      return `newest value at most ${durationText(e.maxAgeSeconds)} old`
    default:
      return assertNever(e)
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${JSON.stringify(v)}`)
}
