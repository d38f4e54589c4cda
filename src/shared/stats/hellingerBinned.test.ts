import { describe, expect, it } from 'vitest'
import { loadProbabilityDistances } from '../../../test/golden'
import { hellinger } from './hellinger'
import { hellingerBinned, hellingerEvidently } from './hellingerBinned'

const golden = loadProbabilityDistances()

describe('hellingerBinned', () => {
  it('computes two bins by hand, independent of the bin width', () => {
    // Edges 0, 1, 2: h1 = (¼, ¾), h2 = (¾, ¼); BC = 2√(3/16) · 1 = √3/2; H = √(1 − √3/2) ≈ 0.36603.
    const expected = Math.sqrt(1 - Math.sqrt(3) / 2)
    expect(hellingerBinned([1, 3], [3, 1], [0, 1, 2])).toBeCloseTo(expected, 15)
    // Edges 0, 2, 4: h1 = (1/8, 3/8), h2 = (3/8, 1/8); BC = 2√(3/64) · 2 = √3/2 again.
    expect(hellingerBinned([1, 3], [3, 1], [0, 2, 4])).toBeCloseTo(expected, 15)
  })
  it('matches the categorical form on equal-width bins', () => {
    const r = [6, 14, 38, 66, 84]
    const c = [3, 6, 16, 29, 41]
    expect(hellingerBinned(r, c, [-1, -0.5, 0, 0.5, 1, 1.5])).toBeCloseTo(
      hellingerEvidently(r, c),
      14
    )
  })
  it('reproduces Evidently’s formula evaluated in NumPy on Sturges bins of 300 and 200 values', () => {
    // Counts and edges of np.histogram_bin_edges(distinct values, 'sturges') for two rounded normal
    // samples; H from Evidently's hellinger_distance.py loop run in Python: 0.2258936515557033.
    const reference = [6, 14, 38, 66, 84, 67, 12, 10, 1, 2]
    const current = [3, 6, 16, 29, 41, 42, 38, 16, 6, 3]
    const edges = [
      -2.711, -2.1036, -1.4962, -0.8888, -0.2814000000000001, 0.32600000000000007,
      0.9333999999999998, 1.5407999999999995, 2.1481999999999997, 2.7556, 3.363
    ]
    expect(hellingerBinned(reference, current, edges)).toBeCloseTo(0.2258936515557033, 14)
  })
  it('is 0 for proportional histograms and 1 for disjoint ones', () => {
    expect(hellingerBinned([2, 4, 6], [1, 2, 3], [0, 1, 2, 3])).toBeCloseTo(0, 7)
    expect(hellingerBinned([5, 0], [0, 5], [0, 1, 2])).toBe(1)
  })
  it('gives Evidently’s H = 1 for a constant column when the width is the zero range of its values', () => {
    // One distinct value v: edges v ± 0.5, but Evidently's width (max − min)/1 is 0, so BC = 0.
    expect(hellingerBinned([10], [7], [4.5, 5.5], 0)).toBe(1)
    expect(hellingerBinned([10], [7], [4.5, 5.5])).toBe(0)
  })
  it('refuses mismatched lengths, unsorted edges and empty sides', () => {
    const shape = 'hellingerBinned requires k counts on each side and k + 1 edges, k ≥ 1'
    expect(() => hellingerBinned([1, 2], [1, 2], [0, 1])).toThrow(shape)
    expect(() => hellingerBinned([], [], [0])).toThrow(shape)
    expect(() => hellingerBinned([1, 2], [1, 2], [0, 2, 1])).toThrow(
      'hellingerBinned requires strictly increasing finite edges'
    )
    expect(() => hellingerBinned([0, 0], [1, 2], [0, 1, 2])).toThrow(
      'hellingerBinned requires a positive total on each side'
    )
  })
})

describe('hellingerEvidently', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))(
    'agrees with the accurate form within 1e-6: %s',
    (_name, c) => {
      const evidently = hellingerEvidently(c.inputs.p, c.inputs.q)
      expect(Math.abs(evidently - hellinger(c.inputs.p, c.inputs.q))).toBeLessThan(1e-6)
      expect(Math.abs(evidently - c.expected.hellinger)).toBeLessThan(1e-6)
    }
  )
  it('computes a case by hand', () => {
    // p = (½, ½), q = (¼, ¾): BC = √(1/8) + √(3/8) ≈ 0.9659258; H = √(1 − BC) ≈ 0.1845925.
    const expected = Math.sqrt(1 - Math.sqrt(1 / 8) - Math.sqrt(3 / 8))
    expect(hellingerEvidently([1, 1], [1, 3])).toBeCloseTo(expected, 15)
    expect(hellingerEvidently([1, 0], [0, 1])).toBe(1)
    expect(hellingerEvidently([2, 2], [1, 1])).toBe(0)
  })
  it('refuses mismatched or empty inputs', () => {
    expect(() => hellingerEvidently([1], [1, 2])).toThrow(
      'hellingerEvidently requires two non-empty distributions over the same categories'
    )
    expect(() => hellingerEvidently([0], [1])).toThrow(
      'hellingerEvidently requires a positive total on each side'
    )
  })
})
