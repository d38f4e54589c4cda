import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM, RTOL_PVALUE } from '../../../test/golden'
import {
  eppsSingleton2samp,
  eppsSingletonFeatures,
  eppsSingletonFromMoments
} from './eppsSingleton2samp'

type Expected = {
  statistic: number
  pvalue: number
  df: number
  sigma: number
  covariance_rank_deficient: boolean
  small_sample_correction: boolean
}

const golden = loadGolden<{ x: number[]; y: number[] }, { t: number[] }, Expected>(
  'epps_singleton_2samp.json'
)

describe('eppsSingleton2samp against SciPy epps_singleton_2samp', () => {
  for (const c of golden.cases) {
    it(`${c.id} (${c.note ?? ''})`, () => {
      const actual = eppsSingleton2samp(c.inputs.x, c.inputs.y, c.params.t)
      // The README compares the statistic with rtol 1e-6 too: it goes through a pseudo-inverse.
      expectClose(actual.statistic, c.expected.statistic, { rtol: RTOL_PVALUE }, 'statistic')
      expectClose(actual.pvalue, c.expected.pvalue, { rtol: RTOL_PVALUE }, 'pvalue')
      expectClose(actual.sigma, c.expected.sigma, { rtol: RTOL_CLOSED_FORM }, 'sigma')
      expect(actual.df).toBe(c.expected.df)
      expect(actual.covarianceRankDeficient).toBe(c.expected.covariance_rank_deficient)
      expect(actual.smallSampleCorrection).toBe(c.expected.small_sample_correction)
    })
  }
  it('uses t = (0.4, 0.8) by default', () => {
    const c = golden.cases[0]
    if (c === undefined) throw new Error('no golden cases')
    expect(eppsSingleton2samp(c.inputs.x, c.inputs.y)).toEqual(
      eppsSingleton2samp(c.inputs.x, c.inputs.y, [0.4, 0.8])
    )
  })
})

describe('eppsSingleton2samp with a rank-deficient covariance', () => {
  // With d distinct values the features span at most d − 1 directions, so the rank drops below 4.
  // Expected values from SciPy 1.17.1 (same algorithm as 1.10), which warns about the rank.
  const cases = [
    {
      x: [0, 0, 0, 1, 1],
      y: [0, 1, 1, 1, 0, 1],
      df: 1,
      w: 0.3378859145286028,
      p: 0.5610520613635395
    },
    {
      x: [0, 0, 0, 1, 1, 2, 2],
      y: [0, 1, 1, 1, 2, 2, 2, 2],
      df: 2,
      w: 1.0008475561635861,
      p: 0.6062736797681915
    },
    {
      x: [0, 0, 1, 1, 2, 2, 3, 3, 0, 1],
      y: [1, 2, 3, 3, 3, 2, 2, 1, 0, 3, 3],
      df: 3,
      w: 1.837798153545993,
      p: 0.6067443787533346
    }
  ]
  for (const c of cases) {
    it(`${c.x.length} vs ${c.y.length} values, rank ${c.df}`, () => {
      const actual = eppsSingleton2samp(c.x, c.y)
      expect(actual.df).toBe(c.df)
      expect(actual.covarianceRankDeficient).toBe(true)
      expectClose(actual.statistic, c.w, { rtol: RTOL_PVALUE }, 'statistic')
      expectClose(actual.pvalue, c.p, { rtol: RTOL_PVALUE }, 'pvalue')
    })
  }
})

describe('eppsSingletonFromMoments', () => {
  it('gives the raw-sample result from means and centred co-moments', () => {
    const x = [0.1, 0.5, 0.9, 1.3, 2]
    const y = [0.3, 0.7, 1.1, 2.2, 2.9]
    // Pooled sorted: 0.1 0.3 0.5 0.7 0.9 1.1 1.3 2 2.2 2.9; quartiles at positions 2.25 and 6.75.
    const q25 = 0.5 + (0.7 - 0.5) * 0.25
    const q75 = 2 - (2 - 1.3) * 0.25
    const sigma = (q75 - q25) / 2
    const scaled = [0.4 / sigma, 0.8 / sigma]
    const side = (values: number[]) => {
      const features = values.map((v) => eppsSingletonFeatures(v, scaled))
      const mean = [0, 1, 2, 3].map((j) => features.reduce((s, g) => s + (g[j] as number), 0) / 5)
      const comoment = [0, 1, 2, 3].map((j) =>
        [0, 1, 2, 3].map((k) =>
          features.reduce(
            (s, g) =>
              s +
              ((g[j] as number) - (mean[j] as number)) * ((g[k] as number) - (mean[k] as number)),
            0
          )
        )
      )
      return { n: 5, mean, comoment }
    }
    const fromMoments = eppsSingletonFromMoments({ t: [0.4, 0.8], sigma, x: side(x), y: side(y) })
    const raw = eppsSingleton2samp(x, y)
    expectClose(fromMoments.statistic, raw.statistic, { rtol: 1e-12 }, 'statistic')
    expectClose(fromMoments.pvalue, raw.pvalue, { rtol: 1e-12 }, 'pvalue')
    expect(fromMoments.sigma).toBe(raw.sigma)
    expect(fromMoments.df).toBe(4)
  })
  it('refuses moments that do not fit the points t', () => {
    const side = {
      n: 5,
      mean: [0, 0],
      comoment: [
        [1, 0],
        [0, 1]
      ]
    }
    expect(() => eppsSingletonFromMoments({ t: [0.4, 0.8], sigma: 1, x: side, y: side })).toThrow(
      'eppsSingletonFromMoments requires means and co-moments of 4 features for 2 points t'
    )
  })
})

describe('eppsSingleton2samp scale', () => {
  it('interpolates the quartiles as NumPy 1.24 (b − (b − a)·(1 − f) for f ≥ 0.5)', () => {
    // q75 at position 6.75 between 7.86 and 17.81 is 15.322499999999998 in NumPy (a + (b − a)·0.75
    // would be 15.3225); q25 = 3.25; σ from numpy.percentile / scipy.stats.iqr.
    const r = eppsSingleton2samp([1, 2, 3, 4, 7.86], [5, 6, 17.81, 20, 21])
    expect(r.sigma).toBe(6.036249999999999)
  })
})

describe('eppsSingleton2samp input checks', () => {
  it('refuses fewer than five values per side', () => {
    expect(() => eppsSingleton2samp([1, 2, 3, 4], [1, 2, 3, 4, 5])).toThrow(
      'eppsSingleton2samp requires at least five values in each sample'
    )
  })
  it('refuses a pooled interquartile range of 0', () => {
    expect(() => eppsSingleton2samp([1, 2, 2, 2, 2, 2], [2, 2, 2, 2, 2, 9])).toThrow(
      'eppsSingleton2samp requires a pooled interquartile range above 0'
    )
  })
  it('refuses non-finite values and non-positive points', () => {
    expect(() => eppsSingleton2samp([1, 2, 3, 4, Number.NaN], [1, 2, 3, 4, 5])).toThrow(
      'eppsSingleton2samp requires finite values'
    )
    expect(() => eppsSingleton2samp([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [0.4, 0])).toThrow(
      'eppsSingleton2samp requires at least one point t, each positive and finite'
    )
  })
})
