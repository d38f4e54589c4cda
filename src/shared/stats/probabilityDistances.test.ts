import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM } from '../../../test/golden'
import { hellinger } from './hellinger'
import { jensenShannon } from './jensenShannon'
import { klDivergence } from './klDivergence'
import { totalVariation } from './totalVariation'

type Inputs = { p: number[]; q: number[] }
type Expected = {
  js_distance_base_e: number
  js_distance_base_2: number
  kl_pq_base_e: number
  kl_pq_base_2: number
  kl_qp_base_e: number
  hellinger: number
  total_variation: number
}

const golden = loadGolden<Inputs, Record<string, never>, Expected>('probability_distances.json')

describe('probability distances against SciPy and NumPy', () => {
  for (const c of golden.cases) {
    it(`${c.id} (${c.note ?? ''})`, () => {
      const { p, q } = c.inputs
      const e = c.expected
      const closed = { rtol: RTOL_CLOSED_FORM }
      expectClose(jensenShannon(p, q), e.js_distance_base_e, closed, 'js base e')
      expectClose(jensenShannon(p, q, 2), e.js_distance_base_2, closed, 'js base 2')
      expectClose(klDivergence(p, q), e.kl_pq_base_e, closed, 'kl(p,q)')
      expectClose(klDivergence(p, q, 2), e.kl_pq_base_2, closed, 'kl(p,q) base 2')
      expectClose(klDivergence(q, p), e.kl_qp_base_e, closed, 'kl(q,p)')
      expectClose(hellinger(p, q), e.hellinger, closed, 'hellinger')
      expectClose(totalVariation(p, q), e.total_variation, closed, 'total variation')
    })
  }
  it('refuses distributions over different categories or with no mass', () => {
    expect(() => jensenShannon([1, 2], [1])).toThrow(
      'jensenShannon requires two distributions over the same categories'
    )
    expect(() => hellinger([0, 0], [1, 1])).toThrow(
      'hellinger requires a distribution with a positive total'
    )
  })
})
