import { describe, expect, it } from 'vitest'
import { formatNumber, formatPercent, formatScore } from './format'

describe('formatScore', () => {
  it('writes small p-values in scientific notation', () => {
    expect(formatScore(1.26318156378475e-13, 'p_value')).toBe('1.263e-13')
    expect(formatScore(0.34843718943296026, 'p_value')).toBe('0.3484')
    expect(formatScore(1, 'p_value')).toBe('1')
    expect(formatScore(0, 'p_value')).toBe('0')
  })
  it('writes distances with four decimals', () => {
    expect(formatScore(0.123456, 'distance')).toBe('0.1235')
  })
  it('says n/a for a missing score', () => {
    expect(formatScore(null, 'p_value')).toBe('n/a')
    expect(formatScore(Number.NaN, 'distance')).toBe('n/a')
  })
})

describe('formatNumber and formatPercent', () => {
  it('keeps integers and rounds the rest', () => {
    expect(formatNumber(431)).toBe('431')
    expect(formatNumber(12.3456789)).toBe('12.35')
    expect(formatNumber(0.00001234)).toBe('1.234e-5')
  })
  it('writes shares as percents', () => {
    expect(formatPercent(0.7)).toBe('70%')
    expect(formatPercent(0.123)).toBe('12.3%')
    expect(formatPercent(0.07)).toBe('7%')
  })
})
