import { describe, expect, it } from 'vitest'
import { expectAllClose, loadProbabilityDistances, RTOL_CLOSED_FORM } from '../../../test/golden'
import { normalize, relativeEntropyTerm } from './normalize'

const golden = loadProbabilityDistances()

describe('normalize against NumPy p / p.sum()', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    const closed = { rtol: RTOL_CLOSED_FORM }
    expectAllClose(normalize(c.inputs.p, 'test'), c.expected.p_normalized, closed, 'p')
    expectAllClose(normalize(c.inputs.q, 'test'), c.expected.q_normalized, closed, 'q')
  })
})

describe('relativeEntropyTerm', () => {
  it('follows SciPy rel_entr at zeros', () => {
    expect(relativeEntropyTerm(0, 0)).toBe(0)
    expect(relativeEntropyTerm(0, 0.5)).toBe(0)
    expect(relativeEntropyTerm(0.5, 0)).toBe(Number.POSITIVE_INFINITY)
    expect(relativeEntropyTerm(0.5, 0.25)).toBeCloseTo(0.5 * Math.LN2, 15)
  })
})
