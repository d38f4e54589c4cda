import {
  Bool,
  Field,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray
} from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { cellText, decodeRowPage } from './rowPage'

/** An Arrow stream shaped as the worker writes a page: the row numbers, then the file's columns. */
function pageBytes(fields: Field[], columns: unknown[][]): Uint8Array {
  const data = fields.map((f, i) => vectorFromArray(columns[i] as unknown[], f.type).data[0])
  const schema = new Schema(fields)
  const length = columns[0]?.length ?? 0
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length, nullCount: 0, children: data as never })
  )
  return tableToIPC(new Table(schema, [batch]), 'stream')
}

describe('decodeRowPage', () => {
  it('reads the row numbers and every kind of cell, nulls included', () => {
    const arrow = pageBytes(
      [
        new Field('__dw_row', new Float64(), false),
        new Field('id', new Int64(), true),
        new Field('name', new Utf8(), true),
        new Field('score', new Float64(), true),
        new Field('flag', new Bool(), true)
      ],
      [
        [7, 9],
        [9007199254740993n, null],
        ['<b>a</b>', null],
        [0.1, Number.NaN],
        [true, null]
      ]
    )
    const page = decodeRowPage({ offset: 40, total: 1234, arrow, ms: 1 })
    expect(page).toMatchObject({ offset: 40, total: 1234, length: 2, rowNumbers: [7, 9] })
    expect(page.columns).toEqual(['id', 'name', 'score', 'flag'])
    expect(page.cell(0, 0)).toBe(9007199254740993n)
    expect(page.cell(0, 1)).toBe('<b>a</b>')
    expect(page.cell(0, 2)).toBe(0.1)
    expect(page.cell(0, 3)).toBe(true)
    expect([page.cell(1, 0), page.cell(1, 1), page.cell(1, 3)]).toEqual([null, null, null])
    expect(Number.isNaN(page.cell(1, 2))).toBe(true)
  })

  it('reads an empty page', () => {
    const arrow = pageBytes([new Field('__dw_row', new Float64(), false)], [[]])
    const page = decodeRowPage({ offset: 0, total: 0, arrow, ms: 0 })
    expect(page.length).toBe(0)
    expect(page.columns).toEqual([])
  })

  it('refuses a stream without the row numbers first', () => {
    const arrow = pageBytes([new Field('x', new Float64(), false)], [[1]])
    expect(() => decodeRowPage({ offset: 0, total: 1, arrow, ms: 0 })).toThrow(/__dw_row/)
  })
})

describe('cellText', () => {
  it('writes numbers in full and big integers exactly', () => {
    expect(cellText(0.1 + 0.2)).toBe('0.30000000000000004')
    expect(cellText(12345678901234567890n)).toBe('12345678901234567890')
    expect(cellText(Number.NaN)).toBe('NaN')
    expect(cellText(Number.NEGATIVE_INFINITY)).toBe('-inf')
    expect(cellText(false)).toBe('false')
    expect(cellText(null)).toBe('')
  })
})
