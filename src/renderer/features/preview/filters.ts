/**
 * The filters a finding opens the preview with: a failing expectation's rows, or the rows behind one bar
 * of a column's chart (a histogram bin, a category, or the folded "other values"), and the sentence that
 * says which rows the grid shows.
 */
import { formatNumber } from '../../../shared/drift'
import type { ColumnDrift, Expectation, RowFilter } from '../../../shared/model'
import { categoryCounts } from '../../charts/categoryBars'

/**
 * The filter of the bar at `index` of a column's distribution chart, as the chart draws it (bins in order;
 * categories, then "(other values)" when a side has some); null when the column has no such bar.
 * O(categories).
 */
export function filterForBar(column: ColumnDrift, index: number): RowFilter | null {
  const distribution = column.distribution
  if (distribution === undefined || !Number.isInteger(index) || index < 0) return null
  if (distribution.kind === 'bins') {
    const bins = distribution.edges.length - 1
    if (index >= bins) return null
    return {
      kind: 'bin',
      column: column.column,
      lower: distribution.edges[index] as number,
      upper: distribution.edges[index + 1] as number,
      isLast: index === bins - 1
    }
  }
  const isNumeric = column.kind === 'numeric'
  if (index < distribution.categories.length) {
    return {
      kind: 'category',
      column: column.column,
      value: distribution.categories[index] as string,
      isNumeric
    }
  }
  if (index < categoryCounts(distribution).labels.length) {
    return {
      kind: 'otherCategories',
      column: column.column,
      shown: distribution.categories,
      isNumeric
    }
  }
  return null
}

/** The filter of a failing expectation's rows. */
export function filterForExpectation(expectation: Expectation): RowFilter {
  return { kind: 'expectation', expectation }
}

/** The column a filter is about (shown first in the grid), or null for a condition on whole rows. O(1). */
export function filterColumn(filter: RowFilter | null): string | null {
  if (filter === null) return null
  if (filter.kind !== 'expectation') return filter.column
  const e = filter.expectation
  return 'column' in e && typeof e.column === 'string' ? e.column : null
}

/**
 * Which rows a filter keeps, as a phrase for the grid's caption.
 * O(1). @example describeFilter({ kind: 'category', column: 'season', value: '2', isNumeric: true }) // 'rows where season is 2'
 */
export function describeFilter(filter: RowFilter): string {
  switch (filter.kind) {
    case 'expectation': {
      const e = filter.expectation
      const column = 'column' in e ? ` on ${e.column}` : ''
      return `rows that fail the expectation "${e.id}"${column}`
    }
    case 'bin':
      return `rows where ${filter.column} is from ${formatNumber(filter.lower)} to ${formatNumber(filter.upper)} (${filter.isLast ? 'both included' : 'the upper edge excluded'})`
    case 'category':
      return filter.isNumeric
        ? `rows where ${filter.column} is ${filter.value}`
        : `rows where ${filter.column} is "${filter.value}"`
    case 'otherCategories':
      return `rows where ${filter.column} has a value other than the ${filter.shown.length} charted`
    default:
      return assertNever(filter)
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected filter ${JSON.stringify(v)}`)
}
