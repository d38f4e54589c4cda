import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM, RTOL_PVALUE } from '../../../test/golden'
import { levene, leveneFromSums } from './levene'

type Outcome = { statistic: number; pvalue: number; df_num: number; df_den: number }
type Expected = { median: Outcome; mean: Outcome }

const golden = loadGolden<{ samples: number[][] }, Record<string, never>, Expected>('levene.json')

describe('levene against SciPy levene', () => {
  for (const c of golden.cases) {
    for (const center of ['median', 'mean'] as const) {
      it(`${c.id} ${center} (${c.note ?? ''})`, () => {
        const expected = c.expected[center]
        const actual = levene(c.inputs.samples, center)
        expectClose(actual.statistic, expected.statistic, { rtol: RTOL_CLOSED_FORM }, 'statistic')
        expectClose(actual.pvalue, expected.pvalue, { rtol: RTOL_PVALUE }, 'pvalue')
        expect(actual.dfNum).toBe(expected.df_num)
        expect(actual.dfDen).toBe(expected.df_den)
      })
    }
  }
})

describe('leveneFromSums', () => {
  it('gives the raw-sample result from the group sums', () => {
    // [1, 2, 4]: median 2, Z = [1, 0, 2], mean 1, Σ(Z − 1)² = 2; [0, 3, 3, 10]: median 3,
    // Z = [3, 0, 0, 7], mean 2.5, Σ(Z − 2.5)² = 0.25 + 6.25 + 6.25 + 20.25 = 33.
    const fromSums = leveneFromSums([
      { n: 3, zMean: 1, zSumSquaredDeviations: 2 },
      { n: 4, zMean: 2.5, zSumSquaredDeviations: 33 }
    ])
    expect(fromSums).toEqual(
      levene(
        [
          [1, 2, 4],
          [0, 3, 3, 10]
        ],
        'median'
      )
    )
    // W = 5·(3·(1 − 13/7)² + 4·(2.5 − 13/7)²)/35 = 5·(27/7)/35 = 27/49.
    expectClose(fromSums.statistic, 27 / 49, { rtol: 1e-15 }, 'statistic')
    expect(fromSums.dfNum).toBe(1)
    expect(fromSums.dfDen).toBe(5)
  })
  it('is 0 with p = 1 for groups with equal mean deviations', () => {
    const r = leveneFromSums([
      { n: 5, zMean: 1, zSumSquaredDeviations: 3 },
      { n: 7, zMean: 1, zSumSquaredDeviations: 4 }
    ])
    expect(r.statistic).toBe(0)
    expect(r.pvalue).toBe(1)
  })
  it('refuses fewer than two groups or an empty group', () => {
    expect(() => levene([[1, 2, 3]])).toThrow('levene requires at least two samples')
    expect(() => levene([[1, 2], []])).toThrow('levene requires at least one value in each sample')
    expect(() => leveneFromSums([{ n: 3, zMean: 1, zSumSquaredDeviations: 1 }])).toThrow(
      'leveneFromSums requires at least two groups'
    )
  })
})
