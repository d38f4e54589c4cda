/**
 * A preview page decoded: the Arrow IPC bytes of `data:rows` read with apache-arrow into the row numbers and
 * the cells the grid shows. The columns stay Arrow vectors; a cell is read only when its row is on screen.
 */
import { tableFromIPC, type Vector } from 'apache-arrow'
import { ROW_NUMBER_FIELD, type RowPage } from '../../../shared/model'

/** A cell as Arrow gives it back: BIGINT arrives as a bigint, text-typed columns as strings. */
export type CellValue = string | number | bigint | boolean | null

export type DecodedPage = Readonly<{
  /** Position of the page's first row among the rows the filter selects. */
  offset: number
  /** Rows the filter selects. */
  total: number
  /** Rows in this page. */
  length: number
  /** The 1-based data row number of each row of the page. */
  rowNumbers: readonly number[]
  /** The file's columns, in order (the row number field left out). */
  columns: readonly string[]
  /** The cell of the page's row `row` (0-based within the page) and column `column`. */
  cell: (row: number, column: number) => CellValue
}>

/**
 * Decodes a page. Throws when the bytes are not an Arrow stream that starts with the row number field.
 * O(rows) for the row numbers; cells are read on demand.
 */
export function decodeRowPage(page: RowPage): DecodedPage {
  const table = tableFromIPC(page.arrow)
  const fields = table.schema.fields
  if (fields[0]?.name !== ROW_NUMBER_FIELD) {
    throw new Error(`decodeRowPage requires the first field to be ${ROW_NUMBER_FIELD}`)
  }
  const vectors: Vector[] = fields.map((_, i) => table.getChildAt(i) as Vector)
  const numbers = vectors[0] as Vector
  const rowNumbers: number[] = []
  for (let i = 0; i < table.numRows; i++) rowNumbers.push(Number(numbers.get(i)))
  return {
    offset: page.offset,
    total: page.total,
    length: table.numRows,
    rowNumbers,
    columns: fields.slice(1).map((f) => f.name),
    cell: (row, column) => {
      const value: unknown = vectors[column + 1]?.get(row)
      return value === undefined ? null : (value as CellValue)
    }
  }
}

/**
 * A cell as the grid writes it: numbers in full (the shortest text that reads back as the same number),
 * big integers exactly, missing values as an empty cell marked by the caller.
 * O(1). @example cellText(12345678901234567890n) // '12345678901234567890'
 */
export function cellText(value: CellValue): string {
  if (value === null) return ''
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN'
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf'
    return String(value)
  }
  return String(value)
}
