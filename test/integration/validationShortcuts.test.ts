/**
 * The ways validation saves work give the same answers as the plain queries, on real DuckDB: conditions on a
 * text column with few values checked once per distinct value (and row by row on one with many), distinct
 * counts read from a bitmap of the values (and grouped when the values do not fit one), and medians and
 * quantiles read from the values near their bounds (and over every value when they lie elsewhere). Each
 * case checks the observed value against DuckDB's own `count(DISTINCT ...)` or `quantile_cont`, to the
 * digit, and checks from the statements run that the way meant for it was taken.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { beforeAll, describe, expect, it } from 'vitest'
import { kindOfType } from '../../src/main/engine/sources'
import { readsNoValues, validateTable } from '../../src/main/engine/validation'
import type {
  ColumnInfo,
  Expectation,
  ExpectationResult,
  ValidationResult
} from '../../src/shared/model'
import { useDuckDB, useTempFolder } from './harness'

const db = useDuckDB()
const temp = useTempFolder('shortcuts')

const ROWS = 100_000

/**
 * 100 000 rows past the 65 536 validation looks at first. `h` is a pseudo-random integer per row.
 * - `id`: unique integers; `amount`: two decimals, negative and positive; `ratio`: thirds, never a short
 *   decimal; `late`: whole numbers until row 80 000, then halves; `odd`: NaN, infinities and NULLs among
 *   whole numbers; `wide`: integers spread over 2^40, too wide a range for a bitmap.
 * - `word`: a new text value on every row, 0.5% of them not matching `^w[0-9]+$`; `code`: eight levels,
 *   one of them (`zz-9`, 1/8 of the rows) outside the set, the pattern and the length.
 * - `q`: a skewed spread of long fractions with ties, NULL on every 11th row.
 */
const GENERATED = `
  WITH base AS (SELECT i, CAST(hash(i * 7919) % 1000003 AS BIGINT) AS h FROM range(1, ${ROWS + 1}) t(i))
  SELECT i,
    i AS id,
    CAST((h % 200001 - 100000) / 100 AS DOUBLE) AS amount,
    CAST(h AS DOUBLE) / 3 AS ratio,
    CASE WHEN i <= 80000 THEN CAST(h % 5000 AS DOUBLE) ELSE CAST(h % 5000 AS DOUBLE) + 0.5 END AS late,
    CASE WHEN i % 997 = 0 THEN 'NaN'::DOUBLE WHEN i % 991 = 0 THEN 'Infinity'::DOUBLE
         WHEN i % 983 = 0 THEN NULL ELSE CAST(h % 300 AS DOUBLE) END AS odd,
    CAST(h AS BIGINT) * 1099511 AS wide,
    CASE WHEN i % 200 = 0 THEN 'x' || i ELSE 'w' || i END AS word,
    CASE h % 8 WHEN 0 THEN 'zz-9' ELSE 'c' || (h % 8) END AS code,
    CASE WHEN i % 11 = 0 THEN NULL ELSE pow(CAST(h AS DOUBLE) / 1000003, 3) * 500 / 3 END AS q
  FROM base ORDER BY i`

let connection: DuckDBConnection
let columns: ColumnInfo[]
/** Every statement validation ran, in order. */
const statements: string[] = []

beforeAll(async () => {
  connection = db.connection()
  await connection.run(`CREATE TABLE shortcuts AS ${GENERATED}`)
  const described = await connection.runAndReadAll('DESCRIBE shortcuts')
  columns = described.getRowObjectsJson().map((row) => {
    const sqlType = String(row['column_type'])
    return { name: String(row['column_name']), sqlType, kind: kindOfType(sqlType) }
  })
  // Watch the statements (the connection itself runs them, unchanged).
  const run = connection.runAndReadAll.bind(connection)
  connection.runAndReadAll = (async (sql: string) => {
    statements.push(sql)
    return run(sql)
  }) as typeof connection.runAndReadAll
})

function base(id: string): { id: string; severity: 'error'; enabled: true } {
  return { id, severity: 'error', enabled: true }
}

/** A range of numbers on `column`; an absent bound is left open. */
function between(id: string, column: string, min?: number, max?: number): Expectation {
  return {
    ...base(id),
    kind: 'column_values_between',
    column,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max })
  }
}

async function scalar(sql: string): Promise<unknown> {
  const result = await connection.runAndReadAll(sql)
  return Object.values(result.getRowObjectsJson()[0] ?? {})[0]
}

async function validate(expectations: Expectation[]): Promise<ValidationResult> {
  statements.length = 0
  return validateTable(connection, 'shortcuts', columns, { version: 1, expectations })
}

function result(validation: ValidationResult, id: string): ExpectationResult {
  const found = validation.results.find((r) => r.id === id)
  if (!found) throw new Error(`no result for ${id}`)
  return found
}

/** Statements that name `column` and contain `text`. */
function ran(column: string, text: string): string[] {
  return statements.filter((s) => s.includes(`"${column}"`) && s.includes(text))
}

describe('distinct counts and duplicate shares', () => {
  const NUMERIC = ['id', 'amount', 'ratio', 'late', 'odd', 'wide'] as const

  it('match count(DISTINCT ...) on every numeric column, by bitmap where the values fit one', async () => {
    const validation = await validate(
      NUMERIC.flatMap((c) => [
        { ...base(`${c}-distinct`), kind: 'column_distinct_count_between', column: c, min: 0 },
        { ...base(`${c}-repeats`), kind: 'column_duplicate_share_at_most', column: c, max: 1 }
      ])
    )
    for (const c of NUMERIC) {
      const distinct = Number(await scalar(`SELECT count(DISTINCT "${c}") FROM shortcuts`))
      const present = Number(await scalar(`SELECT count("${c}") FROM shortcuts`))
      expect(result(validation, `${c}-distinct`).observed, c).toBe(distinct)
      const repeats = result(validation, `${c}-repeats`)
      expect(repeats.unexpectedCount, c).toBe(present - distinct)
      expect(repeats.elementCount, c).toBe(present)
      expect(repeats.status, c).toBe('pass')
    }
    // Integers and two-decimal amounts fit a bitmap; nothing else is grouped for them.
    for (const c of ['id', 'amount']) {
      expect(ran(c, 'bitstring_agg'), c).toHaveLength(1)
      expect(ran(c, 'GROUP BY'), c).toHaveLength(0)
    }
    // Thirds and non-finite values never get a bitmap; halves after the first rows and a range of 2^40
    // keys are grouped after all.
    for (const c of ['ratio', 'odd', 'wide']) expect(ran(c, 'bitstring_agg'), c).toHaveLength(0)
    expect(ran('late', 'bitstring_agg')).toHaveLength(1)
    for (const c of ['ratio', 'late', 'odd', 'wide']) expect(ran(c, 'GROUP BY'), c).toHaveLength(1)
  })

  it('fails a duplicate share by the same count either way', async () => {
    const validation = await validate([
      {
        ...base('amount-unique'),
        kind: 'column_duplicate_share_at_most',
        column: 'amount',
        max: 0
      },
      { ...base('late-unique'), kind: 'column_duplicate_share_at_most', column: 'late', max: 0 }
    ])
    for (const c of ['amount', 'late']) {
      const r = result(validation, `${c}-unique`)
      const repeats = Number(
        await scalar(`SELECT count("${c}") - count(DISTINCT "${c}") FROM shortcuts`)
      )
      expect(r.status, c).toBe('fail')
      expect(r.unexpectedCount, c).toBe(repeats)
      expect(r.samples?.length, c).toBe(20)
    }
  })
})

describe('conditions on text values', () => {
  it('count the same offenders on a text column with few values (grouped) and many (row by row)', async () => {
    const validation = await validate([
      {
        ...base('code-set'),
        kind: 'column_values_in_set',
        column: 'code',
        values: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']
      },
      { ...base('code-regex'), kind: 'column_matches_regex', column: 'code', regex: '^c[0-9]$' },
      { ...base('code-length'), kind: 'column_length_between', column: 'code', min: 2, max: 2 },
      { ...base('word-regex'), kind: 'column_matches_regex', column: 'word', regex: '^w[0-9]+$' },
      { ...base('word-type'), kind: 'column_type_is', column: 'word', type: 'numeric' }
    ])
    const zz = Number(await scalar(`SELECT count(*) FROM shortcuts WHERE code = 'zz-9'`))
    expect(zz).toBeGreaterThan(ROWS / 10)
    for (const id of ['code-set', 'code-regex', 'code-length']) {
      const r = result(validation, id)
      expect(r.unexpectedCount, id).toBe(zz)
      expect(r.elementCount, id).toBe(ROWS)
      // The first offenders in row order, found by the same condition.
      const first = await connection.runAndReadAll(
        `SELECT i FROM shortcuts WHERE code = 'zz-9' ORDER BY i LIMIT 20`
      )
      expect(
        r.samples?.map((s) => s.row),
        id
      ).toEqual(first.getRowObjectsJson().map((row) => Number(row['i'])))
    }
    expect(result(validation, 'word-regex').unexpectedCount).toBe(ROWS / 200)
    expect(result(validation, 'word-type').unexpectedCount).toBe(ROWS)
    expect(ran('code', 'GROUP BY "code"')).toHaveLength(1)
    expect(ran('word', 'GROUP BY')).toHaveLength(0)
  })
})

describe('ranges of numbers', () => {
  it('count offenders only when the smallest or largest value lies outside the bounds', async () => {
    const validation = await validate([
      between('amount-wide', 'amount', -1001),
      between('amount-narrow', 'amount', -500, 500),
      between('odd-range', 'odd', 0, 299)
    ])
    const outside = async (where: string): Promise<number> =>
      Number(await scalar(`SELECT count(*) FROM shortcuts WHERE ${where}`))
    expect(result(validation, 'amount-wide').unexpectedCount).toBe(0)
    expect(result(validation, 'amount-narrow').unexpectedCount).toBe(
      await outside('amount < -500 OR amount > 500')
    )
    // NaN sorts above every number and infinities lie outside: counted as DuckDB compares them.
    expect(result(validation, 'odd-range').unexpectedCount).toBe(
      await outside('odd < 0 OR odd > 299')
    )
    expect(result(validation, 'odd-range').unexpectedCount).toBeGreaterThan(0)
    expect(result(validation, 'amount-narrow').samples?.length).toBe(20)
    // Offenders were counted for the two that fail, in a query each, those below and those above apart;
    // never for the one that holds.
    const counts = statements.filter((s) => /count_if\("(amount|odd)" [<>]/.test(s))
    expect(counts).toHaveLength(2)
    expect(counts.some((s) => s.includes('-1001'))).toBe(false)
    expect(counts.every((s) => /count_if\("\w+" < .*\) \+ count_if\("\w+" > /.test(s))).toBe(true)
  })

  it('count a value once, below a lower bound or above an upper one', async () => {
    const validation = await validate([
      between('odd-above', 'odd', undefined, 100),
      between('odd-below', 'odd', 100),
      between('odd-both', 'odd', 100, 100)
    ])
    const outside = async (where: string): Promise<number> =>
      Number(await scalar(`SELECT count(*) FROM shortcuts WHERE ${where}`))
    // NaN lies above every number: outside an upper bound, never below a lower one.
    expect(result(validation, 'odd-above').unexpectedCount).toBe(await outside('odd > 100'))
    expect(result(validation, 'odd-below').unexpectedCount).toBe(await outside('odd < 100'))
    expect(result(validation, 'odd-both').unexpectedCount).toBe(
      await outside("odd <> 100 OR odd = 'NaN'::DOUBLE")
    )
    expect(result(validation, 'odd-both').unexpectedCount).toBe(
      (result(validation, 'odd-above').unexpectedCount ?? 0) +
        (result(validation, 'odd-below').unexpectedCount ?? 0)
    )
  })
})

describe('ranges of numbers on a Parquet file', () => {
  const ranges: Expectation[] = [
    between('amount-wide', 'amount', -1001),
    between('amount-narrow', 'amount', -500, 500),
    between('id-range', 'id', 1, ROWS),
    between('id-short', 'id', undefined, ROWS - 10),
    between('q-range', 'q', 0, 167)
  ]

  async function onParquet(expectations: Expectation[]): Promise<ValidationResult> {
    const file = temp.path('shortcuts.parquet').replace(/'/g, "''")
    await connection.run(`COPY shortcuts TO '${file}' (FORMAT parquet)`)
    await connection.run(
      `CREATE OR REPLACE VIEW shortcuts_file AS SELECT * FROM read_parquet('${file}')`
    )
    statements.length = 0
    return validateTable(connection, 'shortcuts_file', columns, { version: 1, expectations })
  }

  it("are answered from the file's statistics, with the counts a table gives", async () => {
    const fromTable = await validate(ranges)
    const fromFile = await onParquet(ranges)
    for (const e of ranges) {
      const [table, file] = [result(fromTable, e.id), result(fromFile, e.id)]
      expect([e.id, file.status, file.unexpectedCount, file.observed]).toEqual([
        e.id,
        table.status,
        table.unexpectedCount,
        table.observed
      ])
    }
    expect(result(fromFile, 'amount-narrow').unexpectedCount).toBeGreaterThan(0)
    expect(result(fromFile, 'id-short').unexpectedCount).toBe(10)
    // The extremes came from one query DuckDB answered without reading a value; the offenders of the two
    // ranges they break were counted in a query each, and nothing else read the extremes.
    const explained = statements.filter((s) => s.startsWith('EXPLAIN '))
    expect(explained).toHaveLength(1)
    const extents = (explained[0] as string).slice('EXPLAIN '.length)
    expect(statements.filter((s) => s === extents)).toHaveLength(1)
    const read = statements.filter((s) => !s.startsWith('EXPLAIN '))
    expect(read.filter((s) => /min\("(amount|id|q)"\)/.test(s))).toEqual([extents])
    const counts = statements.filter((s) => /count_if\("(amount|id|q)" [<>]/.test(s))
    expect(counts).toHaveLength(2)
  })

  it('are computed from the values where the statistics cannot answer (NaN, infinities), as on a table', async () => {
    const odd: Expectation[] = [...ranges, between('odd-range', 'odd', 0, 299)]
    const fromTable = await validate(odd)
    const fromFile = await onParquet(odd)
    for (const e of odd) {
      expect([e.id, result(fromFile, e.id).unexpectedCount]).toEqual([
        e.id,
        result(fromTable, e.id).unexpectedCount
      ])
    }
    expect(result(fromFile, 'odd-range').unexpectedCount).toBeGreaterThan(0)
    // DuckDB would read `odd` for its extremes, so the shared query computes them all, as on a table.
    const read = statements.filter((s) => !s.startsWith('EXPLAIN '))
    expect(read.some((s) => s.includes('max("odd")') && s.includes('min("amount")'))).toBe(true)
  })

  it("tell a plan that reads no values from one that scans, by DuckDB's own EXPLAIN", async () => {
    const explain = async (sql: string): Promise<string> =>
      (await connection.runAndReadAll(`EXPLAIN ${sql}`))
        .getRowObjectsJson()
        .map((r) => String(r['explain_value']))
        .join('\n')
    await onParquet([])
    expect(
      readsNoValues(await explain('SELECT min(id), max(id), count(amount) FROM shortcuts_file'))
    ).toBe(true)
    expect(readsNoValues(await explain('SELECT min(id), max(id) FROM shortcuts'))).toBe(false)
    expect(readsNoValues(await explain('SELECT sum(id) FROM shortcuts_file'))).toBe(false)
    expect(readsNoValues('')).toBe(false)
  })
})

describe('medians and quantiles between bounds', () => {
  async function truth(q: number): Promise<number> {
    return Number(await scalar(`SELECT quantile_cont(q, ${q}) FROM shortcuts`))
  }
  /** The two values quantile_cont interpolates between for `q`. */
  async function neighbours(q: number): Promise<[number, number]> {
    const n = Number(await scalar('SELECT count(q) FROM shortcuts'))
    const h = (n - 1) * q
    const at = async (rank: number): Promise<number> =>
      Number(
        await scalar(
          `SELECT q FROM shortcuts WHERE q IS NOT NULL ORDER BY q LIMIT 1 OFFSET ${rank}`
        )
      )
    return [await at(Math.floor(h)), await at(Math.ceil(h))]
  }
  function statistic(id: string, q: number, min: number, max: number): Expectation {
    return {
      ...base(id),
      kind: 'column_statistic_between',
      column: 'q',
      statistic: q === 0.5 ? 'median' : 'quantile',
      ...(q === 0.5 ? {} : { quantile: q }),
      min,
      max
    }
  }

  it('equal quantile_cont to the digit, inside narrow bounds and next to them', async () => {
    const quantiles = [0.1, 0.37, 0.5, 0.9, 0.999]
    const expectations: Expectation[] = []
    for (const q of quantiles) {
      const value = await truth(q)
      const [low, high] = await neighbours(q)
      expectations.push(statistic(`inside-${q}`, q, value - 2, value + 2))
      // The lower neighbour below the lower bound, the upper one above the upper bound.
      const gap = (high - low) / 4
      if (low < high) expectations.push(statistic(`edges-${q}`, q, low + gap, high - gap))
    }
    const validation = await validate(expectations)
    for (const e of expectations) {
      const q = Number(e.id.split('-')[1])
      const r = result(validation, e.id)
      expect(r.observed, e.id).toBe(await truth(q))
      if (e.id.startsWith('inside')) expect(r.status, e.id).toBe('pass')
    }
    // Read near the bounds: no quantile_cont over the column; one sorted read of the values between the
    // bounds when the quantile lies inside them, the nearest value on either side when it straddles them.
    const inside = expectations.filter((e) => e.id.startsWith('inside')).length
    expect(ran('q', 'quantile_cont')).toHaveLength(0)
    expect(statements.filter((s) => s.includes('ORDER BY v LIMIT'))).toHaveLength(inside)
    expect(statements.filter((s) => /^SELECT (max|min)\(CAST\("q"/.test(s))).toHaveLength(
      2 * (expectations.length - inside)
    )
  })

  it('fall back to all the values when the quantile lies outside its bounds or the bounds hold too much', async () => {
    const median = await truth(0.5)
    const validation = await validate([
      statistic('outside', 0.5, median + 10, median + 20),
      statistic('wide', 0.9, -1, 1000)
    ])
    expect(result(validation, 'outside').observed).toBe(median)
    expect(result(validation, 'outside').status).toBe('fail')
    expect(result(validation, 'wide').observed).toBe(await truth(0.9))
    expect(result(validation, 'wide').status).toBe('pass')
    // Read from the buckets of the column's extent that hold them (q has many values and NULLs, no NaN):
    // one grouping into buckets each, no quantile_cont.
    expect(ran('q', 'quantile_cont')).toHaveLength(0)
    expect(ran('q', 'GROUP BY b')).toHaveLength(2)
  })

  it("equal quantile_cont to the digit when read off a column's counts, NaN and infinities included", async () => {
    const oddTruth = async (q: number): Promise<number> =>
      Number(await scalar(`SELECT quantile_cont(CAST(odd AS DOUBLE), ${q}) FROM shortcuts`))
    const on = (id: string, column: string, q: number, bounds: { min?: number; max?: number }) =>
      ({
        ...base(id),
        kind: 'column_statistic_between',
        column,
        statistic: q === 0.5 ? 'median' : 'quantile',
        ...(q === 0.5 ? {} : { quantile: q }),
        ...bounds
      }) as Expectation
    const quantiles = [0.001, 0.1, 0.37, 0.5, 0.9, 0.999, 1]
    const expectations = [
      // `odd` has some 300 values (and NaN, infinities, NULLs): grouped, whatever the bounds.
      ...quantiles.map((q) => on(`odd-${q}`, 'odd', q, { min: -1, max: 1000 })),
      on('odd-min-only', 'odd', 0.5, { min: 0 }),
      // `amount` has a new value on most rows: read from the buckets that hold it.
      on('amount-0.5', 'amount', 0.5, { min: -2000, max: 2000 })
    ]
    const validation = await validate(expectations)
    for (const q of quantiles)
      expect(result(validation, `odd-${q}`).observed, String(q)).toBe(await oddTruth(q))
    // The top value is NaN, which sorts above every number in both.
    expect(result(validation, 'odd-1').observed).toBeNaN()
    expect(result(validation, 'odd-min-only').observed).toBe(await oddTruth(0.5))
    expect(result(validation, 'amount-0.5').observed).toBe(
      Number(await scalar('SELECT quantile_cont(amount, 0.5) FROM shortcuts'))
    )
    expect(ran('odd', 'quantile_cont')).toHaveLength(0)
    expect(statements.filter((s) => s.includes('GROUP BY v') && s.includes('"odd"'))).toHaveLength(
      quantiles.length + 1
    )
    expect(ran('amount', 'GROUP BY b')).toHaveLength(1)
    expect(ran('amount', 'quantile_cont')).toHaveLength(0)
  })

  it('equal quantile_cont to the digit in a CSV validated where it lies, kept near their bounds in its one pass', async () => {
    const file = temp.path('shortcuts.csv').replace(/'/g, "''")
    await connection.run(`COPY shortcuts TO '${file}' (HEADER, DELIMITER ',')`)
    await connection.run(
      `CREATE OR REPLACE VIEW shortcuts_csv AS SELECT * FROM read_csv('${file}')`
    )
    const described = await connection.runAndReadAll('DESCRIBE shortcuts_csv')
    const csvColumns = described.getRowObjectsJson().map((row) => {
      const sqlType = String(row['column_type'])
      return { name: String(row['column_name']), sqlType, kind: kindOfType(sqlType) }
    })
    const median = await truth(0.5)
    const expectations: Expectation[] = []
    for (const q of [0.1, 0.5, 0.9, 0.999]) {
      const value = await truth(q)
      const [low, high] = await neighbours(q)
      expectations.push(statistic(`inside-${q}`, q, value - 2, value + 2))
      const gap = (high - low) / 4
      if (low < high) expectations.push(statistic(`edges-${q}`, q, low + gap, high - gap))
    }
    expectations.push(statistic('outside-0.5', 0.5, median + 10, median + 20))
    const tenth = await truth(0.1)
    expectations.push(statistic('broad-0.1', 0.1, tenth - 10, tenth + 10))
    expectations.push(statistic('wide-0.9', 0.9, -1, 1000))
    statements.length = 0
    const validation = await validateTable(
      connection,
      'shortcuts_csv',
      csvColumns,
      { version: 1, expectations },
      { streamed: true }
    )
    for (const e of expectations) {
      const q = Number(e.id.split('-')[1])
      expect(result(validation, e.id).observed, e.id).toBe(await truth(q))
    }
    expect(result(validation, 'inside-0.5').status).toBe('pass')
    expect(result(validation, 'outside-0.5').status).toBe('fail')
    // The pass kept the values between the bounds of the quantiles whose first values mostly lie outside
    // them (a 0.1 quantile's ±10 holds 40% of them, more than a quarter: computed over every value), and
    // each quantile found there was read from the sorted list kept.
    const excluded = statements.find((s) => s.includes('EXCLUDE') && s.includes('__dw_stream_pass'))
    const kept = [...(excluded ?? '').matchAll(/"(p\d+)_band_values"/g)].map((m) => m[1])
    const indexOf = (id: string): string => `p${expectations.findIndex((e) => e.id === id)}`
    expect(kept).toContain(indexOf('inside-0.5'))
    expect(kept).toContain(indexOf('inside-0.999'))
    expect(kept).toContain(indexOf('outside-0.5'))
    expect(kept).not.toContain(indexOf('broad-0.1'))
    expect(kept).not.toContain(indexOf('wide-0.9'))
    const sorted = statements.filter((s) => s.includes('list_sort('))
    expect(sorted.some((s) => s.includes(`${indexOf('inside-0.5')}_band_values`))).toBe(true)
    // Where the quantile lay outside the values kept, it was computed over every value, in a read of its
    // own: the median outside its bounds, and each quantile straddling them.
    const alone = statements.filter((s) => /^SELECT quantile_cont\(CAST\("q"/.test(s))
    expect(alone.some((s) => s.includes(`"${indexOf('outside-0.5')}_value"`))).toBe(true)
    expect(alone.every((s) => !s.includes('__dw_rows'))).toBe(true)
    for (const id of kept.map((k) => expectations[Number(k?.slice(1))]?.id ?? ''))
      expect(
        sorted.some((s) => s.includes(`${indexOf(id)}_band_values`)) ||
          alone.some((s) => s.includes(`"${indexOf(id)}_value"`)),
        id
      ).toBe(true)
  })

  it('keep every value of a column with many values and a NaN, which the buckets cannot place', async () => {
    await connection.run(
      `CREATE OR REPLACE TABLE many_nan AS SELECT CASE WHEN i = 5000 THEN 'NaN'::DOUBLE ELSE i / 7 END AS q FROM range(100000) t(i)`
    )
    const expectations = [statistic('top', 1, -1, 1e9), statistic('middle', 0.5, -1, 1e9)]
    statements.length = 0
    const validation = await validateTable(
      connection,
      'many_nan',
      columns.filter((c) => c.name === 'q'),
      { version: 1, expectations }
    )
    expect(result(validation, 'top').observed).toBeNaN()
    expect(result(validation, 'middle').observed).toBe(
      Number(await scalar('SELECT quantile_cont(q, 0.5) FROM many_nan'))
    )
    expect(ran('q', 'quantile_cont')).toHaveLength(2)
    expect(ran('q', 'GROUP BY b')).toHaveLength(0)
  })

  it('gives no value on a column whose values are all missing, as quantile_cont does', async () => {
    await connection.run(
      'CREATE OR REPLACE TABLE no_values AS SELECT CAST(NULL AS DOUBLE) AS q FROM range(10)'
    )
    const validation = await validateTable(
      connection,
      'no_values',
      columns.filter((c) => c.name === 'q'),
      { version: 1, expectations: [statistic('empty', 0.5, 0, 1)] }
    )
    expect(result(validation, 'empty').status).toBe('fail')
    expect(result(validation, 'empty').observed).toBeNull()
    expect(result(validation, 'empty').explanation).toMatch(/too few non-missing values/)
  })
})
