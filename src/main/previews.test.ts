import { describe, expect, it } from 'vitest'
import { pageProblem } from './previews'

describe('pageProblem', () => {
  it('accepts a page with or without a well-formed filter', () => {
    expect(pageProblem(0, 500, undefined)).toBeNull()
    expect(
      pageProblem(10, 1, { kind: 'bin', column: 'a', lower: 0, upper: 1, isLast: true })
    ).toBeNull()
    expect(
      pageProblem(0, 5, { kind: 'otherCategories', column: 'a', shown: ['x'], isNumeric: false })
    ).toBeNull()
  })

  it('says what is wrong with the page or the filter', () => {
    expect(pageProblem(-1, 5, undefined)).toMatch(/offset/)
    expect(pageProblem(0, 0, undefined)).toMatch(/at least one row/)
    expect(pageProblem(0, 5001, undefined)).toMatch(/at most 5000/)
    expect(pageProblem(0, 5, 'bin')).toMatch(/must be an object/)
    expect(pageProblem(0, 5, { kind: 'rows' })).toMatch(
      /Unknown filter kind "rows". Known: expectation, bin, category, otherCategories./
    )
    expect(
      pageProblem(0, 5, { kind: 'bin', column: 'a', lower: '0', upper: 1, isLast: true })
    ).toMatch(/A bin filter names/)
    expect(
      pageProblem(0, 5, { kind: 'otherCategories', column: 'a', shown: [1], isNumeric: false })
    ).toMatch(/"other values" filter/)
    expect(pageProblem(0, 5, { kind: 'expectation', expectation: null })).toMatch(/expectation/)
  })
})
