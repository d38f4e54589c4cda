import { describe, expect, it } from 'vitest'
import { pagesOf, pagesToDrop, rowWindow } from './windowing'

const base = { viewportHeight: 280, rowHeight: 28, overscan: 5 }

describe('rowWindow', () => {
  it('renders the rows on screen and the overscan, at their own height', () => {
    const w = rowWindow({ ...base, scrollTop: 280, rowCount: 1000 })
    expect(w.scrollHeight).toBe(28_000)
    expect([w.first, w.end]).toEqual([5, 25])
    expect(w.topOf(10)).toBe(280)
    expect(w.topOf(11) - w.topOf(10)).toBe(28)
  })

  it('stops at the first and the last row', () => {
    expect(rowWindow({ ...base, scrollTop: 0, rowCount: 1000 })).toMatchObject({
      first: 0,
      end: 15
    })
    const bottom = rowWindow({ ...base, scrollTop: 1e9, rowCount: 1000 })
    expect(bottom.end).toBe(1000)
    expect(bottom.topOf(999)).toBe(28_000 - 28)
  })

  it('renders everything for fewer rows than fit, and nothing for none', () => {
    expect(rowWindow({ ...base, scrollTop: 0, rowCount: 3 })).toMatchObject({
      scrollHeight: 84,
      first: 0,
      end: 3
    })
    expect(rowWindow({ ...base, scrollTop: 0, rowCount: 0 })).toMatchObject({ first: 0, end: 0 })
  })

  it('maps the scroll position proportionally beyond the tallest spacer', () => {
    const rows = 10_000_000
    const max = 1_000_000
    const top = rowWindow({ ...base, scrollTop: 0, rowCount: rows, maxScrollHeight: max })
    expect(top.scrollHeight).toBe(max)
    expect(top.first).toBe(0)
    const middle = rowWindow({
      ...base,
      scrollTop: (max - 280) / 2,
      rowCount: rows,
      maxScrollHeight: max
    })
    expect(middle.topRow).toBeCloseTo((rows - 10) / 2, 6)
    // The row at the top edge sits at the top of the viewport, and its neighbours a row height apart.
    const topRow = Math.floor(middle.topRow)
    expect(middle.topOf(middle.topRow)).toBeCloseTo((max - 280) / 2, 6)
    expect(middle.topOf(topRow + 1) - middle.topOf(topRow)).toBeCloseTo(28, 9)
    expect(middle.end - middle.first).toBeLessThanOrEqual(10 + 2 * 5 + 1)
    const bottom = rowWindow({ ...base, scrollTop: max, rowCount: rows, maxScrollHeight: max })
    expect(bottom.end).toBe(rows)
    expect(bottom.topOf(rows - 1)).toBeCloseTo(max - 28, 6)
  })

  it('refuses a row height that is not positive', () => {
    expect(() => rowWindow({ ...base, rowHeight: 0, scrollTop: 0, rowCount: 5 })).toThrow(
      /positive row height/
    )
  })
})

describe('pagesOf', () => {
  it('lists the pages that hold a range of rows', () => {
    expect(pagesOf(450, 1020, 500)).toEqual([0, 1, 2])
    expect(pagesOf(500, 1000, 500)).toEqual([1])
    expect(pagesOf(7, 7, 500)).toEqual([])
  })
})

describe('pagesToDrop', () => {
  it('forgets the least recently used pages that are not wanted', () => {
    expect(pagesToDrop([0, 1, 2, 3], [3], 2)).toEqual([0, 1])
    expect(pagesToDrop([5, 1, 2], [5], 2)).toEqual([1])
    expect(pagesToDrop([0, 1], [], 4)).toEqual([])
  })
})
