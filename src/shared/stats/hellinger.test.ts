import { describe, expect, it } from 'vitest'
import { expectClose, loadProbabilityDistances, RTOL_CLOSED_FORM } from '../../../test/golden'
import { hellinger } from './hellinger'

const golden = loadProbabilityDistances()

describe('hellinger against the NumPy closed form', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    expectClose(
      hellinger(c.inputs.p, c.inputs.q),
      c.expected.hellinger,
      { rtol: RTOL_CLOSED_FORM },
      'hellinger'
    )
  })
})

describe('hellinger', () => {
  it('is 1 for disjoint supports and 0 for equal distributions', () => {
    expect(hellinger([1, 0], [0, 1])).toBeCloseTo(1, 15)
    expect(hellinger([1, 3], [2, 6])).toBe(0)
  })
  it('refuses a distribution with no mass', () => {
    expect(() => hellinger([0, 0], [1, 1])).toThrow(
      'hellinger requires a distribution with a positive total'
    )
  })
})
