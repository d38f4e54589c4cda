import type { ColumnDrift } from '../../../shared/model'
import { columnVerdict, VERDICT_LABELS } from './columnTable'

const ICONS = { drift: '▲', no_drift: '✓', not_tested: '–' } as const

/** The verdict in words with a symbol, not color alone. */
export function VerdictChip({ column }: Readonly<{ column: ColumnDrift }>) {
  const verdict = columnVerdict(column)
  return (
    <span className={`verdict verdict-${verdict}`}>
      <span aria-hidden="true">{ICONS[verdict]}</span> {VERDICT_LABELS[verdict]}
    </span>
  )
}

/** A drift / no-drift chip for results that are not columns (multivariate methods). */
export function DriftVerdict({ drifted }: Readonly<{ drifted: boolean }>) {
  const verdict = drifted ? 'drift' : 'no_drift'
  return (
    <span className={`verdict verdict-${verdict}`}>
      <span aria-hidden="true">{ICONS[verdict]}</span> {VERDICT_LABELS[verdict]}
    </span>
  )
}
