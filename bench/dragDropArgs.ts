/**
 * Flags of `npm run bench:dragdrop`: the rows of each generated file (default 6.5e7, about 5 GB of CSV
 * each at exported precision, 75 bytes a row), the format, and generating the data only.
 *
 * @example parseDragDropArgs(['--rows', '1e7']).rows // 10000000
 */
import type { DataFormat } from './generate'

export const DRAG_DROP_USAGE = `npm run bench:dragdrop -- [flags]

  --rows N           rows per file (default 6.5e7: about 5 GB of CSV each)
  --format csv       csv or parquet (default csv)
  --generate-only    generate the data and stop
  --help             this text`

/** Rows per generated CSV file to make about 5 GB (75 bytes a row at exported precision). */
export const FIVE_GB_ROWS = 6.5e7

export type DragDropArgs = Readonly<{
  rows: number
  format: DataFormat
  generateOnly: boolean
  help: boolean
}>

/** Parses the flags after `npm run bench:dragdrop --`; throws an Error that says what is wrong. */
export function parseDragDropArgs(argv: readonly string[]): DragDropArgs {
  let rows = FIVE_GB_ROWS
  let format: DataFormat = 'csv'
  let generateOnly = false
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === '--rows') {
      const text = argv[++i]
      const value = Number(text)
      if (text === undefined || !Number.isInteger(value) || value < 100) {
        throw new Error(`--rows takes a whole number of rows of at least 100, not "${text ?? ''}".`)
      }
      rows = value
    } else if (flag === '--format') {
      const text = argv[++i]
      if (text !== 'csv' && text !== 'parquet') {
        throw new Error(`--format takes csv or parquet, not "${text ?? ''}".`)
      }
      format = text
    } else if (flag === '--generate-only') {
      generateOnly = true
    } else if (flag === '--help') {
      help = true
    } else {
      throw new Error(`Unknown flag "${flag}". Run "npm run bench:dragdrop -- --help".`)
    }
  }
  return { rows, format, generateOnly, help }
}
