import { describe, expect, it } from 'vitest'
import { chooseTest, DRIFT_TESTS, isDrifted } from './catalogue'

describe('chooseTest (Evidently default selection)', () => {
  it.each([
    ['numeric', 431, 2, 'z'],
    ['numeric', 431, 3, 'chisquare'],
    ['numeric', 431, 5, 'chisquare'],
    ['numeric', 431, 6, 'ks'],
    ['numeric', 1000, 6, 'ks'],
    ['numeric', 1001, 6, 'wasserstein'],
    ['numeric', 1001, 5, 'jensenshannon'],
    ['numeric', 1001, 2, 'jensenshannon'],
    ['categorical', 1000, 2, 'z'],
    ['categorical', 1000, 3, 'chisquare'],
    ['categorical', 1001, 3, 'jensenshannon'],
    ['boolean', 10, 2, 'z'],
    ['text', 10, 500, 'chisquare']
  ] as const)(
    '%s, %d reference values, %d distinct -> %s',
    (kind, referenceCount, distinctPooled, test) => {
      const choice = chooseTest({ kind, referenceCount, distinctPooled })
      expect(choice.test).toBe(test)
      expect(choice.reason).toContain(String(referenceCount))
    }
  )
})

describe('isDrifted uses the same edges as Evidently', () => {
  it('KS drifts at p equal to the threshold', () => {
    expect(isDrifted('ks', 0.05, 0.05)).toBe(true)
    expect(isDrifted('ks', 0.0500001, 0.05)).toBe(false)
  })
  it('chi-square and z need p strictly below', () => {
    expect(isDrifted('chisquare', 0.05, 0.05)).toBe(false)
    expect(isDrifted('z', 0.05, 0.05)).toBe(false)
    expect(isDrifted('z', 0.0499, 0.05)).toBe(true)
  })
  it('distances drift at the threshold and above', () => {
    expect(isDrifted('wasserstein', 0.1, 0.1)).toBe(true)
    expect(isDrifted('jensenshannon', 0.0999, 0.1)).toBe(false)
  })
  it('energy distance needs d strictly above; Cramér–von Mises drifts at the threshold', () => {
    expect(isDrifted('ed', 0.1, 0.1)).toBe(false)
    expect(isDrifted('ed', 0.1000001, 0.1)).toBe(true)
    expect(isDrifted('cramer_von_mises', 0.1, 0.1)).toBe(true)
    expect(isDrifted('anderson', 0.1, 0.1)).toBe(false)
  })
  it('an undefined score never drifts', () => {
    expect(isDrifted('ks', Number.NaN, 0.05)).toBe(false)
  })
  it('has Evidently default thresholds', () => {
    expect(Object.values(DRIFT_TESTS).map((t) => [t.id, t.defaultThreshold])).toEqual([
      ['ks', 0.05],
      ['chisquare', 0.05],
      ['z', 0.05],
      ['wasserstein', 0.1],
      ['jensenshannon', 0.1],
      ['psi', 0.1],
      ['kl_div', 0.1],
      ['hellinger', 0.1],
      ['TVD', 0.1],
      ['ed', 0.1],
      ['anderson', 0.1],
      ['cramer_von_mises', 0.1],
      ['es', 0.05],
      ['fisher_exact', 0.1],
      ['g_test', 0.1],
      ['mannw', 0.05],
      ['t_test', 0.05],
      ['welch_t_test', 0.05],
      ['levene_median', 0.05],
      ['levene_mean', 0.05],
      ['empirical_mmd', 0.1]
    ])
  })
})
