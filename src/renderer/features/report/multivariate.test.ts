import { describe, expect, it } from 'vitest'
import type { MultivariateDrift } from '../../../shared/model'
import { fixtureReport } from './fixtureReport'
import { listNames, multivariateRows, sampleSentence } from './multivariate'

const drift = fixtureReport().multivariate as MultivariateDrift

describe('multivariateRows', () => {
  it('gives one row per method that ran, with its figures', () => {
    const rows = multivariateRows(drift)
    expect(rows.map((r) => [r.key, r.drifted])).toEqual([
      ['mmd', true],
      ['pca', true],
      ['classifier', false]
    ])
    const [mmd, pca, classifier] = rows
    expect(mmd?.figures).toEqual([
      { label: 'MMD²', value: '0.0421' },
      { label: 'Bandwidth σ', value: '1.3' },
      { label: 'p-value', value: '0.004975 (200 permutations)' },
      { label: 'Threshold', value: '0.05' }
    ])
    expect(mmd?.sentence).toMatch(/p = 0.004975 is below 0.05/)
    expect(pca?.figures).toContainEqual({ label: 'Components', value: '1 (71% of variance)' })
    expect(pca?.figures).toContainEqual({
      label: 'Band (mean ± 3 standard errors)',
      value: '0.44 to 0.56'
    })
    expect(pca?.sentence).toMatch(/0.62 is outside the reference band 0.44 to 0.56/)
    expect(classifier?.figures).toContainEqual({ label: 'Score 2·AUC − 1', value: '0.1' })
    expect(classifier?.figures).toContainEqual({
      label: 'Rows',
      value: '600 to train, 311 held out'
    })
    expect(classifier?.sentence).toMatch(/cannot tell the sides apart/)
  })
  it('leaves out the methods that did not run', () => {
    expect(
      multivariateRows({ ...drift, mmd: undefined, classifier: undefined }).map((r) => r.key)
    ).toEqual(['pca'])
  })
})

describe('sampleSentence', () => {
  it('states the sizes, the seed, the strata and the columns', () => {
    expect(sampleSentence(drift)).toBe(
      'On a seeded sample of 480 reference and 431 current rows (seed 42, stratified by datetime), over 2 numeric columns standardised with the reference: temp, wind.'
    )
  })
  it('counts the columns beyond the first ones', () => {
    expect(listNames(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more')
    expect(listNames(['a'], 2)).toBe('a')
  })
})
