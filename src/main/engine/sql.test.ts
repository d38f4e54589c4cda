import { describe, expect, it } from 'vitest'
import { quoteIdent, quoteString, toNumber } from './sql'

describe('quoting', () => {
  it('doubles embedded quotes in identifiers', () => {
    expect(quoteIdent('a "b"')).toBe('"a ""b"""')
    expect(quoteIdent('</script>')).toBe('"</script>"')
  })
  it('doubles embedded apostrophes in literals', () => {
    expect(quoteString("it's")).toBe("'it''s'")
  })
  it('converts DuckDB JSON values to numbers', () => {
    expect(toNumber('42')).toBe(42)
    expect(toNumber(1.5)).toBe(1.5)
    expect(toNumber(3n)).toBe(3)
    expect(toNumber('Infinity')).toBe(Number.POSITIVE_INFINITY)
    expect(Number.isNaN(toNumber(null))).toBe(true)
  })
})
