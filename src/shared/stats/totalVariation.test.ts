import { describe, expect, it } from 'vitest'
import { expectClose, loadProbabilityDistances, RTOL_CLOSED_FORM } from '../../../test/golden'
import { totalVariation } from './totalVariation'

const golden = loadProbabilityDistances()

describe('totalVariation against the NumPy closed form', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    expectClose(
      totalVariation(c.inputs.p, c.inputs.q),
      c.expected.total_variation,
      { rtol: RTOL_CLOSED_FORM },
      'total variation'
    )
  })
})

describe('totalVariation', () => {
  it('is the largest difference in probability of one event', () => {
    expect(totalVariation([0.5, 0.5], [0.25, 0.75])).toBe(0.25)
    expect(totalVariation([1, 0], [0, 1])).toBe(1)
  })
  it('refuses an empty distribution', () => {
    expect(() => totalVariation([], [])).toThrow('totalVariation requires at least one category')
  })
})
