import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM } from '../../../test/golden'
import { energyDistance } from './energyDistance'
import { wassersteinDistance } from './wassersteinDistance'

type Inputs = {
  u: number[]
  v: number[]
  u_weights: number[] | null
  v_weights: number[] | null
}
type Expected = { wasserstein: number; energy: number }

const golden = loadGolden<Inputs, Record<string, never>, Expected>('sample_distances.json')

describe('wassersteinDistance and energyDistance against SciPy', () => {
  for (const c of golden.cases) {
    it(`${c.id} (${c.note ?? ''})`, () => {
      const { u, v, u_weights, v_weights } = c.inputs
      const closed = { rtol: RTOL_CLOSED_FORM }
      expectClose(
        wassersteinDistance(u, v, u_weights, v_weights),
        c.expected.wasserstein,
        closed,
        'W1'
      )
      expectClose(energyDistance(u, v, u_weights, v_weights), c.expected.energy, closed, 'energy')
    })
  }
  it('refuses an empty sample and mismatched weights', () => {
    expect(() => wassersteinDistance([], [1])).toThrow(
      'wassersteinDistance requires at least one value in each sample'
    )
    expect(() => energyDistance([1, 2], [1], [1])).toThrow(
      'energyDistance requires one weight per value'
    )
  })
})
