import { useMemo } from 'react'
import type { SideNames } from '../../charts/options'
import { useAppStore } from '../../store'
import { ColumnDetail } from '../report/ColumnDetail'
import { ColumnTable } from '../report/ColumnTable'
import {
  type LiveReport as Live,
  liveColumns,
  pendingColumns,
  progressSentence
} from './liveReport'
import { SchemaPanel } from './SchemaPanel'

type Props = Readonly<{ live: Live; onCompareAgain: () => void }>

/**
 * The report while the comparison runs: where it stands in one sentence, the validation's verdict once
 * known, both files' schema and profiles, and the column table filling in row by row (a finished column
 * opens its detail as in the report, except under a multiple-testing correction, where its verdict waits
 * for every column). The dataset verdict, multivariate and target sections come with
 * the report itself.
 */
export function LiveReport({ live, onCompareAgain }: Props) {
  const selectedName = useAppStore((s) => s.selectedColumn)
  const selectColumn = useAppStore((s) => s.selectColumn)
  const columns = useMemo(() => liveColumns(live), [live])
  const pending = useMemo(() => pendingColumns(live), [live])
  const isCorrected = live.plan !== null && live.plan.rule !== 'share'
  // Under a correction a column's verdict is not known before the end: its detail waits for the report.
  const selected = isCorrected ? null : (columns.find((c) => c.column === selectedName) ?? null)
  const referenceName = live.reference?.schema.name ?? 'reference'
  const currentName = live.current?.schema.name ?? 'current'
  const names: SideNames = useMemo(
    () => ({ reference: referenceName, current: currentName }),
    [referenceName, currentName]
  )

  return (
    <section className="report live-report" data-testid="live-report" aria-label="Report so far">
      <p className="banner banner-neutral live-status" role="status" data-testid="live-status">
        {progressSentence(live)}
      </p>
      {live.validation !== null ? (
        <p
          className={`live-validation is-${live.validation.status ?? 'unchecked'}`}
          data-testid="live-validation"
        >
          {live.validation.summary}
        </p>
      ) : null}
      <SchemaPanel reference={live.reference} current={live.current} />
      {live.plan !== null ? (
        <div className={selected ? 'report-body has-detail' : 'report-body'}>
          <ColumnTable columns={columns} pending={pending} isProvisional={isCorrected} />
          {selected ? (
            <ColumnDetail
              column={selected}
              files={names}
              isCorrected={false}
              onClose={() => selectColumn(null)}
              onCompareAgain={onCompareAgain}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  )
}
