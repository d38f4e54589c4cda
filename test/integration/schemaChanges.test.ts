/**
 * Schema changes explained, on real DuckDB and copies of the seed-weather files written by DuckDB: a
 * renamed column found with its mapping (and a look-alike name with other values refused), a numeric column
 * arriving as text with its failing share and examples, new and dropped columns, an id renamed in the
 * customer_id → customerId style, and nothing reported when the schemas agree.
 */
import { describe, expect, it } from 'vitest'
import { explainSchemaChanges, nameSimilarity } from '../../src/main/engine/schemaChanges'
import { kindOfType } from '../../src/main/engine/sources'
import { quoteIdent, quoteString } from '../../src/main/engine/sql'
import type { ColumnInfo } from '../../src/shared/model'
import { WEATHER_REFERENCE, weatherWeek } from '../paths'
import { useDuckDB, useTempFolder } from './harness'

const db = useDuckDB()
const folder = useTempFolder('schema-changes')

async function stage(table: string, path: string): Promise<ColumnInfo[]> {
  await db
    .connection()
    .run(
      `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_csv(${quoteString(path)})`
    )
  const described = await db.connection().runAndReadAll(`DESCRIBE ${quoteIdent(table)}`)
  return described.getRowObjectsJson().map((row) => {
    const sqlType = String(row['column_type'])
    return { name: String(row['column_name']), sqlType, kind: kindOfType(sqlType) }
  })
}

/** Writes `name`.csv as `select` over the source (row number `r` available) and stages it. */
async function variant(name: string, source: string, select: string): Promise<ColumnInfo[]> {
  const path = folder.path(`${name}.csv`)
  const numbered = `(SELECT *, row_number() OVER () AS r FROM read_csv(${quoteString(source)}))`
  await db
    .connection()
    .run(`COPY (SELECT ${select} FROM ${numbered}) TO ${quoteString(path)} (HEADER, DELIMITER ',')`)
  return stage(name, path)
}

async function explain(table: string, columns: ColumnInfo[]) {
  const referenceColumns = await stage('reference', WEATHER_REFERENCE)
  return explainSchemaChanges(
    db.connection(),
    { table: 'reference', columns: referenceColumns },
    { table, columns }
  )
}

describe('name similarity', () => {
  it('is 1 for names differing in case and punctuation, lower for other names', () => {
    expect(nameSimilarity('customer_id', 'customerId')).toBe(1)
    expect(nameSimilarity('wind speed', 'windspeed')).toBe(1)
    expect(nameSimilarity('temp', 'temp_f')).toBeCloseTo(0.8, 12)
    expect(nameSimilarity('age', 'customer_age')).toBe(0.75)
    expect(nameSimilarity('humidity', 'humidty')).toBeCloseTo(7 / 8, 12)
    expect(nameSimilarity('casual', 'registered')).toBeLessThan(0.6)
  })
})

describe('schema changes between the seed-weather reference and altered copies of week1', () => {
  const week1 = weatherWeek(1)

  it('reports week1 as delivered: the target column dropped, nothing else', async () => {
    const columns = await stage('week1', week1)
    const changes = await explain('week1', columns)
    expect(changes.dropped).toEqual(['count'])
    expect(changes.added).toEqual([])
    expect(changes.renames).toEqual([])
    expect(changes.typeChanges).toEqual([])
    expect(changes.sentences).toEqual(['Column "count" (BIGINT) is missing from the batch.'])
  })

  it('finds a renamed column and its mapping, and refuses a similar name with other values', async () => {
    // windspeed renamed to windSpeed (same values); temp replaced by temp_f (Fahrenheit: other values).
    const columns = await variant(
      'renamed',
      week1,
      '* EXCLUDE (r, windspeed, temp), windspeed AS windSpeed, round(temp * 1.8 + 32, 2) AS temp_f'
    )
    const changes = await explain('renamed', columns)
    expect(changes.renames.map((r) => [r.from, r.to])).toEqual([['windspeed', 'windSpeed']])
    const rename = changes.renames[0]
    expect(rename?.confidence).toBeGreaterThan(0.7)
    expect(rename?.confidence).toBeLessThanOrEqual(1)
    expect(rename?.reason).toContain('names differ only in case and punctuation')
    expect(rename?.reason).toContain('Kolmogorov–Smirnov D')
    expect(changes.dropped).toEqual(['temp', 'count'])
    expect(changes.added).toEqual(['temp_f'])
    expect(changes.sentences[0]).toMatch(
      /^Column "windspeed" is missing and "windSpeed" is new: probably a rename \(confidence 0\.\d+; .*\)\. Suggested mapping: windspeed → windSpeed\.$/
    )
    const refused = changes.sentences.find((s) => s.includes('"temp_f"') && s.includes('not taken'))
    expect(refused).toContain('the values differ')
  })

  it('reports a numeric column arriving as text with the failing share and examples', async () => {
    // humidity as "64 years" on every third row, plain numbers elsewhere; the rest untouched.
    const columns = await variant(
      'texted',
      week1,
      "* EXCLUDE (r) REPLACE (CASE WHEN r % 3 = 1 THEN CAST(humidity AS VARCHAR) || ' years' ELSE CAST(humidity AS VARCHAR) END AS humidity)"
    )
    expect(columns.find((c) => c.name === 'humidity')?.sqlType).toBe('VARCHAR')
    const changes = await explain('texted', columns)
    expect(changes.typeChanges).toHaveLength(1)
    const change = changes.typeChanges[0]
    expect(change).toMatchObject({
      column: 'humidity',
      from: 'BIGINT',
      to: 'VARCHAR',
      checked: 165
    })
    expect(change?.failingCount).toBe(55)
    expect(change?.failingShare).toBeCloseTo(55 / 165, 12)
    // The first five distinct failing values, in row order, read independently of the engine.
    const expected = (
      await db.connection().runAndReadAll(
        `SELECT v FROM (SELECT CAST(humidity AS VARCHAR) || ' years' AS v, min(r) AS first
             FROM (SELECT humidity, row_number() OVER () AS r FROM read_csv(${quoteString(week1)}))
             WHERE r % 3 = 1 GROUP BY v) ORDER BY first LIMIT 5`
      )
    )
      .getRowObjectsJson()
      .map((row) => String(row['v']))
    expect(change?.examples).toEqual(expected)
    expect(change?.examples[0]).toBe('64 years')
    expect(changes.sentences).toContain(
      `Column "humidity" arrived as VARCHAR instead of BIGINT: 55 of 165 values (33.3%) do not convert, e.g. ${expected.map((e) => `"${e}"`).join(', ')}.`
    )
  })

  it('lists new and dropped columns that have no similar counterpart', async () => {
    const columns = await variant(
      'reshaped',
      week1,
      '* EXCLUDE (r, atemp, casual), humidity / 100.0 AS pressure_hpa'
    )
    const changes = await explain('reshaped', columns)
    expect(changes.dropped).toEqual(['atemp', 'casual', 'count'])
    expect(changes.added).toEqual(['pressure_hpa'])
    expect(changes.renames).toEqual([])
    expect(changes.sentences).toContain('Column "pressure_hpa" (DOUBLE) is new in the batch.')
    expect(changes.sentences).toContain('Column "atemp" (DOUBLE) is missing from the batch.')
  })
})

describe('an id renamed in the customer_id → customerId style', () => {
  it('is a probable rename although later ids do not overlap earlier ones', async () => {
    await db.connection().run(
      `CREATE OR REPLACE TABLE orders_ref AS
         SELECT 100000 + i AS customer_id, (i * 7) % 13 AS items FROM range(0, 500) t(i);
       CREATE OR REPLACE TABLE orders_new AS
         SELECT 100500 + i AS customerId, (i * 7) % 13 AS items FROM range(0, 200) t(i)`
    )
    const columnsOf = async (table: string): Promise<ColumnInfo[]> =>
      (await db.connection().runAndReadAll(`DESCRIBE ${table}`)).getRowObjectsJson().map((r) => ({
        name: String(r['column_name']),
        sqlType: String(r['column_type']),
        kind: kindOfType(String(r['column_type']))
      }))
    const changes = await explainSchemaChanges(
      db.connection(),
      { table: 'orders_ref', columns: await columnsOf('orders_ref') },
      { table: 'orders_new', columns: await columnsOf('orders_new') }
    )
    expect(changes.renames).toEqual([
      {
        from: 'customer_id',
        to: 'customerId',
        confidence: 0.9,
        reason:
          'names differ only in case and punctuation, both BIGINT, every value distinct on both sides as in an id'
      }
    ])
    expect(changes.dropped).toEqual([])
    expect(changes.added).toEqual([])
    expect(changes.sentences).toEqual([
      'Column "customer_id" is missing and "customerId" is new: probably a rename (confidence 0.9; names differ only in case and punctuation, both BIGINT, every value distinct on both sides as in an id). Suggested mapping: customer_id → customerId.'
    ])
  })

  it('reports nothing when the schemas agree, without reading the data', async () => {
    const columns = await stage('reference', WEATHER_REFERENCE)
    const changes = await explainSchemaChanges(
      db.connection(),
      { table: 'reference', columns },
      { table: 'no_such_table', columns }
    )
    expect(changes).toEqual({ dropped: [], added: [], renames: [], typeChanges: [], sentences: [] })
  })
})
