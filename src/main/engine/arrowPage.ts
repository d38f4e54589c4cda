/**
 * A page of rows read by DuckDB, as Arrow IPC bytes: what the data preview sends to the renderer. DuckDB's
 * Node client has no Arrow export, so the page's columns are read as JavaScript values and written with
 * apache-arrow. Each column's DuckDB type decides its Arrow type; a type the grid only shows as text
 * (dates, decimals, huge integers, nested values) is cast to VARCHAR by the query, so DuckDB prints it.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import {
  Bool,
  type DataType,
  Field,
  Float64,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Uint64,
  Utf8,
  vectorFromArray
} from 'apache-arrow'
import type { ColumnInfo } from '../../shared/model'
import { ROW_NUMBER_FIELD } from '../../shared/model'
import { quoteIdent } from './sql'

/** How a DuckDB type travels in a page. */
export type PageType = 'int32' | 'int64' | 'uint64' | 'float64' | 'bool' | 'utf8'

/** The Arrow field metadata key holding the column's DuckDB type. */
export const SQL_TYPE_KEY = 'driftwatch:sqlType'

/**
 * The page type of a DuckDB type: exact for booleans, integers and floating point; text otherwise.
 * O(1). @example pageType('BIGINT') // 'int64'
 */
export function pageType(sqlType: string): PageType {
  const t = sqlType.toUpperCase()
  if (t === 'BOOLEAN') return 'bool'
  if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/.test(t)) return 'int32'
  if (t === 'BIGINT') return 'int64'
  if (t === 'UBIGINT') return 'uint64'
  if (/^(FLOAT|DOUBLE|REAL|UINTEGER)$/.test(t)) return 'float64'
  return 'utf8'
}

/**
 * The SELECT list of a page over relation columns `columns`: the row number first (as DOUBLE, from the
 * expression `rowNumber`), then each column as itself or cast to text.
 */
export function pageSelectList(columns: readonly ColumnInfo[], rowNumber: string): string {
  const parts = [`CAST(${rowNumber} AS DOUBLE) AS ${quoteIdent(ROW_NUMBER_FIELD)}`]
  columns.forEach((c, i) => {
    const name = quoteIdent(c.name)
    const value = pageType(c.sqlType) === 'utf8' ? `CAST(${name} AS VARCHAR)` : name
    parts.push(`${value} AS ${quoteIdent(`c${i}`)}`)
  })
  return parts.join(', ')
}

function arrowType(type: PageType): DataType {
  switch (type) {
    case 'int32':
      return new Int32()
    case 'int64':
      return new Int64()
    case 'uint64':
      return new Uint64()
    case 'float64':
      return new Float64()
    case 'bool':
      return new Bool()
    case 'utf8':
      return new Utf8()
    default:
      return assertNever(type)
  }
}

/**
 * Runs `sql` (a query whose columns are those of {@link pageSelectList} over `columns`) and returns its rows
 * as an Arrow IPC stream with the row number field and the columns under their own names, each field
 * carrying its DuckDB type in its metadata. O(rows × columns).
 */
export async function queryArrowPage(
  connection: DuckDBConnection,
  sql: string,
  columns: readonly ColumnInfo[]
): Promise<Uint8Array> {
  const result = await connection.runAndReadAll(sql)
  const values = result.getColumnsJS()
  const length = result.currentRowCount
  const fields: Field[] = [new Field(ROW_NUMBER_FIELD, new Float64(), false)]
  const data: unknown[] = [vectorFromArray((values[0] ?? []) as number[], new Float64()).data[0]]
  columns.forEach((c, i) => {
    const type = arrowType(pageType(c.sqlType))
    fields.push(new Field(c.name, type, true, new Map([[SQL_TYPE_KEY, c.sqlType]])))
    const column = (values[i + 1] ?? []).map((v) => (v === undefined ? null : v))
    data.push(vectorFromArray(column as unknown[], type).data[0])
  })
  const schema = new Schema(fields)
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length, nullCount: 0, children: data as never })
  )
  return tableToIPC(new Table(schema, [batch]), 'stream')
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}
