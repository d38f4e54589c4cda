/**
 * Suite inference: a conservative suite of expectations read off a reference table, for validating later
 * batches of the same data. Conservative means: it passes on the reference itself, ordinary batch-to-batch
 * variation gives at most warnings, and only what no healthy batch does (a column gone, a column of another
 * type, values far outside anything seen, a column mostly missing) is an error.
 *
 * What is inferred, and why that way:
 * - Column set: `column_set_contains` (error), not `equals`. A batch with an extra column is still valid for
 *   every check the suite makes; a new column is reported by the schema-change explanation, not a failure.
 *   Columns the caller names optional (a target or prediction that arrives later) are left out of it.
 * - Type: `column_type_is` with the column's kind (numeric, datetime, boolean, categorical), not its DuckDB
 *   type: CSV sniffing reads the same column as BIGINT in one batch and DOUBLE in the next. Error.
 * - Missing values: `null share ≤ max(2 × observed, observed + 0.05)` (error), which an ETL bug nulling most of
 *   a column breaks while a few extra blanks do not. When the reference has no missing value and at least
 *   `minRowsForNotNull` rows, also `not null` as a warning: one blank is news, not an invalid batch.
 * - Range of numeric columns (error, every value): [q0.001 − k·s, q0.999 + k·s] with k = 3 and
 *   s = max(IQR, q0.999 − q0.001). Tukey's far-out fence uses the IQR alone, but skewed counts break it: on
 *   seed-weather `casual` has IQR 6 and q0.999 47, yet an ordinary February week reaches 102; the robust
 *   range as the scale keeps such weeks inside while 999,999,999 stays far out. Bounds are clamped at 0 for
 *   columns with no negative value and rounded outwards to integers for integer columns. A constant column
 *   (s = 0) gets a scale of max(|value|, 1).
 * - Median band (warning): the batch median within the reference's [q0.10, q0.90]: a distributional shift
 *   worth a look, not a broken batch.
 * - Value sets (warning, mostly 0.98): columns with at most `maxSetSize` distinct values (numeric ones only
 *   when every value is an integer, i.e. codes), so a new category shows without failing the batch.
 * - Uniqueness (error): id-like columns only: every value distinct in the reference and a name that says id
 *   (`id`, `customer_id`, `customerId`, `uuid`, `order_key`). An all-distinct measurement is not a key.
 * - Row count: at least 1 (error) and between n/10 and 10·n (warning): batches are often slices of another
 *   length than the reference (seed-weather: 431 reference rows, weekly drops of 117–165).
 * - Freshness (warning) on the newest time column, only when the reference itself is recent (its newest
 *   value is no older than its own time span, at least a day, at inference time): the window is that span.
 *   For historical data (seed-weather is from 2011) the expectation is written disabled, with a note.
 * - Time columns get no value range: batches come after the reference by design.
 *
 * Every expectation has a readable id (`temp-range`, `columns`) and a note saying how it was inferred.
 *
 * Scans: one aggregate query over the table (counts, missing counts, approximate distinct counts, minimums,
 * exact distinct counts of id-like columns), one to three queries per numeric column for its quantiles (see
 * quantilesOf), then, only when some column has few distinct values, one more query listing them.
 * O(n · columns).
 *
 * @example
 * const suite = await inferSuite(connection, 'dw_stage_reference', columns, { optionalColumns: ['count'] })
 * suite.expectations.find((e) => e.id === 'temp-range') // { kind: 'column_values_between', min: 0, ... }
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ColumnInfo, Expectation, SetValue, Suite } from '../../shared/model'
import { quoteIdent, toNumber } from './sql'
import { quantilesByBuckets, quantilesFromCounts } from './quantileSql'

export type InferOptions = Readonly<{
  /** The suite's name. */
  name?: string
  /**
   * Columns a batch may lack (the target or prediction, delivered later): not in the column set, and
   * their expectations are written disabled, as warnings, to be switched on when batches carry them.
   */
  optionalColumns?: readonly string[]
  /** Multiplier of the range margin; default 3. */
  rangeMargin?: number
  /** At most this many distinct values make a value set; default 12. */
  maxSetSize?: number
  /** Rows needed before a column with no missing value is expected to stay complete; default 30. */
  minRowsForNotNull?: number
  /** Share of values that must be in an inferred value set; default 0.98. */
  setMostly?: number
  /** The time freshness is judged at, ISO 8601; default now. */
  now?: string
}>

export const DEFAULT_RANGE_MARGIN = 3
export const DEFAULT_MAX_SET_SIZE = 12
export const DEFAULT_MIN_ROWS_FOR_NOT_NULL = 30
export const DEFAULT_SET_MOSTLY = 0.98

const QUANTILES = [0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999] as const

/** What the aggregate query measured about one column. */
type ColumnStats = Readonly<{
  column: ColumnInfo
  nonMissing: number
  approxDistinct: number
  distinct?: number
  quantiles?: readonly number[]
  min?: number
  allIntegers?: boolean
  newest?: number
  oldest?: number
  newestText?: string
}>

/**
 * Infers a conservative suite from the reference `table` (a table or view; its columns as the engine read
 * them). See the file comment for each rule.
 */
export async function inferSuite(
  connection: DuckDBConnection,
  table: string,
  columns: readonly ColumnInfo[],
  options: InferOptions = {}
): Promise<Suite> {
  const k = options.rangeMargin ?? DEFAULT_RANGE_MARGIN
  const maxSetSize = options.maxSetSize ?? DEFAULT_MAX_SET_SIZE
  const minRows = options.minRowsForNotNull ?? DEFAULT_MIN_ROWS_FOR_NOT_NULL
  const mostly = options.setMostly ?? DEFAULT_SET_MOSTLY
  const optional = new Set(options.optionalColumns ?? [])
  const nowSeconds = Date.parse(options.now ?? new Date().toISOString()) / 1000

  const { rows, stats } = await measure(connection, table, columns)
  const sets = await valueSets(connection, table, stats, maxSetSize)

  const out: Expectation[] = []
  const required = columns.filter((c) => !optional.has(c.name)).map((c) => c.name)
  out.push({
    id: 'columns',
    kind: 'column_set_contains',
    columns: required,
    severity: 'error',
    enabled: true,
    note: `The ${required.length} columns of the reference${optional.size > 0 ? ` (optional ones left out)` : ''}; extra columns in a batch are allowed.`
  })
  out.push({
    id: 'rows-nonempty',
    kind: 'row_count_between',
    min: 1,
    severity: 'error',
    enabled: true,
    note: 'A batch with no rows cannot be validated or compared.'
  })
  if (rows > 0) {
    out.push({
      id: 'rows-band',
      kind: 'row_count_between',
      min: Math.max(1, Math.ceil(rows / 10)),
      max: rows * 10,
      severity: 'warning',
      enabled: true,
      note: `Within a factor of 10 of the reference's ${rows} rows: batches may be slices of another length.`
    })
  }

  let newestTime: ColumnStats | undefined
  const used = new Set<string>(['columns', 'rows'])
  for (const s of stats) {
    const name = s.column.name
    const isOptional = optional.has(name)
    const severityOf = (wanted: 'error' | 'warning'): 'error' | 'warning' =>
      isOptional ? 'warning' : wanted
    const enabled = !isOptional
    const optionalNote = isOptional ? ' Optional column: enable when batches carry it.' : ''
    const slug = uniqueSlug(slugOf(name), used)
    const push = (e: Expectation): void => {
      out.push({ ...e, note: `${e.note ?? ''}${optionalNote}` })
    }

    push({
      id: `${slug}-type`,
      kind: 'column_type_is',
      column: name,
      type: s.column.kind,
      severity: severityOf('error'),
      enabled,
      note: `The reference reads it as ${s.column.sqlType} (${s.column.kind}).`
    })

    const missing = rows - s.nonMissing
    const observed = rows === 0 ? 0 : missing / rows
    const allowed = Math.min(1, roundUp(Math.max(2 * observed, observed + 0.05), 4))
    if (allowed < 1) {
      push({
        id: `${slug}-missing`,
        kind: 'column_null_share_at_most',
        column: name,
        max: allowed,
        severity: severityOf('error'),
        enabled,
        note: `Missing in ${missing} of ${rows} reference rows (${percent(observed)}); allowed max(2 × that, that + 5%).`
      })
    }
    if (missing === 0 && rows >= minRows) {
      push({
        id: `${slug}-not-null`,
        kind: 'column_null_share_at_most',
        column: name,
        max: 0,
        severity: 'warning',
        enabled,
        note: `No missing value in ${rows} reference rows.`
      })
    }

    const isId = isIdLike(s, rows)
    if (isId) {
      push({
        id: `${slug}-unique`,
        kind: 'column_duplicate_share_at_most',
        column: name,
        max: 0,
        severity: severityOf('error'),
        enabled,
        note: `Named like an id and all ${s.nonMissing} reference values are distinct.`
      })
    }

    const values = sets.get(name)
    if (values !== undefined && !isId) {
      push({
        id: `${slug}-set`,
        kind: 'column_values_in_set',
        column: name,
        values,
        mostly,
        severity: 'warning',
        enabled,
        note: `The ${values.length} distinct values of the reference; up to ${percent(1 - mostly)} of a batch may be others.`
      })
    }

    if (s.column.kind === 'numeric' && s.quantiles !== undefined && !isId) {
      const [qLow, q10, q25, q50, q75, q90, qHigh] = s.quantiles as number[] as [
        number,
        number,
        number,
        number,
        number,
        number,
        number
      ]
      const iqr = q75 - q25
      const robust = qHigh - qLow
      const scale = Math.max(iqr, robust) > 0 ? Math.max(iqr, robust) : Math.max(Math.abs(q50), 1)
      let min = qLow - k * scale
      let max = qHigh + k * scale
      const nonNegative = (s.min ?? 0) >= 0
      if (nonNegative) min = Math.max(0, min)
      if (s.allIntegers) {
        min = Math.floor(min)
        max = Math.ceil(max)
      } else {
        min = roundDown(min, 6)
        max = roundUp(max, 6)
      }
      push({
        id: `${slug}-range`,
        kind: 'column_values_between',
        column: name,
        min,
        max,
        severity: severityOf('error'),
        enabled,
        note: `[q0.001 − ${k}·s, q0.999 + ${k}·s] with q0.001 = ${round(qLow)}, q0.999 = ${round(qHigh)}, s = max(IQR ${round(iqr)}, q0.999 − q0.001 ${round(robust)})${nonNegative ? ', clamped at 0 (no negative value in the reference)' : ''}.`
      })
      if (q90 > q10) {
        push({
          id: `${slug}-median`,
          kind: 'column_statistic_between',
          column: name,
          statistic: 'median',
          min: roundDown(q10, 6),
          max: roundUp(q90, 6),
          severity: 'warning',
          enabled,
          note: `The batch median within the reference's 10th–90th percentiles (median there ${round(q50)}).`
        })
      }
    }

    if (s.column.kind === 'datetime' && s.newest !== undefined && !isOptional) {
      if (newestTime === undefined || (newestTime.newest ?? -Infinity) < s.newest) newestTime = s
    }
  }

  if (newestTime?.newest !== undefined && newestTime.oldest !== undefined) {
    const span = Math.max(86400, newestTime.newest - newestTime.oldest)
    const age = nowSeconds - newestTime.newest
    const isRecent = Number.isFinite(age) && age <= span
    const name = newestTime.column.name
    out.push({
      id: `${slugOf(name)}-fresh`,
      kind: 'column_fresh',
      column: name,
      maxAgeSeconds: Math.ceil(span),
      severity: 'warning',
      enabled: isRecent,
      note: isRecent
        ? `The newest value may be at most the reference's own span (${days(span)}) old.`
        : `Disabled: the reference's newest value (${newestTime.newestText ?? ''}) was ${days(age)} old when the suite was inferred, so the data is historical. Enable and set the window for live batches.`
    })
  }

  return {
    version: 1,
    ...(options.name === undefined ? {} : { name: options.name }),
    expectations: out
  }
}

/** One aggregate query: the row count and each column's statistics. */
async function measure(
  connection: DuckDBConnection,
  table: string,
  columns: readonly ColumnInfo[]
): Promise<{ rows: number; stats: ColumnStats[] }> {
  const parts: string[] = ['count(*) AS "rows"']
  columns.forEach((column, i) => {
    const c = quoteIdent(column.name)
    parts.push(`count(${c}) AS "n${i}"`, `approx_count_distinct(${c}) AS "d${i}"`)
    if (idNamed(column.name)) parts.push(`count(DISTINCT ${c}) AS "u${i}"`)
    if (column.kind === 'numeric') {
      const x = `CAST(${c} AS DOUBLE)`
      const finite = `FILTER (WHERE isfinite(${x}))`
      parts.push(
        `min(${x}) ${finite} AS "m${i}"`,
        `bool_and(${x} = floor(${x})) ${finite} AS "i${i}"`
      )
    }
    if (column.kind === 'datetime') {
      parts.push(
        `epoch(CAST(max(${c}) AS TIMESTAMP)) AS "t${i}"`,
        `epoch(CAST(min(${c}) AS TIMESTAMP)) AS "o${i}"`,
        `CAST(max(${c}) AS VARCHAR) AS "s${i}"`
      )
    }
  })
  const reader = await connection.runAndReadAll(
    `SELECT ${parts.join(', ')} FROM ${quoteIdent(table)}`
  )
  const row = reader.getRowObjectsJson()[0] ?? {}
  const rows = toNumber(row['rows'])
  const quantiles = new Map<number, readonly number[]>()
  for (const [i, column] of columns.entries()) {
    if (column.kind !== 'numeric') continue
    const q = await quantilesOf(connection, table, column, toNumber(row[`d${i}`]))
    if (q !== null) quantiles.set(i, q)
  }
  const stats = columns.map((column, i): ColumnStats => {
    const q = quantiles.get(i)
    const optionalNumber = (key: string): number | undefined =>
      row[key] === null || row[key] === undefined ? undefined : toNumber(row[key])
    return {
      column,
      nonMissing: toNumber(row[`n${i}`]),
      approxDistinct: toNumber(row[`d${i}`]),
      ...(row[`u${i}`] === undefined ? {} : { distinct: toNumber(row[`u${i}`]) }),
      ...(q === undefined ? {} : { quantiles: q }),
      ...(optionalNumber(`m${i}`) === undefined ? {} : { min: optionalNumber(`m${i}`) }),
      ...(row[`i${i}`] === undefined ? {} : { allIntegers: row[`i${i}`] === true }),
      ...(optionalNumber(`t${i}`) === undefined
        ? {}
        : {
            newest: optionalNumber(`t${i}`),
            oldest: optionalNumber(`o${i}`),
            newestText: String(row[`s${i}`])
          })
    }
  })
  return { rows, stats }
}

/** A numeric column with at most about this many distinct values has its quantiles read from its counts. */
const COUNTED_QUANTILE_VALUES = 100_000

/**
 * The QUANTILES of a numeric column's finite values as `quantile_cont` gives them, or null when it has
 * none, without keeping every value (quantileSql.ts): a column with few distinct values (`approxDistinct`,
 * HyperLogLog's estimate) is grouped and the quantiles read off the running counts of its sorted values;
 * one with many is read from the buckets of its extent that hold them; `quantile_cont` only when those
 * buckets hold too many values. In queries of their own: with the ten numeric columns of a 10^7-row table
 * in one query, the `quantile_cont` states of every column held at once took 22 s, 15 s of it in the kernel
 * faulting their memory in, where each column alone took 1.1–1.2 s, grouped 0.02–0.1 s, bucketed 0.2–0.3 s.
 */
async function quantilesOf(
  connection: DuckDBConnection,
  table: string,
  column: ColumnInfo,
  approxDistinct: number
): Promise<readonly number[] | null> {
  const x = `CAST(${quoteIdent(column.name)} AS DOUBLE)`
  if (!(approxDistinct <= COUNTED_QUANTILE_VALUES)) {
    const bucketed = await quantilesByBuckets(connection, quoteIdent(table), x, QUANTILES)
    if (bucketed !== undefined) return bucketed
    const reader = await connection.runAndReadAll(
      `SELECT quantile_cont(${x}, [${QUANTILES.join(', ')}]) FILTER (WHERE isfinite(${x})) AS q FROM ${quoteIdent(table)}`
    )
    const q = reader.getRowObjectsJson()[0]?.['q']
    return Array.isArray(q) ? q.map(toNumber) : null
  }
  const reader = await connection.runAndReadAll(
    `SELECT v, count(*) AS n FROM (SELECT ${x} AS v FROM ${quoteIdent(table)}) WHERE isfinite(v) GROUP BY v ORDER BY v`
  )
  const [values, counts] = reader.getColumnsJson() as [unknown[], unknown[]]
  return quantilesFromCounts(values.map(toNumber), counts.map(toNumber), QUANTILES)
}

/**
 * The distinct values of the columns that have few (approximately at most `maxSetSize`; exactly, once
 * listed): categorical and boolean columns, and numeric columns of integer codes. One query; none when no
 * column qualifies.
 */
async function valueSets(
  connection: DuckDBConnection,
  table: string,
  stats: readonly ColumnStats[],
  maxSetSize: number
): Promise<Map<string, SetValue[]>> {
  const candidates = stats.filter(
    (s) =>
      s.nonMissing > 0 &&
      s.approxDistinct <= maxSetSize + 2 &&
      (s.column.kind === 'categorical' ||
        s.column.kind === 'boolean' ||
        (s.column.kind === 'numeric' && s.allIntegers === true))
  )
  const sets = new Map<string, SetValue[]>()
  if (candidates.length === 0) return sets
  const parts = candidates.map((s, i) => {
    const c = quoteIdent(s.column.name)
    const value = s.column.kind === 'numeric' ? `CAST(${c} AS DOUBLE)` : `CAST(${c} AS VARCHAR)`
    return `list(DISTINCT ${value}) FILTER (WHERE ${c} IS NOT NULL) AS "v${i}"`
  })
  const reader = await connection.runAndReadAll(
    `SELECT ${parts.join(', ')} FROM ${quoteIdent(table)}`
  )
  const row = reader.getRowObjectsJson()[0] ?? {}
  candidates.forEach((s, i) => {
    const listed = row[`v${i}`]
    if (!Array.isArray(listed) || listed.length === 0 || listed.length > maxSetSize) return
    const values: SetValue[] =
      s.column.kind === 'numeric'
        ? listed.map(toNumber).sort((a, b) => a - b)
        : listed.map(String).sort()
    sets.set(s.column.name, values)
  })
  return sets
}

/** `customer_id`, `customerId`, `id`, `uuid`, `order_key`, `CustomerID`. */
function idNamed(name: string): boolean {
  return (
    /(^|[_\-\s.])(id|uuid|guid|key)$/i.test(name) || /[a-z0-9](Id|ID|Uuid|UUID|Key)$/.test(name)
  )
}

/** An id: named like one, an integer or text type, and every value of the reference distinct. */
function isIdLike(s: ColumnStats, rows: number): boolean {
  if (!idNamed(s.column.name) || s.distinct === undefined || rows === 0) return false
  const keyType =
    s.column.kind === 'categorical' ||
    (s.column.kind === 'numeric' && /INT/i.test(s.column.sqlType))
  return keyType && s.nonMissing === rows && s.distinct === rows
}

/** `slug`, or `slug-2`, `slug-3`... when another column already has it. */
function uniqueSlug(slug: string, used: Set<string>): string {
  let candidate = slug
  for (let i = 2; used.has(candidate); i++) candidate = `${slug}-${i}`
  used.add(candidate)
  return candidate
}

/** A readable id fragment: `Customer ID` -> `customer-id`. */
function slugOf(name: string): string {
  const slug = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return slug.length > 0 ? slug : 'column'
}

function roundUp(value: number, digits: number): number {
  const step = 10 ** digits
  return Math.ceil(value * step - 1e-9) / step
}

function roundDown(value: number, digits: number): number {
  const step = 10 ** digits
  return Math.floor(value * step + 1e-9) / step
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)))
}

function percent(share: number): string {
  return `${Number((share * 100).toPrecision(3))}%`
}

function days(seconds: number): string {
  const d = seconds / 86400
  return d >= 2 ? `${Math.round(d)} days` : `${Math.round(seconds / 3600)} h`
}
