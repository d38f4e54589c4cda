import { describe, expect, it } from 'vitest'
import { expectationProblems } from './expectationProblems'

describe('expectationProblems', () => {
  const temp = { id: 'temp', kind: 'column_values_between', column: 'temp', min: 0, max: 45 }

  it('finds nothing wrong with a well-formed expectation, complete or not', () => {
    expect(expectationProblems(temp)).toEqual([])
    expect(
      expectationProblems({ ...temp, severity: 'warning', enabled: false }, { isComplete: true })
    ).toEqual([])
  })

  it('allows severity and enabled to be absent only when the reader defaults them', () => {
    expect(expectationProblems(temp, { isComplete: true })).toEqual([
      'severity must be error or warning',
      'enabled must be true or false'
    ])
    expect(expectationProblems({ ...temp, severity: 'fatal', enabled: 'yes' })).toEqual([
      'severity must be error or warning (it is "fatal")',
      'enabled must be true or false (it is "yes")'
    ])
  })

  it('lists every problem of one expectation, naming the values', () => {
    expect(
      expectationProblems({
        id: '',
        kind: 'column_statistic_between',
        column: ' ',
        statistic: 'mode',
        quantile: 0.5,
        min: 'low',
        colour: 'red'
      })
    ).toEqual([
      'it has no id (add `id: some-name`)',
      'colour is not a field of column_statistic_between (its fields: column, statistic, quantile, min, max)',
      'column must be a non-empty text (it is " ")',
      'statistic must be mean, std, median or quantile (it is "mode")',
      'quantile is only for statistic: quantile',
      'min must be a number (it is "low")'
    ])
  })

  it('takes date/time texts as bounds only where values are compared as they are', () => {
    expect(expectationProblems({ ...temp, min: '2024-01-01', max: '2024-12-31' })).toEqual([])
    expect(expectationProblems({ ...temp, min: '2024-12-31', max: '2024-01-01' })).toEqual([
      'min ("2024-12-31") is greater than max ("2024-01-01")'
    ])
    expect(expectationProblems({ id: 'rows', kind: 'row_count_between', min: '10' })).toEqual([
      'min must be a number (it is "10")'
    ])
  })

  it('rejects what is not an expectation, and kinds that are only names on Object', () => {
    expect(expectationProblems(null)).toEqual([
      'it is not an expectation (a map with id, kind, ...)'
    ])
    expect(expectationProblems([temp])).toEqual([
      'it is not an expectation (a map with id, kind, ...)'
    ])
    expect(expectationProblems({ id: 'x', kind: 'toString' })[0]).toMatch(
      /^"toString" is not a kind of expectation \(one of: row_count_between, /
    )
    expect(expectationProblems({ id: 'x' })).toEqual(['it has no kind'])
  })

  it('checks shares, one SQL expression and the freshness window', () => {
    expect(
      expectationProblems({ id: 'n', kind: 'column_null_share_at_most', column: 'a', max: 5 })
    ).toEqual(['max must be a number from 0 to 1 (it is 5)'])
    expect(
      expectationProblems({ id: 'n', kind: 'column_null_share_at_most', column: 'a' })
    ).toEqual(['max must be a number from 0 to 1'])
    expect(
      expectationProblems({ id: 'r', kind: 'row_condition', expression: 'a > 1; DROP', mostly: -1 })
    ).toEqual([
      'mostly must be a number from 0 to 1 (it is -1)',
      'expression must be one SQL expression, without ";"'
    ])
    expect(expectationProblems({ id: 'f', kind: 'column_fresh', column: 'at' })).toEqual([
      'maxAgeSeconds must be a number ≥ 0'
    ])
  })
})
