import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM } from '../../../test/golden'
import { wassersteinDistance } from './wassersteinDistance'

type Inputs = { u: number[]; v: number[]; u_weights: number[] | null; v_weights: number[] | null }

const golden = loadGolden<Inputs, Record<string, never>, { wasserstein: number }>(
  'sample_distances.json'
)

describe('wassersteinDistance against SciPy wasserstein_distance', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    const { u, v, u_weights, v_weights } = c.inputs
    expectClose(
      wassersteinDistance(u, v, u_weights, v_weights),
      c.expected.wasserstein,
      { rtol: RTOL_CLOSED_FORM },
      'wasserstein'
    )
  })
})

describe('wassersteinDistance', () => {
  it('is the shift between a sample and its translate', () => {
    expect(wassersteinDistance([0, 1, 3], [5, 6, 8])).toBeCloseTo(5, 14)
    expect(wassersteinDistance([1, 2, 3], [3, 2, 1])).toBe(0)
  })
  it('weights values as given', () => {
    // All of u's weight on 0, v's split between 0 and 1: half the mass moves by 1.
    expect(wassersteinDistance([0, 1], [0, 1], [1, 0], [1, 1])).toBeCloseTo(0.5, 15)
  })
  it('refuses an empty sample, mismatched weights and weights summing to zero', () => {
    expect(() => wassersteinDistance([], [1])).toThrow(
      'wassersteinDistance requires at least one value in each sample'
    )
    expect(() => wassersteinDistance([1, 2], [1], [1])).toThrow(
      'wassersteinDistance requires one weight per value'
    )
    expect(() => wassersteinDistance([1], [1], [0])).toThrow(
      'wassersteinDistance requires weights with a positive sum'
    )
  })
})
