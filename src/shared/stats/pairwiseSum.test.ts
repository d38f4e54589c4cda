import { describe, expect, it } from 'vitest'
import { pairwiseSum } from './pairwiseSum'

describe('pairwiseSum', () => {
  it('adds short inputs left to right', () => {
    expect(pairwiseSum([])).toBe(0)
    expect(pairwiseSum([0.1, 0.2, 0.3])).toBe(0.1 + 0.2 + 0.3)
  })
  it('uses eight interleaved partial sums up to 128 values, then adds the remainder', () => {
    const v = Array.from({ length: 19 }, (_, i) => 0.1 * (i + 1))
    const r = (j: number): number => (v[j] as number) + (v[j + 8] as number)
    const low = r(0) + r(1) + (r(2) + r(3))
    const high = r(4) + r(5) + (r(6) + r(7))
    const expected = low + high + (v[16] as number) + (v[17] as number) + (v[18] as number)
    expect(pairwiseSum(v)).toBe(expected)
  })
  it('sums integers exactly and a slice when given bounds', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i)
    expect(pairwiseSum(values)).toBe((9_999 * 10_000) / 2)
    expect(pairwiseSum(values, 10, 20)).toBe(145)
  })
  it('loses far less than a left-to-right sum on many equal terms', () => {
    const values = new Float64Array(1_000_000).fill(0.1)
    let naive = 0
    for (const v of values) naive += v
    expect(Math.abs(pairwiseSum(values) - 100_000)).toBeLessThan(Math.abs(naive - 100_000) / 100)
  })
})
