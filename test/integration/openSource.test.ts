/**
 * A CSV or TSV file is sniffed once when opened: the view over it reads the file with the sniffer's
 * decisions spelled out (no sniffing each time a query over it is planned) and reads exactly what the
 * sniffing reader reads. Real DuckDB, real files.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/engine/sources'
import { quoteString } from '../../src/main/engine/sql'
import { useTempFolder } from './harness'

const temp = useTempFolder('open-source')
let instance: DuckDBInstance
let connection: DuckDBConnection

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:')
  connection = await instance.connect()
})
afterAll(() => {
  connection.closeSync()
  instance.closeSync()
})

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]
}

describe('a CSV file opened as a view', () => {
  it('is read with the sniffed options spelled out, as the sniffing reader reads it', async () => {
    const path = join(temp.root(), "it's; day-first.csv")
    const lines = ['id;name;day;amount']
    for (let i = 1; i <= 400; i++) {
      const name = i % 50 === 0 ? `"Smith; J. ${i}"` : `name ${i}`
      lines.push(
        `${i};${name};${String((i % 28) + 1).padStart(2, '0')}/03/2024;${(i * 1.25).toFixed(2)}`
      )
    }
    writeFileSync(path, `${lines.join('\n')}\n`)

    const source = await openSource(connection, path, 'opened')
    expect(source.columns.map((c) => [c.name, c.sqlType])).toEqual([
      ['id', 'BIGINT'],
      ['name', 'VARCHAR'],
      ['day', 'DATE'],
      ['amount', 'DOUBLE']
    ])
    expect(source.sniff).toMatchObject({ delimiter: ';', header: true, dateFormat: '%d/%m/%Y' })
    const [view] = await rows(`SELECT sql FROM duckdb_views() WHERE view_name = 'opened'`)
    // DuckDB keeps the view's SQL normalised: auto_detect = CAST('f' AS BOOLEAN).
    expect(String(view?.['sql'])).toMatch(/auto_detect = CAST\('f' AS BOOLEAN\)/)

    const sniffing = `read_csv(${quoteString(path)})`
    const read = await rows(`SELECT * FROM opened ORDER BY id`)
    expect(read).toEqual(await rows(`SELECT * FROM ${sniffing} ORDER BY id`))
    expect(read[49]).toEqual({ id: '50', name: 'Smith; J. 50', day: '2024-03-23', amount: 62.5 })
  })

  it('reads a TSV with its header and types', async () => {
    const path = join(temp.root(), 'tabs.tsv')
    writeFileSync(path, 'a\tb\tc\n1\tx\t0.5\n2\ty\t1.5\n')
    const source = await openSource(connection, path, 'tabs')
    expect(source.columns.map((c) => [c.name, c.kind])).toEqual([
      ['a', 'numeric'],
      ['b', 'categorical'],
      ['c', 'numeric']
    ])
    expect(await rows('SELECT count(*)::INTEGER AS n, sum(c) AS s FROM tabs')).toEqual([
      { n: 2, s: 2 }
    ])
  })
})
