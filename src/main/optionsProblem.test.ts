import { describe, expect, it } from 'vitest'
import { DRIFT_TEST_IDS, DRIFT_TESTS } from '../shared/drift'
import type { DriftOptions } from '../shared/model'
import { optionsProblem } from './optionsProblem'

/** Options as they may arrive over HTTP or IPC: any JSON at all. */
function check(options: unknown): string | null {
  return optionsProblem(options as DriftOptions)
}

describe('optionsProblem accepts', () => {
  it('no options and empty options', () => {
    expect(optionsProblem(undefined)).toBeNull()
    expect(optionsProblem({})).toBeNull()
  })
  it('every field at once', () => {
    expect(
      optionsProblem({
        ignore: ['id'],
        test: 'psi',
        threshold: 0.2,
        perKind: {
          numeric: { test: 'anderson', threshold: 0.01 },
          categorical: { test: 'g_test' }
        },
        perColumn: { temp: { test: 'ks', threshold: 0.05 }, season: { threshold: 0.2 } },
        rule: 'bh',
        driftShare: 1,
        alpha: 0.05,
        target: 'count',
        prediction: 'predicted',
        task: 'regression',
        multivariate: { enabled: true, sampleSize: 20, permutations: 10_000 },
        seed: 0
      })
    ).toBeNull()
  })
  it('every test of the catalogue, globally, per kind and per column', () => {
    for (const id of DRIFT_TEST_IDS) {
      expect(optionsProblem({ test: id })).toBeNull()
      expect(optionsProblem({ perKind: { numeric: { test: id } } })).toBeNull()
      expect(optionsProblem({ perColumn: { c: { test: id } } })).toBeNull()
    }
  })
  it('fields left undefined, as a form may send them', () => {
    expect(check({ test: undefined, perKind: { numeric: undefined }, seed: undefined })).toBeNull()
  })
  it('a distance threshold above 1, and alpha or drift share with any rule', () => {
    expect(optionsProblem({ test: 'ed', threshold: 3 })).toBeNull()
    expect(optionsProblem({ rule: 'share', alpha: 0.05 })).toBeNull()
    expect(optionsProblem({ rule: 'bonferroni', driftShare: 0.5 })).toBeNull()
  })
})

describe('optionsProblem refuses', () => {
  it('options that are not an object', () => {
    expect(check(null)).toContain('The options must be an object')
    expect(check([1])).toContain('The options must be an object')
    expect(check('ks')).toContain('got "ks"')
  })
  it('unknown fields, naming them and the known ones', () => {
    expect(check({ drift_share: 0.5 })).toBe(
      'Unknown option "drift_share". Known options: ignore, test, threshold, perKind, perColumn, rule, driftShare, alpha, target, prediction, task, multivariate, seed, timeColumn.'
    )
    expect(check({ multivariate: { size: 10 } })).toBe(
      'Unknown option "multivariate.size". Known fields of multivariate: enabled, sampleSize, permutations.'
    )
    expect(check({ perColumn: { temp: { tets: 'ks' } } })).toContain(
      'Unknown option "perColumn["temp"].tets"'
    )
  })
  it('an ignore list that is not a list of names', () => {
    expect(check({ ignore: 'id' })).toBe(
      'ignore must be a list of column names, e.g. ["id", "notes"]; got "id".'
    )
    expect(check({ ignore: ['id', 3] })).toContain('ignore must be a list of column names')
    expect(check({ ignore: [''] })).toBe('ignore has an empty column name; remove it.')
  })
  it('unknown tests wherever they appear, with the catalogue or a near spelling', () => {
    const message = check({ test: 'kolmogorov' }) as string
    expect(message).toContain('Unknown test "kolmogorov" in test. Use one of: ')
    for (const id of DRIFT_TEST_IDS) expect(message).toContain(id)
    expect(check({ test: 'tvd' })).toContain('Did you mean "TVD"?')
    expect(check({ perKind: { numeric: { test: 'ad' } } })).toContain('in perKind.numeric.test')
    expect(check({ perColumn: { temp: { test: 5 } } })).toContain(
      'Unknown test 5 in perColumn["temp"].test'
    )
  })
  it('thresholds that are negative, not finite or not numbers', () => {
    for (const bad of [-0.1, Number.POSITIVE_INFINITY, Number.NaN, '0.05', null]) {
      expect(check({ threshold: bad })).toContain('threshold must be a finite number, 0 or more')
      expect(check({ perKind: { categorical: { threshold: bad } } })).toContain(
        'perKind.categorical.threshold must be a finite number'
      )
      expect(check({ perColumn: { temp: { threshold: bad } } })).toContain(
        'perColumn["temp"].threshold must be a finite number'
      )
    }
  })
  it('a p-value threshold above 1, in each place a test and threshold meet', () => {
    expect(check({ test: 'ks', threshold: 5 })).toBe(
      'threshold is 5, but ks gives a p-value, which lies between 0 and 1. Use a level such as 0.05.'
    )
    expect(check({ perKind: { numeric: { test: 'anderson', threshold: 2 } } })).toContain(
      'perKind.numeric.threshold is 2, but anderson gives a p-value'
    )
    expect(check({ perColumn: { x: { test: 'TVD', threshold: 1.5 } } })).toContain(
      'perColumn["x"].threshold is 1.5'
    )
  })
  it('perKind keys other than numeric and categorical, and choices that are not objects', () => {
    expect(check({ perKind: { boolean: { test: 'z' } } })).toBe(
      'perKind has "boolean", but only "numeric" and "categorical" can be set ("categorical" covers boolean and text columns too).'
    )
    expect(check({ perKind: 'ks' })).toContain('perKind must be an object')
    expect(check({ perKind: { numeric: 'ks' } })).toContain(
      'perKind.numeric must be an object with a test and/or a threshold'
    )
    expect(check({ perColumn: [] })).toContain('perColumn must be an object')
    expect(check({ perColumn: { '': { test: 'ks' } } })).toBe(
      'perColumn has an empty column name; remove it.'
    )
  })
  it('a numbers-only test for categorical columns, and only those tests', () => {
    for (const id of DRIFT_TEST_IDS) {
      const problem = check({ perKind: { categorical: { test: id } } })
      if (DRIFT_TESTS[id].accepts === 'numeric') {
        expect(problem).toContain(`perKind.categorical.test is ${id}`)
        expect(problem).toContain('takes numbers only')
      } else {
        expect(problem).toBeNull()
      }
    }
  })
  it('rules outside the set', () => {
    expect(check({ rule: 'holm' })).toBe(
      'rule must be "share" (Evidently\'s share of drifted columns), "bonferroni" or "bh" (Benjamini–Hochberg); got "holm".'
    )
    expect(check({ rule: 'BH' })).toContain('got "BH"')
  })
  it('drift share outside (0, 1] and alpha outside (0, 1)', () => {
    for (const bad of [0, -0.5, 1.01, Number.NaN, '0.5']) {
      expect(check({ driftShare: bad })).toContain(
        'driftShare must be a number greater than 0 and at most 1'
      )
    }
    for (const bad of [0, 1, -0.01, Number.POSITIVE_INFINITY, '0.05']) {
      expect(check({ rule: 'bh', alpha: bad })).toContain(
        'alpha must be a number greater than 0 and less than 1'
      )
    }
  })
  it('target and prediction that are not names, the same, or ignored', () => {
    expect(check({ target: '' })).toBe(
      'target must be the name of a column (a non-empty string); got "".'
    )
    expect(check({ prediction: 3 })).toContain('prediction must be the name of a column')
    expect(check({ target: 'y', prediction: 'y' })).toBe(
      'target and prediction are both "y". Name two different columns: the true value and the model\'s output.'
    )
    expect(check({ target: 'y', ignore: ['y'] })).toBe(
      'target "y" is also in ignore. Remove it from ignore to test it as the target.'
    )
    expect(check({ prediction: 'p', ignore: ['p'] })).toContain('prediction "p" is also in ignore')
  })
  it('a task outside classification and regression', () => {
    expect(check({ task: 'ranking' })).toBe(
      'task must be "classification" or "regression"; got "ranking".'
    )
  })
  it('multivariate settings of the wrong type or out of range', () => {
    expect(check({ multivariate: true })).toContain('multivariate must be an object')
    expect(check({ multivariate: { enabled: 'yes' } })).toBe(
      'multivariate.enabled must be true or false; got "yes".'
    )
    for (const bad of [19, 20_001, 100.5, '2000']) {
      expect(check({ multivariate: { sampleSize: bad } })).toContain(
        'multivariate.sampleSize must be a whole number from 20 to 20000 (rows drawn from each side)'
      )
    }
    expect(check({ multivariate: { sampleSize: 20_000 } })).toBeNull()
    for (const bad of [9, 10_001, 1.5]) {
      expect(check({ multivariate: { permutations: bad } })).toContain(
        'multivariate.permutations must be a whole number from 10 to 10000'
      )
    }
    expect(check({ multivariate: { permutations: 10 } })).toBeNull()
  })
  it('seeds that are negative, fractional, unsafe or not numbers', () => {
    for (const bad of [-1, 1.5, 2 ** 60, '42', Number.NaN]) {
      expect(check({ seed: bad })).toContain('seed must be a whole number from 0 to')
    }
    expect(check({ seed: Number.MAX_SAFE_INTEGER })).toBeNull()
  })
})
