/**
 * Target rows: the relationship between target, prediction and features on each side (correlations, per-class
 * shares and recall) as formatted rows with their change, biggest changes of feature correlation first, so a
 * change in the relationship (concept drift) stands out.
 * Big-O: O(f log f) for f features (the sort).
 *
 * @example formatChange(0.91, 0.62) // '−0.290'
 */
import { formatPercent } from '../../../shared/drift'
import type { Relationship } from '../../../shared/model'

/** A correlation to three decimals with its sign; 'n/a' where undefined (a constant side). */
export function formatCorrelation(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a'
  return value.toFixed(3).replace('-', '−')
}

/** Current minus reference, signed, three decimals; empty when either side is undefined. */
export function formatChange(reference: number | null, current: number | null): string {
  const delta = change(reference, current)
  if (delta === null) return ''
  const text = Math.abs(delta).toFixed(3)
  if (Number(text) === 0) return '0.000'
  return `${delta > 0 ? '+' : '−'}${text}`
}

/** A share as percent points of change, e.g. '+4.2 pp'; empty when either side is undefined. */
export function formatPointChange(reference: number | null, current: number | null): string {
  const delta = change(reference, current)
  if (delta === null) return ''
  const points = Number((Math.abs(delta) * 100).toFixed(1))
  if (points === 0) return '0 pp'
  return `${delta > 0 ? '+' : '−'}${points} pp`
}

function change(reference: number | null, current: number | null): number | null {
  if (reference === null || current === null) return null
  if (!Number.isFinite(reference) || !Number.isFinite(current)) return null
  return current - reference
}

export type ClassRow = Readonly<{
  value: string
  referenceShare: string
  currentShare: string
  shareChange: string
  referenceRecall: string
  currentRecall: string
  recallChange: string
}>

export function classRows(relationship: Relationship): ClassRow[] {
  return (relationship.perClass ?? []).map((c) => ({
    value: c.value,
    referenceShare: formatPercent(c.referenceShare),
    currentShare: formatPercent(c.currentShare),
    shareChange: formatPointChange(c.referenceShare, c.currentShare),
    referenceRecall: c.referenceRecall === null ? 'n/a' : formatPercent(c.referenceRecall),
    currentRecall: c.currentRecall === null ? 'n/a' : formatPercent(c.currentRecall),
    recallChange: formatPointChange(c.referenceRecall, c.currentRecall)
  }))
}

export type CorrelationRow = Readonly<{
  feature: string
  reference: string
  current: string
  change: string
}>

/** Feature–target correlations, the largest absolute change first; undefined changes last, by name. */
export function featureCorrelationRows(relationship: Relationship): CorrelationRow[] {
  const rows = [...(relationship.featureCorrelations ?? [])]
  const size = (r: (typeof rows)[number]): number => {
    const delta = change(r.reference, r.current)
    return delta === null ? -1 : Math.abs(delta)
  }
  rows.sort((a, b) => size(b) - size(a) || a.feature.localeCompare(b.feature))
  return rows.map((r) => ({
    feature: r.feature,
    reference: formatCorrelation(r.reference),
    current: formatCorrelation(r.current),
    change: formatChange(r.reference, r.current)
  }))
}
