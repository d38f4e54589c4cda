/**
 * The data preview's engine, run in the preview worker: a dataset opened once, then read a page at a time,
 * all its rows or only the rows a filter selects.
 *
 * Where pages come from. Parquet is read in place: a view over `read_parquet(..., file_row_number = true)`,
 * and a page is `WHERE file_row_number BETWEEN a AND b`, which DuckDB answers from the row groups that hold
 * those rows (about 10 ms for a page from the middle of 10^7 rows). Text formats (CSV, TSV, JSON) have no
 * such index: every page would parse the file from the top. So they are read once into a table of the
 * preview's own DuckDB database, a file in the temp folder (compressed like Parquet, so a 750 MB CSV of 10^7
 * rows takes about 190 MB of disk and little memory), and a page is `WHERE rowid BETWEEN a AND b` (about
 * 5 ms). Staging costs one parse of the file (about 11 s for that CSV on 2 cores), once per open preview;
 * the table is dropped when the preview closes. Staging reads the file exactly as a comparison does
 * (`stageOrExplain`: a column whose values do not fit its guessed type is read as text), so the rows and
 * their numbers are the ones validation saw.
 *
 * Row numbers are 1-based positions among the data rows in file order, as validation numbers sample rows:
 * `rowid + 1` of the staged table (insertion order is file order), `file_row_number + 1` of Parquet.
 *
 * Filters. The rows a filter selects are found once, in one scan, and their row numbers kept in order in a
 * small table beside the data (`<table>_f_<hash of the filter>`); a filtered page reads its slice of row
 * numbers, then fetches those rows with `rowid BETWEEN first AND last AND rowid IN (...)`, which touches
 * only the row groups holding them. An expectation's rows are selected by the condition validation counted
 * them with (`unexpectedRowsQuery`), a histogram bar's by the rule the report's bins were counted with
 * (`binCondition`), a category's by the value expression the report's categories were read with.
 *
 * The preview's database lives in `folder`, one file per worker thread (a worker that is replaced starts a
 * new file; the backend removes the folder when it stops). Every operation first makes sure its source is
 * there, so a page of a preview whose table went missing (a worker replaced after a crash) stages again.
 */
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import type { DuckDBConnection } from '@duckdb/node-api'
import { AppFailure } from '../../shared/errors'
import type { ColumnInfo, PreviewOpened, RowFilter } from '../../shared/model'
import { MAX_PAGE_ROWS } from '../../shared/model'
import { pageSelectList, queryArrowPage } from './arrowPage'
import { stageOrExplain } from './compare'
import { binCondition } from './drift'
import { sha256File } from './hash'
import { valueExpression } from './profile'
import { inspectFile, kindOfType, openSource } from './sources'
import { quoteIdent, quoteString, toNumber } from './sql'
import { ROW, unexpectedRowsQuery } from './validation'

/** The catalog name of the preview's database inside the worker's DuckDB instance. */
const CATALOG = 'dw_preview'

/** Parquet's own row number column, as `read_parquet(..., file_row_number = true)` adds it. */
const FILE_ROW_NUMBER = 'file_row_number'

export type PreviewSourceArgs = Readonly<{
  /** The folder of the preview's database file. */
  folder: string
  /** The name of the preview's table (or Parquet view): letters, digits and underscores. */
  table: string
  path: string
}>

/** What opening a file for preview finds: the shared PreviewOpened without the backend's own fields. */
export type PreviewFacts = Omit<PreviewOpened, 'previewId' | 'path'>

export type PreviewPageArgs = PreviewSourceArgs &
  Readonly<{ offset: number; limit: number; filter?: RowFilter }>

export type PreviewPage = Readonly<{ offset: number; total: number; arrow: Uint8Array; ms: number }>

/** A preview's source as the queries read it. */
type Source = Readonly<{
  table: string
  isStaged: boolean
  columns: readonly ColumnInfo[]
  /** The column whose value + 1 is the data row number, and on which a page's range is filtered. */
  position: string
  /** The rows with the data row number as ROW (the relation validation's conditions read). */
  numbered: string
}>

/**
 * Opens `args.path` for preview (staging a text file into the preview's table), and hashes the file at the
 * same time. Returns the facts the grid needs before its first page.
 */
export async function openPreview(
  connection: DuckDBConnection,
  args: PreviewSourceArgs,
  isCancelled: () => boolean = () => false
): Promise<PreviewFacts> {
  const started = performance.now()
  const file = await inspectFile(args.path)
  const hashing = new AbortController()
  const hash = sha256File(args.path, hashing.signal)
  hash.catch(() => undefined)
  try {
    const source = await ensureSource(connection, args)
    if (isCancelled()) throw new AppFailure('CANCELLED', 'Opening the preview was cancelled.')
    const rows = await countRows(connection, quoteIdent(source.table))
    return {
      name: file.name,
      format: file.format,
      rows,
      columns: source.columns,
      sha256: await hash,
      isStaged: source.isStaged,
      openMs: performance.now() - started
    }
  } finally {
    hashing.abort()
  }
}

/**
 * One page: the rows at positions offset … offset + limit − 1 among those the filter selects (all rows
 * without one), with the number of rows it selects. A filter's rows are found on its first page and kept.
 */
export async function previewPage(
  connection: DuckDBConnection,
  args: PreviewPageArgs
): Promise<PreviewPage> {
  const started = performance.now()
  const offset = Math.max(0, Math.floor(args.offset))
  const limit = Math.max(0, Math.min(MAX_PAGE_ROWS, Math.floor(args.limit)))
  const source = await ensureSource(connection, args)
  const select = pageSelectList(source.columns, `${quoteIdent(source.position)} + 1`)
  const relation = quoteIdent(source.table)
  const position = quoteIdent(source.position)
  if (args.filter === undefined) {
    const total = await countRows(connection, relation)
    const arrow = await queryArrowPage(
      connection,
      `SELECT ${select} FROM ${relation} WHERE ${position} BETWEEN ${offset} AND ${offset + limit - 1} ORDER BY ${position}`,
      source.columns
    )
    return { offset, total, arrow, ms: performance.now() - started }
  }
  const matches = await ensureFilter(connection, source, args.filter)
  const total = await countRows(connection, quoteIdent(matches))
  const slice = (
    await connection.runAndReadAll(
      `SELECT r FROM ${quoteIdent(matches)} WHERE rowid BETWEEN ${offset} AND ${offset + limit - 1} ORDER BY rowid`
    )
  )
    .getColumnsJS()[0]
    ?.map((r) => toNumber(r) - 1) as number[] | undefined
  const positions = slice ?? []
  const where =
    positions.length === 0
      ? 'false'
      : `${position} BETWEEN ${positions[0]} AND ${positions[positions.length - 1]} AND ${position} IN (${positions.join(', ')})`
  const arrow = await queryArrowPage(
    connection,
    `SELECT ${select} FROM ${relation} WHERE ${where} ORDER BY ${position}`,
    source.columns
  )
  return { offset, total, arrow, ms: performance.now() - started }
}

/** Drops a preview's table (or view) and the row lists of its filters. */
export async function closePreview(
  connection: DuckDBConnection,
  args: Readonly<{ folder: string; table: string }>
): Promise<Readonly<{ dropped: boolean }>> {
  await useDatabase(connection, args.folder)
  const found = await connection.runAndReadAll(
    `SELECT table_name AS name, 'TABLE' AS kind FROM duckdb_tables() WHERE database_name = ${quoteString(CATALOG)} AND (table_name = ${quoteString(args.table)} OR starts_with(table_name, ${quoteString(`${args.table}_f_`)}))
     UNION ALL
     SELECT view_name, 'VIEW' FROM duckdb_views() WHERE database_name = ${quoteString(CATALOG)} AND (view_name = ${quoteString(args.table)} OR view_name = ${quoteString(`${args.table}_src`)})`
  )
  const objects = found.getRowObjectsJson()
  for (const row of objects) {
    await connection.run(`DROP ${String(row['kind'])} IF EXISTS ${quoteIdent(String(row['name']))}`)
  }
  return { dropped: objects.length > 0 }
}

/**
 * Detaches the preview's database (its tables are dropped first, so nothing is left to write back): done
 * before the worker stops, since a DuckDB database still attached when its thread is terminated is closed
 * by a finaliser that may fail and abort the process.
 */
export async function detachPreviews(connection: DuckDBConnection): Promise<{ detached: boolean }> {
  const attached = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM duckdb_databases() WHERE database_name = ${quoteString(CATALOG)}`
  )
  if (toNumber(attached.getRowObjectsJson()[0]?.['n']) === 0) return { detached: false }
  const objects = await connection.runAndReadAll(
    `SELECT table_name AS name, 'TABLE' AS kind FROM duckdb_tables() WHERE database_name = ${quoteString(CATALOG)}
     UNION ALL
     SELECT view_name, 'VIEW' FROM duckdb_views() WHERE database_name = ${quoteString(CATALOG)}`
  )
  for (const row of objects.getRowObjectsJson()) {
    await connection.run(
      `DROP ${String(row['kind'])} IF EXISTS ${CATALOG}.main.${quoteIdent(String(row['name']))}`
    )
  }
  await connection.run(`DETACH DATABASE IF EXISTS ${CATALOG}`)
  return { detached: true }
}

/** Attaches the preview's database of this worker thread (once) and makes it the connection's default. */
async function useDatabase(connection: DuckDBConnection, folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true })
  const file = join(folder, `preview-${process.pid}-${threadId}.duckdb`)
  await connection.run(`ATTACH IF NOT EXISTS ${quoteString(file)} AS ${CATALOG}`)
  await connection.run(`USE ${CATALOG}`)
}

/** The preview's source, staged or viewed now when it is not there yet. */
async function ensureSource(
  connection: DuckDBConnection,
  args: PreviewSourceArgs
): Promise<Source> {
  if (!/^[A-Za-z0-9_]+$/.test(args.table)) {
    throw new Error(`preview table names are letters, digits and underscores, not ${args.table}`)
  }
  await useDatabase(connection, args.folder)
  const existing = await connection.runAndReadAll(
    `SELECT 'table' AS kind FROM duckdb_tables() WHERE database_name = ${quoteString(CATALOG)} AND table_name = ${quoteString(args.table)}
     UNION ALL
     SELECT 'view' FROM duckdb_views() WHERE database_name = ${quoteString(CATALOG)} AND view_name = ${quoteString(args.table)}`
  )
  const kind = existing.getRowObjectsJson()[0]?.['kind']
  if (kind === 'table') return describeSource(connection, args.table, true)
  if (kind === 'view') return describeSource(connection, args.table, false)
  const opened = await openSource(connection, args.path, `${args.table}_src`)
  try {
    if (opened.file.format !== 'parquet') {
      await stageOrExplain(connection, opened, args.table)
      return describeSource(connection, args.table, true)
    }
    if (opened.columns.some((c) => c.name === FILE_ROW_NUMBER)) {
      // A column of that name would clash with Parquet's row numbers: copy the file like a text file.
      await connection.run(
        `CREATE TABLE ${quoteIdent(args.table)} AS SELECT * FROM ${quoteIdent(opened.view)}`
      )
      return describeSource(connection, args.table, true)
    }
    await connection.run(
      `CREATE VIEW ${quoteIdent(args.table)} AS SELECT * FROM read_parquet(${quoteString(opened.file.path)}, file_row_number = true)`
    )
    return describeSource(connection, args.table, false)
  } finally {
    await connection.run(`DROP VIEW IF EXISTS ${quoteIdent(`${args.table}_src`)}`)
  }
}

async function describeSource(
  connection: DuckDBConnection,
  table: string,
  isStaged: boolean
): Promise<Source> {
  const described = await connection.runAndReadAll(`DESCRIBE ${quoteIdent(table)}`)
  const columns = described
    .getRowObjectsJson()
    .map((row) => {
      const sqlType = String(row['column_type'])
      return { name: String(row['column_name']), sqlType, kind: kindOfType(sqlType) }
    })
    .filter((c) => isStaged || c.name !== FILE_ROW_NUMBER)
  const position = isStaged ? 'rowid' : FILE_ROW_NUMBER
  const numbered = isStaged
    ? `(SELECT *, rowid + 1 AS ${quoteIdent(ROW)} FROM ${quoteIdent(table)})`
    : `(SELECT * EXCLUDE (${FILE_ROW_NUMBER}), ${FILE_ROW_NUMBER} + 1 AS ${quoteIdent(ROW)} FROM ${quoteIdent(table)})`
  return { table, isStaged, columns, position, numbered }
}

async function countRows(connection: DuckDBConnection, relation: string): Promise<number> {
  const result = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${relation}`)
  return toNumber(result.getRowObjectsJson()[0]?.['n'])
}

/** The table of the row numbers (column r, in order) that `filter` selects, made on first use. */
async function ensureFilter(
  connection: DuckDBConnection,
  source: Source,
  filter: RowFilter
): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(filter)).digest('hex').slice(0, 16)
  const table = `${source.table}_f_${key}`
  const existing = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = ${quoteString(CATALOG)} AND table_name = ${quoteString(table)}`
  )
  if (toNumber(existing.getRowObjectsJson()[0]?.['n']) > 0) return table
  const rows = filteredRowsQuery(source, filter)
  await connection.run(
    `CREATE TABLE ${quoteIdent(table)} AS SELECT ${quoteIdent(ROW)} AS r FROM (${rows}) ORDER BY r`
  )
  return table
}

/** The query of the row numbers (column ROW) that a filter selects from the source. */
export function filteredRowsQuery(
  source: Readonly<{ columns: readonly ColumnInfo[]; numbered: string }>,
  filter: RowFilter
): string {
  const select = `SELECT ${quoteIdent(ROW)} FROM ${source.numbered} WHERE `
  switch (filter.kind) {
    case 'expectation': {
      const query = unexpectedRowsQuery(filter.expectation, source.columns, source.numbered)
      if (query === null) {
        const id = typeof filter.expectation?.id === 'string' ? ` "${filter.expectation.id}"` : ''
        throw new AppFailure(
          'INVALID_OPTIONS',
          `Expectation${id} is not checked row by row on this file (a schema, distinct count, statistic or freshness check, a disabled one, or a column it lacks), so there are no rows to show for it.`
        )
      }
      return query
    }
    case 'bin': {
      columnOf(source.columns, filter.column)
      if (![filter.lower, filter.upper].every(Number.isFinite) || filter.lower > filter.upper) {
        throw new AppFailure(
          'INVALID_OPTIONS',
          `A histogram bar's edges must be finite numbers, lower first; got ${filter.lower} and ${filter.upper}.`
        )
      }
      const value = valueExpression(filter.column, 'numeric')
      return select + binCondition(value, filter.lower, filter.upper, filter.isLast)
    }
    case 'category': {
      columnOf(source.columns, filter.column)
      const { value, literal } = categoryValue(filter.column, filter.isNumeric)
      return `${select}${value} = ${literal(filter.value)}`
    }
    case 'otherCategories': {
      columnOf(source.columns, filter.column)
      const { value, literal } = categoryValue(filter.column, filter.isNumeric)
      const shown = filter.shown.map(literal)
      return `${select}${value} IS NOT NULL${shown.length === 0 ? '' : ` AND ${value} NOT IN (${shown.join(', ')})`}`
    }
    default:
      return assertNever(filter)
  }
}

/**
 * A column's value as the report's category bars read it (a number, or text), and how a category label
 * becomes a literal to compare it with.
 */
function categoryValue(
  column: string,
  isNumeric: boolean
): Readonly<{ value: string; literal: (label: string) => string }> {
  if (!isNumeric) {
    return { value: valueExpression(column, 'categorical'), literal: quoteString }
  }
  return {
    value: valueExpression(column, 'numeric'),
    literal: (label) => {
      const n = Number(label)
      if (!Number.isFinite(n)) {
        throw new AppFailure(
          'INVALID_OPTIONS',
          `"${label}" is not a number, so it cannot be a category of the numeric column "${column}".`
        )
      }
      return `${quoteString(String(n))}::DOUBLE`
    }
  }
}

function columnOf(columns: readonly ColumnInfo[], name: string): ColumnInfo {
  const found = columns.find((c) => c.name === name)
  if (!found) {
    throw new AppFailure(
      'INVALID_OPTIONS',
      `This file has no column "${name}", so its rows cannot be filtered by it. Check that the preview shows the file the report was made from.`
    )
  }
  return found
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${JSON.stringify(v)}`)
}
