import { describe, expect, it } from 'vitest'
import { DRIFT_TEST_IDS } from '../../../shared/drift'
import type { ColumnDrift, ColumnProfile } from '../../../shared/model'
import {
  isPValueTest,
  kindGroup,
  testOptionLabel,
  testsForColumn,
  testsForKind
} from './testChoices'

const ids = (tests: ReadonlyArray<{ id: string }>) => tests.map((t) => t.id)

function profile(distinct: number): ColumnProfile {
  return { name: 'c', kind: 'numeric', sqlType: 'DOUBLE', rows: 9, count: 9, missing: 0, distinct }
}

function column(kind: ColumnDrift['kind'], distinct: number): ColumnDrift {
  return {
    column: 'c',
    kind,
    status: 'tested',
    drifted: false,
    reference: profile(distinct),
    current: profile(distinct)
  }
}

describe('kindGroup', () => {
  it('groups boolean and text with categorical and leaves datetime out', () => {
    expect(kindGroup('numeric')).toBe('numeric')
    expect(kindGroup('boolean')).toBe('categorical')
    expect(kindGroup('text')).toBe('categorical')
    expect(kindGroup('datetime')).toBeNull()
  })
})

describe('testsForKind', () => {
  it('offers numeric columns the tests for numbers and for any values, not the two-category ones', () => {
    const numeric = ids(testsForKind('numeric'))
    expect(numeric).toEqual(expect.arrayContaining(['ks', 'anderson', 'wasserstein', 'psi', 'ed']))
    expect(numeric).not.toContain('fisher_exact')
  })
  it('offers categorical columns no test that needs numbers', () => {
    const categorical = ids(testsForKind('categorical'))
    expect(categorical).toEqual(
      expect.arrayContaining(['chisquare', 'z', 'fisher_exact', 'g_test'])
    )
    expect(categorical).not.toContain('ks')
    expect(categorical).not.toContain('anderson')
  })
  it('offers every test of the catalogue for at least one kind, in catalogue order', () => {
    const offered = new Set([...ids(testsForKind('numeric')), ...ids(testsForKind('categorical'))])
    expect([...DRIFT_TEST_IDS].filter((id) => !offered.has(id))).toEqual([])
    const numeric = ids(testsForKind('numeric'))
    expect(numeric).toEqual(DRIFT_TEST_IDS.filter((id) => numeric.includes(id)))
  })
})

describe('testsForColumn', () => {
  it('adds the two-category tests to a two-valued numeric column only', () => {
    expect(ids(testsForColumn(column('numeric', 2)))).toContain('fisher_exact')
    expect(ids(testsForColumn(column('numeric', 40)))).not.toContain('fisher_exact')
    expect(ids(testsForColumn(column('numeric', 40)))).toContain('anderson')
  })
  it('offers nothing for a datetime column', () => {
    expect(testsForColumn(column('datetime', 40))).toEqual([])
  })
})

describe('labels', () => {
  it('names the test, its id, and says when it needs two values', () => {
    const [fisher] = testsForKind('categorical').filter((t) => t.id === 'fisher_exact')
    expect(fisher && testOptionLabel(fisher)).toBe(
      'Fisher’s exact test (fisher_exact) — two-valued columns'
    )
    const [welch] = testsForKind('numeric').filter((t) => t.id === 'welch_t_test')
    expect(welch && testOptionLabel(welch)).toBe('Welch’s t-test (welch_t_test) · Driftwatch')
    expect(isPValueTest('ks')).toBe(true)
    expect(isPValueTest('psi')).toBe(false)
  })
})
