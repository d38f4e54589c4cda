import { memo, useMemo, type KeyboardEvent } from 'react'
import { formatScore } from '../../../shared/drift'
import type { ColumnDrift } from '../../../shared/model'
import { sparkBars, sparkShares } from '../../charts/sparkline'
import { adjustedText, columnVerdict, hasScore, sampleSizeText, testLabel } from './columnTable'
import { SPARK_HEIGHT, SPARK_WIDTH, Sparkline } from './Sparkline'
import { VerdictChip } from './VerdictChip'

type Props = Readonly<{
  column: ColumnDrift
  isSelected: boolean
  onSelect: (column: string) => void
  /** Whether the table has the adjusted p-value column (rules Bonferroni and Benjamini–Hochberg). */
  hasAdjusted: boolean
  /** While a comparison runs under a correction rule: the verdict waits for every column's p-value. */
  isProvisional?: boolean
}>

/** One column's result in a table row; a click or Enter opens its detail. */
export const ColumnRow = memo(function ColumnRow(props: Props) {
  const { column: c, isSelected, onSelect, hasAdjusted, isProvisional = false } = props
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
  const isTested = c.status === 'tested'
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
        {c.role === 'target' || c.role === 'prediction' ? (
          <span className="role-tag">{c.role}</span>
        ) : null}
        {c.column}
      </td>
      <td className="col-kind">{c.kind}</td>
      <td className="col-test" data-testid="column-test">
        {testLabel(c)}
      </td>
      <td className="num">{isTested ? formatScore(c.score, c.scoreKind) : ''}</td>
      <td className="num">{c.threshold === undefined ? '' : c.threshold}</td>
      {hasAdjusted ? <td className="num">{adjustedText(c)}</td> : null}
      <td>
        {isProvisional && isTested ? (
          <span className="verdict verdict-pending">Decided when all are tested</span>
        ) : (
          <VerdictChip column={c} />
        )}
        {c.note && (verdict === 'not_tested' || !hasScore(c)) ? (
          <div className="row-note">{c.note}</div>
        ) : null}
      </td>
      <td className="num col-sample">{sampleSizeText(c)}</td>
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
