/**
 * Integration test harness: what the tests under test/integration share. A temp folder made before a test
 * file's tests and removed after them, files and CSV tables written into it, an in-process backend that
 * compares them (throwing on an error, so a test reads the Report), an in-memory DuckDB connection and the
 * engine's pool of value counts, the CLI run in this process, a column looked up in a report, a relative
 * tolerance check, and the pieces of the seeded data generators.
 *
 * Each `use...` function registers its own beforeAll and afterAll in the suite it is called in (the file,
 * or a describe block), so it must be called at that level, not inside a test.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, expect } from 'vitest'
import { createBackend } from '../../src/main/api'
import type { Backend } from '../../src/main/backend'
import { createWorkerPool, type WorkerPool } from '../../src/main/workers/pool'
import { kindOfType } from '../../src/main/engine/sources'
import { quoteIdent, quoteString, toNumber } from '../../src/main/engine/sql'
import { type Io, main } from '../../src/main/hosts/cli/index'
import { runComparison } from '../../src/main/runComparison'
import type { Result } from '../../src/shared/errors'
import type { ColumnDrift, ColumnInfo, DriftOptions, Report } from '../../src/shared/model'
import type { Random } from '../../src/shared/stats/random'
import { DEMO_REFERENCE, demoWeek, WEATHER_REFERENCE, weatherWeek } from '../paths'

/** One CSV cell: a number, a text, or missing (written as an empty cell). */
export type Cell = number | string | null

/** A temp folder and the files a test writes into it. */
export type TempFolder = Readonly<{
  /** The folder itself (made in beforeAll). */
  root: () => string
  /** The path of `name` inside the folder. */
  path: (name: string) => string
  /** Writes `content` to `name` in the folder and returns its path. */
  file: (name: string, content: string | Uint8Array) => string
  /** Writes a CSV file (header line, then one line per row; null is an empty cell) and returns its path. */
  csv: (name: string, header: readonly string[], rows: readonly (readonly unknown[])[]) => string
}>

/**
 * A folder `driftwatch-<prefix>-XXXXXX` in the system temp folder, made before the suite's tests and removed
 * with everything in it after them.
 */
export function useTempFolder(prefix: string): TempFolder {
  let folder: string | undefined
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), `driftwatch-${prefix}-`))
  })
  afterAll(() => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true })
  })
  const root = (): string => {
    if (folder === undefined) throw new Error(`the ${prefix} temp folder is made in beforeAll`)
    return folder
  }
  const path = (name: string): string => join(root(), name)
  const file = (name: string, content: string | Uint8Array): string => {
    writeFileSync(path(name), content)
    return path(name)
  }
  const csv = (
    name: string,
    header: readonly string[],
    rows: readonly (readonly unknown[])[]
  ): string => {
    const lines = rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))
    return file(name, `${header.join(',')}\n${lines.join('\n')}\n`)
  }
  return { root, path, file, csv }
}

/** The demo's weather files copied into a temp folder, and a corrupt batch beside them. */
export type DemoWeather = Readonly<{
  /** ref.csv: the demo's reference. */
  reference: string
  /** week1.csv: the demo's first week. */
  week1: string
  /** corrupt.csv: week 1 from a broken pipeline, `casual` of its first four rows set to 5000. */
  corrupt: string
}>

/**
 * Writes {@link DemoWeather} into `folder` (call it in beforeAll). The corrupt batch fails the reference's
 * inferred range for `casual` (the reference never passes 367), so its data is invalid.
 */
/**
 * A pool of real DuckDB workers for the file's tests (spilling into `folder`), made before them and closed
 * after them; the returned function gives it.
 */
export function useWorkerPool(folder: TempFolder, size = 2): () => WorkerPool {
  let pool: WorkerPool | undefined
  beforeAll(() => {
    pool = createWorkerPool({
      size,
      tempDirectory: join(folder.root(), 'spill'),
      log: () => undefined
    })
  })
  afterAll(async () => {
    await pool?.close()
  })
  return () => {
    if (pool === undefined) throw new Error('the worker pool is made in beforeAll')
    return pool
  }
}

export function writeDemoWeather(folder: TempFolder): DemoWeather {
  const reference = folder.path('ref.csv')
  const week1 = folder.path('week1.csv')
  copyFileSync(DEMO_REFERENCE, reference)
  copyFileSync(demoWeek(1), week1)
  const [header, ...lines] = readFileSync(week1, 'utf8').trimEnd().split('\n')
  const casual = (header as string).split(',').indexOf('casual')
  const broken = lines.map((line, i) => {
    if (i >= 4) return line
    const cells = line.split(',')
    cells[casual] = '5000'
    return cells.join(',')
  })
  const corrupt = folder.file('corrupt.csv', `${header}\n${broken.join('\n')}\n`)
  return { reference, week1, corrupt }
}

/** A temp folder with an in-process backend that compares files in it. */
export type BackendHarness = TempFolder &
  Readonly<{
    backend: () => Backend
    /** Compares two files with the harness's default options under `options`; the error as a Result. */
    compareResult: (
      reference: string,
      current: string,
      options?: DriftOptions,
      referenceProfile?: string
    ) => Promise<Result<Report>>
    /** {@link compareResult}, throwing "CODE: message" when the comparison fails. */
    compare: (
      reference: string,
      current: string,
      options?: DriftOptions,
      referenceProfile?: string
    ) => Promise<Report>
    /**
     * Writes reference.csv and current.csv before the suite's tests, and returns a function that compares
     * them under the given options.
     */
    comparePair: (
      referenceCsv: string,
      currentCsv: string
    ) => (options?: DriftOptions) => Promise<Report>
  }>

/**
 * A backend as the CLI and the tests run it (in-process, with real worker threads) and a temp folder, both
 * made before the suite's tests and closed and removed after them. `defaults` are spread under the options
 * of every comparison (`{ multivariate: { enabled: false } }` to skip the multivariate checks).
 */
export function useBackend(
  prefix: string,
  settings: Readonly<{ workers?: number; defaults?: DriftOptions }> = {}
): BackendHarness {
  const folder = useTempFolder(prefix)
  let created: Backend | undefined
  beforeAll(() => {
    created = createBackend({ host: 'inprocess', workers: settings.workers ?? 1 })
  })
  afterAll(async () => {
    await created?.dispose()
  })
  const backend = (): Backend => {
    if (created === undefined) throw new Error(`the ${prefix} backend is made in beforeAll`)
    return created
  }
  const compareResult = (
    reference: string,
    current: string,
    options: DriftOptions = {},
    referenceProfile?: string
  ): Promise<Result<Report>> =>
    runComparison(backend(), {
      reference,
      current,
      options: { ...settings.defaults, ...options },
      ...(referenceProfile === undefined ? {} : { referenceProfile })
    })
  const compare = async (
    reference: string,
    current: string,
    options: DriftOptions = {},
    referenceProfile?: string
  ): Promise<Report> => {
    const result = await compareResult(reference, current, options, referenceProfile)
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
    return result.value
  }
  const comparePair = (referenceCsv: string, currentCsv: string) => {
    beforeAll(() => {
      folder.file('reference.csv', referenceCsv)
      folder.file('current.csv', currentCsv)
    })
    return (options: DriftOptions = {}): Promise<Report> =>
      compare(folder.path('reference.csv'), folder.path('current.csv'), options)
  }
  return { ...folder, backend, compareResult, compare, comparePair }
}

/** The column `name` of a report's features; throws, listing the columns, when there is none. */
export function column(report: Report, name: string): ColumnDrift {
  const c = report.columns.find((col) => col.column === name)
  if (!c) throw new Error(`no column ${name} in ${report.columns.map((x) => x.column).join(', ')}`)
  return c
}

/** Fails unless `actual` is a number with |actual − expected| ≤ rtol·|expected| + atol. */
export function expectNear(
  actual: number | null | undefined,
  expected: number,
  rtol: number,
  atol = 1e-12
): void {
  expect(actual).not.toBeNull()
  expect(actual).not.toBeUndefined()
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    rtol * Math.abs(expected) + atol
  )
}

/** A standard normal draw by Box–Muller from two uniform draws of `random`. */
export function standardNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
}

/** `value` rounded to `decimals` decimal places, as data exported with fixed decimals (ties included). */
export function roundTo(value: number, decimals: number): number {
  const step = 10 ** decimals
  return Math.round(value * step) / step
}

/** The numeric columns of the seed-weather files. */
export const WEATHER_NUMERIC_COLUMNS: readonly string[] = [
  'season',
  'holiday',
  'workingday',
  'weather',
  'temp',
  'atemp',
  'humidity',
  'windspeed',
  'casual',
  'registered'
]

/** Every column of the seed-weather files, in file order. */
export const WEATHER_COLUMNS: readonly string[] = ['datetime', ...WEATHER_NUMERIC_COLUMNS, 'count']

/** An in-memory DuckDB connection, and the engine's pool of value counts built in it. */
export type DuckDBHarness = Readonly<{
  connection: () => DuckDBConnection
  /**
   * Builds the pool `pool` from a table of (side INTEGER, v DOUBLE) rows: one row per distinct finite
   * value, its counts on each side (cr for side 0, cc for side 1).
   */
  poolFromTable: (pool: string, samples: string) => Promise<void>
  /** Loads two samples (side 0 and 1, into table `<pool>_samples`) and builds their pool. */
  poolFromSamples: (
    pool: string,
    reference: readonly number[],
    current: readonly number[]
  ) => Promise<void>
  /**
   * Pools one numeric column of the seed-weather reference (side 0) against week `week` (side 1) into
   * `pool` (its rows in `<pool>_samples`), and returns the finite values of each side as read back, for
   * the raw-sample functions.
   */
  poolWeatherColumn: (
    pool: string,
    column: string,
    week: 1 | 2 | 3
  ) => Promise<{ reference: number[]; current: number[] }>
}>

/** An in-memory DuckDB connection, opened before the suite's tests and closed after them. */
export function useDuckDB(): DuckDBHarness {
  let instance: DuckDBInstance | undefined
  let opened: DuckDBConnection | undefined
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:')
    opened = await instance.connect()
  })
  afterAll(() => {
    opened?.closeSync()
    instance?.closeSync()
  })
  const connection = (): DuckDBConnection => {
    if (opened === undefined) throw new Error('the DuckDB connection is opened in beforeAll')
    return opened
  }
  const poolFromTable = async (pool: string, samples: string): Promise<void> => {
    await connection().run(
      `CREATE OR REPLACE TEMP TABLE ${quoteIdent(pool)} AS
       SELECT v, count(*) FILTER (WHERE side = 0) AS cr, count(*) FILTER (WHERE side = 1) AS cc
       FROM ${quoteIdent(samples)} WHERE v IS NOT NULL AND isfinite(v) GROUP BY v`
    )
  }
  const poolFromSamples = async (
    pool: string,
    reference: readonly number[],
    current: readonly number[]
  ): Promise<void> => {
    const samples = `${pool}_samples`
    await connection().run(
      `CREATE OR REPLACE TABLE ${quoteIdent(samples)} (side INTEGER, v DOUBLE)`
    )
    const appender = await connection().createAppender(samples)
    for (const [side, values] of [reference, current].entries()) {
      for (const v of values) {
        appender.appendInteger(side)
        appender.appendDouble(v)
        appender.endRow()
      }
    }
    appender.closeSync()
    await poolFromTable(pool, samples)
  }
  const poolWeatherColumn = async (
    pool: string,
    column: string,
    week: 1 | 2 | 3
  ): Promise<{ reference: number[]; current: number[] }> => {
    const samples = `${pool}_samples`
    const value = `CAST(${quoteIdent(column)} AS DOUBLE)`
    const read = (path: string): string => `read_csv(${quoteString(path)}, header = true)`
    await connection().run(
      `CREATE OR REPLACE TEMP TABLE ${quoteIdent(samples)} AS
       SELECT 0 AS side, ${value} AS v FROM ${read(WEATHER_REFERENCE)}
       UNION ALL
       SELECT 1 AS side, ${value} AS v FROM ${read(weatherWeek(week))}`
    )
    await poolFromTable(pool, samples)
    const rows = await connection().runAndReadAll(
      `SELECT side, v FROM ${quoteIdent(samples)} WHERE v IS NOT NULL AND isfinite(v)`
    )
    const reference: number[] = []
    const current: number[] = []
    for (const row of rows.getRowObjectsJson()) {
      ;(toNumber(row['side']) === 0 ? reference : current).push(toNumber(row['v']))
    }
    return { reference, current }
  }
  return { connection, poolFromTable, poolFromSamples, poolWeatherColumn }
}

/** What `driftwatch ...argv` returned and wrote, run in this process. */
export type CliRun = Readonly<{ code: number; out: string; err: string }>

/** Runs `driftwatch ...argv` in this process (not a terminal) and keeps what it wrote. */
export async function runCli(argv: readonly string[]): Promise<CliRun> {
  let out = ''
  let err = ''
  const io: Io = {
    out: (text) => {
      out += text
    },
    err: (text) => {
      err += text
    },
    isTty: false
  }
  const code = await main(argv, io)
  return { code, out, err }
}

/** CSV files staged as DuckDB tables, with the columns the engine would see. */
export type CsvTables = Readonly<{
  /** Reads the CSV file `path` into table `table` and returns its columns. */
  stage: (table: string, path: string) => Promise<ColumnInfo[]>
  /**
   * Writes `name`.csv in the folder: the rows of `source` (1-based row number `r` available) with
   * `replace` (DuckDB `REPLACE (...)` items) applied and `rename` ('old AS new' items) done, then stages
   * it as table `name`.
   */
  variant: (name: string, source: string, replace: string, rename?: string) => Promise<ColumnInfo[]>
}>

/** Stages CSV files in the DuckDB of `db`, writing variants into `folder`. */
export function csvTables(db: DuckDBHarness, folder: TempFolder): CsvTables {
  const stage = async (table: string, path: string): Promise<ColumnInfo[]> => {
    const connection = db.connection()
    await connection.run(
      `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_csv(${quoteString(path)})`
    )
    const described = await connection.runAndReadAll(`DESCRIBE ${quoteIdent(table)}`)
    return described.getRowObjectsJson().map((row) => {
      const sqlType = String(row['column_type'])
      return { name: String(row['column_name']), sqlType, kind: kindOfType(sqlType) }
    })
  }
  const variant = async (
    name: string,
    source: string,
    replace: string,
    rename = ''
  ): Promise<ColumnInfo[]> => {
    const path = folder.path(`${name}.csv`)
    const numbered = `(SELECT *, row_number() OVER () AS r FROM read_csv(${quoteString(source)}))`
    const replaced = `SELECT * EXCLUDE (r)${replace ? ` REPLACE (${replace})` : ''} FROM ${numbered}`
    const renamed = rename ? `SELECT * RENAME (${rename}) FROM (${replaced})` : replaced
    await db.connection().run(`COPY (${renamed}) TO ${quoteString(path)} (HEADER, DELIMITER ',')`)
    return stage(name, path)
  }
  return { stage, variant }
}
