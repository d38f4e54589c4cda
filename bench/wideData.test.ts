import { describe, expect, it } from 'vitest'
import { GENERATED_COLUMNS, PLANTED_DRIFT } from './generate'
import { wideColumns, widePaths } from './wideData'

describe('wideColumns', () => {
  it('takes copies of the 15 generated columns in order until the count, each under its own name', () => {
    const columns = wideColumns(200)
    expect(columns).toHaveLength(200)
    const names = columns.map((c) => c.split(' AS ')[1])
    expect(new Set(names).size).toBe(200)
    expect(columns[0]).toBe('age * 1 + 0 AS age_0')
    expect(columns[GENERATED_COLUMNS.length + 10]).toBe("channel || '_1' AS channel_1")
    expect(names.slice(195)).toEqual(GENERATED_COLUMNS.slice(0, 5).map((c) => `${c.name}_13`))
  })

  it('keeps the planted drift in the same share: 6 of every 15 columns', () => {
    const drifted = wideColumns(195).filter((c) =>
      PLANTED_DRIFT.some((name) => c.startsWith(`${name} `))
    )
    expect(drifted).toHaveLength(13 * PLANTED_DRIFT.length)
  })
})

describe('widePaths', () => {
  it('caches a shape under its version, columns and rows', () => {
    expect(widePaths('/data', { columns: 200, rows: 2e4 }).reference).toBe(
      '/data/wide-g1-200x20000/reference.csv'
    )
  })
})
