/** Pure helpers of the report table: labels, verdicts, filtering and sorting of column results. */
import { DRIFT_TESTS, formatNumber, formatScore } from '../../../shared/drift'
import type { ColumnDrift } from '../../../shared/model'
import type { SortOrder } from '../../store'

export type ColumnVerdict = 'drift' | 'no_drift' | 'not_tested'

export function columnVerdict(c: ColumnDrift): ColumnVerdict {
  if (c.status === 'not_tested') return 'not_tested'
  return c.drifted ? 'drift' : 'no_drift'
}

export const VERDICT_LABELS: Readonly<Record<ColumnVerdict, string>> = {
  drift: 'Drift',
  no_drift: 'No drift',
  not_tested: 'Not tested'
}

/** Whether a tested column got a score (a test can run and still find its statistic undefined). */
export function hasScore(c: ColumnDrift): boolean {
  return c.status === 'tested' && typeof c.score === 'number' && !Number.isNaN(c.score)
}

/** The test as Evidently names it, e.g. 'K-S p_value'; empty when not tested. */
export function testLabel(c: ColumnDrift): string {
  if (c.testName) return c.testName
  return c.test ? DRIFT_TESTS[c.test].name : ''
}

/** The adjusted p-value of a multiple-testing rule; a dash when the column's test gives a distance. */
export function adjustedText(c: ColumnDrift): string {
  if (c.status !== 'tested') return ''
  if (c.adjustedScore === undefined) return c.scoreKind === 'distance' ? '—' : ''
  return formatScore(c.adjustedScore, 'p_value')
}

/** Values each side gave the test, e.g. '431 / 165'; empty when unknown. */
export function sampleSizeText(c: ColumnDrift): string {
  if (!c.sampleSize) return ''
  return `${formatNumber(c.sampleSize.reference)} / ${formatNumber(c.sampleSize.current)}`
}

export type TableQuery = Readonly<{ filterText: string; driftedOnly: boolean; sort: SortOrder }>

/** Columns matching the text filter (name, kind or test, case-insensitive) and the drifted-only toggle. */
export function filterColumns(
  columns: readonly ColumnDrift[],
  filterText: string,
  driftedOnly: boolean
): ColumnDrift[] {
  const needle = filterText.trim().toLowerCase()
  return columns.filter((c) => {
    if (driftedOnly && columnVerdict(c) !== 'drift') return false
    if (needle === '') return true
    return (
      c.column.toLowerCase().includes(needle) ||
      c.kind.toLowerCase().includes(needle) ||
      testLabel(c).toLowerCase().includes(needle)
    )
  })
}

const VERDICT_ORDER: Readonly<Record<ColumnVerdict, number>> = {
  drift: 0,
  no_drift: 1,
  not_tested: 2
}

function compareText(a: string, b: string): number {
  return a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true })
}

/** Missing numbers (untested columns, undefined scores) go last in either direction. */
function compareNumbers(
  a: number | null | undefined,
  b: number | null | undefined,
  sign: number
): number {
  const aMissing = a === null || a === undefined || Number.isNaN(a)
  const bMissing = b === null || b === undefined || Number.isNaN(b)
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1
  return sign * (a - b)
}

/** A sorted copy; the report's own order when `sort` is null. Ties keep the report's order. */
export function sortColumns(columns: readonly ColumnDrift[], sort: SortOrder): ColumnDrift[] {
  const rows = [...columns]
  if (sort === null) return rows
  const sign = sort.direction === 'asc' ? 1 : -1
  const by = (a: ColumnDrift, b: ColumnDrift): number => {
    switch (sort.key) {
      case 'column':
        return sign * compareText(a.column, b.column)
      case 'kind':
        return sign * compareText(a.kind, b.kind)
      case 'test':
        return sign * compareText(testLabel(a), testLabel(b))
      case 'score':
        return compareNumbers(a.score, b.score, sign)
      case 'threshold':
        return compareNumbers(a.threshold, b.threshold, sign)
      case 'adjusted':
        return compareNumbers(a.adjustedScore, b.adjustedScore, sign)
      case 'verdict':
        return sign * (VERDICT_ORDER[columnVerdict(a)] - VERDICT_ORDER[columnVerdict(b)])
      default:
        return assertNever(sort.key)
    }
  }
  return rows.sort(by)
}

/**
 * Columns still being tested that match the text filter (name or kind); none when only drifted columns
 * are shown, since a waiting column has no verdict yet.
 */
export function filterPending<T extends Readonly<{ column: string; kind: string }>>(
  pending: readonly T[],
  filterText: string,
  driftedOnly: boolean
): T[] {
  if (driftedOnly) return []
  const needle = filterText.trim().toLowerCase()
  if (needle === '') return [...pending]
  return pending.filter(
    (p) => p.column.toLowerCase().includes(needle) || p.kind.toLowerCase().includes(needle)
  )
}

export function visibleColumns(columns: readonly ColumnDrift[], query: TableQuery): ColumnDrift[] {
  return sortColumns(filterColumns(columns, query.filterText, query.driftedOnly), query.sort)
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}

/** The column's kind, after its role when it is the target or the prediction: `target · numeric`. */
export function kindText(c: ColumnDrift): string {
  return c.role === 'target' || c.role === 'prediction' ? `${c.role} · ${c.kind}` : c.kind
}
