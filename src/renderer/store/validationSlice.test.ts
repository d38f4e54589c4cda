import { afterEach, describe, expect, it } from 'vitest'
import type { Report, Suite } from '../../shared/model'
import { fixtureReport } from '../features/report/fixtureReport'
import { resetStore, useAppStore, validationSelectors } from './index'

afterEach(resetStore)

const suite: Suite = {
  version: 1,
  expectations: [
    {
      id: 'temp-range',
      kind: 'column_values_between',
      column: 'temp',
      min: 0,
      max: 45,
      severity: 'error',
      enabled: true
    }
  ]
}

function withValidation(source: NonNullable<Report['validation']>['source']): Report {
  return {
    ...fixtureReport(),
    validation: {
      suite,
      source,
      result: {
        status: 'pass',
        rows: 10,
        results: [],
        counts: { pass: 1, fail: 0, error: 0, skipped: 0 },
        durations: { aggregateMs: 1, samplesMs: 0, totalMs: 1 },
        evaluatedAt: '2025-01-01T00:00:00.000Z'
      }
    }
  }
}

describe('the validation slice', () => {
  it('the next request: off, the unsaved suite, the suite file, or nothing (inferred)', () => {
    const s = () => useAppStore.getState()
    expect(validationSelectors.request(s())).toBeUndefined()
    s().setSuitePath('/p/driftwatch/expectations.yaml')
    expect(validationSelectors.request(s())).toEqual({
      suitePath: '/p/driftwatch/expectations.yaml'
    })
    s().setPendingSuite(suite)
    expect(validationSelectors.request(s())).toEqual({ suite })
    s().setValidationOn(false)
    expect(validationSelectors.request(s())).toEqual({ enabled: false })
  })

  it('edits collect in the draft; a refused edit says why and changes nothing', () => {
    const s = () => useAppStore.getState()
    s().openSuiteEditor(withValidation({ kind: 'inferred', from: '/r.csv', savePath: '/p/e.yaml' }))
    expect(validationSelectors.savePath(s())).toBe('/p/e.yaml')
    expect(s().editSuite({ op: 'bounds', id: 'temp-range', max: 60 })).toBe(true)
    expect(s().draft?.suite.expectations[0]).toMatchObject({ max: 60 })
    expect(validationSelectors.hasEdits(s())).toBe(true)
    expect(s().editSuite({ op: 'bounds', id: 'temp-range', min: 99 })).toBe(false)
    expect(s().editorMessage?.tone).toBe('error')
    expect(s().draft?.edits).toHaveLength(1)
    s().rebaseDraft(s().draft?.suite as Suite, { kind: 'file', path: '/p/e.yaml', problems: [] })
    expect(validationSelectors.hasEdits(s())).toBe(false)
    expect(validationSelectors.savePath(s())).toBe('/p/e.yaml')
  })

  it('an inferred suite without a save path, or a report without validation, opens no place to save', () => {
    const s = () => useAppStore.getState()
    s().openSuiteEditor(fixtureReport())
    expect(s().draft).toBeNull()
    s().openSuiteEditor(withValidation({ kind: 'inferred', from: '/r.csv' }))
    expect(validationSelectors.savePath(s())).toBeNull()
  })
})
