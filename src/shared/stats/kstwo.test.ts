import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_PVALUE } from '../../../test/golden'
import { roundHalfEven } from './ks2samp'
import { kstwoSf } from './kstwo'

type Outcome = { statistic: number; pvalue: number; method_used: string }
type Expected = { asymp: Outcome; en: number }

const golden = loadGolden<{ x: number[]; y: number[] }, { alternative: string }, Expected>(
  'ks_2samp.json'
)

// The asymp p-values of ks_2samp are kstwo.sf(D, round(en)) on the raw D, so they check kstwo directly.
describe('kstwoSf against SciPy kstwo.sf (the ks_2samp asymp p-values)', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    const { statistic, pvalue } = c.expected.asymp
    expectClose(
      kstwoSf(statistic, roundHalfEven(c.expected.en)),
      pvalue,
      { rtol: RTOL_PVALUE },
      'sf'
    )
  })
})

describe('kstwoSf', () => {
  it('matches closed forms at the edges of the support', () => {
    // n = 1: D₁ = max(U, 1 − U), so P(D₁ ≥ x) = 2(1 − x) for x ≥ 1/2.
    expect(kstwoSf(0.75, 1)).toBeCloseTo(0.5, 15)
    // x ≤ 1/(2n): certain; x ≥ 1 − 1/n: 2(1 − x)ⁿ.
    expect(kstwoSf(0.04, 10)).toBe(1)
    expect(kstwoSf(0.95, 10)).toBeCloseTo(2 * Math.pow(0.05, 10), 25)
    expect(kstwoSf(0, 10)).toBe(1)
    expect(kstwoSf(1, 10)).toBe(0)
  })
  it('is NaN for a sample size that is not a positive whole number', () => {
    expect(kstwoSf(0.5, 0)).toBeNaN()
    expect(kstwoSf(0.5, 2.5)).toBeNaN()
    expect(kstwoSf(Number.NaN, 5)).toBeNaN()
  })
  it('is continuous where it changes method', () => {
    // Durbin matrix / Pelz–Good / 2·smirnov meet at these (n, x). SciPy's switch to 2·smirnov at
    // n·x² = 2.2 (Miller's approximation, which ignores paths crossing both bands) leaves a jump of about
    // 1e-6 relative; anything larger would be a mistake in a branch.
    const points: readonly (readonly [number, number])[] = [
      [140, Math.sqrt(4 / 140)],
      [1000, Math.sqrt(2.2 / 1000)],
      [1000, Math.pow(1.4 / 1000, 2 / 3)],
      [200_000, Math.sqrt(1 / 200_000)]
    ]
    for (const [n, x] of points) {
      const below = kstwoSf(x * (1 - 1e-9), n)
      const above = kstwoSf(x * (1 + 1e-9), n)
      expect(Math.abs(below - above) / above, `n=${n}`).toBeLessThan(1e-5)
    }
  })
  it('decreases in x', () => {
    let previous = 1
    for (let x = 0.001; x < 0.2; x += 0.001) {
      const p = kstwoSf(x, 500)
      expect(p).toBeLessThanOrEqual(previous)
      previous = p
    }
  })
})
