import { describe, expect, it } from 'vitest'
import type { ColumnDrift } from '../../../shared/model'
import { describeFilter, filterColumn, filterForBar } from './filters'

const binned: ColumnDrift = {
  column: 'temp',
  kind: 'numeric',
  status: 'tested',
  drifted: true,
  distribution: { kind: 'bins', edges: [0, 0.5, 1, 1.5], reference: [1, 2, 3], current: [3, 2, 1] }
}

const categories: ColumnDrift = {
  column: 'season',
  kind: 'categorical',
  status: 'tested',
  drifted: false,
  distribution: {
    kind: 'categories',
    categories: ['rain', 'sun'],
    reference: [3, 1],
    current: [1, 1],
    otherCurrent: 2
  }
}

describe('filterForBar', () => {
  it('takes a bin with its edges, the last one closed', () => {
    expect(filterForBar(binned, 1)).toEqual({
      kind: 'bin',
      column: 'temp',
      lower: 0.5,
      upper: 1,
      isLast: false
    })
    expect(filterForBar(binned, 2)).toMatchObject({ lower: 1, upper: 1.5, isLast: true })
    expect(filterForBar(binned, 3)).toBeNull()
  })

  it('takes a category, then the folded rest after the categories', () => {
    expect(filterForBar(categories, 0)).toEqual({
      kind: 'category',
      column: 'season',
      value: 'rain',
      isNumeric: false
    })
    expect(filterForBar(categories, 2)).toEqual({
      kind: 'otherCategories',
      column: 'season',
      shown: ['rain', 'sun'],
      isNumeric: false
    })
    expect(
      filterForBar(
        {
          ...categories,
          distribution: {
            ...categories.distribution,
            otherCurrent: 0
          } as ColumnDrift['distribution']
        },
        2
      )
    ).toBeNull()
  })

  it('has nothing for a column without a chart or a bad index', () => {
    expect(filterForBar({ ...binned, distribution: undefined }, 0)).toBeNull()
    expect(filterForBar(binned, -1)).toBeNull()
    expect(filterForBar(binned, 0.5)).toBeNull()
  })
})

describe('describeFilter', () => {
  it('says which rows each filter keeps', () => {
    expect(describeFilter(filterForBar(binned, 0) as never)).toBe(
      'rows where temp is from 0 to 0.5 (the upper edge excluded)'
    )
    expect(describeFilter(filterForBar(binned, 2) as never)).toBe(
      'rows where temp is from 1 to 1.5 (both included)'
    )
    expect(describeFilter(filterForBar(categories, 0) as never)).toBe('rows where season is "rain"')
    expect(describeFilter({ kind: 'category', column: 'n', value: '2', isNumeric: true })).toBe(
      'rows where n is 2'
    )
    expect(describeFilter(filterForBar(categories, 2) as never)).toBe(
      'rows where season has a value other than the 2 charted'
    )
    expect(
      describeFilter({
        kind: 'expectation',
        expectation: {
          id: 'casual-range',
          kind: 'column_values_between',
          column: 'casual',
          min: 0,
          max: 367,
          severity: 'error',
          enabled: true
        }
      })
    ).toBe('rows that fail the expectation "casual-range" on casual')
  })
})

describe('filterColumn', () => {
  it('names the column a filter is about, or none', () => {
    expect(filterColumn(filterForBar(binned, 0))).toBe('temp')
    expect(filterColumn(null)).toBeNull()
    expect(
      filterColumn({
        kind: 'expectation',
        expectation: {
          id: 'r',
          kind: 'row_condition',
          expression: 'a > 1',
          severity: 'error',
          enabled: true
        }
      })
    ).toBeNull()
  })
})
