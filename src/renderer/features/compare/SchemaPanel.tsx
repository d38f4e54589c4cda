import { memo, useMemo } from 'react'
import { formatNumber } from '../../../shared/drift'
import { formatBytes } from '../report/verdict'
import { type LiveSide, type SchemaCell, schemaRows } from './liveReport'

type Props = Readonly<{ reference: LiveSide | null; current: LiveSide | null }>

/**
 * The two files as soon as they are open: each one's format, size and (once read) rows, and every column
 * of either with its type on each side and, once that side is profiled, its missing values. A column on
 * one side only, or of another kind on the other, is marked.
 */
export const SchemaPanel = memo(function SchemaPanel({ reference, current }: Props) {
  const rows = useMemo(() => schemaRows(reference, current), [reference, current])
  if (reference === null || current === null) return null
  return (
    <details className="live-schema" open data-testid="live-schema">
      <summary>
        Schema: {reference.schema.columns.length} columns in {reference.schema.name},{' '}
        {current.schema.columns.length} in {current.schema.name}
      </summary>
      <div className="live-sides">
        <SideFacts label="Reference" side={reference} testId="live-reference" />
        <SideFacts label="Current" side={current} testId="live-current" />
      </div>
      <div className="table-scroll">
        <table className="columns live-schema-table" data-testid="live-schema-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Reference type</th>
              <th scope="col">Current type</th>
              <th scope="col" className="num">
                Missing, reference
              </th>
              <th scope="col" className="num">
                Missing, current
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const isMismatch =
                row.reference !== null &&
                row.current !== null &&
                row.reference.kind !== row.current.kind
              const isOneSided = row.reference === null || row.current === null
              return (
                <tr
                  key={row.column}
                  data-testid={`schema-row-${row.column}`}
                  className={isMismatch || isOneSided ? 'is-different' : undefined}
                >
                  <td className="col-name" title={row.column}>
                    {row.column}
                  </td>
                  <td>{typeText(row.reference, 'not in the reference')}</td>
                  <td>{typeText(row.current, 'not in the current batch')}</td>
                  <td className="num">{missingText(row.reference)}</td>
                  <td className="num">{missingText(row.current)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </details>
  )
})

function SideFacts({
  label,
  side,
  testId
}: Readonly<{ label: string; side: LiveSide; testId: string }>) {
  return (
    <p className="live-side" data-testid={testId}>
      <strong>{label}</strong> {side.schema.name}{' '}
      <span className="muted">
        ({side.schema.format}, {formatBytes(side.schema.sizeBytes)})
      </span>{' '}
      ·{' '}
      <span data-testid={`${testId}-rows`}>
        {side.rows === null ? 'reading…' : `${formatNumber(side.rows)} rows`}
      </span>
    </p>
  )
}

function typeText(cell: SchemaCell | null, absent: string): string {
  return cell === null ? absent : `${cell.kind} (${cell.sqlType})`
}

/** Missing values with their share, e.g. "1,204 (0.3%)"; "…" until the side is profiled. */
function missingText(cell: SchemaCell | null): string {
  if (cell === null) return ''
  if (cell.missing === null || cell.rows === null) return '…'
  if (cell.missing === 0 || cell.rows === 0) return '0'
  const share = (cell.missing / cell.rows) * 100
  return `${formatNumber(cell.missing)} (${share < 0.1 ? '<0.1' : share.toFixed(1)}%)`
}
