import { describe, expect, it } from 'vitest'
import { expectClose, loadProbabilityDistances, RTOL_CLOSED_FORM } from '../../../test/golden'
import { klDivergence } from './klDivergence'

const golden = loadProbabilityDistances()

describe('klDivergence against SciPy entropy(p, q)', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    const { p, q } = c.inputs
    const closed = { rtol: RTOL_CLOSED_FORM }
    expectClose(klDivergence(p, q), c.expected.kl_pq_base_e, closed, 'kl(p, q)')
    expectClose(klDivergence(p, q, 2), c.expected.kl_pq_base_2, closed, 'kl(p, q) base 2')
    expectClose(klDivergence(q, p), c.expected.kl_qp_base_e, closed, 'kl(q, p)')
  })
})

describe('klDivergence', () => {
  it('is infinite where p has mass and q has none, and ignores zeros of p', () => {
    expect(klDivergence([1, 1], [1, 0])).toBe(Number.POSITIVE_INFINITY)
    expect(klDivergence([1, 0], [1, 1])).toBeCloseTo(Math.LN2, 15)
  })
  it('refuses distributions over different categories', () => {
    expect(() => klDivergence([1], [1, 2])).toThrow(
      'klDivergence requires two distributions over the same categories'
    )
  })
})
