/**
 * Data preview: a dataset's rows read page by page, all of them or only the rows behind a finding. A page
 * crosses every boundary as Arrow IPC bytes (a record batch stream) beside plain numbers, so a thousand rows
 * of fifty columns cost one copy of their bytes, not fifty thousand JSON values.
 */
import type { ColumnInfo, DataFormat } from './dataset'
import type { Expectation } from './validation'

/**
 * Which rows a preview shows: every row (no filter), or the rows behind a finding.
 *
 * - `expectation`: the rows a row-level expectation counts as unexpected, selected by the very condition
 *   its validation counted them with (and took its sample rows from).
 * - `bin`: the rows whose value of a numeric column falls in one histogram bin of the report, counted as
 *   the report counts them: lower ≤ v < upper, the last bin closed (lower ≤ v ≤ upper).
 * - `category`: the rows whose value of a column, read as the report reads it, is `value` (a number's
 *   category when `isNumeric`, text otherwise).
 * - `otherCategories`: the rows with a value that is none of `shown` (the folded "(other values)" bar).
 */
export type RowFilter =
  | Readonly<{ kind: 'expectation'; expectation: Expectation }>
  | Readonly<{ kind: 'bin'; column: string; lower: number; upper: number; isLast: boolean }>
  | Readonly<{ kind: 'category'; column: string; value: string; isNumeric: boolean }>
  | Readonly<{
      kind: 'otherCategories'
      column: string
      shown: readonly string[]
      isNumeric: boolean
    }>

/** A dataset opened for preview: what the grid needs before its first page. */
export type PreviewOpened = Readonly<{
  /** Names this open preview in `data:rows` and `data:close`. */
  previewId: string
  path: string
  name: string
  format: DataFormat
  /** Data rows in the file. @integer @minimum 0 */
  rows: number
  /** The columns as the engine reads them, in file order. */
  columns: readonly ColumnInfo[]
  /** SHA-256 of the file's bytes, hex: equal to a report's input hash when the file is unchanged since. */
  sha256: string
  /**
   * Whether the file was copied into the preview's DuckDB table (text formats, parsed once) rather than read
   * in place (Parquet, whose row groups are read directly).
   */
  isStaged: boolean
  /** Time spent opening (staging and hashing), ms; 0 when an earlier preview of the same file is reused. */
  openMs: number
}>

/** One page of rows. */
export type RowPage = Readonly<{
  /** Position of the first row of the page among the rows the filter selects (0-based). */
  offset: number
  /** Rows the filter selects (all data rows without a filter). */
  total: number
  /**
   * Arrow IPC stream: the column `__dw_row` (Float64, the row's 1-based position among the file's data
   * rows, as validation numbers sample rows), then the file's columns. Integers up to 32 bits arrive as
   * Int32, BIGINT as Int64, UBIGINT as Uint64, floating point as Float64, booleans as Bool, text as Utf8,
   * and every other type (dates, times, decimals, huge integers, nested values) as the text DuckDB prints.
   */
  arrow: Uint8Array
  /** Time the worker spent on the page, ms. */
  ms: number
}>

/** The column of a page holding each row's 1-based data row number. */
export const ROW_NUMBER_FIELD = '__dw_row'

/** The most rows one `data:rows` request may ask for. */
export const MAX_PAGE_ROWS = 5000
