import { describe, expect, it } from 'vitest'
import { ATOL, expectClose, loadGolden, RTOL_CLOSED_FORM } from '../../../test/golden'
import { evidentlyMmdSigma, medianHeuristicSigma, mmd, mmdPermutationTest } from './mmd'
import { seededRandom, shuffleInPlace } from './random'

type Expected = {
  mmd2_biased: number
  mmd2_unbiased: number | null
  mean_kxx: number
  mean_kyy: number
  mean_kxy: number
}

const golden = loadGolden<{ x: number[][]; y: number[][] }, { sigma: number }, Expected>('mmd.json')
const tolerance = { rtol: RTOL_CLOSED_FORM, atol: ATOL }

/** Standard normal points from a seeded generator (Box–Muller). */
function normalPoints(count: number, dimension: number, seed: number, shift = 0): number[][] {
  const random = seededRandom(seed)
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
  return Array.from({ length: count }, () =>
    Array.from({ length: dimension }, () => normal() + shift)
  )
}

describe('mmd against the NumPy closed form', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    const actual = mmd(c.inputs.x, c.inputs.y, c.params.sigma)
    expectClose(actual.mmd2Biased, c.expected.mmd2_biased, tolerance, 'mmd2Biased')
    expectClose(actual.meanKxx, c.expected.mean_kxx, tolerance, 'meanKxx')
    expectClose(actual.meanKyy, c.expected.mean_kyy, tolerance, 'meanKyy')
    expectClose(actual.meanKxy, c.expected.mean_kxy, tolerance, 'meanKxy')
    if (c.expected.mmd2_unbiased === null) {
      expect(actual.mmd2Unbiased).toBeNull()
    } else {
      expectClose(actual.mmd2Unbiased ?? Number.NaN, c.expected.mmd2_unbiased, tolerance, 'mmd2U')
    }
  })

  it('refuses empty samples, mixed dimensions and a bad bandwidth', () => {
    expect(() => mmd([], [[1]], 1)).toThrow('mmd requires at least one point in each sample')
    expect(() => mmd([[1, 2]], [[1]], 1)).toThrow(
      'mmd requires points of the same dimension in both samples'
    )
    expect(() => mmd([[1]], [[1]], 0)).toThrow('mmd requires a positive, finite bandwidth sigma')
  })
})

describe('medianHeuristicSigma', () => {
  it('is the median distance over distinct pairs', () => {
    expect(medianHeuristicSigma([[0], [1], [3]])).toBe(2)
    // Distances 1, 4, 10, 3, 9, 6: the middle two are 4 and 6.
    expect(medianHeuristicSigma([[0], [1], [4], [10]])).toBe(5)
    expect(
      medianHeuristicSigma([
        [0, 0],
        [3, 4]
      ])
    ).toBe(5)
  })

  it('falls back to the non-zero distances, then to 1', () => {
    // Ten pairs: six at distance 0, four at distance 2.
    expect(medianHeuristicSigma([[0], [0], [0], [0], [2]])).toBe(2)
    expect(medianHeuristicSigma([[7], [7], [7]])).toBe(1)
  })

  it('agrees with a sort of every distance, with and without ties', () => {
    for (const [count, rounding] of [
      [41, 1e-9],
      [60, 1],
      [75, 0.5]
    ] as const) {
      const points = normalPoints(count, 3, count).map((p) =>
        p.map((v) => Math.round(v / rounding) * rounding)
      )
      const distances: number[] = []
      for (let i = 0; i < count; i += 1) {
        for (let j = i + 1; j < count; j += 1) {
          distances.push(
            Math.sqrt(
              (points[i] as number[]).reduce(
                (s, v, c) => s + (v - (points[j] as number[])[c]!) ** 2,
                0
              )
            )
          )
        }
      }
      distances.sort((a, b) => a - b)
      const half = distances.length / 2
      const expected = Number.isInteger(half)
        ? (distances[half - 1]! + distances[half]!) / 2
        : distances[Math.floor(half)]!
      expect(medianHeuristicSigma(points)).toBe(expected)
    }
  })

  it('needs two points', () => {
    expect(() => medianHeuristicSigma([[1]])).toThrow(
      'medianHeuristicSigma requires at least two points'
    )
  })
})

describe('evidentlyMmdSigma', () => {
  it('takes the nearest-rank median of all n² squared differences', () => {
    expect(evidentlyMmdSigma([0, 1, 2])).toBe(Math.SQRT1_2)
    // Four values 0, 0, 9, 9: index round-half-even(1.5) = 2 picks 9.
    expect(evidentlyMmdSigma([0, 3])).toBe(Math.sqrt(4.5))
    expect(evidentlyMmdSigma([5, 5, 5])).toBe(Math.SQRT1_2)
  })

  it('agrees with building and sorting the n × n matrix', () => {
    for (const n of [7, 10, 33]) {
      const values = normalPoints(n, 1, n).map((p) => Math.round(p[0]! * 100) / 100)
      const all: number[] = []
      for (const a of values) for (const b of values) all.push((a - b) ** 2)
      all.sort((a, b) => a - b)
      const h = (all.length - 1) / 2
      const index = h % 1 === 0.5 ? (Math.floor(h) % 2 === 0 ? Math.floor(h) : Math.ceil(h)) : h
      expect(evidentlyMmdSigma(values)).toBe(Math.sqrt(0.5 * all[index]!))
    }
  })
})

describe('mmdPermutationTest', () => {
  it('reports the unbiased MMD² of the closed form', () => {
    for (const c of golden.cases.filter((g) => g.expected.mmd2_unbiased !== null)) {
      const result = mmdPermutationTest(c.inputs.x, c.inputs.y, {
        sigma: c.params.sigma,
        permutations: 5
      })
      expectClose(result.mmd2, c.expected.mmd2_unbiased!, { rtol: 0, atol: 1e-12 }, c.id)
      expect(result.sigma).toBe(c.params.sigma)
    }
  })

  it('counts the same permutations as a replay of the seeded shuffles through mmd()', () => {
    const x = normalPoints(9, 2, 1)
    const y = normalPoints(6, 2, 2, 0.4)
    const permutations = 150
    const seed = 7
    const result = mmdPermutationTest(x, y, { permutations, seed })
    const pooled = [...x, ...y]
    expect(result.sigma).toBe(medianHeuristicSigma(pooled))
    const observed = mmd(x, y, result.sigma).mmd2Unbiased!
    const random = seededRandom(seed)
    const order = pooled.map((_, i) => i)
    let atLeast = 0
    for (let b = 0; b < permutations; b += 1) {
      shuffleInPlace(order, random)
      const px = order.slice(0, x.length).map((i) => pooled[i]!)
      const py = order.slice(x.length).map((i) => pooled[i]!)
      if (mmd(px, py, result.sigma).mmd2Unbiased! >= observed - 1e-12) atLeast += 1
    }
    expect(atLeast).toBeGreaterThan(0)
    expect(atLeast).toBeLessThan(permutations)
    expect(result.pvalue).toBe((1 + atLeast) / (1 + permutations))
    expect(result.permutations).toBe(permutations)
  })

  it('counts the swapped labelling of two clusters as a tie', () => {
    // Splitting 8 points 4/4 gives 70 labellings; the observed one and its swap are the most extreme
    // (2/70 ≈ 0.029). The swap's MMD² comes out a few ulps below the observed one here: counted without
    // the tie tolerance, only the observed labelling would be (1/70 ≈ 0.014).
    const x = [
      [0, 1],
      [0.3, 0.2],
      [0.7, 0.1],
      [0.2, 0.9]
    ]
    const y = [
      [5, 5],
      [5.3, 5.2],
      [5.7, 5.1],
      [5.2, 5.9]
    ]
    const result = mmdPermutationTest(x, y, { permutations: 4000, seed: 42 })
    expect(result.pvalue).toBeGreaterThan(0.024)
    expect(result.pvalue).toBeLessThan(0.034)
  })

  it('gives the smallest p-value to a clear shift and a large one to the same distribution', () => {
    const shifted = mmdPermutationTest(normalPoints(40, 3, 11), normalPoints(30, 3, 12, 1.5))
    expect(shifted.pvalue).toBe(1 / 201)
    expect(shifted.permutations).toBe(200)
    const same = mmdPermutationTest(normalPoints(40, 3, 13), normalPoints(30, 3, 14))
    expect(same.pvalue).toBeGreaterThan(0.05)
  })

  it('is deterministic for a seed', () => {
    const x = normalPoints(20, 1, 5)
    const y = normalPoints(20, 1, 6, 0.3)
    const a = mmdPermutationTest(x, y, { seed: 9, permutations: 100 })
    const b = mmdPermutationTest(x, y, { seed: 9, permutations: 100 })
    expect(a).toEqual(b)
  })

  it('needs two points per side and a positive number of permutations', () => {
    expect(() => mmdPermutationTest([[1]], [[1], [2]])).toThrow(
      'mmdPermutationTest requires at least two points in each sample'
    )
    expect(() => mmdPermutationTest([[1], [2]], [[1], [2]], { permutations: 0 })).toThrow(
      'mmdPermutationTest requires a positive whole number of permutations'
    )
  })
})
