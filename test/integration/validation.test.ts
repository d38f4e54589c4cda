/**
 * Validation engine on real DuckDB and real CSV files: the seed-weather reference passes a suite of every
 * expectation kind; copies written by DuckDB with known rows broken fail each with the right unexpected
 * count, share and sample row numbers; bad expectations are errors that do not stop the rest; an empty
 * table gives results, not a crash; the four seed incidents injected into week1 are each caught.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { kindOfType } from '../../src/main/engine/sources'
import { validateTable } from '../../src/main/engine/validation'
import { quoteString } from '../../src/main/engine/sql'
import type {
  ColumnInfo,
  Expectation,
  ExpectationResult,
  Suite,
  ValidationResult
} from '../../src/shared/model'
import { WEATHER_REFERENCE, weatherWeek } from '../paths'
import { WEATHER_COLUMNS, csvTables, useDuckDB, useTempFolder } from './harness'

const db = useDuckDB()
const folder = useTempFolder('validation')

const { stage, variant } = csvTables(db, folder)

function base(id: string): { id: string; severity: 'error'; enabled: true } {
  return { id, severity: 'error', enabled: true }
}

/** One expectation of every kind; all hold on the untouched reference. */
const REFERENCE_SUITE: Suite = {
  version: 1,
  name: 'weather reference',
  expectations: [
    { ...base('rows'), kind: 'row_count_between', min: 400, max: 500 },
    { ...base('set-equals'), kind: 'column_set_equals', columns: WEATHER_COLUMNS },
    { ...base('set-contains'), kind: 'column_set_contains', columns: ['datetime', 'temp'] },
    { ...base('order'), kind: 'column_order', columns: ['datetime', 'season', 'temp'] },
    { ...base('sum'), kind: 'row_condition', expression: 'casual + registered = "count"' },
    { ...base('temp-exists'), kind: 'column_exists', column: 'temp' },
    { ...base('humidity-type'), kind: 'column_type_is', column: 'humidity', type: 'numeric' },
    { ...base('temp-type'), kind: 'column_type_is', column: 'temp', type: 'DOUBLE' },
    { ...base('humidity-null'), kind: 'column_null_share_at_most', column: 'humidity', max: 0 },
    {
      ...base('datetime-unique'),
      kind: 'column_duplicate_share_at_most',
      column: 'datetime',
      max: 0
    },
    {
      ...base('weather-set'),
      kind: 'column_values_in_set',
      column: 'weather',
      values: [1, 2, 3, 4]
    },
    { ...base('temp-range'), kind: 'column_values_between', column: 'temp', min: 0, max: 45 },
    {
      ...base('datetime-range'),
      kind: 'column_values_between',
      column: 'datetime',
      min: '2011-01-01',
      max: '2011-01-31'
    },
    { ...base('wind-length'), kind: 'column_length_between', column: 'windspeed', min: 1, max: 8 },
    {
      ...base('humidity-digits'),
      kind: 'column_matches_regex',
      column: 'humidity',
      regex: '^[0-9]+$'
    },
    { ...base('humidity-sign'), kind: 'column_not_matches_regex', column: 'humidity', regex: '^-' },
    {
      ...base('weather-distinct'),
      kind: 'column_distinct_count_between',
      column: 'weather',
      min: 3,
      max: 3
    },
    {
      ...base('temp-mean'),
      kind: 'column_statistic_between',
      column: 'temp',
      statistic: 'mean',
      min: 7,
      max: 9
    },
    {
      ...base('temp-std'),
      kind: 'column_statistic_between',
      column: 'temp',
      statistic: 'std',
      max: 4
    },
    {
      ...base('temp-median'),
      kind: 'column_statistic_between',
      column: 'temp',
      statistic: 'median',
      min: 8,
      max: 8.5
    },
    {
      ...base('humidity-q90'),
      kind: 'column_statistic_between',
      column: 'humidity',
      statistic: 'quantile',
      quantile: 0.9,
      min: 85,
      max: 87
    },
    {
      ...base('datetime-increasing'),
      kind: 'column_monotonic',
      column: 'datetime',
      direction: 'increasing',
      strict: true
    },
    {
      ...base('datetime-format'),
      kind: 'column_parseable_as_date',
      column: 'datetime',
      format: '%Y-%m-%d %H:%M:%S'
    },
    { ...base('fresh'), kind: 'column_fresh', column: 'datetime', maxAgeSeconds: 2 * 3600 }
  ]
}

/** Just after the reference's newest hour (2011-01-19 23:00). */
const REFERENCE_NOW = '2011-01-20T00:00:00Z'

function result(validation: ValidationResult, id: string): ExpectationResult {
  const found = validation.results.find((r) => r.id === id)
  if (!found)
    throw new Error(`no result ${id} in ${validation.results.map((r) => r.id).join(', ')}`)
  return found
}

function rowsOf(r: ExpectationResult): number[] {
  return (r.samples ?? []).map((s) => s.row)
}

describe('every expectation kind on the seed-weather reference', () => {
  it('passes on the untouched reference, in one result per expectation', async () => {
    const columns = await stage('reference', WEATHER_REFERENCE)
    const validation = await validateTable(db.connection(), 'reference', columns, REFERENCE_SUITE, {
      now: REFERENCE_NOW
    })
    const notPassing = validation.results.filter((r) => r.status !== 'pass')
    expect(notPassing.map((r) => `${r.id}: ${r.explanation}`)).toEqual([])
    expect(validation.status).toBe('pass')
    expect(validation.rows).toBe(431)
    expect(validation.results).toHaveLength(REFERENCE_SUITE.expectations.length)
    expect(validation.counts).toEqual({ pass: 24, fail: 0, error: 0, skipped: 0 })
    expect(result(validation, 'temp-median').observed).toBe(8.2)
    expect(result(validation, 'humidity-null').unexpectedCount).toBe(0)
  })

  it('fails each row-level kind with the right count, share and sample rows when rows are broken', async () => {
    const columns = await variant(
      'broken',
      WEATHER_REFERENCE,
      [
        'CASE WHEN r IN (5, 17) THEN 99 ELSE temp END AS temp',
        'CASE WHEN r = 8 THEN NULL WHEN r = 60 THEN -5 ELSE humidity END AS humidity',
        'CASE WHEN r = 20 THEN 7 ELSE weather END AS weather',
        'CASE WHEN r = 30 THEN lag(datetime) OVER (ORDER BY r) ELSE datetime END AS datetime',
        'CASE WHEN r = 40 THEN 12.3456789 ELSE windspeed END AS windspeed',
        'CASE WHEN r = 50 THEN casual + 1 ELSE casual END AS casual'
      ].join(', ')
    )
    const validation = await validateTable(db.connection(), 'broken', columns, REFERENCE_SUITE, {
      now: REFERENCE_NOW
    })
    const expectFailure = (id: string, count: number, elements: number, rows: number[]): void => {
      const r = result(validation, id)
      expect(r.status, `${id}: ${r.explanation}`).toBe('fail')
      expect(r.unexpectedCount).toBe(count)
      expect(r.elementCount).toBe(elements)
      expect(r.unexpectedShare).toBeCloseTo(count / elements, 12)
      expect(rowsOf(r)).toEqual(rows)
    }
    expectFailure('temp-range', 2, 431, [5, 17])
    expect(result(validation, 'temp-range').samples?.[0]?.values).toEqual({ temp: 99 })
    expectFailure('humidity-null', 1, 431, [8])
    expectFailure('weather-set', 1, 431, [20])
    expectFailure('datetime-unique', 1, 431, [30])
    expectFailure('datetime-increasing', 1, 431, [30])
    const repeated = result(validation, 'datetime-increasing').samples?.[0]?.values
    expect(repeated?.['datetime']).toMatch(/^2011-01-02 /)
    expect(repeated?.['previous']).toBe(repeated?.['datetime'])
    expectFailure('wind-length', 1, 431, [40])
    expectFailure('sum', 1, 431, [50])
    expect(Object.keys(result(validation, 'sum').samples?.[0]?.values ?? {})).toEqual(
      WEATHER_COLUMNS
    )
    // humidity has 430 non-missing values (row 8 is missing): regexes count among those.
    expectFailure('humidity-digits', 1, 430, [60])
    expectFailure('humidity-sign', 1, 430, [60])
    for (const id of ['weather-distinct', 'temp-mean', 'temp-std']) {
      expect(result(validation, id).status, id).toBe('fail')
    }
    expect(result(validation, 'weather-distinct').observed).toBe(4)
    expect(result(validation, 'temp-std').explanation).toContain('"temp"')
    // Untouched: the schema, the median, the quantile and the format still hold.
    for (const id of ['rows', 'set-equals', 'order', 'humidity-type', 'temp-median', 'fresh']) {
      expect(result(validation, id).status, id).toBe('pass')
    }
    expect(validation.status).toBe('fail')
  })

  it('honours mostly: the same two broken rows pass when 1% may be off', async () => {
    const columns = await variant(
      'mostly',
      WEATHER_REFERENCE,
      'CASE WHEN r IN (5, 17) THEN 99 ELSE temp END AS temp'
    )
    const suite: Suite = {
      version: 1,
      expectations: [
        { ...base('strict'), kind: 'column_values_between', column: 'temp', min: 0, max: 45 },
        {
          ...base('mostly'),
          kind: 'column_values_between',
          column: 'temp',
          min: 0,
          max: 45,
          mostly: 0.99
        }
      ]
    }
    const validation = await validateTable(db.connection(), 'mostly', columns, suite)
    expect(result(validation, 'strict').status).toBe('fail')
    expect(result(validation, 'mostly').status).toBe('pass')
    expect(result(validation, 'mostly').unexpectedCount).toBe(2)
  })

  it('fails date parsing on the rows whose text does not fit the format, and freshness when late', async () => {
    const columns = await variant(
      'dates',
      WEATHER_REFERENCE,
      "CASE WHEN r IN (70, 71) THEN '2011/01/03 22h' ELSE CAST(datetime AS VARCHAR) END AS datetime"
    )
    const suite: Suite = {
      version: 1,
      expectations: REFERENCE_SUITE.expectations.filter((e) => e.id === 'datetime-format')
    }
    const validation = await validateTable(db.connection(), 'dates', columns, suite)
    const r = result(validation, 'datetime-format')
    expect(r.status).toBe('fail')
    expect(r.unexpectedCount).toBe(2)
    expect(rowsOf(r)).toEqual([70, 71])
    expect(r.samples?.[0]?.values).toEqual({ datetime: '2011/01/03 22h' })

    const reference = await stage('reference', WEATHER_REFERENCE)
    const late = await validateTable(
      db.connection(),
      'reference',
      reference,
      {
        version: 1,
        expectations: REFERENCE_SUITE.expectations.filter((e) => e.id === 'fresh')
      },
      { now: '2011-01-25T00:00:00Z' }
    )
    expect(result(late, 'fresh').status).toBe('fail')
    expect(result(late, 'fresh').observed).toBe('2011-01-19 23:00:00')
    expect(result(late, 'fresh').explanation).toContain('"datetime"')
  })

  it('numbers rows the same way over a view as over a staged table', async () => {
    await variant(
      'viewed',
      WEATHER_REFERENCE,
      'CASE WHEN r IN (5, 17) THEN 99 ELSE temp END AS temp'
    )
    await db
      .connection()
      .run(
        `CREATE OR REPLACE VIEW viewed_view AS SELECT * FROM read_csv(${quoteString(folder.path('viewed.csv'))})`
      )
    const columns = await stage('viewed', folder.path('viewed.csv'))
    const suite: Suite = {
      version: 1,
      expectations: REFERENCE_SUITE.expectations.filter((e) => e.id === 'temp-range')
    }
    const overView = await validateTable(db.connection(), 'viewed_view', columns, suite)
    expect(rowsOf(result(overView, 'temp-range'))).toEqual([5, 17])
  })
})

describe('bad expectations and bad data', () => {
  it('gives each bad expectation status error with a sentence, and still runs the rest', async () => {
    const columns = await stage('reference', WEATHER_REFERENCE)
    const suite = {
      version: 1,
      expectations: [
        { ...base('good'), kind: 'column_values_between', column: 'temp', min: 0, max: 45 },
        { ...base('bad-regex'), kind: 'column_matches_regex', column: 'humidity', regex: '[0-9' },
        {
          ...base('bad-bound'),
          kind: 'column_values_between',
          column: 'temp',
          min: 'cold',
          max: 45
        },
        { ...base('no-column'), kind: 'column_null_share_at_most', column: 'pressure', max: 0 },
        { ...base('bad-sql-bind'), kind: 'row_condition', expression: 'pressure > 1' },
        {
          ...base('bad-sql-run'),
          kind: 'row_condition',
          expression: 'CAST(CAST(datetime AS VARCHAR) AS INTEGER) > 0'
        },
        {
          ...base('bad-format'),
          kind: 'column_parseable_as_date',
          column: 'datetime',
          format: '%Q'
        },
        { ...base('bad-type'), kind: 'column_type_is', column: 'temp', type: 'DOUBLE; DROP' },
        { id: 'no-severity', kind: 'column_exists', column: 'temp', enabled: true },
        { ...base('unknown'), kind: 'column_is_lovely', column: 'temp' },
        { ...base('min-over-max'), kind: 'row_count_between', min: 10, max: 1 },
        { ...base('disabled'), kind: 'column_exists', column: 'nope', enabled: false },
        { ...base('good-too'), kind: 'column_null_share_at_most', column: 'humidity', max: 0 }
      ]
    } as unknown as Suite
    const validation = await validateTable(db.connection(), 'reference', columns, suite)
    expect(result(validation, 'good').status).toBe('pass')
    expect(result(validation, 'good-too').status).toBe('pass')
    const messages: Record<string, string> = {
      'bad-regex': 'missing ]',
      'bad-bound': 'needs numbers as bounds',
      'no-column': 'no column "pressure"',
      'bad-sql-bind': 'pressure',
      'bad-sql-run': 'Could not convert',
      'bad-format': '%Q',
      'bad-type': 'DOUBLE; DROP',
      'no-severity': 'severity must be',
      unknown: '"column_is_lovely" is not a kind',
      'min-over-max': 'min (10) is greater than max (1)'
    }
    for (const [id, words] of Object.entries(messages)) {
      const r = result(validation, id)
      expect(r.status, id).toBe('error')
      expect(r.explanation, id).toContain(words)
    }
    expect(result(validation, 'disabled').status).toBe('skipped')
    expect(validation.counts).toEqual({ pass: 2, fail: 0, error: 10, skipped: 1 })
    expect(validation.status).toBe('error')
  })

  it('an empty dataset gives clear results, not a crash', async () => {
    await db.connection().run(`CREATE OR REPLACE TABLE empty AS SELECT * FROM reference LIMIT 0`)
    const columns = await stage('reference', WEATHER_REFERENCE)
    const validation = await validateTable(db.connection(), 'empty', columns, REFERENCE_SUITE, {
      now: REFERENCE_NOW
    })
    expect(validation.rows).toBe(0)
    expect(result(validation, 'rows').status).toBe('fail')
    expect(result(validation, 'rows').explanation).toBe(
      'The table has 0 rows; expected row count between 400 and 500.'
    )
    expect(result(validation, 'set-equals').status).toBe('pass')
    for (const id of ['temp-range', 'humidity-null', 'temp-mean', 'fresh', 'datetime-unique']) {
      expect(result(validation, id).status, id).toBe('skipped')
      expect(result(validation, id).explanation, id).toContain('no rows')
    }
    expect(validation.status).toBe('fail')
  })
})

describe('the four seed incidents injected into week1', () => {
  const week1 = weatherWeek(1)
  const incidentSuite: Suite = {
    version: 1,
    expectations: [
      { ...base('workingday-exists'), kind: 'column_exists', column: 'workingday' },
      { ...base('humidity-numeric'), kind: 'column_type_is', column: 'humidity', type: 'numeric' },
      {
        ...base('casual-range'),
        kind: 'column_values_between',
        column: 'casual',
        min: 0,
        max: 1000
      },
      {
        ...base('windspeed-null'),
        kind: 'column_null_share_at_most',
        column: 'windspeed',
        max: 0.1
      }
    ] satisfies Expectation[]
  }

  it('week1 as delivered passes the incident suite', async () => {
    const columns = await stage('week1', week1)
    const validation = await validateTable(db.connection(), 'week1', columns, incidentSuite)
    expect(validation.results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass'])
  })

  it('a renamed column is missing, with the similar new name suggested', async () => {
    const columns = await variant('renamed', week1, '', 'workingday AS working_day')
    const validation = await validateTable(db.connection(), 'renamed', columns, incidentSuite)
    const r = result(validation, 'workingday-exists')
    expect(r.status).toBe('fail')
    expect(r.explanation).toBe(
      'Column "workingday" is missing ("working_day" may be "workingday" renamed).'
    )
  })

  it('a numeric column arriving as text like "64 %" reports the values that do not convert', async () => {
    const columns = await variant('texted', week1, "CAST(humidity AS VARCHAR) || ' %' AS humidity")
    expect(columns.find((c) => c.name === 'humidity')?.sqlType).toBe('VARCHAR')
    const validation = await validateTable(db.connection(), 'texted', columns, incidentSuite)
    const r = result(validation, 'humidity-numeric')
    expect(r.status).toBe('fail')
    expect(r.observed).toBe('VARCHAR')
    expect(r.unexpectedCount).toBe(165)
    expect(r.unexpectedShare).toBe(1)
    expect(rowsOf(r)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(r.samples?.[0]?.values).toEqual({ humidity: '64 %' })
    expect(r.explanation).toBe(
      'Column "humidity" arrived as VARCHAR instead of numeric: 165 of 165 values (100%) do not convert to DOUBLE.'
    )
  })

  it('prices of 999999999 are out of range, on the rows that have them', async () => {
    const columns = await variant(
      'corrupt',
      week1,
      'CASE WHEN r IN (3, 77) THEN 999999999 ELSE casual END AS casual'
    )
    const validation = await validateTable(db.connection(), 'corrupt', columns, incidentSuite)
    const r = result(validation, 'casual-range')
    expect(r.status).toBe('fail')
    expect(r.unexpectedCount).toBe(2)
    expect(r.unexpectedShare).toBeCloseTo(2 / 165, 12)
    expect(rowsOf(r)).toEqual([3, 77])
    expect(r.samples?.map((s) => s.values['casual'])).toEqual([999999999, 999999999])
    expect(r.explanation).toContain('Column "casual" has 2 values outside 0 and 1000')
  })

  it('80% of a column missing breaks its null share', async () => {
    const columns = await variant(
      'nulled',
      week1,
      'CASE WHEN r % 5 <> 0 THEN NULL ELSE windspeed END AS windspeed'
    )
    const validation = await validateTable(db.connection(), 'nulled', columns, incidentSuite)
    const r = result(validation, 'windspeed-null')
    expect(r.status).toBe('fail')
    expect(r.unexpectedCount).toBe(132)
    expect(r.observed).toBeCloseTo(0.8, 12)
    expect(rowsOf(r)).toEqual([
      1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19, 21, 22, 23, 24
    ])
    expect(r.explanation).toBe(
      'Column "windspeed" is missing in 132 of 165 rows (80.0%), more than the 10.0% allowed.'
    )
  })
})

describe('row order over many row groups, on a Parquet view and on a table', () => {
  const ROWS = 300_000
  // `up` rises with the row number, missing every 50 000th row; row 200 001 drops to 5, one break in the
  // order, measured against row 199 999 (row 200 000 is missing). `code` is 'bad' on three rows far apart.
  // `repeats` repeats and is missing on every 7th row.
  const GENERATED = `SELECT i,
      CASE WHEN i % 50000 = 0 THEN NULL WHEN i = 200001 THEN 5 ELSE i END AS up,
      CASE WHEN i IN (7, 123457, 250001) THEN 'bad' ELSE 'ok' END AS code,
      CASE WHEN i % 7 = 0 THEN NULL ELSE i % 100000 END AS repeats
    FROM range(1, ${ROWS + 1}) t(i)`
  const suite: Suite = {
    version: 1,
    expectations: [
      { ...base('i-order'), kind: 'column_monotonic', column: 'i', direction: 'increasing' },
      { ...base('up-order'), kind: 'column_monotonic', column: 'up', direction: 'increasing' },
      { ...base('code-regex'), kind: 'column_matches_regex', column: 'code', regex: '^ok$' },
      { ...base('code-set'), kind: 'column_values_in_set', column: 'code', values: ['ok'] },
      {
        ...base('repeats-distinct'),
        kind: 'column_distinct_count_between',
        column: 'repeats',
        min: 0
      },
      {
        ...base('repeats-share'),
        kind: 'column_duplicate_share_at_most',
        column: 'repeats',
        max: 1
      }
    ]
  }

  async function columnsOf(
    relation: string,
    connection: DuckDBConnection = db.connection()
  ): Promise<ColumnInfo[]> {
    const described = await connection.runAndReadAll(`DESCRIBE ${relation}`)
    return described.getRowObjectsJson().map((row) => {
      const sqlType = String(row['column_type'])
      return { name: String(row['column_name']), sqlType, kind: kindOfType(sqlType) }
    })
  }

  async function validateBoth(): Promise<[ValidationResult, ValidationResult]> {
    const path = folder.path('ordered.parquet')
    const connection = db.connection()
    await connection.run(
      `COPY (${GENERATED}) TO ${quoteString(path)} (FORMAT parquet, ROW_GROUP_SIZE 50000)`
    )
    await connection.run(
      `CREATE OR REPLACE VIEW ordered_view AS SELECT * FROM read_parquet(${quoteString(path)})`
    )
    await connection.run('CREATE OR REPLACE TABLE ordered_table AS SELECT * FROM ordered_view')
    return [
      await validateTable(connection, 'ordered_view', await columnsOf('ordered_view'), suite, {
        now: REFERENCE_NOW
      }),
      await validateTable(connection, 'ordered_table', await columnsOf('ordered_table'), suite, {
        now: REFERENCE_NOW
      })
    ]
  }

  it('finds the same breaks, offenders and counts on both, the first offenders in row order', async () => {
    const [view, table] = await validateBoth()
    const [oracle] = (
      await db
        .connection()
        .runAndReadAll(
          'SELECT count(repeats) AS n, count(DISTINCT repeats) AS d FROM ordered_table'
        )
    ).getRowObjectsJson()
    const distinct = Number(oracle?.['d'])
    const present = Number(oracle?.['n'])
    for (const validation of [view, table]) {
      expect(result(validation, 'i-order').status).toBe('pass')
      const up = result(validation, 'up-order')
      expect(up.status).toBe('fail')
      expect(up.unexpectedCount).toBe(1)
      expect(up.elementCount).toBe(ROWS - ROWS / 50000)
      expect(up.samples).toEqual([{ row: 200001, values: { up: 5, previous: 199999 } }])
      for (const id of ['code-regex', 'code-set']) {
        expect(result(validation, id).unexpectedCount).toBe(3)
        expect(rowsOf(result(validation, id))).toEqual([7, 123457, 250001])
      }
      expect(result(validation, 'repeats-distinct').observed).toBe(distinct)
      const share = result(validation, 'repeats-share')
      expect(share.elementCount).toBe(present)
      expect(share.unexpectedCount).toBe(present - distinct)
    }
    const withoutTimes = (v: ValidationResult): unknown => ({ ...v, durations: null })
    expect(withoutTimes(view)).toEqual(withoutTimes(table))
  })

  it('gives the same result when its queries run two at a time on a second connection', async () => {
    const [, table] = await validateBoth()
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    const opened: DuckDBConnection[] = []
    try {
      await connection.run(
        `CREATE TABLE ordered_table AS SELECT * FROM read_parquet(${quoteString(folder.path('ordered.parquet'))})`
      )
      const columns = await columnsOf('ordered_table', connection)
      const connect = async (): Promise<DuckDBConnection> => {
        opened.push(await instance.connect())
        return opened[opened.length - 1] as DuckDBConnection
      }
      const twoLanes = await validateTable(connection, 'ordered_table', columns, suite, {
        now: REFERENCE_NOW,
        connect
      })
      expect(opened).toHaveLength(1)
      const withoutTimes = (v: ValidationResult): unknown => ({ ...v, durations: null })
      expect(withoutTimes(twoLanes)).toEqual(withoutTimes(table))
    } finally {
      for (const extra of opened) extra.closeSync()
      connection.closeSync()
      instance.closeSync()
    }
  })
})
