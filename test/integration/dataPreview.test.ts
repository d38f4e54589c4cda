/**
 * The data preview through the backend's public API, with real worker threads, real DuckDB and real files:
 * pages of CSV and Parquet carry the file's rows under their 1-based data row numbers; a failing
 * expectation's filter selects exactly the rows validation counted (its sample rows first); a histogram
 * bar's or a category's filter selects exactly the rows the report counted in it, as a direct SQL count
 * does; the same filters give the same rows on the file as Parquet; JSON and TSV read like CSV; previews of
 * one file share one staged copy; and paths that were not opened, files gone since, bad pages and
 * expectations that are not row-level are refused with a sentence.
 */
import { rmSync } from 'node:fs'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quoteString, toNumber } from '../../src/main/engine/sql'
import { runComparison } from '../../src/main/runComparison'
import type { ColumnDrift, PreviewOpened, Report, RowFilter } from '../../src/shared/model'
import { decodeRowPage, type DecodedPage } from '../../src/renderer/features/preview/rowPage'
import { useBackend, writeDemoWeather, type DemoWeather } from './harness'

const harness = useBackend('preview', { defaults: { multivariate: { enabled: false } } })

let weather: DemoWeather
let report: Report
let parquet: string
let big: { csv: string; parquet: string }
let instance: DuckDBInstance
let sql: DuckDBConnection

beforeAll(async () => {
  weather = writeDemoWeather(harness)
  const result = await runComparison(harness.backend(), {
    reference: weather.reference,
    current: weather.corrupt,
    options: { ignore: ['count'], multivariate: { enabled: false } }
  })
  if (!result.ok) throw new Error(result.error.message)
  report = result.value
  instance = await DuckDBInstance.create(':memory:')
  sql = await instance.connect()
  parquet = harness.path('corrupt.parquet')
  await sql.run(
    `COPY (SELECT * FROM read_csv(${quoteString(weather.corrupt)})) TO ${quoteString(parquet)} (FORMAT parquet, ROW_GROUP_SIZE 50)`
  )
  big = { csv: harness.path('big.csv'), parquet: harness.path('big.parquet') }
  const rows = `SELECT i AS id, i * 0.5 AS half, 'name ' || i AS label, i % 7 = 0 AS sevens, DATE '2024-01-01' + CAST(i % 365 AS INTEGER) AS day FROM range(200000) t(i)`
  await sql.run(`COPY (${rows}) TO ${quoteString(big.csv)} (FORMAT csv, HEADER true)`)
  await sql.run(
    `COPY (${rows}) TO ${quoteString(big.parquet)} (FORMAT parquet, ROW_GROUP_SIZE 10000)`
  )
  for (const path of [parquet, big.csv, big.parquet]) harness.backend().grant(path)
})

afterAll(() => {
  sql?.closeSync()
  instance?.closeSync()
})

async function open(path: string): Promise<PreviewOpened> {
  const opened = await harness.backend().call('data:open', { path })
  if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.message}`)
  return opened.value
}

async function rows(
  previewId: string,
  offset: number,
  limit: number,
  filter?: RowFilter
): Promise<DecodedPage> {
  const page = await harness.backend().call('data:rows', {
    previewId,
    offset,
    limit,
    ...(filter === undefined ? {} : { filter })
  })
  if (!page.ok) throw new Error(`${page.error.code}: ${page.error.message}`)
  return decodeRowPage(page.value)
}

/** Every row number a filter selects, read page by page. */
async function allRowNumbers(
  previewId: string,
  filter: RowFilter,
  pageSize = 7
): Promise<number[]> {
  const numbers: number[] = []
  for (let offset = 0; ; offset += pageSize) {
    const page = await rows(previewId, offset, pageSize, filter)
    numbers.push(...page.rowNumbers)
    if (offset + pageSize >= page.total) return numbers
  }
}

async function count(query: string): Promise<number> {
  const result = await sql.runAndReadAll(query)
  return toNumber(result.getRowObjectsJson()[0]?.['n'])
}

function columnOf(name: string): ColumnDrift {
  const found = report.columns.find((c) => c.column === name)
  if (!found) throw new Error(`no column ${name}`)
  return found
}

describe('pages', () => {
  it('reads a CSV page under its data row numbers, with the cells of those lines', async () => {
    const preview = await open(weather.corrupt)
    expect(preview).toMatchObject({
      format: 'csv',
      isStaged: true,
      rows: report.inputs.current.rows
    })
    expect(preview.sha256).toBe(report.inputs.current.sha256)
    const page = await rows(preview.previewId, 100, 10)
    expect(page.total).toBe(report.inputs.current.rows)
    expect(page.rowNumbers).toEqual([101, 102, 103, 104, 105, 106, 107, 108, 109, 110])
    const direct = await sql.runAndReadAll(
      `SELECT CAST(datetime AS VARCHAR) AS datetime, temp, casual FROM read_csv(${quoteString(weather.corrupt)}) LIMIT 10 OFFSET 100`
    )
    const expected = direct.getRowObjectsJS()
    const datetime = page.columns.indexOf('datetime')
    const temp = page.columns.indexOf('temp')
    const casual = page.columns.indexOf('casual')
    expected.forEach((row, i) => {
      expect(page.cell(i, datetime)).toBe(row['datetime'])
      expect(page.cell(i, temp)).toBe(row['temp'])
      expect(page.cell(i, casual)).toBe(row['casual'])
    })
  })

  it.each(['csv', 'parquet'] as const)(
    'reads a page from the middle of 200 000 rows of %s',
    async (format) => {
      const preview = await open(big[format])
      expect(preview.rows).toBe(200_000)
      expect(preview.isStaged).toBe(format === 'csv')
      const page = await rows(preview.previewId, 123_456, 500)
      expect(page.length).toBe(500)
      expect(page.rowNumbers[0]).toBe(123_457)
      expect(page.rowNumbers[499]).toBe(123_956)
      const id = page.columns.indexOf('id')
      const label = page.columns.indexOf('label')
      const day = page.columns.indexOf('day')
      expect(page.cell(0, id)).toBe(123_456n)
      expect(page.cell(499, label)).toBe('name 123955')
      expect(page.cell(0, day)).toBe('2024-03-27')
      const last = await rows(preview.previewId, 199_990, 500)
      expect(last.length).toBe(10)
      expect(last.rowNumbers.at(-1)).toBe(200_000)
      const beyond = await rows(preview.previewId, 300_000, 10)
      expect(beyond.length).toBe(0)
    }
  )

  it('reads newline-delimited JSON and TSV like CSV, staged once', async () => {
    const records = Array.from({ length: 30 }, (_, i) => JSON.stringify({ k: i, s: `r${i}` }))
    const ndjson = harness.file('rows.ndjson', records.join('\n') + '\n')
    const tsv = harness.file(
      'rows.tsv',
      ['k\ts', ...Array.from({ length: 30 }, (_, i) => `${i}\tr${i}`)].join('\n') + '\n'
    )
    for (const path of [ndjson, tsv]) {
      harness.backend().grant(path)
      const preview = await open(path)
      expect(preview.isStaged).toBe(true)
      const page = await rows(preview.previewId, 27, 10)
      expect(page.rowNumbers).toEqual([28, 29, 30])
      expect(page.cell(0, page.columns.indexOf('s'))).toBe('r27')
    }
  })

  it('shares one staged copy between previews of the same file', async () => {
    const first = await open(big.csv)
    const second = await open(big.csv)
    expect(second.previewId).not.toBe(first.previewId)
    expect(second.openMs).toBe(0)
    const closed = await harness.backend().call('data:close', { previewId: first.previewId })
    expect(closed).toEqual({ ok: true, value: { closed: true } })
    expect((await rows(second.previewId, 5, 1)).rowNumbers).toEqual([6])
  })
})

describe('filters', () => {
  it('selects the rows a failing expectation counted, its sample rows first', async () => {
    const failing = report.validation?.result.results.find(
      (r) => r.status === 'fail' && r.samples !== undefined
    )
    expect(failing?.column).toBe('casual')
    const expectation = report.validation?.suite.expectations.find((e) => e.id === failing?.id)
    if (!failing || !expectation) throw new Error('the corrupt batch fails an expectation')
    const filter: RowFilter = { kind: 'expectation', expectation }
    for (const path of [weather.corrupt, parquet]) {
      const preview = await open(path)
      const numbers = await allRowNumbers(preview.previewId, filter)
      expect(numbers).toHaveLength(failing.unexpectedCount ?? -1)
      expect(numbers.slice(0, failing.samples?.length)).toEqual(failing.samples?.map((s) => s.row))
      const page = await rows(preview.previewId, 0, 4, filter)
      const casual = page.columns.indexOf('casual')
      expect([0, 1, 2, 3].map((i) => Number(page.cell(i, casual)))).toEqual([
        5000, 5000, 5000, 5000
      ])
    }
  })

  it('selects exactly the rows in each histogram bar, as the report and a direct count have them', async () => {
    const binned = report.columns.find((c) => c.distribution?.kind === 'bins')
    const distribution = binned?.distribution
    if (binned === undefined || distribution?.kind !== 'bins') throw new Error('a column is binned')
    const name = binned.column
    const preview = await open(weather.corrupt)
    const bins = distribution.current.length
    for (let i = 0; i < bins; i++) {
      const lower = distribution.edges[i] as number
      const upper = distribution.edges[i + 1] as number
      const isLast = i === bins - 1
      const page = await rows(preview.previewId, 0, 1, {
        kind: 'bin',
        column: name,
        lower,
        upper,
        isLast
      })
      expect(page.total).toBe(distribution.current[i])
      const direct = await count(
        `SELECT count(*) AS n FROM read_csv(${quoteString(weather.corrupt)}) WHERE "${name}" >= ${lower} AND "${name}" ${isLast ? '<=' : '<'} ${upper}`
      )
      expect(page.total).toBe(direct)
    }
  })

  it('selects the rows of a category and of the folded rest', async () => {
    const season = columnOf('season')
    const distribution = season.distribution
    if (distribution?.kind !== 'categories') throw new Error('season has per-value bars')
    const preview = await open(parquet)
    for (const [i, value] of distribution.categories.entries()) {
      const page = await rows(preview.previewId, 0, 1, {
        kind: 'category',
        column: 'season',
        value,
        isNumeric: season.kind === 'numeric'
      })
      expect(page.total).toBe(distribution.current[i])
    }
    const rest = await rows(preview.previewId, 0, 1, {
      kind: 'otherCategories',
      column: 'season',
      shown: distribution.categories.slice(1),
      isNumeric: season.kind === 'numeric'
    })
    expect(rest.total).toBe(distribution.current[0])
  })

  it('counts the same rows on a large CSV as a direct query', async () => {
    const preview = await open(big.csv)
    const filter: RowFilter = {
      kind: 'category',
      column: 'sevens',
      value: 'true',
      isNumeric: false
    }
    const page = await rows(preview.previewId, 1000, 3, filter)
    expect(page.total).toBe(
      await count(`SELECT count(*) AS n FROM read_csv(${quoteString(big.csv)}) WHERE sevens`)
    )
    expect(page.rowNumbers).toEqual([7001, 7008, 7015])
  })
})

describe('every row-level expectation', () => {
  it('selects the rows validation counted, in row order, its samples first', async () => {
    const lines = ['id,code,score,note']
    for (let i = 1; i <= 300; i++) {
      const code = i % 11 === 0 ? 'X' + i : 'A' + (i % 5)
      const score = i % 13 === 0 ? '' : String((i * 7) % 50)
      lines.push(`${i % 97 === 0 ? i - 1 : i},${code},${score},${i % 17 === 0 ? 'late' : 'ok'}`)
    }
    const path = harness.file('checks.csv', lines.join('\n') + '\n')
    harness.backend().grant(path)
    const base = { severity: 'error', enabled: true } as const
    const suite = {
      version: 1 as const,
      expectations: [
        { ...base, id: 'range', kind: 'column_values_between', column: 'score', min: 0, max: 40 },
        { ...base, id: 'nulls', kind: 'column_null_share_at_most', column: 'score', max: 0 },
        { ...base, id: 'set', kind: 'column_values_in_set', column: 'code', values: ['A0', 'A1'] },
        { ...base, id: 'regex', kind: 'column_matches_regex', column: 'code', regex: '^A' },
        { ...base, id: 'unique', kind: 'column_duplicate_share_at_most', column: 'code', max: 0 },
        {
          ...base,
          id: 'order',
          kind: 'column_monotonic',
          column: 'id',
          direction: 'increasing',
          strict: true
        },
        { ...base, id: 'row', kind: 'row_condition', expression: "note = 'ok' OR id > 200" }
      ]
    } as const
    const validated = await harness.backend().call('validate:run', { file: { path }, suite })
    if (!validated.ok) throw new Error(validated.error.message)
    const preview = await open(path)
    for (const expectation of suite.expectations) {
      const result = validated.value.validation.results.find((r) => r.id === expectation.id)
      expect(result?.status, expectation.id).toBe('fail')
      const numbers = await allRowNumbers(
        preview.previewId,
        { kind: 'expectation', expectation },
        50
      )
      expect(numbers.length, expectation.id).toBe(result?.unexpectedCount)
      expect(
        [...numbers].sort((a, b) => a - b),
        expectation.id
      ).toEqual(numbers)
      expect(numbers.slice(0, 20), expectation.id).toEqual(result?.samples?.map((r) => r.row))
    }
  })
})

describe('refusals', () => {
  it('refuses a file that was not opened, and a closed preview', async () => {
    const opened = await harness
      .backend()
      .call('data:open', { path: harness.path('elsewhere.csv') })
    expect(opened.ok ? null : opened.error.code).toBe('PATH_NOT_GRANTED')
    const page = await harness.backend().call('data:rows', {
      previewId: 'preview-none',
      offset: 0,
      limit: 10
    })
    expect(page.ok ? null : page.error.code).toBe('NOT_FOUND')
  })

  it('says when a file is no longer where the report found it', async () => {
    const gone = harness.file('gone.csv', 'a\n1\n')
    harness.backend().grant(gone)
    rmSync(gone)
    const opened = await harness.backend().call('data:open', { path: gone })
    expect(opened.ok ? '' : opened.error.code).toBe('FILE_NOT_FOUND')
    expect(opened.ok ? '' : opened.error.message).toMatch(/no longer there/)
  })

  it('refuses pages that are too large and filters it cannot apply, with a sentence', async () => {
    const preview = await open(weather.corrupt)
    const large = await harness.backend().call('data:rows', {
      previewId: preview.previewId,
      offset: 0,
      limit: 100_000
    })
    expect(large.ok ? '' : large.error.message).toMatch(/at most 5000 rows/)
    const schema = await harness.backend().call('data:rows', {
      previewId: preview.previewId,
      offset: 0,
      limit: 10,
      filter: {
        kind: 'expectation',
        expectation: {
          id: 'columns',
          kind: 'column_set_contains',
          columns: ['temp'],
          severity: 'error',
          enabled: true
        }
      }
    })
    expect(schema.ok ? '' : schema.error.message).toMatch(/not checked row by row/)
    const missing = await harness.backend().call('data:rows', {
      previewId: preview.previewId,
      offset: 0,
      limit: 10,
      filter: { kind: 'bin', column: 'nope', lower: 0, upper: 1, isLast: false }
    })
    expect(missing.ok ? '' : missing.error.message).toMatch(/no column "nope"/)
  })
})
