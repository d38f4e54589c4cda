import { describe, expect, it } from 'vitest'
import { chi2Sf, normalSf } from './distributions'

// Textbook quantiles: Φ⁻¹(0.975) and the 0.95 quantiles of χ²₁ and χ²₁₀.
describe('normalSf', () => {
  it('is 0.025 at the 97.5% quantile and keeps far tails', () => {
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 14)
    expect(normalSf(0)).toBe(0.5)
    // P(Z > 30) ≈ 4.906e-198: relative accuracy, not 0.
    expect(normalSf(30) / 4.906713927148187e-198).toBeCloseTo(1, 10)
  })
})

describe('chi2Sf', () => {
  it('is 0.05 at the 95% quantiles', () => {
    expect(chi2Sf(3.841458820694124, 1)).toBeCloseTo(0.05, 14)
    expect(chi2Sf(18.307038053275146, 10)).toBeCloseTo(0.05, 13)
  })
  it('handles the ends and bad degrees of freedom', () => {
    expect(chi2Sf(Number.POSITIVE_INFINITY, 3)).toBe(0)
    expect(chi2Sf(0, 3)).toBe(1)
    expect(chi2Sf(1, 0)).toBeNaN()
    expect(chi2Sf(Number.NaN, 2)).toBeNaN()
  })
  it('is e^(−x/2) for two degrees of freedom', () => {
    expect(chi2Sf(7, 2)).toBeCloseTo(Math.exp(-3.5), 15)
  })
})
