import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { ColumnDrift, Timeline } from '../../../shared/model'
import type { SideNames } from '../../charts/options'
import { useScopedStore } from '../../store/StoreScope'
import { ColumnDetail } from './ColumnDetail'
import { kindText } from './columnTable'
import { VerdictChip } from './VerdictChip'

type Props = Readonly<{
  /** The features, then the target and the prediction. */
  columns: readonly ColumnDrift[]
  files: SideNames
  isCorrected: boolean
  /** The current batch along the report's time axis, when it has one (each column's chart over time). */
  timeline?: Timeline
}>

/**
 * Every column's detail as a list, for a document: the drifted columns first and open (so they are
 * printed), the others folded until opened, by a click on their line or on their row in the table (which
 * also scrolls to it). A folded detail draws nothing, and the open ones draw their charts as they come
 * near the viewport or in idle time, so a report of hundreds of columns still opens at once.
 */
export function ColumnDetailList({ columns, files, isCorrected, timeline }: Props) {
  const selected = useScopedStore((s) => s.selectedColumn)
  const selectColumn = useScopedStore((s) => s.selectColumn)
  const [opened, setOpened] = useState<ReadonlySet<string>>(
    () => new Set(columns.filter((c) => c.drifted).map((c) => c.column))
  )
  // The drifted columns first, side by side; the others under them, one line each until opened.
  const ordered = useMemo(
    () => [...columns.filter((c) => c.drifted), ...columns.filter((c) => !c.drifted)],
    [columns]
  )
  const items = useRef(new Map<string, HTMLElement>())
  const titleId = useId()

  // A row clicked in the table opens its detail here (see isOpen) and brings it into view.
  useEffect(() => {
    if (selected !== null) items.current.get(selected)?.scrollIntoView({ block: 'start' })
  }, [selected])

  const toggle = (column: string, isOpen: boolean): void => {
    setOpened((current) => {
      if (current.has(column) === isOpen) return current
      const next = new Set(current)
      if (isOpen) next.add(column)
      else next.delete(column)
      return next
    })
    if (!isOpen && column === selected) selectColumn(null)
  }

  return (
    <section
      className="panel column-details"
      data-testid="column-details"
      aria-labelledby={titleId}
    >
      <header className="panel-head">
        <h2 id={titleId}>Columns</h2>
        <span className="muted">
          Drifted columns are open; open any other here or by its row in the table.
        </span>
      </header>
      <ol className="detail-list">
        {ordered.map((c) => {
          const isOpen = opened.has(c.column) || c.column === selected
          return (
            <li
              key={c.column}
              className="detail-item"
              ref={(element) => {
                if (element) items.current.set(c.column, element)
                else items.current.delete(c.column)
              }}
            >
              <details
                open={isOpen}
                onToggle={(e) => toggle(c.column, e.currentTarget.open)}
                data-testid={`detail-item-${c.column}`}
              >
                <summary>
                  <span className="detail-item-name" title={c.column}>
                    {c.column}
                  </span>{' '}
                  <span className="detail-kind">{kindText(c)}</span> <VerdictChip column={c} />
                </summary>
                {isOpen ? (
                  <ColumnDetail
                    column={c}
                    files={files}
                    isCorrected={isCorrected}
                    isChartDeferred
                    {...(timeline === undefined ? {} : { timeline })}
                  />
                ) : null}
              </details>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
