import { describe, expect, it } from 'vitest'
import {
  hypergeometricCdf,
  hypergeometricLogPmf,
  hypergeometricMode,
  hypergeometricSample,
  hypergeometricSfInclusive,
  hypergeometricSupport
} from './hypergeometric'
import { seededRandom } from './random'

describe('hypergeometric probabilities', () => {
  it('gives the urn probabilities by hand', () => {
    // 20 items, 9 good, 10 drawn: P(x) = C(9, x)·C(11, 10 − x)/C(20, 10), C(20, 10) = 184756.
    const params = { total: 20, good: 9, draws: 10 }
    expect(Math.exp(hypergeometricLogPmf(3, params))).toBeCloseTo(27720 / 184756, 14)
    expect(Math.exp(hypergeometricLogPmf(0, params))).toBeCloseTo(11 / 184756, 16)
    expect(hypergeometricLogPmf(10, params)).toBe(-Infinity)
    // P(X ≤ 3) = (11 + 495 + 5940 + 27720)/184756 = P(X ≥ 6) by the symmetry x ↔ 9 − x.
    expect(hypergeometricCdf(3, params)).toBeCloseTo(34166 / 184756, 14)
    expect(hypergeometricSfInclusive(6, params)).toBeCloseTo(34166 / 184756, 14)
    // Above the mode the CDF is 1 − P(X ≥ k + 1).
    expect(hypergeometricCdf(5, params)).toBeCloseTo(1 - 34166 / 184756, 13)
    expect(hypergeometricSupport(params)).toEqual([0, 9])
    // ⌊11 · 10/22⌋ = 5; 11 · 10 is a multiple of 22, so 4 is a mode too (and 4 = 9 − 5).
    expect(hypergeometricMode(params)).toBe(5)
    expect(hypergeometricLogPmf(4, params)).toBe(hypergeometricLogPmf(5, params))
  })
  it('sums to 1 over the support, and its tails agree with direct sums for large urns', () => {
    const params = { total: 5000, good: 1200, draws: 2100 }
    const [low, high] = hypergeometricSupport(params)
    let total = 0
    let below = 0
    for (let k = low; k <= high; k += 1) {
      const p = Math.exp(hypergeometricLogPmf(k, params))
      total += p
      if (k <= 470) below += p
    }
    expect(total).toBeCloseTo(1, 10)
    expect(hypergeometricCdf(470, params) / below).toBeCloseTo(1, 9)
    expect(hypergeometricSfInclusive(471, params) / (1 - below)).toBeCloseTo(1, 9)
  })
  it('makes mirror-image probabilities bit-identical', () => {
    // good = total − good: P(k) = P(draws − k).
    const params = { total: 3000, good: 1500, draws: 1100 }
    expect(hypergeometricLogPmf(520, params)).toBe(hypergeometricLogPmf(580, params))
  })
})

describe('hypergeometricSample', () => {
  const moments = (params: { total: number; good: number; draws: number }, n: number) => {
    const random = seededRandom(7)
    let sum = 0
    let squares = 0
    for (let i = 0; i < n; i += 1) {
      const x = hypergeometricSample(random, params)
      sum += x
      squares += x * x
    }
    const mean = sum / n
    return { mean, variance: squares / n - mean * mean }
  }
  const formulas = ({ total, good, draws }: { total: number; good: number; draws: number }) => {
    const mean = (draws * good) / total
    const variance = (mean * (total - good) * (total - draws)) / (total * (total - 1))
    return { mean, variance }
  }
  it.each([
    { total: 50, good: 20, draws: 10 },
    { total: 10_000, good: 3000, draws: 4000 },
    { total: 2_000_000, good: 50_000, draws: 1_000_000 },
    { total: 100, good: 99, draws: 60 }
  ])('has the mean and variance of the distribution: %o', (params) => {
    const n = 20_000
    const expected = formulas(params)
    const actual = moments(params, n)
    // Standard error of the mean √(var/n); of the variance about var·√(2/n) (plus excess kurtosis).
    expect(Math.abs(actual.mean - expected.mean)).toBeLessThan(5 * Math.sqrt(expected.variance / n))
    expect(Math.abs(actual.variance / expected.variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n))
  })
  it('matches the probabilities of a small urn', () => {
    // 20 items, 9 good, 10 drawn: compare the frequencies of 40 000 draws with P(x).
    const params = { total: 20, good: 9, draws: 10 }
    const random = seededRandom(3)
    const n = 40_000
    const counts = new Array<number>(10).fill(0)
    for (let i = 0; i < n; i += 1) {
      const x = hypergeometricSample(random, params)
      counts[x] = (counts[x] as number) + 1
    }
    counts.forEach((count, x) => {
      const p = Math.exp(hypergeometricLogPmf(x, params))
      expect(Math.abs(count / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-9)
    })
  })
  it('returns the only possible value of a degenerate urn', () => {
    const random = seededRandom(1)
    expect(hypergeometricSample(random, { total: 10, good: 10, draws: 4 })).toBe(4)
    expect(hypergeometricSample(random, { total: 10, good: 0, draws: 4 })).toBe(0)
    expect(hypergeometricSample(random, { total: 10, good: 3, draws: 10 })).toBe(3)
  })
})
