/**
 * Great Expectations import: turns a Great Expectations expectation suite (its JSON file) into a
 * Driftwatch {@link Suite}, mapping each expectation that has a Driftwatch equivalent and listing every
 * one that does not, with the reason.
 *
 * Both published formats are read:
 * - 0.x (`great_expectations/expectations/<suite>.json`): `{ expectation_suite_name, expectations:
 *   [{ expectation_type, kwargs, meta }], meta, ... }`;
 * - 1.x (`gx/expectations/<suite>.json`, `ExpectationSuite.to_json_dict()`): `{ name, id, expectations:
 *   [{ type, kwargs, meta, id, severity?, notes?, description? }], meta, notes }`, where severity is
 *   critical, warning or info.
 *
 * Mapping notes: GE's `mostly` carries over; `not_be_null` with mostly m becomes null share ≤ 1 − m;
 * `be_unique` becomes duplicate share ≤ 1 − mostly (GE counts every copy of a repeated value, Driftwatch
 * counts the repeats, so with mostly < 1 the bound is a little looser); min/max of a column become the
 * 0 and 1 quantiles; an ordered column list becomes a column set plus a column order; GE type names
 * (int64, float, str, ...) become column kinds. Strict bounds, suite parameters (`{"$PARAMETER": ...}`),
 * conditional expectations (`row_condition`) and `mostly` on monotonic checks have no equivalent and are
 * listed. GE severities critical → error, warning and info → warning; 0.x suites (no severity) → error.
 * Python regexes are kept as they are; DuckDB reads them as RE2, and one that it refuses is reported as an
 * error of that expectation when the suite runs.
 *
 * Reference: https://docs.greatexpectations.io/docs/reference/api/expectationsuite_class/ and the
 * Expectation Gallery for each expectation's keyword arguments.
 *
 * Cost: O(number of expectations).
 *
 * @example
 * const { suite, unmapped } = importGreatExpectations(JSON.parse(readFileSync('orders.json', 'utf8')))
 * unmapped // [{ type: 'expect_column_kl_divergence_to_be_less_than', reason: '...' }]
 */
import type { ColumnKind } from '../../shared/model/dataset'
import type { Expectation, Severity, Suite } from '../../shared/model'

/** A Great Expectations expectation that was not imported, and why. */
export type UnmappedExpectation = Readonly<{ type: string; reason: string }>

export type GreatExpectationsImport = Readonly<{
  suite: Suite
  unmapped: readonly UnmappedExpectation[]
}>

type Kwargs = Readonly<Record<string, unknown>>

/** The Driftwatch expectations for one GE expectation (without id, severity, enabled), or why none. */
type Mapping = readonly DraftExpectation[] | string

/** An expectation before its id and severity are given. */
type DraftExpectation = Readonly<Record<string, unknown> & { kind: Expectation['kind'] }>

/**
 * Imports a parsed Great Expectations suite (0.x or 1.x JSON). Throws only when `json` is not a suite at
 * all (no expectations list); each expectation that cannot be imported is listed in `unmapped`.
 */
export function importGreatExpectations(json: unknown): GreatExpectationsImport {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new Error(
      'importGreatExpectations requires a Great Expectations suite: a JSON object with an "expectations" list'
    )
  const root = json as Record<string, unknown>
  const list = root['expectations']
  if (!Array.isArray(list))
    throw new Error(
      'importGreatExpectations requires a Great Expectations suite: a JSON object with an "expectations" list'
    )
  const rawName = root['name'] ?? root['expectation_suite_name']
  const expectations: Expectation[] = []
  const unmapped: UnmappedExpectation[] = []
  const ids = new Set<string>()
  for (const item of list) {
    const entry = (item ?? {}) as Record<string, unknown>
    const type = String(entry['type'] ?? entry['expectation_type'] ?? '')
    if (type === '') {
      unmapped.push({ type: '(none)', reason: 'the entry has no type or expectation_type' })
      continue
    }
    const kwargs = (entry['kwargs'] ?? {}) as Kwargs
    const mapping = guarded(type, kwargs)
    if (typeof mapping === 'string') {
      unmapped.push({ type, reason: mapping })
      continue
    }
    const severity = severityOf(entry['severity'])
    const note = noteOf(entry)
    for (const draft of mapping) {
      const id = uniqueId(idOf(type, draft), ids)
      expectations.push({
        id,
        severity,
        enabled: true,
        ...(note === undefined ? {} : { note }),
        ...draft
      } as unknown as Expectation)
    }
  }
  return {
    suite: {
      version: 1,
      ...(typeof rawName === 'string' && rawName.length > 0 ? { name: rawName } : {}),
      expectations
    },
    unmapped
  }
}

/** Reasons that apply to every type, checked before the type's own mapping. */
function guarded(type: string, kwargs: Kwargs): Mapping {
  for (const [key, value] of Object.entries(kwargs)) {
    if (value !== null && typeof value === 'object' && '$PARAMETER' in value)
      return `${key} is a suite parameter ($PARAMETER), which is only known when GE runs; write the value in`
  }
  if (typeof kwargs['row_condition'] === 'string' && kwargs['row_condition'].length > 0)
    return 'it is conditional (row_condition); Driftwatch expectations apply to every row'
  if (kwargs['strict_min'] === true || kwargs['strict_max'] === true)
    return 'its bounds are strict (strict_min/strict_max); Driftwatch bounds are inclusive'
  return mapOne(type, kwargs)
}

function mapOne(type: string, k: Kwargs): Mapping {
  const column = k['column']
  const hasColumn = typeof column === 'string' && column.length > 0
  const needsColumn = type.startsWith('expect_column_') && !type.startsWith('expect_column_pair')
  if (needsColumn && !hasColumn) return 'it names no column'
  const mostly = mostlyOf(k)
  if (typeof mostly === 'string') return mostly
  const on = { column }
  const bounds = boundsOf(k)
  switch (type) {
    case 'expect_column_to_exist':
      return [{ kind: 'column_exists', ...on }]
    case 'expect_column_values_to_not_be_null':
      return [{ kind: 'column_null_share_at_most', ...on, max: shareLeft(mostly) }]
    case 'expect_column_values_to_be_unique':
      return [{ kind: 'column_duplicate_share_at_most', ...on, max: shareLeft(mostly) }]
    case 'expect_column_values_to_be_between':
      if (bounds === null) return 'it has neither min_value nor max_value'
      return [{ kind: 'column_values_between', ...on, ...bounds, ...mostlyField(mostly) }]
    case 'expect_column_value_lengths_to_be_between':
    case 'expect_column_unique_value_count_to_be_between':
    case 'expect_table_row_count_to_be_between': {
      if (bounds === null) return 'it has neither min_value nor max_value'
      if (!isNumericBounds(bounds)) return 'its bounds are not numbers'
      if (type === 'expect_table_row_count_to_be_between')
        return [{ kind: 'row_count_between', ...bounds }]
      if (type === 'expect_column_unique_value_count_to_be_between')
        return [{ kind: 'column_distinct_count_between', ...on, ...bounds }]
      return [{ kind: 'column_length_between', ...on, ...bounds, ...mostlyField(mostly) }]
    }
    case 'expect_column_value_lengths_to_equal':
      if (typeof k['value'] !== 'number') return 'value is not a number'
      return [
        {
          kind: 'column_length_between',
          ...on,
          min: k['value'],
          max: k['value'],
          ...mostlyField(mostly)
        }
      ]
    case 'expect_table_row_count_to_equal':
      if (typeof k['value'] !== 'number') return 'value is not a number'
      return [{ kind: 'row_count_between', min: k['value'], max: k['value'] }]
    case 'expect_column_values_to_be_in_set':
    case 'expect_column_distinct_values_to_be_in_set': {
      const values = setOf(k['value_set'])
      if (values === null) return 'value_set is not a list of texts, numbers or booleans'
      return [{ kind: 'column_values_in_set', ...on, values, ...mostlyField(mostly) }]
    }
    case 'expect_column_values_to_match_regex':
    case 'expect_column_values_to_not_match_regex': {
      if (typeof k['regex'] !== 'string' || k['regex'].length === 0) return 'regex is not a text'
      const kind =
        type === 'expect_column_values_to_match_regex'
          ? 'column_matches_regex'
          : 'column_not_matches_regex'
      return [{ kind, ...on, regex: k['regex'], ...mostlyField(mostly) }]
    }
    case 'expect_column_values_to_match_strftime_format':
      if (typeof k['strftime_format'] !== 'string') return 'strftime_format is not a text'
      return [
        {
          kind: 'column_parseable_as_date',
          ...on,
          format: k['strftime_format'],
          ...mostlyField(mostly)
        }
      ]
    case 'expect_column_mean_to_be_between':
    case 'expect_column_median_to_be_between':
    case 'expect_column_stdev_to_be_between':
    case 'expect_column_min_to_be_between':
    case 'expect_column_max_to_be_between': {
      if (bounds === null) return 'it has neither min_value nor max_value'
      if (!isNumericBounds(bounds))
        return 'its bounds are not numbers (Driftwatch statistics bounds are numeric)'
      const statistic = type.split('_')[2] ?? ''
      const quantile = statistic === 'min' ? 0 : statistic === 'max' ? 1 : undefined
      return [
        {
          kind: 'column_statistic_between',
          ...on,
          statistic:
            quantile !== undefined ? 'quantile' : statistic === 'stdev' ? 'std' : statistic,
          ...(quantile === undefined ? {} : { quantile }),
          ...bounds
        }
      ]
    }
    case 'expect_column_quantile_values_to_be_between': {
      const ranges = k['quantile_ranges'] as
        { quantiles?: unknown; value_ranges?: unknown } | undefined
      const quantiles = ranges?.quantiles
      const valueRanges = ranges?.value_ranges
      if (
        !Array.isArray(quantiles) ||
        !Array.isArray(valueRanges) ||
        quantiles.length !== valueRanges.length ||
        quantiles.length === 0
      )
        return 'quantile_ranges needs quantiles and value_ranges of the same length'
      const drafts: DraftExpectation[] = []
      for (const [i, q] of quantiles.entries()) {
        const range = valueRanges[i]
        if (typeof q !== 'number' || q < 0 || q > 1 || !Array.isArray(range) || range.length !== 2)
          return `quantile ${String(q)} or its range is malformed`
        const [min, max] = range as unknown[]
        const b = boundsOf({ min_value: min, max_value: max })
        if (b === null || !isNumericBounds(b)) return `the range of quantile ${q} is not numeric`
        drafts.push({
          kind: 'column_statistic_between',
          ...on,
          statistic: q === 0.5 ? 'median' : 'quantile',
          ...(q === 0.5 ? {} : { quantile: q }),
          ...b
        })
      }
      return drafts
    }
    case 'expect_table_columns_to_match_set': {
      const columns = namesOf(k['column_set'])
      if (columns === null) return 'column_set is not a list of column names'
      return [
        {
          kind: k['exact_match'] === false ? 'column_set_contains' : 'column_set_equals',
          columns
        }
      ]
    }
    case 'expect_table_columns_to_match_ordered_list': {
      const columns = namesOf(k['column_list'])
      if (columns === null) return 'column_list is not a list of column names'
      return [
        { kind: 'column_set_equals', columns },
        { kind: 'column_order', columns }
      ]
    }
    case 'expect_column_values_to_be_of_type': {
      const wanted = typeOf(k['type_'])
      if (wanted === null)
        return `type_ ${JSON.stringify(k['type_'])} is not a type Driftwatch knows`
      if (mostly !== undefined) return 'mostly on a type check has no Driftwatch equivalent'
      return [{ kind: 'column_type_is', ...on, type: wanted }]
    }
    case 'expect_column_values_to_be_increasing':
    case 'expect_column_values_to_be_decreasing':
      if (mostly !== undefined)
        return 'mostly on a monotonic check has no Driftwatch equivalent (every value must follow)'
      if (k['parse_strings_as_datetimes'] === true)
        return 'parse_strings_as_datetimes has no Driftwatch equivalent (values are compared as read)'
      return [
        {
          kind: 'column_monotonic',
          ...on,
          direction: type.endsWith('increasing') ? 'increasing' : 'decreasing',
          ...(k['strictly'] === true ? { strict: true } : {})
        }
      ]
    default:
      return UNSUPPORTED[type] ?? 'Driftwatch has no equivalent of this expectation'
  }
}

/** Known GE expectations without a Driftwatch equivalent, with a more specific reason. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  expect_column_values_to_be_null: 'Driftwatch has no "all values missing" expectation',
  expect_column_values_to_not_be_in_set:
    'Driftwatch has no "not in set" expectation (a row_condition can express it)',
  expect_column_values_to_be_in_type_list:
    'Driftwatch checks one type per column, not a list of types',
  expect_column_values_to_be_dateutil_parseable:
    'Driftwatch parses dates with an explicit format (column_parseable_as_date)',
  expect_column_values_to_be_json_parseable: 'Driftwatch has no JSON-parseable expectation',
  expect_column_sum_to_be_between: 'Driftwatch has no column-sum statistic',
  expect_column_proportion_of_unique_values_to_be_between:
    'Driftwatch bounds the distinct count, not the share of distinct values',
  expect_column_most_common_value_to_be_in_set: 'Driftwatch has no most-common-value expectation',
  expect_column_kl_divergence_to_be_less_than:
    'distribution checks are Driftwatch drift tests, not expectations',
  expect_table_column_count_to_equal: 'Driftwatch has no column-count expectation',
  expect_table_column_count_to_be_between: 'Driftwatch has no column-count expectation',
  expect_column_pair_values_to_be_equal:
    'Driftwatch has no column-pair expectation (a row_condition can express it)',
  expect_column_pair_values_a_to_be_greater_than_b:
    'Driftwatch has no column-pair expectation (a row_condition can express it)',
  expect_compound_columns_to_be_unique: 'Driftwatch checks uniqueness of one column',
  expect_select_column_values_to_be_unique_within_record:
    'Driftwatch has no within-record uniqueness expectation',
  expect_multicolumn_sum_to_equal:
    'Driftwatch has no multicolumn expectation (a row_condition can express it)',
  unexpected_rows_expectation:
    'its SQL query is written for the GE data source; rewrite it as a row_condition'
}

function mostlyOf(k: Kwargs): number | undefined | string {
  const m = k['mostly']
  if (m === undefined || m === null) return undefined
  if (typeof m !== 'number' || m < 0 || m > 1) return 'mostly is not a number from 0 to 1'
  return m === 1 ? undefined : m
}

function mostlyField(mostly: number | undefined): { mostly?: number } {
  return mostly === undefined ? {} : { mostly }
}

/** 1 − mostly, rounded to clean up binary noise (1 − 0.95 is 0.050000000000000044). */
function shareLeft(mostly: number | undefined): number {
  return mostly === undefined ? 0 : Math.round((1 - mostly) * 1e12) / 1e12
}

function boundsOf(k: Kwargs): { min?: number | string; max?: number | string } | null {
  const out: { min?: number | string; max?: number | string } = {}
  const min = k['min_value']
  const max = k['max_value']
  if (typeof min === 'number' || typeof min === 'string') out.min = min
  if (typeof max === 'number' || typeof max === 'string') out.max = max
  return out.min === undefined && out.max === undefined ? null : out
}

function isNumericBounds(b: { min?: unknown; max?: unknown }): b is { min?: number; max?: number } {
  return (
    (b.min === undefined || typeof b.min === 'number') &&
    (b.max === undefined || typeof b.max === 'number')
  )
}

function setOf(v: unknown): (string | number | boolean)[] | null {
  if (!Array.isArray(v)) return null
  return v.every((x) => ['string', 'number', 'boolean'].includes(typeof x))
    ? (v as (string | number | boolean)[])
    : null
}

function namesOf(v: unknown): string[] | null {
  if (!Array.isArray(v) || v.length === 0) return null
  return v.every((x) => typeof x === 'string' && x.length > 0) ? (v as string[]) : null
}

/** GE type names (pandas/numpy, Python, SQL dialects) as a column kind or a DuckDB type. */
function typeOf(v: unknown): ColumnKind | string | null {
  if (typeof v !== 'string' || v.length === 0) return null
  const t = v.toLowerCase()
  if (
    /^(u?int(8|16|32|64)?|integer|bigint|smallint|tinyint|long|float(16|32|64)?|double|real|decimal|numeric|number)$/.test(
      t
    )
  )
    return 'numeric'
  if (/^(str|string|object|varchar|text|char|unicode|utf8)$/.test(t)) return 'text'
  if (/^(bool|boolean)$/.test(t)) return 'boolean'
  if (
    /^(datetime(64)?(\[ns\])?|timestamp|date|pandas\._libs\.tslibs\.timestamps\.timestamp)$/.test(t)
  )
    return 'datetime'
  return null
}

function severityOf(v: unknown): Severity {
  return v === 'warning' || v === 'info' ? 'warning' : 'error'
}

/** GE's notes (1.x `notes`/`description`, 0.x `meta.notes`) as the expectation's note. */
function noteOf(entry: Record<string, unknown>): string | undefined {
  const meta = (entry['meta'] ?? {}) as Record<string, unknown>
  const candidates = [entry['description'], entry['notes'], meta['notes']]
  for (const c of candidates) {
    if (typeof c === 'string' && c.length > 0) return c
    if (Array.isArray(c) && c.every((x) => typeof x === 'string') && c.length > 0)
      return c.join(' ')
    if (
      c !== null &&
      typeof c === 'object' &&
      typeof (c as { content?: unknown }).content === 'string'
    )
      return (c as { content: string }).content
  }
  return undefined
}

/** A readable id: the column (if any) and the Driftwatch kind without its `column_` prefix. */
function idOf(type: string, draft: DraftExpectation): string {
  const kind = draft.kind.replace(/^column_/, '')
  const column = typeof draft['column'] === 'string' ? draft['column'] : ''
  const quantile = typeof draft['quantile'] === 'number' ? `-q${draft['quantile']}` : ''
  const statistic =
    typeof draft['statistic'] === 'string' && quantile === '' ? `-${draft['statistic']}` : ''
  const base = `${column ? `${column}-` : ''}${kind}${statistic}${quantile}`
  return base.replace(/[^A-Za-z0-9_.-]+/g, '-') || type
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`
  taken.add(id)
  return id
}
