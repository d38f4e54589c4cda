import { describe, expect, it } from 'vitest'
import { quoteIdent, quoteString, sizeInBytes, toNumber } from './sql'

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

describe('sizeInBytes', () => {
  it('reads the sizes DuckDB prints for its settings', () => {
    expect(sizeInBytes('13.4 GiB')).toBeCloseTo(13.4 * 2 ** 30, 0)
    expect(sizeInBytes('61.0 MiB')).toBe(61 * 2 ** 20)
    expect(sizeInBytes('292.9 KiB')).toBeCloseTo(292.9 * 1024, 6)
    expect(sizeInBytes('512 bytes')).toBe(512)
    expect(sizeInBytes('2GB')).toBe(2e9)
    expect(sizeInBytes('1024')).toBe(1024)
  })
  it('gives null for what is not a size', () => {
    expect(sizeInBytes('')).toBeNull()
    expect(sizeInBytes('lots')).toBeNull()
    expect(sizeInBytes('3 parsecs')).toBeNull()
    expect(sizeInBytes('-1 GiB')).toBeNull()
  })
})
