import { describe, expect, it } from 'vitest'
import type { Suite } from '../../../shared/model'
import { applySuiteEdit } from '../../../shared/validation/applySuiteEdit'
import {
  ADDABLE_KINDS,
  addFields,
  boundSides,
  EMPTY_ADD_FORM,
  expectationFromForm,
  readBound
} from './suiteModel'

const suite: Suite = {
  version: 1,
  expectations: [
    {
      id: 'temp-values-between',
      kind: 'column_values_between',
      column: 'temp',
      min: 0,
      severity: 'error',
      enabled: true
    }
  ]
}

describe('the suite editor model', () => {
  it('edits min and max of ranges, the max of shares, nothing of the others', () => {
    expect(boundSides('column_values_between')).toEqual(['min', 'max'])
    expect(boundSides('row_count_between')).toEqual(['min', 'max'])
    expect(boundSides('column_null_share_at_most')).toEqual(['max'])
    expect(boundSides('column_exists')).toEqual([])
    expect(boundSides('column_values_in_set')).toEqual([])
  })

  it('reads a typed bound: empty is no bound, numbers are numbers, dates stay text where allowed', () => {
    expect(readBound('column_values_between', 'min', ' ')).toEqual({ ok: true, value: null })
    expect(readBound('column_values_between', 'max', ' 6e3 ')).toEqual({ ok: true, value: 6000 })
    expect(readBound('column_values_between', 'min', '2011-01-01')).toEqual({
      ok: true,
      value: '2011-01-01'
    })
    expect(readBound('column_length_between', 'max', 'ten')).toEqual({
      ok: false,
      message: 'max must be a number; got "ten".'
    })
    expect(readBound('column_null_share_at_most', 'max', '')).toEqual({
      ok: false,
      message: 'A share is needed, from 0 to 1.'
    })
  })

  it('makes a new expectation from the add form with an id not yet taken', () => {
    const made = expectationFromForm(
      { ...EMPTY_ADD_FORM, column: 'temp', min: '-5', max: '45' },
      suite
    )
    expect(made).toEqual({
      ok: true,
      expectation: {
        id: 'temp-values-between-2',
        kind: 'column_values_between',
        column: 'temp',
        min: -5,
        max: 45,
        severity: 'error',
        enabled: true
      }
    })
    const set = expectationFromForm(
      { ...EMPTY_ADD_FORM, kind: 'column_values_in_set', column: 'season', text: '1, 2,x, true' },
      suite
    )
    expect(set.ok && set.expectation).toMatchObject({ values: [1, 2, 'x', true] })
    const rows = expectationFromForm(
      { ...EMPTY_ADD_FORM, kind: 'row_count_between', min: '10' },
      suite
    )
    expect(rows.ok && rows.expectation).toEqual({
      id: 'row-count-between',
      kind: 'row_count_between',
      min: 10,
      severity: 'error',
      enabled: true
    })
  })

  it('says what is missing instead of making a broken expectation', () => {
    expect(expectationFromForm(EMPTY_ADD_FORM, suite)).toEqual({
      ok: false,
      message: 'Choose a column.'
    })
    expect(
      expectationFromForm({ ...EMPTY_ADD_FORM, kind: 'column_matches_regex', column: 'a' }, suite)
    ).toEqual({ ok: false, message: 'Regular expression is needed.' })
  })

  it('every kind the form offers, filled in, makes an expectation the suite accepts', () => {
    for (const kind of ADDABLE_KINDS) {
      const fields = addFields(kind)
      const form = {
        ...EMPTY_ADD_FORM,
        kind,
        column: 'temp',
        min: fields.has('min') ? '1' : '',
        max: fields.has('max') ? (fields.has('min') ? '5' : '0.1') : '',
        text: kind === 'column_type_is' ? 'numeric' : '^a'
      }
      const made = expectationFromForm(form, suite)
      if (!made.ok) throw new Error(`${kind}: ${made.message}`)
      const added = applySuiteEdit(suite, { op: 'add', expectation: made.expectation })
      expect(added.ok ? 'accepted' : added.error.message).toBe('accepted')
    }
  })
})
