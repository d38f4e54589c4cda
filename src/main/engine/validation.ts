/**
 * Validation: checks a staged table (or a view over a file) against a suite of expectations with DuckDB.
 *
 * Scans: the expectations' cheap aggregates (row count, unexpected counts, null counts, moments, newest
 * time) go into ONE aggregate query over the table, read in parallel with no row numbers. The costly ones
 * that share no work with the rest run in a query of their own each: a distinct count or duplicate share
 * groups the column's values first (half the cost of `count(DISTINCT ...)` in the shared query on a column
 * with millions of distinct values), a median or quantile keeps every value until the end (it slows the
 * shared query more than it costs alone), and a monotonic order reads the column's non-missing values in
 * row order beside the value before each (a lag over an empty window, streamed in scan order: no sort).
 * Given a second connection (`context.connect`), these queries run two at a time. Only then, and only for the row-level expectations that failed, one query each fetches up to 20
 * offending rows with their row numbers, stopping at the 20th. Schema expectations (column set, order,
 * existence, type) are answered from the column list without a scan.
 *
 * Row numbers: the 1-based position of a row among the data rows, in file order. A staged DuckDB table
 * (compare.ts copies each side into one with `CREATE TABLE AS SELECT * FROM view`, which keeps insertion
 * order) already has it for free as `rowid + 1`: no window, no extra column, nothing to sort. Over a view,
 * `row_number() OVER ()` numbers rows in scan order, which DuckDB keeps equal to file order
 * (preserve_insertion_order). DuckDB's `file_row_number` would be the other way, but only read_parquet has
 * it (read_csv does not), and this function is given a relation, not a file. The same order preservation
 * lets a sample query without a window take the first offenders it meets (`LIMIT` before `ORDER BY`).
 *
 * Bad input is one expectation's problem, never the suite's: a malformed expectation (the field check the
 * suite file reader makes too, src/shared/validation/expectationProblems.ts, with severity and enabled
 * required), a bound of the wrong type, a missing column, a regular expression or date format DuckDB refuses, a failing custom SQL
 * expression each give that expectation status 'error' with a sentence saying what to fix. Expressions
 * that could fail are bound first on zero rows (no scan); if the shared aggregate query still fails at run
 * time (a custom expression that fails on some row), each expectation's aggregates run on their own so the
 * one that fails is found and the rest still report.
 *
 * Cost: one parallel scan for the shared aggregates, plus one scan of one column per distinct count,
 * duplicate share, median or quantile, and one single-threaded scan of one column per monotonic order; then
 * per failing row-level expectation one scan stopped at its 20th offender (a duplicate share's reads the
 * table and sorts its offenders). Moments are summed in parallel, so a standard deviation may differ in its
 * last digits from one run to the next.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type {
  ColumnInfo,
  Expectation,
  ExpectationResult,
  ExpectationStatus,
  SampleCell,
  SampleRow,
  Suite,
  ValidationResult,
  ValidationStatus
} from '../../shared/model'
import { expectationProblems } from '../../shared/validation/expectationProblems'
import {
  describeExpected,
  durationText as duration,
  listNames,
  percentText as percent,
  shortList
} from '../../shared/validation/describe'
import { quoteIdent, quoteString, toNumber } from './sql'

export type ValidationContext = Readonly<{
  /** The time freshness is measured against, ISO 8601; default now. */
  now?: string
  /** Sample rows kept per failing expectation; default (and at most) 20. */
  sampleLimit?: number
  /**
   * Another connection to the same database (closed by whoever gives it); when given, the shared query and
   * the queries of their own run two at a time, so one's single-threaded steps overlap the other's scan.
   */
  connect?: () => Promise<DuckDBConnection>
}>

export const SAMPLE_LIMIT = 20

/** The column holding the row number in sample queries (not a name a data file is likely to use). */
export const ROW = '__dw_row'

type Row = Record<string, unknown>

type Cell = readonly [name: string, sql: string, isInteger?: boolean]

/** A verdict without the fields every result repeats. */
type Outcome = Omit<ExpectationResult, 'id' | 'kind' | 'column' | 'severity'>

/** How one expectation is evaluated. */
type Plan = Readonly<{
  /** Position in the suite: prefixes the plan's aliases so plans never collide in the shared query. */
  index: number
  expectation: Expectation
  /** Answered already (schema expectations, errors, skips). */
  outcome?: Outcome
  /** Aggregate expressions by alias, computed in the shared query unless `source` or `isAlone` says otherwise. */
  aggregates?: readonly (readonly [string, string])[]
  /**
   * The relation the aggregates read, made from the table's; a plan with a source of its own runs in a query
   * of its own (values grouped first, values in row order beside the one before them).
   */
  source?: (from: string) => string
  /** Whether the aggregates run in a query of their own over the table (costly ones that share no work). */
  isAlone?: boolean
  /** Whether the aggregates go through DuckDB's binder before the shared query (user-written parts). */
  isRisky?: boolean
  /** Reads the aggregate row into a verdict. */
  finish?: (row: Row) => Outcome
  /** For row-level expectations: the condition an offending row meets, and the cells to show. */
  offending?: Readonly<{
    where: string
    /** Name shown, SQL expression, and whether it is an integer column (its big values arrive as text). */
    cells: readonly Cell[]
    /**
     * Window columns only the sample query needs, over rows numbered by ROW. They are computed over every row
     * before any is kept, so such a query reads the whole table and sorts the offenders by ROW.
     */
    windows?: readonly string[]
    /** The relation the sample query reads, made from the rows numbered by ROW (default: those rows). */
    source?: (numbered: string) => string
  }>
}>

/**
 * Validates `table` (a table or view name; its columns as the engine read them) against `suite`.
 *
 * @example
 * const result = await validateTable(connection, 'dw_stage_current', columns, {
 *   version: 1,
 *   expectations: [{ id: 'age-range', kind: 'column_values_between', column: 'age', min: 0, max: 120,
 *                    severity: 'error', enabled: true }]
 * })
 * result.results[0]?.status // 'pass' | 'fail' | 'error' | 'skipped'
 */
export async function validateTable(
  connection: DuckDBConnection,
  table: string,
  columns: readonly ColumnInfo[],
  suite: Suite,
  context: ValidationContext = {}
): Promise<ValidationResult> {
  const started = performance.now()
  const nowText = context.now ?? new Date().toISOString()
  const nowSeconds = Date.parse(nowText) / 1000
  const limit = Math.max(0, Math.min(SAMPLE_LIMIT, Math.floor(context.sampleLimit ?? SAMPLE_LIMIT)))
  const isTable = await isBaseTable(connection, table)
  const rowNumber = isTable ? 'rowid + 1' : 'row_number() OVER ()'
  const numbered = `(SELECT *, ${rowNumber} AS ${quoteIdent(ROW)} FROM ${quoteIdent(table)})`

  const rows = toNumber(
    (
      await connection.runAndReadAll(`SELECT count(*) AS n FROM ${quoteIdent(table)}`)
    ).getRowObjectsJson()[0]?.['n']
  )
  const expectations = Array.isArray(suite?.expectations) ? suite.expectations : []
  const plans = expectations.map((e, i) => planOf(e, i, columns, rows, nowSeconds))

  // Bind the user-written parts on zero rows first: a bad regex or format fails here, alone.
  const relation = quoteIdent(table)
  const checked: Plan[] = []
  for (const plan of plans) {
    if (plan.isRisky && plan.aggregates) {
      const failure = await tryAggregates(connection, plan, `(SELECT * FROM ${relation} LIMIT 0)`)
      checked.push(failure === null ? plan : { ...plan, outcome: errorOutcome(plan, failure) })
    } else checked.push(plan)
  }

  const pending = checked.filter((p) => !p.outcome && p.aggregates)
  const shared = pending.filter(isShared)
  const values = new Map<Plan, Row>()
  const queries: ((lane: DuckDBConnection) => Promise<void>)[] = pending
    .filter((p) => !isShared(p))
    .map((p) => async (lane) => void values.set(p, await runAlone(lane, p, relation)))
  if (shared.length > 0) {
    queries.unshift(async (lane) => {
      try {
        const row = await runAggregates(lane, shared, relation)
        for (const p of shared) values.set(p, row)
      } catch {
        // A custom expression that fails on some row: find it, and let the rest report.
        for (const p of shared) values.set(p, await runAlone(lane, p, relation))
      }
    })
  }
  const lanes = [connection]
  if (context.connect !== undefined && queries.length > 1) lanes.push(await context.connect())
  let next = 0
  // Every lane settles before a failure is passed on, so no query is left running.
  const settled = await Promise.allSettled(
    lanes.map(async (lane) => {
      for (let i = next++; i < queries.length; i = next++)
        await (queries[i] as (typeof queries)[0])(lane)
    })
  )
  const failed = settled.find((r) => r.status === 'rejected')
  if (failed) throw failed.reason
  const aggregateDone = performance.now()

  const results: ExpectationResult[] = []
  for (const plan of checked) {
    let outcome = plan.outcome
    if (!outcome && plan.finish) {
      const row = values.get(plan) ?? {}
      outcome =
        row['__error'] !== undefined
          ? errorOutcome(plan, row['__error'])
          : plan.finish(prefixed(row, plan))
    }
    if (!outcome) outcome = errorOutcome(plan, 'nothing to evaluate')
    if (outcome.status === 'fail' && plan.offending && (outcome.unexpectedCount ?? 0) > 0) {
      try {
        outcome = { ...outcome, samples: await sampleRows(connection, plan, numbered, limit) }
      } catch {
        // Samples are an aid; a verdict without them is still right.
      }
    }
    results.push(withIdentity(plan.expectation, outcome))
  }
  const finished = performance.now()
  return {
    status: overallStatus(results),
    rows,
    results,
    counts: countStatuses(results),
    durations: {
      aggregateMs: aggregateDone - started,
      samplesMs: finished - aggregateDone,
      totalMs: finished - started
    },
    evaluatedAt: nowText
  }
}

async function isBaseTable(connection: DuckDBConnection, table: string): Promise<boolean> {
  const found = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ${quoteString(table)}`
  )
  return toNumber(found.getRowObjectsJson()[0]?.['n']) > 0
}

function alias(plan: Plan, name: string): string {
  return `p${plan.index}_${name}`
}

function prefixed(row: Row, plan: Plan): Row {
  const out: Row = {}
  for (const [name] of plan.aggregates ?? []) out[name] = row[alias(plan, name)]
  return out
}

/** Whether a plan's aggregates go into the shared query over the table. */
function isShared(plan: Plan): boolean {
  return plan.source === undefined && plan.isAlone !== true
}

/** The query of `plans`' aggregates over `from` (the table's relation; a plan's own source is made from it). */
function aggregateQuery(plans: readonly Plan[], from: string): string {
  const parts = plans.flatMap((p) =>
    (p.aggregates ?? []).map(([name, sql]) => `${sql} AS ${quoteIdent(alias(p, name))}`)
  )
  const source = plans.length === 1 && plans[0]?.source ? plans[0].source(from) : from
  return `SELECT ${parts.join(', ')} FROM ${source}`
}

async function runAggregates(
  connection: DuckDBConnection,
  plans: readonly Plan[],
  from: string
): Promise<Row> {
  const result = await connection.runAndReadAll(aggregateQuery(plans, from))
  return result.getRowObjectsJson()[0] ?? {}
}

/** One plan's aggregates in a query of their own; a failure becomes the row's `__error`. */
async function runAlone(connection: DuckDBConnection, plan: Plan, from: string): Promise<Row> {
  try {
    return await runAggregates(connection, [plan], from)
  } catch (e) {
    return { __error: e }
  }
}

async function tryAggregates(
  connection: DuckDBConnection,
  plan: Plan,
  from: string
): Promise<unknown> {
  try {
    await connection.runAndReadAll(aggregateQuery([plan], from))
    return null
  } catch (e) {
    return e
  }
}

/**
 * Where an expectation's offending rows are read from and the condition they meet: `FROM from WHERE where`
 * selects them (with ROW), from the rows numbered by ROW. `hasWindow`: the relation computes a window over
 * every row, so its rows come in no particular order.
 */
function offendingSelection(
  offending: NonNullable<Plan['offending']>,
  numbered: string
): Readonly<{ from: string; where: string; hasWindow: boolean }> {
  const { where, windows, source } = offending
  if (windows !== undefined && windows.length > 0) {
    return { from: `(SELECT *, ${windows.join(', ')} FROM ${numbered})`, where, hasWindow: true }
  }
  return { from: source ? source(numbered) : numbered, where, hasWindow: false }
}

/**
 * The query of the row numbers (column ROW, in no particular order) of every row that `expectation` counts
 * as unexpected in the rows `numbered` (a relation with the table's columns and ROW), by the same condition
 * that validation counts them with and takes its sample rows from; null when the expectation is not checked
 * row by row (schema, distinct count, statistic, freshness), is disabled or malformed, or cannot be checked
 * on these columns. The data preview filters its rows with it.
 *
 * @example unexpectedRowsQuery(expectation, columns, '(SELECT *, rowid + 1 AS "__dw_row" FROM t)')
 * // 'SELECT "__dw_row" FROM (SELECT *, rowid + 1 AS "__dw_row" FROM t) WHERE "age" IS NOT NULL AND (...)'
 */
export function unexpectedRowsQuery(
  expectation: Expectation,
  columns: readonly ColumnInfo[],
  numbered: string
): string | null {
  // Any positive row count and time: row-level conditions depend on neither.
  const plan = planOf(expectation, 0, columns, 1, Date.now() / 1000)
  if (plan.outcome !== undefined || plan.offending === undefined) return null
  const { from, where } = offendingSelection(plan.offending, numbered)
  return `SELECT ${quoteIdent(ROW)} FROM ${from} WHERE ${where}`
}

async function sampleRows(
  connection: DuckDBConnection,
  plan: Plan,
  numbered: string,
  limit: number
): Promise<SampleRow[]> {
  if (!plan.offending || limit === 0) return []
  const { from, where, hasWindow } = offendingSelection(plan.offending, numbered)
  const cells = plan.offending.cells.map(([, sql], i) => `${sql} AS ${quoteIdent(`c${i}`)}`)
  const select = `SELECT ${quoteIdent(ROW)}${cells.map((c) => `, ${c}`).join('')}`
  const order = `ORDER BY ${quoteIdent(ROW)}`
  // Without a window the rows come in row order, so the first offenders found are the ones to show and the
  // scan stops there; a window reads every row first, and its output is sorted by ROW to find them.
  const query = hasWindow
    ? `${select} FROM ${from} WHERE ${where} ${order} LIMIT ${limit}`
    : `SELECT * FROM (${select} FROM ${from} WHERE ${where} LIMIT ${limit}) ${order}`
  const result = await connection.runAndReadAll(query)
  return result.getRowObjectsJson().map((r) => {
    const values: Record<string, SampleCell> = {}
    plan.offending?.cells.forEach(([name, , isInteger], i) => {
      values[name] = cell(r[`c${i}`], isInteger === true)
    })
    return { row: toNumber(r[ROW]), values }
  })
}

function cell(value: unknown, isInteger: boolean): SampleCell {
  if (value === null || value === undefined) return null
  if (isInteger && typeof value === 'string' && Number.isSafeInteger(Number(value))) {
    return Number(value)
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value
  return JSON.stringify(value)
}

function withIdentity(e: Expectation, outcome: Outcome): ExpectationResult {
  const base = {
    id: typeof e?.id === 'string' ? e.id : '',
    kind: e?.kind,
    severity: e?.severity === 'warning' ? ('warning' as const) : ('error' as const)
  }
  const column = 'column' in e && typeof e.column === 'string' ? { column: e.column } : {}
  return { ...base, ...column, ...outcome }
}

function countStatuses(results: readonly ExpectationResult[]): Record<ExpectationStatus, number> {
  const counts: Record<ExpectationStatus, number> = { pass: 0, fail: 0, error: 0, skipped: 0 }
  for (const r of results) counts[r.status] += 1
  return counts
}

function overallStatus(results: readonly ExpectationResult[]): ValidationStatus {
  if (results.some((r) => r.status === 'fail' && r.severity === 'error')) return 'fail'
  if (results.some((r) => r.status === 'error')) return 'error'
  if (results.some((r) => r.status === 'fail')) return 'warning'
  return 'pass'
}

function errorOutcome(plan: Plan, e: unknown): Outcome {
  const text = e instanceof Error ? e.message : String(e)
  const first = text.split('\n').find((l) => l.trim().length > 0) ?? text
  return {
    status: 'error',
    observed: null,
    expected: describeExpected(plan.expectation),
    explanation: `${label(plan.expectation)} could not be evaluated: ${first}. Fix it in the suite.`
  }
}

// ---------------------------------------------------------------------------------------------------
// Planning: from an expectation to SQL aggregates and a verdict.

function planOf(
  e: Expectation,
  index: number,
  columns: readonly ColumnInfo[],
  rows: number,
  nowSeconds: number
): Plan {
  const make = (plan: Omit<Plan, 'index'>): Plan => ({ ...plan, index })
  const expected = safeExpected(e)
  /** A plan whose outcome is known without running SQL. */
  const settled: Settle = (status, observed, explanation) =>
    make({ expectation: e, outcome: { status, observed, expected, explanation } })
  const problems = expectationProblems(e, { isComplete: true })
  if (problems.length > 0) {
    return settled(
      'error',
      null,
      `${label(e)} is not a valid expectation: ${problems.join('; ')}. Fix it in the suite.`
    )
  }
  if (!e.enabled) {
    return settled('skipped', null, `${label(e)} is disabled.`)
  }
  const names = columns.map((c) => c.name)
  switch (e.kind) {
    case 'row_count_between':
      return make({
        expectation: e,
        aggregates: [['rows', 'count(*)']],
        finish: (row) => {
          const n = toNumber(row['rows'])
          return rangeOutcome(expected, n, e.min, e.max, (ok) =>
            ok
              ? `The table has ${n} rows, ${expected}.`
              : `The table has ${n} rows; expected ${expected}.`
          )
        }
      })
    case 'column_set_equals':
    case 'column_set_contains': {
      const missing = e.columns.filter((c) => !names.includes(c))
      const extra =
        e.kind === 'column_set_equals' ? names.filter((c) => !e.columns.includes(c)) : []
      const ok = missing.length === 0 && extra.length === 0
      const parts: string[] = []
      if (missing.length > 0)
        parts.push(`missing ${listNames(missing)}${renameHint(missing, names, e.columns)}`)
      if (extra.length > 0) parts.push(`unexpected ${listNames(extra)}`)
      return settled(
        ok ? 'pass' : 'fail',
        names,
        ok
          ? `The table has the expected columns.`
          : `The columns differ from the suite: ${parts.join('; ')}.`
      )
    }
    case 'column_order': {
      const present = e.columns.filter((c) => names.includes(c))
      const actual = names.filter((c) => e.columns.includes(c))
      const missing = e.columns.filter((c) => !names.includes(c))
      const ok = missing.length === 0 && present.every((c, i) => actual[i] === c)
      return settled(
        ok ? 'pass' : 'fail',
        actual,
        ok
          ? `The columns ${listNames(e.columns)} are in the expected order.`
          : missing.length > 0
            ? `The column order cannot hold: missing ${listNames(missing)}.`
            : `The columns come in the order ${listNames(actual)}, not ${listNames(e.columns)}.`
      )
    }
    case 'row_condition': {
      const condition = `NOT coalesce((${e.expression}), false)`
      return make({
        expectation: e,
        isRisky: true,
        aggregates: [
          ['n', 'count(*)'],
          ['bad', `count(*) FILTER (WHERE ${condition})`]
        ],
        finish: (row) =>
          shareVerdict(e, expected, toNumber(row['n']), toNumber(row['bad']), e.mostly, {
            subject: `rows where ${e.expression} is not true`,
            whole: 'rows'
          }),
        offending: {
          where: condition,
          cells: columns.map((c) => [c.name, quoteIdent(c.name), isIntegerType(c.sqlType)])
        }
      })
    }
    default:
      break
  }

  // Column expectations from here on.
  const column = columns.find((c) => c.name === e.column)
  if (e.kind === 'column_exists') {
    return make({
      expectation: e,
      outcome: column
        ? { status: 'pass', observed: true, expected, explanation: `Column "${e.column}" exists.` }
        : {
            status: 'fail',
            observed: false,
            expected,
            explanation: `Column "${e.column}" is missing${renameHint([e.column], names, [e.column])}.`
          }
    })
  }
  if (!column) {
    return settled(
      'error',
      null,
      `${label(e)} cannot be checked: the table has no column "${e.column}"${renameHint([e.column], names, [e.column])}.`
    )
  }
  const c = quoteIdent(column.name)
  const text = `CAST(${c} AS VARCHAR)`
  const isNumeric = column.kind === 'numeric'
  const isTime = column.kind === 'datetime'
  const isInteger = isIntegerType(column.sqlType)
  const cellOf: readonly Cell[] = [[column.name, c, isInteger]]
  const noRows =
    rows === 0
      ? settled('skipped', null, `${label(e)} was not checked: the table has no rows.`)
      : null

  /** A row-level expectation: offending non-missing values counted among the non-missing ones. */
  const valueLevel = (
    where: string,
    subject: string,
    extra: Partial<Omit<Plan, 'index'>> = {}
  ): Plan =>
    noRows ??
    make({
      expectation: e,
      aggregates: [
        ['n', `count(${c})`],
        ['bad', `count(*) FILTER (WHERE ${c} IS NOT NULL AND (${where}))`]
      ],
      finish: (row) =>
        shareVerdict(
          e,
          expected,
          toNumber(row['n']),
          toNumber(row['bad']),
          'mostly' in e ? e.mostly : undefined,
          {
            subject,
            whole: `non-missing values of "${column.name}"`
          }
        ),
      offending: { where: `${c} IS NOT NULL AND (${where})`, cells: cellOf },
      ...extra
    })

  switch (e.kind) {
    case 'column_type_is': {
      const target = castTarget(e.type)
      if (target === null) {
        return settled(
          'error',
          column.sqlType,
          `${label(e)} names the type "${e.type}", which is neither a column kind (numeric, categorical, boolean, datetime, text) nor a DuckDB type name. Fix it in the suite.`
        )
      }
      if (typeMatches(e.type, column)) {
        return settled(
          'pass',
          column.sqlType,
          `Column "${column.name}" is ${column.sqlType} (${column.kind}), as expected.`
        )
      }
      const where = `TRY_CAST(${c} AS ${target}) IS NULL`
      return make({
        expectation: e,
        isRisky: true,
        aggregates: [
          ['n', `count(${c})`],
          ['bad', `count(*) FILTER (WHERE ${c} IS NOT NULL AND ${where})`]
        ],
        finish: (row) =>
          shareOutcome(expected, toNumber(row['n']), toNumber(row['bad']), (n, bad, share) => ({
            status: 'fail',
            observed: column.sqlType,
            explanation:
              bad === 0
                ? `Column "${column.name}" arrived as ${column.sqlType} instead of ${e.type}, though all its ${n} values convert.`
                : `Column "${column.name}" arrived as ${column.sqlType} instead of ${e.type}: ${bad} of ${n} values (${percent(share)}) do not convert to ${target}.`
          })),
        offending: { where: `${c} IS NOT NULL AND ${where}`, cells: cellOf }
      })
    }
    case 'column_null_share_at_most':
      return (
        noRows ??
        make({
          expectation: e,
          aggregates: [
            ['n', 'count(*)'],
            ['bad', `count(*) FILTER (WHERE ${c} IS NULL)`]
          ],
          finish: (row) =>
            maxShareOutcome(expected, toNumber(row['n']), toNumber(row['bad']), e.max, {
              before: `Column "${column.name}" is missing in`,
              whole: 'rows'
            }),
          offending: { where: `${c} IS NULL`, cells: cellOf }
        })
      )
    case 'column_duplicate_share_at_most': {
      const first = `__dw_first_${index}`
      return (
        noRows ??
        make({
          expectation: e,
          source: groupedValues(c),
          aggregates: [
            ['n', 'coalesce(sum(__dw_count), 0)'],
            ['distinct', 'count(*)']
          ],
          finish: (row) => {
            const n = toNumber(row['n'])
            return maxShareOutcome(expected, n, n - toNumber(row['distinct']), e.max, {
              before: `Column "${column.name}" repeats an earlier value in`,
              whole: 'non-missing values'
            })
          },
          offending: {
            where: `${c} IS NOT NULL AND ${quoteIdent(first)} > 1`,
            cells: cellOf,
            windows: [
              `row_number() OVER (PARTITION BY ${c} ORDER BY ${quoteIdent(ROW)}) AS ${quoteIdent(first)}`
            ]
          }
        })
      )
    }
    case 'column_values_in_set': {
      const allNumbers = e.values.every((v) => typeof v === 'number')
      if (isNumeric && !allNumbers) {
        return wrongType(e, column, 'a set of numbers', settled)
      }
      const list = isNumeric
        ? e.values.map((v) => numberLiteral(v as number)).join(', ')
        : e.values.map((v) => quoteString(String(v))).join(', ')
      // On text, list_contains costs half of NOT IN on a table and a tenth on dictionary-encoded Parquet.
      const where =
        e.values.length === 0
          ? 'true'
          : isNumeric
            ? `${c} NOT IN (${list})`
            : `NOT list_contains([${list}], ${text})`
      return valueLevel(where, `values outside ${shortList(e.values)}`)
    }
    case 'column_values_between': {
      const bounds = [e.min, e.max].filter((b) => b !== undefined)
      let lower: string | null = null
      let upper: string | null = null
      if (isNumeric) {
        if (!bounds.every((b) => typeof b === 'number'))
          return wrongType(e, column, 'numbers as bounds', settled)
        lower = e.min === undefined ? null : numberLiteral(e.min as number)
        upper = e.max === undefined ? null : numberLiteral(e.max as number)
      } else if (isTime) {
        if (!bounds.every((b) => typeof b === 'string' && !Number.isNaN(Date.parse(b))))
          return wrongType(e, column, 'ISO date/time strings as bounds', settled)
        lower = e.min === undefined ? null : `CAST(${quoteString(String(e.min))} AS TIMESTAMP)`
        upper = e.max === undefined ? null : `CAST(${quoteString(String(e.max))} AS TIMESTAMP)`
      } else {
        if (!bounds.every((b) => typeof b === 'string'))
          return wrongType(e, column, 'text bounds (it is compared as text)', settled)
        lower = e.min === undefined ? null : quoteString(String(e.min))
        upper = e.max === undefined ? null : quoteString(String(e.max))
      }
      const value = isNumeric ? c : isTime ? `CAST(${c} AS TIMESTAMP)` : text
      const outside = [
        lower === null ? null : `${value} < ${lower}`,
        upper === null ? null : `${value} > ${upper}`
      ].filter((x) => x !== null)
      return valueLevel(
        outside.join(' OR '),
        `values outside ${expected.replace(/^between /, '')}`,
        {
          isRisky: isTime
        }
      )
    }
    case 'column_length_between': {
      const len = `length(${text})`
      const outside = [
        e.min === undefined ? null : `${len} < ${numberLiteral(e.min)}`,
        e.max === undefined ? null : `${len} > ${numberLiteral(e.max)}`
      ].filter((x) => x !== null)
      return valueLevel(
        outside.join(' OR '),
        `values whose length is not ${expected.replace(/^length /, '')}`
      )
    }
    case 'column_matches_regex':
      return valueLevel(
        `NOT regexp_matches(${text}, ${quoteString(e.regex)})`,
        `values that do not match /${e.regex}/`,
        { isRisky: true }
      )
    case 'column_not_matches_regex':
      return valueLevel(
        `regexp_matches(${text}, ${quoteString(e.regex)})`,
        `values that match /${e.regex}/`,
        { isRisky: true }
      )
    case 'column_parseable_as_date':
      return valueLevel(
        `TRY_STRPTIME(${text}, ${quoteString(e.format)}) IS NULL`,
        `values that do not parse with the format ${e.format}`,
        { isRisky: true }
      )
    case 'column_monotonic': {
      const p = quoteIdent(`__dw_prev_${index}`)
      const op = e.direction === 'increasing' ? (e.strict ? '<=' : '<') : e.strict ? '>=' : '>'
      const where = `${p} IS NOT NULL AND ${c} ${op} ${p}`
      return (
        noRows ??
        make({
          expectation: e,
          source: (from) => besidePrevious(c, p, from),
          aggregates: [
            ['n', 'count(*)'],
            ['bad', `count(*) FILTER (WHERE ${where})`]
          ],
          finish: (row) => {
            const word = `${e.strict ? 'strictly ' : ''}${e.direction}`
            return shareOutcome(expected, toNumber(row['n']), toNumber(row['bad']), (n, bad) => ({
              status: bad === 0 ? 'pass' : 'fail',
              observed: bad,
              explanation:
                bad === 0
                  ? `Column "${column.name}" is ${word} in row order.`
                  : `Column "${column.name}" is not ${word}: ${bad} of ${n} values break the order.`
            }))
          },
          offending: {
            where,
            cells: [...cellOf, ['previous', p, isInteger]],
            source: (numbered) => besidePrevious(c, p, numbered, quoteIdent(ROW))
          }
        })
      )
    }
    case 'column_distinct_count_between':
      return (
        noRows ??
        make({
          expectation: e,
          source: groupedValues(c),
          aggregates: [['distinct', 'count(*)']],
          finish: (row) => {
            const n = toNumber(row['distinct'])
            return rangeOutcome(
              expected,
              n,
              e.min,
              e.max,
              (ok) =>
                `Column "${column.name}" has ${n} distinct values${ok ? '' : `; expected ${expected.replace(/^distinct count /, '')}`}.`
            )
          }
        })
      )
    case 'column_statistic_between': {
      if (!isNumeric) return wrongType(e, column, 'a numeric column', settled)
      const v = `CAST(${c} AS DOUBLE)`
      const sql =
        e.statistic === 'mean'
          ? `avg(${v})`
          : e.statistic === 'std'
            ? `stddev_samp(${v})`
            : `quantile_cont(${v}, ${String(e.statistic === 'median' ? 0.5 : (e.quantile ?? 0.5))})`
      const name = e.statistic === 'quantile' ? `${e.quantile ?? 0.5} quantile` : e.statistic
      return (
        noRows ??
        make({
          expectation: e,
          // A quantile keeps every value until the end; alone, it does not slow the shared query down.
          isAlone: e.statistic === 'median' || e.statistic === 'quantile',
          aggregates: [['value', sql]],
          finish: (row) => {
            const raw = row['value']
            if (raw === null || raw === undefined) {
              return {
                status: 'fail',
                observed: null,
                expected,
                explanation: `The ${name} of column "${column.name}" cannot be computed: it has too few non-missing values.`
              }
            }
            const value = toNumber(raw)
            return rangeOutcome(
              expected,
              value,
              e.min,
              e.max,
              (ok) =>
                `The ${name} of column "${column.name}" is ${round(value)}${ok ? '' : `; expected ${expected.replace(/^\S+ /, '')}`}.`
            )
          }
        })
      )
    }
    case 'column_fresh': {
      if (!isTime) return wrongType(e, column, 'a date/time column', settled)
      if (!Number.isFinite(nowSeconds)) {
        return settled(
          'error',
          null,
          `${label(e)} cannot be checked: the validation time is not an ISO date/time.`
        )
      }
      return (
        noRows ??
        make({
          expectation: e,
          aggregates: [
            ['newest', `epoch(CAST(max(${c}) AS TIMESTAMP))`],
            ['newestText', `CAST(max(${c}) AS VARCHAR)`]
          ],
          finish: (row) => {
            if (row['newest'] === null || row['newest'] === undefined) {
              return {
                status: 'fail',
                observed: null,
                expected,
                explanation: `Column "${column.name}" has no values, so its newest time is unknown.`
              }
            }
            const age = nowSeconds - toNumber(row['newest'])
            const ok = age <= e.maxAgeSeconds
            return {
              status: ok ? 'pass' : 'fail',
              observed: String(row['newestText']),
              expected,
              explanation: `The newest value of column "${column.name}" is ${String(row['newestText'])}, ${duration(age)} old${ok ? '' : `, older than the ${duration(e.maxAgeSeconds)} allowed`}.`
            }
          }
        })
      )
    }
    default:
      return assertNever(e)
  }
}

/**
 * The non-missing values of column `c` grouped, one row per distinct value with its count as `__dw_count`:
 * a distinct count is the number of rows. Grouping in a query of its own runs in parallel and costs about
 * half of a `count(DISTINCT ...)` inside a larger aggregate on a column with millions of distinct values.
 */
function groupedValues(c: string): (from: string) => string {
  return (from) =>
    `(SELECT count(*) AS __dw_count FROM ${from} WHERE ${c} IS NOT NULL GROUP BY ${c})`
}

/**
 * The non-missing values of column `c` in row order, each with the value before it as `previous` (NULL for
 * the first), and the columns in `keep`. The lag has an empty window, so DuckDB streams it in scan order,
 * which is row order (insertion order for a table, file order for a file): nothing is sorted.
 */
function besidePrevious(c: string, previous: string, from: string, keep?: string): string {
  const kept = keep === undefined ? '' : `${keep}, `
  return `(SELECT ${kept}${c}, lag(${c}) OVER () AS ${previous} FROM (SELECT ${kept}${c} FROM ${from} WHERE ${c} IS NOT NULL))`
}

/** A plan with a known outcome: its status, observed value and explanation. */
type Settle = (
  status: Outcome['status'],
  observed: Outcome['observed'],
  explanation: string
) => Plan

function wrongType(e: Expectation, column: ColumnInfo, needs: string, settled: Settle): Plan {
  return settled(
    'error',
    column.sqlType,
    `${label(e)} needs ${needs}, but column "${column.name}" is ${column.sqlType} (${column.kind}). Fix the bounds in the suite or the column's type.`
  )
}

/** A share-of-offenders verdict: pass when the offending share is at most 1 − mostly. */
function shareVerdict(
  e: Expectation,
  expected: string,
  n: number,
  bad: number,
  mostly: number | undefined,
  words: Readonly<{ subject: string; whole: string }>
): Outcome {
  const allowed = 1 - (mostly ?? 1)
  const where = 'column' in e ? `Column "${e.column}" has ` : 'The table has '
  return shareOutcome(expected, n, bad, (_, __, share) => {
    const ok = share <= allowed + 1e-12
    return {
      status: ok ? 'pass' : 'fail',
      observed: share,
      explanation:
        n === 0
          ? `${where}no ${words.whole.replace(/ of "[^"]*"$/, '')} to check.`
          : `${where}${bad} ${words.subject} among ${n} ${words.whole} (${percent(share)})${ok ? '' : `, more than the ${percent(allowed)} allowed`}.`
    }
  })
}

/**
 * A share-based outcome: `bad` offenders among `n` elements, their share (0 when there are none),
 * and the status, observed value and explanation that `decide` gives for them.
 */
function shareOutcome(
  expected: string,
  n: number,
  bad: number,
  decide: (
    n: number,
    bad: number,
    share: number
  ) => Pick<Outcome, 'status' | 'observed' | 'explanation'>
): Outcome {
  const share = n === 0 ? 0 : bad / n
  const { status, observed, explanation } = decide(n, bad, share)
  return {
    status,
    observed,
    expected,
    elementCount: n,
    unexpectedCount: bad,
    unexpectedShare: share,
    explanation
  }
}

/** An outcome that passes when `value` lies within [min, max] (either bound may be absent). */
function rangeOutcome(
  expected: string,
  value: number,
  min: number | undefined,
  max: number | undefined,
  explain: (ok: boolean) => string
): Outcome {
  const ok = within(value, min, max)
  return { status: ok ? 'pass' : 'fail', observed: value, expected, explanation: explain(ok) }
}

/** A share-based outcome that passes when the offending share is at most `max`. */
function maxShareOutcome(
  expected: string,
  n: number,
  bad: number,
  max: number,
  words: Readonly<{ before: string; whole: string }>
): Outcome {
  return shareOutcome(expected, n, bad, (_, __, share) => {
    const ok = share <= max
    return {
      status: ok ? 'pass' : 'fail',
      observed: share,
      explanation: `${words.before} ${bad} of ${n} ${words.whole} (${percent(share)})${ok ? '' : `, more than the ${percent(max)} allowed`}.`
    }
  })
}

// ---------------------------------------------------------------------------------------------------
// Types.

const KIND_TARGET: Readonly<Record<string, string>> = {
  numeric: 'DOUBLE',
  datetime: 'TIMESTAMP',
  boolean: 'BOOLEAN',
  categorical: 'VARCHAR',
  text: 'VARCHAR'
}

const TYPE_ALIASES: Readonly<Record<string, string>> = {
  INT: 'INTEGER',
  INT4: 'INTEGER',
  INT8: 'BIGINT',
  LONG: 'BIGINT',
  FLOAT8: 'DOUBLE',
  FLOAT4: 'FLOAT',
  REAL: 'FLOAT',
  STRING: 'VARCHAR',
  TEXT: 'VARCHAR',
  BOOL: 'BOOLEAN'
}

/** The DuckDB type to TRY_CAST values to, or null when `type` is not a kind or a plausible type name. */
function castTarget(type: string): string | null {
  const kind = KIND_TARGET[type.toLowerCase()]
  if (kind !== undefined) return kind
  if (!/^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?$/.test(type)) return null
  const upper = type.toUpperCase().trim()
  return TYPE_ALIASES[upper] ?? upper
}

function isIntegerType(sqlType: string): boolean {
  return /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/i.test(sqlType)
}

function typeMatches(type: string, column: ColumnInfo): boolean {
  const lower = type.toLowerCase()
  if (KIND_TARGET[lower] !== undefined) {
    const isString = (k: string): boolean => k === 'categorical' || k === 'text'
    return lower === column.kind || (isString(lower) && isString(column.kind))
  }
  const want = castTarget(type)
  const have = TYPE_ALIASES[column.sqlType.toUpperCase()] ?? column.sqlType.toUpperCase()
  return want === have
}

// ---------------------------------------------------------------------------------------------------
// Words.

function label(e: Expectation): string {
  const id = typeof e?.id === 'string' && e.id.length > 0 ? ` "${e.id}"` : ''
  const kind = typeof e?.kind === 'string' ? e.kind : 'expectation'
  const column =
    e && 'column' in e && typeof e.column === 'string' ? ` on column "${e.column}"` : ''
  return `Expectation${id} (${kind}${column})`
}

function safeExpected(e: Expectation): string {
  try {
    return describeExpected(e)
  } catch {
    return ''
  }
}

/**
 * ", and "customerId" looks like it" when a column the suite does not know has a similar name: equal once
 * case and punctuation are dropped, or one contains the other.
 */
function renameHint(
  missing: readonly string[],
  present: readonly string[],
  known: readonly string[]
): string {
  const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '')
  const hints: string[] = []
  for (const m of missing) {
    const a = squash(m)
    const similar = present.find((p) => {
      if (known.includes(p)) return false
      const b = squash(p)
      return a.length > 0 && b.length > 0 && (a === b || a.includes(b) || b.includes(a))
    })
    if (similar !== undefined) hints.push(`"${similar}" may be "${m}" renamed`)
  }
  return hints.length > 0 ? ` (${hints.join('; ')})` : ''
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)))
}

function within(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max)
}

function numberLiteral(value: number): string {
  return `CAST(${String(value)} AS DOUBLE)`
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${JSON.stringify(v)}`)
}
