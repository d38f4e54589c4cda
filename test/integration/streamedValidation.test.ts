/**
 * `driftwatch validate <file.csv> --suite ...` checks a CSV where it lies, without reading it into a table
 * first (runValidate → validateTable `streamed`), on real DuckDB and real files: the results, sample rows
 * and row numbers included, are those of validating the file read into a table; and when one pass cannot
 * do it (a value that does not fit its column's type, a file without rows, a custom expression that fails
 * on some row), the file is read into a table after all and validated as before.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runValidate } from '../../src/main/engine/validate'
import { kindOfType } from '../../src/main/engine/sources'
import { quoteString } from '../../src/main/engine/sql'
import { validateTable } from '../../src/main/engine/validation'
import type { Expectation, Suite, ValidationResult } from '../../src/shared/model'
import { expectSame } from '../nearlyEqual'
import { useTempFolder } from './harness'

const folder = useTempFolder('streamed-validation')

const ROWS = 120_000

/**
 * Past the rows DuckDB's sniffer samples and the rows validation probes first. `up` rises but drops once
 * (row 100 001) and is missing on every 40 000th row; `code` has six levels, `zz-9` on every 9th row; `word`
 * is new on every row; `amount` has two decimals; `q` has long fractions; `grow` has one decimal and stays
 * within 0–100 for the first 70 000 rows, then half its values get a second decimal and half grow far
 * beyond; `day` is a date as text, wrong on three rows; `tier` has three levels throughout; `late` has four
 * levels in the rows validation probes first and a fifth, `L-9`, on every 7th row past row 100 000.
 */
const GENERATED = `
  WITH base AS (SELECT i, CAST(hash(i * 7919) % 1000003 AS BIGINT) AS h FROM range(1, ${ROWS + 1}) t(i))
  SELECT i,
    CASE WHEN i % 40000 = 0 THEN NULL WHEN i = 100001 THEN 3 ELSE i END AS up,
    CASE WHEN i % 9 = 0 THEN 'zz-9' ELSE 'c' || (h % 5) END AS code,
    'w' || h || '-' || i AS word,
    CAST((h % 200001 - 100000) / 100 AS DOUBLE) AS amount,
    pow(CAST(h AS DOUBLE) / 1000003, 3) * 500 / 3 AS q,
    CASE WHEN i <= 70000 THEN CAST(h % 1000 AS DOUBLE) / 10 WHEN i % 2 = 0 THEN CAST(h % 1000 AS DOUBLE) / 10 + 0.05 ELSE CAST(h AS DOUBLE) * 37 END AS grow,
    CASE WHEN i IN (5, 77777, 119999) THEN '31/02/2024' ELSE strftime(DATE '2024-01-01' + CAST(h % 300 AS INTEGER), '%Y-%m-%d') END AS day,
    't' || (h % 3) AS tier,
    CASE WHEN i > 100000 AND i % 7 = 0 THEN 'L-9' ELSE 'l' || (h % 4) END AS late
  FROM base ORDER BY i`

/** Rows of `late` with the fifth level. */
const LATE = Math.floor(ROWS / 7) - Math.floor(100_000 / 7)

function base(id: string): { id: string; severity: 'error'; enabled: true } {
  return { id, severity: 'error', enabled: true }
}

/** Every kind that reads rows, several failing so that their sample rows are compared too. */
const SUITE: Suite = {
  version: 1,
  expectations: [
    { ...base('rows'), kind: 'row_count_between', min: ROWS, max: ROWS },
    { ...base('sum'), kind: 'row_condition', expression: 'amount + q > -900', mostly: 0.5 },
    { ...base('up-present'), kind: 'column_null_share_at_most', column: 'up', max: 0 },
    { ...base('up-sorted'), kind: 'column_monotonic', column: 'up', direction: 'increasing' },
    { ...base('i-sorted'), kind: 'column_monotonic', column: 'i', direction: 'increasing' },
    {
      ...base('amount-range'),
      kind: 'column_values_between',
      column: 'amount',
      min: -500,
      max: 900
    },
    {
      ...base('code-set'),
      kind: 'column_values_in_set',
      column: 'code',
      values: ['c0', 'c1', 'c2', 'c3', 'c4']
    },
    { ...base('code-regex'), kind: 'column_matches_regex', column: 'code', regex: '^c[0-9]$' },
    { ...base('code-length'), kind: 'column_length_between', column: 'code', min: 2, max: 2 },
    {
      ...base('code-levels'),
      kind: 'column_distinct_count_between',
      column: 'code',
      min: 6,
      max: 6
    },
    { ...base('code-repeats'), kind: 'column_duplicate_share_at_most', column: 'code', max: 0.5 },
    {
      ...base('word-regex'),
      kind: 'column_not_matches_regex',
      column: 'word',
      regex: '-1[0-9]{4}$'
    },
    { ...base('word-unique'), kind: 'column_duplicate_share_at_most', column: 'word', max: 0 },
    { ...base('amount-levels'), kind: 'column_distinct_count_between', column: 'amount', min: 1 },
    { ...base('amount-unique'), kind: 'column_duplicate_share_at_most', column: 'amount', max: 0 },
    { ...base('grow-levels'), kind: 'column_distinct_count_between', column: 'grow', min: 1 },
    { ...base('grow-repeats'), kind: 'column_duplicate_share_at_most', column: 'grow', max: 0 },
    {
      ...base('q-mean'),
      kind: 'column_statistic_between',
      column: 'q',
      statistic: 'mean',
      min: 0,
      max: 100
    },
    {
      ...base('q-std'),
      kind: 'column_statistic_between',
      column: 'q',
      statistic: 'std',
      min: 0,
      max: 1
    },
    {
      ...base('q-median'),
      kind: 'column_statistic_between',
      column: 'q',
      statistic: 'median',
      min: 10,
      max: 30
    },
    {
      ...base('q-p90'),
      kind: 'column_statistic_between',
      column: 'q',
      statistic: 'quantile',
      quantile: 0.9,
      min: 0,
      max: 500
    },
    { ...base('day-date'), kind: 'column_parseable_as_date', column: 'day', format: '%Y-%m-%d' },
    {
      ...base('tier-set'),
      kind: 'column_values_in_set',
      column: 'tier',
      values: ['t0', 't1', 't2']
    },
    { ...base('tier-regex'), kind: 'column_matches_regex', column: 'tier', regex: '^t[0-9]$' },
    {
      ...base('tier-levels'),
      kind: 'column_distinct_count_between',
      column: 'tier',
      min: 3,
      max: 3
    },
    {
      ...base('late-set'),
      kind: 'column_values_in_set',
      column: 'late',
      values: ['l0', 'l1', 'l2', 'l3']
    },
    { ...base('late-length'), kind: 'column_length_between', column: 'late', min: 2, max: 2 },
    {
      ...base('late-levels'),
      kind: 'column_distinct_count_between',
      column: 'late',
      min: 4,
      max: 4
    },
    { ...base('word-number'), kind: 'column_type_is', column: 'word', type: 'numeric' }
  ] as Expectation[]
}

let instance: DuckDBInstance
let connection: DuckDBConnection
/** Every statement the validation ran, in order (one run through runAndReadAll is there twice). */
const statements: string[] = []

function watch(c: DuckDBConnection): DuckDBConnection {
  const runAndReadAll = c.runAndReadAll.bind(c)
  const run = c.run.bind(c)
  c.runAndReadAll = (async (sql: string) => {
    statements.push(sql)
    return runAndReadAll(sql)
  }) as typeof c.runAndReadAll
  c.run = (async (sql: string) => {
    statements.push(sql)
    return run(sql)
  }) as typeof c.run
  return c
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:')
  connection = await instance.connect()
})
afterAll(() => instance.closeSync())

async function writeCsv(name: string, select: string): Promise<string> {
  const path = folder.path(name)
  await connection.run(`COPY (${select}) TO ${quoteString(path)} (HEADER, DELIMITER ',')`)
  return path
}

/** runValidate on `path`, as `driftwatch validate` calls it, with a second connection. */
async function validateFile(path: string, suite: Suite = SUITE): Promise<ValidationResult> {
  statements.length = 0
  const lane = watch(await instance.connect())
  try {
    const outcome = await runValidate(
      watch(await instance.connect()),
      { file: path, suite, now: '2024-12-01T00:00:00Z' },
      { isCancelled: () => false, progress: () => undefined, connect: async () => lane }
    )
    return outcome.validation
  } finally {
    lane.closeSync()
  }
}

/** The same suite on the file read into a table first, the way validation read every CSV before. */
async function validateStaged(path: string, suite: Suite = SUITE): Promise<ValidationResult> {
  await connection.run(
    `CREATE OR REPLACE TABLE staged AS SELECT * FROM read_csv(${quoteString(path)})`
  )
  const described = await connection.runAndReadAll('DESCRIBE staged')
  const columns = described.getRowObjectsJson().map((row) => {
    const sqlType = String(row['column_type'])
    return { name: String(row['column_name']), sqlType, kind: kindOfType(sqlType) }
  })
  return validateTable(connection, 'staged', columns, suite, { now: '2024-12-01T00:00:00Z' })
}

const read = (): boolean => statements.some((s) => s.includes('"dw_validate_batch_stage" AS'))

describe('a CSV validated where it lies', () => {
  it('gives the results of the file read into a table, sample rows and row numbers included', async () => {
    const path = await writeCsv('batch.csv', GENERATED)
    const streamed = await validateFile(path)
    expect(read()).toBe(false)
    expect(statements.some((s) => s.includes('__dw_stream_pass'))).toBe(true)
    // The monotonic checks read a copy of their two columns in file order, made once.
    const copies = new Set(statements.filter((s) => s.includes('AS SELECT "up", "i" FROM')))
    expect(copies.size).toBe(1)
    expect(
      statements.filter((s) => /lag\("(up|i)"\)[^]*FROM "__dw_stream_order"/.test(s))
    ).not.toHaveLength(0)
    // The failing checks' sample rows come from one read of the file (but the monotonic one's, which reads
    // each value beside the one before it).
    expect(new Set(statements.filter((s) => s.includes('UNBOUNDED PRECEDING'))).size).toBe(1)
    const staged = await validateStaged(path)
    expect(streamed.rows).toBe(ROWS)
    expect(streamed.status).toBe(staged.status)
    expect(streamed.counts).toEqual(staged.counts)
    expect(streamed.counts.fail).toBeGreaterThanOrEqual(8)
    for (const [i, r] of staged.results.entries()) {
      const { explanation: streamedWords, ...streamedRest } = streamed.results[i] ?? {}
      const { explanation: stagedWords, ...stagedRest } = r
      // The standard deviation is summed in parallel: its last digits may differ between any two runs.
      expectSame(streamedRest, stagedRest, r.id)
      if (r.id !== 'q-std') expect(streamedWords, r.id).toBe(stagedWords)
    }
    // And what they are, from the generator.
    const of = (id: string): ValidationResult['results'][number] | undefined =>
      streamed.results.find((r) => r.id === id)
    for (const id of ['code-set', 'code-regex', 'code-length'])
      expect(of(id)?.unexpectedCount, id).toBe(Math.floor(ROWS / 9))
    expect(of('code-levels')?.observed).toBe(6)
    expect(of('word-unique')?.unexpectedCount).toBe(0)
    // Rows 10 000 to 19 999 end in -1 and four digits.
    expect(of('word-regex')?.unexpectedCount).toBe(10_000)
    expect(of('up-present')?.unexpectedCount).toBe(3)
    // Distinct counts read from a bitmap of the values within the first values' span, and the rest apart.
    for (const c of ['amount', 'grow']) {
      const truth = await connection.runAndReadAll(
        `SELECT count(DISTINCT ${c}) AS d FROM read_csv(${quoteString(path)})`
      )
      expect(of(`${c}-levels`)?.observed, c).toBe(Number(truth.getRowObjectsJson()[0]?.['d']))
    }
    const pass = statements.find((s) => s.includes('__dw_stream_pass') && s.includes('CREATE'))
    expect(pass?.match(/bitstring_agg/g)).toHaveLength(2)
    // The nulls of a column whose order is checked are counted on its ordered copy, not in the pass.
    expect(pass).not.toContain('count_if("up" IS NULL)')
    expect(
      statements.some(
        (s) => s.includes('count_if("up" IS NULL)') && s.includes('__dw_stream_order')
      )
    ).toBe(true)
    // A text column whose first values meet no condition keeps only its distinct values in the pass; one
    // whose later values do meet one is then counted by value in a read of its own.
    expect(pass).toContain('histogram("code")')
    expect(pass).toContain('list(DISTINCT "tier")')
    expect(pass).toContain('list(DISTINCT "late")')
    expect(statements.some((s) => s.includes('GROUP BY "late"'))).toBe(true)
    expect(statements.some((s) => s.includes('GROUP BY "tier"'))).toBe(false)
    for (const id of ['tier-set', 'tier-regex', 'tier-levels'])
      expect(of(id)?.status, id).toBe('pass')
    for (const id of ['late-set', 'late-length']) expect(of(id)?.unexpectedCount, id).toBe(LATE)
    expect(of('late-levels')?.observed).toBe(5)
    expect(of('tier-levels')?.observed).toBe(3)
    // The failing row-level checks show their first offenders in file order.
    const upSorted = streamed.results.find((r) => r.id === 'up-sorted')
    expect(upSorted?.samples?.map((s) => s.row)).toEqual([100001])
    const day = streamed.results.find((r) => r.id === 'day-date')
    expect(day?.samples?.map((s) => s.row)).toEqual([5, 77777, 119999])
  })

  it('reads the file into a table after all when a value late in it does not fit its column type', async () => {
    const path = await writeCsv(
      'misfit.csv',
      `SELECT i, CASE WHEN i = 110000 THEN 'n/a' ELSE CAST(i % 1000 AS VARCHAR) END AS n FROM range(1, ${ROWS + 1}) t(i)`
    )
    const validation = await validateFile(path, {
      version: 1,
      expectations: [
        { ...base('n-number'), kind: 'column_type_is', column: 'n', type: 'numeric' },
        { ...base('i-sorted'), kind: 'column_monotonic', column: 'i', direction: 'increasing' }
      ]
    })
    expect(read()).toBe(true)
    const [number, sorted] = validation.results
    expect(number?.status).toBe('fail')
    expect(number?.observed).toBe('VARCHAR')
    expect(number?.unexpectedCount).toBe(1)
    expect(number?.samples?.map((s) => s.row)).toEqual([110000])
    expect(sorted?.status).toBe('pass')
  })

  it('checks the file where it lies when a value late in it does not fit a column no expectation mentions', async () => {
    const path = await writeCsv(
      'unmentioned.csv',
      `SELECT i, CASE WHEN i = 110000 THEN 'n/a' ELSE CAST(i % 1000 AS VARCHAR) END AS n, i % 5 AS k FROM range(1, ${ROWS + 1}) t(i)`
    )
    const validation = await validateFile(path, {
      version: 1,
      expectations: [
        { ...base('columns'), kind: 'column_set_equals', columns: ['i', 'n', 'k'] },
        { ...base('i-range'), kind: 'column_values_between', column: 'i', min: 1, max: ROWS },
        { ...base('k-bound'), kind: 'row_condition', expression: 'K < 5' }
      ]
    })
    // `n` is parsed, not converted: reading the file into a table would read it as text and go on.
    expect(read()).toBe(false)
    const pass = statements.find((s) => s.includes('AS "__dw_rows"'))
    expect(pass).toContain('count("i")')
    expect(pass).not.toContain('count("n")')
    // A custom expression's columns are converted, whatever the case they are written in.
    expect(pass).toContain('count("k")')
    expect(validation.results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass'])
    expect(validation.rows).toBe(ROWS)
    // COLUMNS(...) may read any column: every one is converted, and `n`'s misfit sends the file to a table.
    const wide = await validateFile(path, {
      version: 1,
      expectations: [
        { ...base('k-bound'), kind: 'row_condition', expression: "COLUMNS('^k$') < 5" }
      ]
    })
    expect(read()).toBe(true)
    expect(wide.results[0]?.status).toBe('pass')
  })

  it('reads the file into a table after all when a value late in a column whose order is checked does not fit', async () => {
    const path = await writeCsv(
      'misfit-order.csv',
      `SELECT i, CASE WHEN i = 110000 THEN 'x' ELSE CAST(i AS VARCHAR) END AS s FROM range(1, ${ROWS + 1}) t(i)`
    )
    const validation = await validateFile(path, {
      version: 1,
      expectations: [
        { ...base('s-present'), kind: 'column_null_share_at_most', column: 's', max: 0 },
        { ...base('s-sorted'), kind: 'column_monotonic', column: 's', direction: 'increasing' }
      ]
    })
    expect(read()).toBe(true)
    const [present, sorted] = validation.results
    expect(present?.status).toBe('pass')
    // Read as text, "100000" sorts before "99999".
    expect(sorted?.status).toBe('fail')
  })

  it('reads a file without rows into a table, and reports it as before', async () => {
    const path = folder.path('empty.csv')
    writeFileSync(path, 'a,b\n')
    const validation = await validateFile(path, {
      version: 1,
      expectations: [
        { ...base('rows'), kind: 'row_count_between', min: 1 },
        { ...base('a-present'), kind: 'column_null_share_at_most', column: 'a', max: 0 }
      ]
    })
    expect(read()).toBe(true)
    expect(validation.rows).toBe(0)
    expect(validation.results.map((r) => r.status)).toEqual(['fail', 'skipped'])
  })

  it('reads the file into a table after all when a custom expression fails on some row, and names it', async () => {
    const path = await writeCsv(
      'custom.csv',
      `SELECT i, CASE WHEN i = 90000 THEN 'x' ELSE CAST(i AS VARCHAR) END AS t FROM range(1, ${ROWS + 1}) t(i)`
    )
    const validation = await validateFile(path, {
      version: 1,
      expectations: [
        { ...base('cast'), kind: 'row_condition', expression: 'CAST(t AS INTEGER) > 0' },
        { ...base('i-range'), kind: 'column_values_between', column: 'i', min: 1, max: ROWS }
      ]
    })
    expect(read()).toBe(true)
    const [cast, range] = validation.results
    expect(cast?.status).toBe('error')
    expect(cast?.explanation).toMatch(/could not be evaluated/)
    expect(range?.status).toBe('pass')
  })
})
