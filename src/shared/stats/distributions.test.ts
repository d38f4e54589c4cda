import { describe, expect, it } from 'vitest'
import { chi2Sf, normalSf } from './distributions'
import { kstwoSf } from './kstwo'
import { smirnovSf } from './smirnov'

// Textbook quantiles: Φ⁻¹(0.975) and the 0.95 quantiles of χ²₁ and χ²₁₀.
describe('distribution tails', () => {
  it('normalSf at the 97.5% quantile is 0.025 and keeps far tails', () => {
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 14)
    expect(normalSf(0)).toBe(0.5)
    expect(normalSf(30)).toBeGreaterThan(0)
  })
  it('chi2Sf at the 95% quantiles is 0.05', () => {
    expect(chi2Sf(3.841458820694124, 1)).toBeCloseTo(0.05, 14)
    expect(chi2Sf(18.307038053275146, 10)).toBeCloseTo(0.05, 13)
    expect(chi2Sf(Number.POSITIVE_INFINITY, 3)).toBe(0)
    expect(chi2Sf(1, 0)).toBeNaN()
  })
  it('kstwoSf and smirnovSf agree with closed forms', () => {
    // n = 1: D₁ = max(U, 1 − U), P(D₁ ≥ x) = 2(1 − x) for x ≥ 1/2.
    expect(kstwoSf(0.75, 1)).toBeCloseTo(0.5, 15)
    // One-sided, n = 1: P(D⁺ ≥ x) = 1 − x.
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15)
    expect(kstwoSf(0, 10)).toBe(1)
    expect(kstwoSf(1, 10)).toBe(0)
    expect(kstwoSf(0.5, 0)).toBeNaN()
  })
})
