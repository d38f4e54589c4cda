import { describe, expect, it } from 'vitest'
import { midranks } from './midranks'
import { seededRandom } from './random'

describe('midranks', () => {
  it('ranks distinct values 1..n in ascending order', () => {
    const r = midranks([30, 10, 20])
    expect([...r.ranks]).toEqual([3, 1, 2])
    expect(r.tieSizes).toEqual([1, 1, 1])
  })
  it('gives tied values the mean of the ranks they span, and reports the group sizes', () => {
    // Sorted: 1 | 2 2 2 | 5 5 | 7 -> ranks 1 | 3 3 3 | 5.5 5.5 | 7.
    const r = midranks([5, 2, 7, 2, 1, 5, 2])
    expect([...r.ranks]).toEqual([5.5, 3, 7, 3, 1, 5.5, 3])
    expect(r.tieSizes).toEqual([1, 3, 2, 1])
  })
  it('handles an empty sample and a single group', () => {
    expect(midranks([]).ranks.length).toBe(0)
    expect(midranks([]).tieSizes).toEqual([])
    expect([...midranks([4, 4, 4, 4]).ranks]).toEqual([2.5, 2.5, 2.5, 2.5])
  })
  it('keeps the rank sum n(n + 1)/2 and counts each rank below as a smaller value plus half the ties', () => {
    const random = seededRandom(3)
    const values = Array.from({ length: 500 }, () => Math.floor(random.next() * 40))
    const { ranks, tieSizes } = midranks(values)
    expect(ranks.reduce((s, r) => s + r, 0)).toBe((500 * 501) / 2)
    expect(tieSizes.reduce((s, t) => s + t, 0)).toBe(500)
    values.forEach((v, i) => {
      const below = values.filter((w) => w < v).length
      const equal = values.filter((w) => w === v).length
      expect(ranks[i]).toBe(below + (equal + 1) / 2)
    })
  })
})
