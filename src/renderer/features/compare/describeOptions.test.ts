import { describe, expect, it } from 'vitest'
import { describeOptions } from './describeOptions'

describe('describeOptions', () => {
  it('says automatic for the defaults', () => {
    expect(describeOptions({ ignore: ['count'] })).toEqual([
      'Automatic tests',
      'Drift when ≥ 50% of columns drift',
      'Multivariate: automatic, 1000 rows a side'
    ])
  })
  it('names every choice', () => {
    expect(
      describeOptions({
        perKind: { numeric: { test: 'anderson' }, categorical: { threshold: 0.2 } },
        perColumn: { a: { test: 'ks' }, b: { threshold: 0.01 } },
        rule: 'bh',
        alpha: 0.1,
        target: 'y',
        prediction: 'p',
        task: 'classification',
        multivariate: { enabled: false },
        seed: 7
      })
    ).toEqual([
      'Numeric: Anderson–Darling k-sample test',
      'Categorical: automatic, threshold 0.2',
      '2 per-column choices',
      'Benjamini–Hochberg FDR at α = 0.1',
      'Target: y',
      'Prediction: p',
      'Task: classification',
      'Multivariate: off',
      'Seed 7'
    ])
  })
  it('states Bonferroni with the default α and a global test', () => {
    expect(
      describeOptions({ rule: 'bonferroni', test: 'psi', multivariate: { sampleSize: 500 } })
    ).toEqual([
      'All columns: population stability index',
      'Bonferroni at α = 0.05',
      'Multivariate: automatic, 500 rows a side'
    ])
  })
})
