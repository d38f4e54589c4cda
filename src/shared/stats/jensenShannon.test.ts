import { describe, expect, it } from 'vitest'
import { expectClose, loadProbabilityDistances, RTOL_CLOSED_FORM } from '../../../test/golden'
import { jensenShannon } from './jensenShannon'

const golden = loadProbabilityDistances()

describe('jensenShannon against SciPy jensenshannon', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    const { p, q } = c.inputs
    const closed = { rtol: RTOL_CLOSED_FORM }
    expectClose(jensenShannon(p, q), c.expected.js_distance_base_e, closed, 'base e')
    expectClose(jensenShannon(p, q, 2), c.expected.js_distance_base_2, closed, 'base 2')
  })
})

describe('jensenShannon', () => {
  it('is 1 in base 2 for disjoint supports and 0 for equal distributions', () => {
    expect(jensenShannon([1, 0], [0, 1], 2)).toBeCloseTo(1, 15)
    expect(jensenShannon([1, 2, 3], [2, 4, 6])).toBe(0)
  })
  it('refuses distributions over different categories, negative or no mass', () => {
    expect(() => jensenShannon([1, 2], [1])).toThrow(
      'jensenShannon requires two distributions over the same categories'
    )
    expect(() => jensenShannon([1, -1], [1, 1])).toThrow(
      'jensenShannon requires non-negative probabilities or counts'
    )
    expect(() => jensenShannon([0, 0], [1, 1])).toThrow(
      'jensenShannon requires a distribution with a positive total'
    )
  })
})
