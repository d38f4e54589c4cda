import { describe, expect, it } from 'vitest'
import type { Expectation, Suite } from '../model'
import { applySuiteEdit } from './applySuiteEdit'

const range: Expectation = {
  id: 'temp-range',
  kind: 'column_values_between',
  column: 'temp',
  min: 0,
  max: 45,
  severity: 'error',
  enabled: true
}
const exists: Expectation = {
  id: 'temp-exists',
  kind: 'column_exists',
  column: 'temp',
  severity: 'error',
  enabled: true
}
const suite: Suite = { version: 1, name: 'weather', expectations: [range, exists] }

function applied(result: ReturnType<typeof applySuiteEdit>): Suite {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe('applySuiteEdit', () => {
  it('switches off, changes severity and bounds of one expectation, leaving the others and the input alone', () => {
    const off = applied(applySuiteEdit(suite, { op: 'enable', id: 'temp-range', enabled: false }))
    expect(off.expectations[0]).toEqual({ ...range, enabled: false })
    expect(off.expectations[1]).toBe(exists)
    const warning = applied(
      applySuiteEdit(suite, { op: 'severity', id: 'temp-exists', severity: 'warning' })
    )
    expect(warning.expectations[1]).toEqual({ ...exists, severity: 'warning' })
    const wider = applied(
      applySuiteEdit(suite, { op: 'bounds', id: 'temp-range', max: 60, min: null })
    )
    expect(wider.expectations[0]).toEqual({ ...range, min: undefined, max: 60 })
    expect('min' in (wider.expectations[0] as object)).toBe(false)
    expect(suite.expectations[0]).toEqual(range)
    expect(suite.name).toBe('weather')
  })

  it('adds a new expectation at the end and removes one by id', () => {
    const added = applied(
      applySuiteEdit(suite, {
        op: 'add',
        expectation: { ...exists, id: 'humidity-exists', column: 'humidity' }
      })
    )
    expect(added.expectations.map((e) => e.id)).toEqual([
      'temp-range',
      'temp-exists',
      'humidity-exists'
    ])
    const removed = applied(applySuiteEdit(added, { op: 'remove', id: 'temp-range' }))
    expect(removed.expectations.map((e) => e.id)).toEqual(['temp-exists', 'humidity-exists'])
  })

  it('refuses an unknown id, a taken id, a bound the kind lacks and bounds that would be inverted', () => {
    const cases: [Parameters<typeof applySuiteEdit>[1], RegExp][] = [
      [{ op: 'remove', id: 'nope' }, /No expectation "nope"/],
      [{ op: 'add', expectation: { ...exists } }, /already in the suite/],
      [{ op: 'add', expectation: { ...exists, id: 'x', column: '' } }, /not valid/],
      [{ op: 'bounds', id: 'temp-exists', max: 3 }, /has no max/],
      [{ op: 'bounds', id: 'temp-range', min: 50 }, /would make expectation "temp-range" invalid/]
    ]
    for (const [edit, message] of cases) {
      const result = applySuiteEdit(suite, edit)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message).toMatch(message)
    }
  })
})
