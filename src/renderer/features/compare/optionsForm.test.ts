import { describe, expect, it } from 'vitest'
import {
  buildDriftOptions,
  DEFAULT_OPTIONS_FORM,
  optionsProblems,
  parseDecimal,
  testChoice,
  thresholdPlaceholder,
  thresholdProblem,
  type OptionsForm
} from './optionsForm'

const form = (patch: Partial<OptionsForm>): OptionsForm => ({ ...DEFAULT_OPTIONS_FORM, ...patch })

describe('parseDecimal', () => {
  it('reads plain decimals and leaves blanks null', () => {
    expect(parseDecimal(' 0.05 ')).toBe(0.05)
    expect(parseDecimal('.5')).toBe(0.5)
    expect(parseDecimal('5e-2')).toBe(0.05)
    expect(parseDecimal('-1')).toBe(-1)
    expect(parseDecimal('')).toBeNull()
    expect(parseDecimal('   ')).toBeNull()
  })
  it('refuses what Number() would quietly accept or misread', () => {
    for (const text of ['0x10', '1,5', 'abc', 'Infinity', '1.2.3', '0.05%']) {
      expect(parseDecimal(text)).toBeNaN()
    }
  })
})

describe('thresholdProblem', () => {
  it('accepts blank, zero and positive numbers', () => {
    expect(thresholdProblem('', 'ks')).toBeNull()
    expect(thresholdProblem('0', 'auto')).toBeNull()
    expect(thresholdProblem('0.3', 'wasserstein')).toBeNull()
  })
  it('says what is wrong', () => {
    expect(thresholdProblem('-0.1', 'auto')).toBe('The threshold must be ≥ 0.')
    expect(thresholdProblem('x', 'ks')).toMatch(/Enter a number/)
    expect(thresholdProblem('2', 'anderson')).toBe(
      'Anderson–Darling k-sample test gives a p-value: its threshold must be at most 1.'
    )
    // A distance may exceed 1; so may an automatic test's threshold (it may be a distance).
    expect(thresholdProblem('2', 'ed')).toBeNull()
    expect(thresholdProblem('2', 'auto')).toBeNull()
  })
  it('shows the chosen test default as the placeholder', () => {
    expect(thresholdPlaceholder('anderson')).toBe('0.1')
    expect(thresholdPlaceholder('ks')).toBe('0.05')
    expect(thresholdPlaceholder('auto')).toMatch(/default/)
  })
})

describe('optionsProblems', () => {
  it('finds nothing wrong with the defaults', () => {
    expect(optionsProblems(DEFAULT_OPTIONS_FORM, [])).toEqual({})
  })
  it('checks the share in (0, 1] and α in (0, 1), each only under its rule', () => {
    expect(optionsProblems(form({ driftShare: '0' }), []).driftShare).toMatch(/greater than 0/)
    expect(optionsProblems(form({ driftShare: '1' }), [])).toEqual({})
    expect(optionsProblems(form({ driftShare: '1.2' }), []).driftShare).toMatch(/at most 1/)
    expect(optionsProblems(form({ driftShare: '' }), []).driftShare).toMatch(/Enter the share/)
    expect(optionsProblems(form({ rule: 'bonferroni', alpha: '1' }), []).alpha).toMatch(
      /less than 1/
    )
    expect(optionsProblems(form({ rule: 'bh', alpha: '0' }), []).alpha).toMatch(/greater than 0/)
    // The share field is hidden under Bonferroni: its leftover text does not block the run.
    expect(optionsProblems(form({ rule: 'bh', driftShare: 'oops' }), [])).toEqual({})
    expect(optionsProblems(form({ alpha: 'oops' }), [])).toEqual({})
  })
  it('checks per-kind and per-column thresholds', () => {
    const problems = optionsProblems(
      form({
        numeric: { test: 'ks', threshold: '-1' },
        perColumn: { temp: { test: 'ks', threshold: '3' } }
      }),
      []
    )
    expect(problems.numeric).toBe('The threshold must be ≥ 0.')
    expect(problems['column:temp']).toMatch(/at most 1/)
    expect(problems.categorical).toBeUndefined()
  })
  it('checks target and prediction against each other and the ignore list', () => {
    expect(optionsProblems(form({ target: 'y', prediction: ' y ' }), []).prediction).toMatch(
      /different column/
    )
    expect(optionsProblems(form({ target: 'count' }), ['count']).target).toMatch(/ignored/)
    expect(optionsProblems(form({ target: 'y', prediction: 'p' }), ['id'])).toEqual({})
  })
  it('checks the sample size only while multivariate is on, and the seed always', () => {
    expect(optionsProblems(form({ sampleSize: '19' }), []).sampleSize).toBe(
      'The sample size must be from 20 to 20000 rows per side.'
    )
    expect(optionsProblems(form({ sampleSize: '20' }), [])).toEqual({})
    expect(optionsProblems(form({ sampleSize: '20001' }), []).sampleSize).toMatch(/20 to 20000/)
    expect(optionsProblems(form({ sampleSize: '100.5' }), []).sampleSize).toMatch(/whole number/)
    expect(optionsProblems(form({ sampleSize: '5', isMultivariateOn: false }), [])).toEqual({})
    expect(optionsProblems(form({ seed: '-1' }), []).seed).toBe(
      'The seed must be a whole number ≥ 0, e.g. 42.'
    )
    expect(optionsProblems(form({ seed: '1e20' }), []).seed).toBeDefined()
    expect(optionsProblems(form({ seed: '0' }), [])).toEqual({})
  })
})

describe('testChoice', () => {
  it('is undefined when both are automatic, else carries what was set', () => {
    expect(testChoice({ test: 'auto', threshold: '' })).toBeUndefined()
    expect(testChoice({ test: 'anderson', threshold: '' })).toEqual({ test: 'anderson' })
    expect(testChoice({ test: 'auto', threshold: '0.2' })).toEqual({ threshold: 0.2 })
  })
})

describe('buildDriftOptions', () => {
  it('sends only the ignore list for the defaults (Evidently’s preset)', () => {
    expect(buildDriftOptions(DEFAULT_OPTIONS_FORM, ['count'])).toEqual({
      ok: true,
      options: { ignore: ['count'] }
    })
  })
  it('sends the Bonferroni rule with α and the numeric test', () => {
    const built = buildDriftOptions(
      form({ rule: 'bonferroni', alpha: '0.01', numeric: { test: 'anderson', threshold: '' } }),
      []
    )
    expect(built).toEqual({
      ok: true,
      options: {
        ignore: [],
        rule: 'bonferroni',
        alpha: 0.01,
        perKind: { numeric: { test: 'anderson' } }
      }
    })
  })
  it('sends every changed field', () => {
    const built = buildDriftOptions(
      form({
        categorical: { test: 'psi', threshold: '0.2' },
        driftShare: '0.3',
        target: ' y ',
        prediction: 'p',
        task: 'classification',
        isMultivariateOn: true,
        sampleSize: '500',
        seed: '7',
        perColumn: {
          temp: { test: 'ks', threshold: '0.01' },
          id: { test: 'ks', threshold: '' },
          wind: { test: 'auto', threshold: '' }
        }
      }),
      ['id']
    )
    expect(built).toEqual({
      ok: true,
      options: {
        ignore: ['id'],
        perKind: { categorical: { test: 'psi', threshold: 0.2 } },
        perColumn: { temp: { test: 'ks', threshold: 0.01 } },
        driftShare: 0.3,
        target: 'y',
        prediction: 'p',
        task: 'classification',
        multivariate: { sampleSize: 500 },
        seed: 7
      }
    })
  })
  it('turns multivariate off explicitly and drops a task without target or prediction', () => {
    const built = buildDriftOptions(form({ isMultivariateOn: false, task: 'regression' }), [])
    expect(built).toEqual({ ok: true, options: { ignore: [], multivariate: { enabled: false } } })
  })
  it('returns the problems instead of options when a field is invalid', () => {
    const built = buildDriftOptions(form({ rule: 'bh', alpha: '1.5' }), [])
    expect(built.ok).toBe(false)
    if (!built.ok) expect(Object.keys(built.problems)).toEqual(['alpha'])
  })
})
