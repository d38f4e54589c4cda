import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM } from '../../../test/golden'
import { energyDistance } from './energyDistance'

type Inputs = { u: number[]; v: number[]; u_weights: number[] | null; v_weights: number[] | null }

const golden = loadGolden<Inputs, Record<string, never>, { energy: number }>(
  'sample_distances.json'
)

describe('energyDistance against SciPy energy_distance', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    const { u, v, u_weights, v_weights } = c.inputs
    expectClose(
      energyDistance(u, v, u_weights, v_weights),
      c.expected.energy,
      { rtol: RTOL_CLOSED_FORM },
      'energy'
    )
  })
})

describe('energyDistance', () => {
  it('is √(2·|a − b|) between two single points', () => {
    // ∫(U − V)² = |a − b| for point masses, so the distance is √2·√|a − b|.
    expect(energyDistance([0], [2])).toBeCloseTo(2, 15)
    expect(energyDistance([1, 2, 3], [3, 1, 2])).toBe(0)
  })
  it('refuses an empty sample and mismatched weights', () => {
    expect(() => energyDistance([1], [])).toThrow(
      'energyDistance requires at least one value in each sample'
    )
    expect(() => energyDistance([1, 2], [1], [1])).toThrow(
      'energyDistance requires one weight per value'
    )
  })
})
