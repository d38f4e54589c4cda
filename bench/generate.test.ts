/**
 * The generator writes the shape the benchmark promises: 15 columns of the right types and precision,
 * drift planted where GENERATED_COLUMNS says and nowhere else, the same bytes on every run, cached files
 * reused, and a clear refusal when the disk is too small. Real DuckDB, real files in a temp folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type DatasetPaths,
  type DataFormat,
  type DataVariant,
  ensureDataset,
  GENERATED_COLUMNS,
  PLANTED_DRIFT,
  rowsLabel
} from './generate'

const ROWS = 20_000
let dir: string
let instance: DuckDBInstance
let connection: DuckDBConnection
const generated = new Map<string, DatasetPaths>()

async function dataset(format: DataFormat, variant: DataVariant): Promise<DatasetPaths> {
  const key = `${format}-${variant}`
  const known = generated.get(key)
  if (known) return known
  const outcome = await ensureDataset(dir, { rows: ROWS, format, variant }, () => undefined)
  if (!outcome.ok) throw new Error(outcome.reason)
  generated.set(key, outcome.paths)
  return outcome.paths
}

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[]
}

function source(path: string): string {
  return path.endsWith('.csv') ? `read_csv('${path}')` : `read_parquet('${path}')`
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'driftwatch-bench-'))
  instance = await DuckDBInstance.create(':memory:', { threads: '1' })
  connection = await instance.connect()
})

afterAll(() => {
  connection.closeSync()
  instance.closeSync()
  rmSync(dir, { recursive: true, force: true })
})

describe('generated files', () => {
  it.each(['csv', 'parquet'] as const)(
    'have %s rows, 15 named columns and the exported precision',
    async (format) => {
      const paths = await dataset(format, 'exported')
      for (const path of [paths.reference, paths.current]) {
        await connection.run(
          `CREATE OR REPLACE TEMP TABLE checked AS SELECT * FROM ${source(path)}`
        )
        const described = await rows('DESCRIBE checked')
        expect(described.map((r) => r['column_name'])).toEqual(GENERATED_COLUMNS.map((c) => c.name))
        const [count] = await rows('SELECT count(*) AS n FROM checked')
        expect(Number(count?.['n'])).toBe(ROWS)
        for (const column of GENERATED_COLUMNS) {
          const type = described.find((r) => r['column_name'] === column.name)?.['column_type']
          if (column.kind === 'categorical') {
            expect(type).toBe('VARCHAR')
            const [levels] = await rows(
              `SELECT count(DISTINCT ${column.name}) AS n, count(${column.name}) AS present FROM checked`
            )
            expect(Number(levels?.['n'])).toBe(column.levels)
            expect(Number(levels?.['present'])).toBe(ROWS)
            continue
          }
          if (column.decimals === 0) expect(['INTEGER', 'BIGINT']).toContain(type)
          else expect(type).toBe('DOUBLE')
          // Every value equals itself rounded to the column's decimals (with a margin for binary doubles).
          const scale = 10 ** (column.decimals ?? 0)
          const [off] = await rows(
            `SELECT max(abs(${column.name} * ${scale} - round(${column.name} * ${scale}))) AS off FROM checked`
          )
          expect(Number(off?.['off'])).toBeLessThan(1e-6)
        }
      }
    }
  )

  it('continuous: numeric columns are doubles with every value distinct', async () => {
    const paths = await dataset('parquet', 'continuous')
    const numeric = GENERATED_COLUMNS.filter((c) => c.kind === 'numeric')
    const described = await rows(`DESCRIBE SELECT * FROM ${source(paths.current)}`)
    for (const column of numeric) {
      expect(described.find((r) => r['column_name'] === column.name)?.['column_type']).toBe(
        'DOUBLE'
      )
    }
    const [distinct] = await rows(
      `SELECT ${numeric.map((c) => `count(DISTINCT ${c.name}) AS ${c.name}`).join(', ')} FROM ${source(paths.current)}`
    )
    for (const column of numeric) expect(Number(distinct?.[column.name])).toBe(ROWS)
  })

  it('CSV and Parquet hold the same values', async () => {
    const csv = await dataset('csv', 'exported')
    const parquet = await dataset('parquet', 'exported')
    const [diff] = await rows(
      `SELECT count(*) AS n FROM (SELECT * FROM ${source(csv.current)} EXCEPT ALL SELECT * FROM ${source(parquet.current)})`
    )
    expect(Number(diff?.['n'])).toBe(0)
  })
})

describe('planted drift', () => {
  it('moves the planted numeric columns and leaves the others alone', async () => {
    const paths = await dataset('parquet', 'exported')
    for (const column of GENERATED_COLUMNS.filter((c) => c.kind === 'numeric')) {
      const [stats] = await rows(
        `SELECT (SELECT avg(${column.name}) FROM ${source(paths.reference)}) AS m0,
                (SELECT stddev_samp(${column.name}) FROM ${source(paths.reference)}) AS s0,
                (SELECT avg(${column.name}) FROM ${source(paths.current)}) AS m1,
                (SELECT stddev_samp(${column.name}) FROM ${source(paths.current)}) AS s1`
      )
      const m0 = Number(stats?.['m0'])
      const s0 = Number(stats?.['s0'])
      const shift = Math.abs(Number(stats?.['m1']) - m0) / s0
      const spread = Number(stats?.['s1']) / s0
      if (column.change === 'location') {
        expect(shift, column.name).toBeGreaterThan(0.25)
        expect(Math.abs(spread - 1), column.name).toBeLessThan(0.1)
      } else if (column.change === 'scale') {
        expect(spread, column.name).toBeGreaterThan(1.4)
      } else {
        expect(shift, column.name).toBeLessThan(0.05)
        expect(Math.abs(spread - 1), column.name).toBeLessThan(0.05)
      }
    }
  })

  it('shifts the mix of the planted categorical column only (Jensen–Shannon distance)', async () => {
    const paths = await dataset('parquet', 'exported')
    for (const column of GENERATED_COLUMNS.filter((c) => c.kind === 'categorical')) {
      const [js] = await rows(
        `WITH a AS (SELECT ${column.name} AS v, count(*) / ${ROWS} AS p FROM ${source(paths.reference)} GROUP BY 1),
              b AS (SELECT ${column.name} AS v, count(*) / ${ROWS} AS q FROM ${source(paths.current)} GROUP BY 1),
              j AS (SELECT coalesce(p, 0) AS p, coalesce(q, 0) AS q, (coalesce(p, 0) + coalesce(q, 0)) / 2 AS m
                    FROM a FULL JOIN b USING (v))
         SELECT sqrt(0.5 * sum(CASE WHEN p > 0 THEN p * ln(p / m) ELSE 0 END)
                   + 0.5 * sum(CASE WHEN q > 0 THEN q * ln(q / m) ELSE 0 END)) AS d FROM j`
      )
      const distance = Number(js?.['d'])
      if (column.change === 'mix') expect(distance, column.name).toBeGreaterThan(0.15)
      else expect(distance, column.name).toBeLessThan(0.05)
    }
  })

  it('lists the planted columns', () => {
    expect(PLANTED_DRIFT).toEqual([
      'age',
      'price',
      'session_minutes',
      'weight_kg',
      'visits_30d',
      'device'
    ])
  })
})

describe('ensureDataset', () => {
  it('writes the same bytes every time and reuses cached files', async () => {
    const first = await dataset('csv', 'exported')
    const again = await ensureDataset(
      dir,
      { rows: ROWS, format: 'csv', variant: 'exported' },
      () => undefined
    )
    expect(again).toMatchObject({ ok: true, generatedSeconds: null })
    const otherDir = mkdtempSync(join(tmpdir(), 'driftwatch-bench-'))
    try {
      const fresh = await ensureDataset(
        otherDir,
        { rows: ROWS, format: 'csv', variant: 'exported' },
        () => undefined
      )
      if (!fresh.ok) throw new Error(fresh.reason)
      expect(fresh.generatedSeconds).not.toBeNull()
      for (const role of ['reference', 'current'] as const) {
        expect(readFileSync(fresh.paths[role]).equals(readFileSync(first[role]))).toBe(true)
      }
      expect(readFileSync(first.reference).equals(readFileSync(first.current))).toBe(false)
    } finally {
      rmSync(otherDir, { recursive: true, force: true })
    }
  })

  it('generates only the roles asked for', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'driftwatch-bench-'))
    try {
      const shape = { rows: 1000, format: 'parquet', variant: 'exported' } as const
      const outcome = await ensureDataset(otherDir, shape, () => undefined, ['reference'])
      if (!outcome.ok) throw new Error(outcome.reason)
      expect(existsSync(outcome.paths.reference)).toBe(true)
      expect(existsSync(outcome.paths.current)).toBe(false)
    } finally {
      rmSync(otherDir, { recursive: true, force: true })
    }
  })

  it('refuses with a reason when the disk is too small, writing nothing', async () => {
    const outcome = await ensureDataset(
      dir,
      { rows: 1e14, format: 'csv', variant: 'exported' },
      () => undefined
    )
    expect(outcome.ok).toBe(false)
    if (!outcome.ok)
      expect(outcome.reason).toMatch(/^generating 1e14 exported csv needs about .* free$/)
  })

  it('labels powers of ten as 1eN', () => {
    expect(rowsLabel(100_000)).toBe('1e5')
    expect(rowsLabel(1e8)).toBe('1e8')
    expect(rowsLabel(20_000)).toBe('20000')
  })
})
