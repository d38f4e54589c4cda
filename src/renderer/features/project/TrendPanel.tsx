import { useMemo } from 'react'
import type { ProjectHistory } from '../../../shared/model'
import { EChart } from '../../charts/EChart'
import { scoreTrend, trendPoints } from '../../charts/scoreTrend'
import { useScopedStore } from '../../store/StoreScope'

type Props = Readonly<{ history: ProjectHistory; columns: readonly string[] }>

/** One column's drift over the batches (the first column until another is chosen). */
export function TrendPanel({ history, columns }: Props) {
  const column = useScopedStore((s) => s.trendColumn) ?? columns[0] ?? ''
  const setColumn = useScopedStore((s) => s.setTrendColumn)
  const option = useMemo(() => scoreTrend(trendPoints(history, column), column), [history, column])
  return (
    <section className="panel trend-panel" aria-labelledby="trend-title">
      <header className="panel-head">
        <h2 id="trend-title">
          Trend<span className="print-only">: {column}</span>
        </h2>
        <select
          value={column}
          aria-label="Column"
          data-testid="trend-column"
          onChange={(e) => setColumn(e.target.value)}
        >
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </header>
      <EChart
        option={option}
        height={220}
        testId="trend-chart"
        ariaLabel={`Drift of ${column} over the batches`}
      />
    </section>
  )
}
