import { describe, expect, it } from 'vitest'
import { BUCKET_WIDTHS, bucketing, MAX_BUCKETS } from './timeline'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const MONDAY = Date.parse('2024-01-01T00:00:00Z')

describe('bucketing', () => {
  it('takes the smallest round width that fits, aligned to it', () => {
    expect(bucketing(0, 3 * HOUR)).toEqual({ width: 5 * 60_000, start: 0 })
    const week = bucketing(MONDAY + 5 * 60_000, MONDAY + 7 * DAY - 1)
    expect(week).toEqual({ width: 3 * HOUR, start: MONDAY })
  })

  it('starts weeks on Mondays', () => {
    const wednesday = Date.parse('2024-01-03T12:00:00Z')
    const { width, start } = bucketing(wednesday, wednesday + 300 * DAY)
    expect(width).toBe(7 * DAY)
    expect(new Date(start).toISOString()).toBe('2024-01-01T00:00:00.000Z')
  })

  it('never makes more buckets than allowed, and uses the widest width beyond', () => {
    for (const span of [1000, 59 * 60_000, 2 * DAY, 400 * DAY]) {
      const { width, start } = bucketing(MONDAY, MONDAY + span)
      expect(Math.floor((MONDAY + span - start) / width) + 1).toBeLessThanOrEqual(MAX_BUCKETS)
    }
    expect(bucketing(0, 1000 * 365 * DAY).width).toBe(BUCKET_WIDTHS.at(-1))
  })

  it('puts one instant in one bucket', () => {
    expect(bucketing(MONDAY, MONDAY)).toEqual({ width: 1000, start: MONDAY })
  })
})
