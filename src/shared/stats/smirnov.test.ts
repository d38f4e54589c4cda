import { describe, expect, it } from 'vitest'
import { kstwoSf } from './kstwo'
import { smirnovSf } from './smirnov'

describe('smirnovSf', () => {
  it('matches the closed forms for n = 1, x ≤ 1/n and x ≥ 1 − 1/n', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15)
    expect(smirnovSf(10, 0.05)).toBeCloseTo(1 - 0.05 * Math.pow(1.05, 9), 15)
    expect(smirnovSf(10, 0.95)).toBeCloseTo(Math.pow(0.05, 10), 25)
  })
  it('is half the two-sided tail where the one-sided tails cannot overlap (x ≥ 1/2)', () => {
    for (const [n, x] of [
      [7, 0.5],
      [20, 0.6],
      [300, 0.55]
    ] as const) {
      expect(2 * smirnovSf(n, x)).toBeCloseTo(kstwoSf(x, n), 15)
    }
  })
  it('keeps the relative accuracy of tiny tails and agrees with the Kolmogorov rate', () => {
    // −ln P(D⁺ₙ ≥ x)/(2nx²) → 1 as n grows (Smirnov 1944).
    const p = smirnovSf(100_000, 0.01)
    expect(p).toBeGreaterThan(0)
    expect(-Math.log(p) / (2 * 100_000 * 0.01 * 0.01)).toBeCloseTo(1, 1)
  })
  it('returns 0 where SciPy underflows and uses its approximation above a million values', () => {
    expect(smirnovSf(10_000, 0.2)).toBe(0)
    const n = 2_000_000
    const x = 0.001
    expect(smirnovSf(n, x)).toBeCloseTo(Math.exp(-Math.pow(6 * n * x + 1, 2) / (18 * n)), 15)
  })
  it('refuses a sample size that is not a positive whole number', () => {
    expect(() => smirnovSf(0, 0.5)).toThrow('smirnovSf requires a positive whole sample size')
  })
})
