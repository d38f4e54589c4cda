import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ColumnDrift } from '../../../shared/model'
import { reportSelectors, type SortKey } from '../../store'
import { useScopedStore } from '../../store/StoreScope'
import { ColumnRow } from './ColumnRow'
import { visibleColumns } from './columnTable'

type Header = Readonly<{
  key: SortKey
  label: string
  numeric?: boolean
  className?: string
  title?: string
}>

const HEADERS: readonly Header[] = [
  { key: 'column', label: 'Column' },
  { key: 'kind', label: 'Type', className: 'col-kind' },
  { key: 'test', label: 'Test' },
  { key: 'score', label: 'Score', numeric: true },
  { key: 'threshold', label: 'Threshold', numeric: true },
  {
    key: 'adjusted',
    label: 'Adjusted p',
    numeric: true,
    title: 'The p-value after the multiple-testing correction; it decides the verdict.'
  },
  { key: 'verdict', label: 'Verdict' }
]

type Props = Readonly<{ columns: readonly ColumnDrift[] }>

/** Every column's result: sortable by clicking a header, filterable by text and by verdict. */
export function ColumnTable({ columns }: Props) {
  const q = useScopedStore(
    useShallow((s) => ({
      sort: s.sort,
      filterText: s.filterText,
      driftedOnly: s.driftedOnly,
      selected: s.selectedColumn
    }))
  )
  const toggleSort = useScopedStore((s) => s.toggleSort)
  const setFilterText = useScopedStore((s) => s.setFilterText)
  const setDriftedOnly = useScopedStore((s) => s.setDriftedOnly)
  const selectColumn = useScopedStore((s) => s.selectColumn)
  const hasAdjusted = useScopedStore(reportSelectors.isCorrected)
  const headers = hasAdjusted ? HEADERS : HEADERS.filter((h) => h.key !== 'adjusted')
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
              {headers.map((h) => {
                const isSorted = q.sort?.key === h.key
                const direction = isSorted ? q.sort?.direction : undefined
                return (
                  <th
                    key={h.key}
                    title={h.title}
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
              <th
                className="num col-sample"
                title="Values each side gave the test (non-missing; a sample for sampled tests)"
              >
                Values ref / cur
              </th>
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
                hasAdjusted={hasAdjusted}
              />
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="empty">No column matches the filter.</p> : null}
      </div>
    </div>
  )
}
