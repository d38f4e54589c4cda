/** Flags of `npm run bench:dragdrop`: the 5 GB default, sizes written as numbers or powers, bad flags. */
import { describe, expect, it } from 'vitest'
import { FIVE_GB_ROWS, parseDragDropArgs } from './dragDropArgs'

describe('parseDragDropArgs', () => {
  it('defaults to two CSV files of about 5 GB', () => {
    expect(parseDragDropArgs([])).toEqual({
      rows: FIVE_GB_ROWS,
      format: 'csv',
      generateOnly: false,
      help: false
    })
  })

  it('reads every flag, rows written either way', () => {
    expect(parseDragDropArgs(['--rows', '1e7', '--format', 'parquet', '--generate-only'])).toEqual({
      rows: 1e7,
      format: 'parquet',
      generateOnly: true,
      help: false
    })
    expect(parseDragDropArgs(['--rows', '6.5e7']).rows).toBe(65_000_000)
    expect(parseDragDropArgs(['--help']).help).toBe(true)
  })

  it('says what is wrong with a bad flag', () => {
    expect(() => parseDragDropArgs(['--rows', '1.5'])).toThrow(
      '--rows takes a whole number of rows of at least 100, not "1.5".'
    )
    expect(() => parseDragDropArgs(['--rows'])).toThrow('not ""')
    expect(() => parseDragDropArgs(['--format', 'json'])).toThrow(
      '--format takes csv or parquet, not "json".'
    )
    expect(() => parseDragDropArgs(['--sizes', '1e6'])).toThrow('Unknown flag "--sizes".')
  })
})
