import { memo, useMemo, type KeyboardEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { formatScore } from '../../../shared/drift'
import type { ColumnDrift } from '../../../shared/model'
import { sparkBars, sparkShares } from '../../charts/sparkline'
import { type SortKey, useAppStore } from '../../store'
import { columnVerdict, testLabel, visibleColumns } from './columnTable'
import { SPARK_HEIGHT, SPARK_WIDTH, Sparkline } from './Sparkline'
import { VerdictChip } from './VerdictChip'

const HEADERS: ReadonlyArray<
  Readonly<{ key: SortKey; label: string; numeric?: boolean; className?: string }>
> = [
  { key: 'column', label: 'Column' },
  { key: 'kind', label: 'Type', className: 'col-kind' },
  { key: 'test', label: 'Test' },
  { key: 'score', label: 'Score', numeric: true },
  { key: 'threshold', label: 'Threshold', numeric: true },
  { key: 'verdict', label: 'Verdict' }
]

type Props = Readonly<{ columns: readonly ColumnDrift[] }>

/** Every column's result: sortable by clicking a header, filterable by text and by verdict. */
export function ColumnTable({ columns }: Props) {
  const q = useAppStore(
    useShallow((s) => ({
      sort: s.sort,
      filterText: s.filterText,
      driftedOnly: s.driftedOnly,
      selected: s.selectedColumn
    }))
  )
  const toggleSort = useAppStore((s) => s.toggleSort)
  const setFilterText = useAppStore((s) => s.setFilterText)
  const setDriftedOnly = useAppStore((s) => s.setDriftedOnly)
  const selectColumn = useAppStore((s) => s.selectColumn)
  const rows = useMemo(
    () =>
      visibleColumns(columns, {
        sort: q.sort,
        filterText: q.filterText,
        driftedOnly: q.driftedOnly
      }),
    [columns, q.sort, q.filterText, q.driftedOnly]
  )

  return (
    <div className="table-panel">
      <div className="table-tools">
        <input
          type="search"
          className="filter"
          placeholder="Filter columns…"
          aria-label="Filter columns"
          data-testid="column-filter"
          value={q.filterText}
          onChange={(e) => setFilterText(e.target.value)}
        />
        <label className="toggle">
          <input
            type="checkbox"
            data-testid="drifted-only"
            checked={q.driftedOnly}
            onChange={(e) => setDriftedOnly(e.target.checked)}
          />
          Drifted only
        </label>
        <span className="table-count">
          {rows.length} of {columns.length} columns
        </span>
      </div>
      <div className="table-scroll">
        <table className="columns" data-testid="report-table">
          <thead>
            <tr>
              {HEADERS.map((h) => {
                const isSorted = q.sort?.key === h.key
                const direction = isSorted ? q.sort?.direction : undefined
                return (
                  <th
                    key={h.key}
                    className={
                      [h.numeric ? 'num' : '', h.className ?? ''].join(' ').trim() || undefined
                    }
                    aria-sort={
                      direction === 'asc'
                        ? 'ascending'
                        : direction === 'desc'
                          ? 'descending'
                          : 'none'
                    }
                  >
                    <button
                      type="button"
                      className="sort"
                      data-testid={`sort-${h.key}`}
                      onClick={() => toggleSort(h.key)}
                    >
                      {h.label}
                      <span className="sort-mark" aria-hidden="true">
                        {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
                      </span>
                    </button>
                  </th>
                )
              })}
              <th>Reference</th>
              <th>Current</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <ColumnRow
                key={c.column}
                column={c}
                isSelected={c.column === q.selected}
                onSelect={selectColumn}
              />
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="empty">No column matches the filter.</p> : null}
      </div>
    </div>
  )
}

type RowProps = Readonly<{
  column: ColumnDrift
  isSelected: boolean
  onSelect: (column: string) => void
}>

const ColumnRow = memo(function ColumnRow({ column: c, isSelected, onSelect }: RowProps) {
  const spark = useMemo(() => {
    if (!c.distribution) return null
    const shares = sparkShares(c.distribution)
    const max = Math.max(0, ...shares.reference, ...shares.current)
    return {
      reference: sparkBars(shares.reference, SPARK_WIDTH, SPARK_HEIGHT, max),
      current: sparkBars(shares.current, SPARK_WIDTH, SPARK_HEIGHT, max)
    }
  }, [c.distribution])
  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      onSelect(c.column)
    }
  }
  const verdict = columnVerdict(c)
  return (
    <tr
      data-testid={`column-row-${c.column}`}
      className={`row-${verdict}${isSelected ? ' is-selected' : ''}`}
      aria-selected={isSelected}
      tabIndex={0}
      onClick={() => onSelect(c.column)}
      onKeyDown={onKeyDown}
    >
      <td className="col-name" title={c.column}>
        {c.column}
      </td>
      <td className="col-kind">{c.kind}</td>
      <td>{testLabel(c)}</td>
      <td className="num">{c.status === 'tested' ? formatScore(c.score, c.scoreKind) : ''}</td>
      <td className="num">{c.threshold === undefined ? '' : c.threshold}</td>
      <td>
        <VerdictChip column={c} />
        {verdict === 'not_tested' && c.note ? <div className="row-note">{c.note}</div> : null}
      </td>
      <td>
        {spark ? (
          <Sparkline bars={spark.reference} side="reference" label={`${c.column}: reference`} />
        ) : null}
      </td>
      <td>
        {spark ? (
          <Sparkline bars={spark.current} side="current" label={`${c.column}: current`} />
        ) : null}
      </td>
    </tr>
  )
})
