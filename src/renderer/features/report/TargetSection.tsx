import { useId } from 'react'
import type { ColumnDrift, TargetDrift } from '../../../shared/model'
import { useScopedStore } from '../../store/StoreScope'
import { ColumnRow } from './ColumnRow'
import { NoteList } from './NoteList'
import { RelationshipTables } from './RelationshipTables'

const TASK_LABELS = { classification: 'Classification', regression: 'Regression' } as const

/** Target and prediction drift, tested like the features but reported apart, and their relationship. */
export function TargetSection({ targets }: Readonly<{ targets: TargetDrift }>) {
  const titleId = useId()
  const selected = useScopedStore((s) => s.selectedColumn)
  const selectColumn = useScopedStore((s) => s.selectColumn)
  const rows = [targets.target, targets.prediction].filter((c): c is ColumnDrift => c !== undefined)
  return (
    <section className="panel" data-testid="targets" aria-labelledby={titleId}>
      <header className="panel-head">
        <h2 id={titleId}>Target and prediction</h2>
        <span className="rule-chip" data-testid="targets-task">
          {TASK_LABELS[targets.task]}
        </span>
      </header>
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="columns" data-testid="targets-table">
            <thead>
              <tr>
                <th>Column</th>
                <th className="col-kind">Type</th>
                <th>Test</th>
                <th className="num">Score</th>
                <th className="num">Threshold</th>
                <th>Verdict</th>
                <th className="num">Values ref / cur</th>
                <th>Reference</th>
                <th>Current</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <ColumnRow
                  key={c.column}
                  column={c}
                  isSelected={c.column === selected}
                  onSelect={selectColumn}
                  hasAdjusted={false}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <RelationshipTables relationship={targets.relationship} />
      <NoteList notes={targets.notes} />
    </section>
  )
}
