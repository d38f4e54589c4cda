import { useMemo } from 'react'
import type { ProjectHistory } from '../../../shared/model'
import { driftHeatmap, heatmapModel } from '../../charts/driftHeatmap'
import { EChart } from '../../charts/EChart'

type Props = Readonly<{
  history: ProjectHistory | null
  /** Said while no batch has been processed. */
  emptyText: string
  /** Opens the report of a cell's batch at its column; absent (a document): cells only explain themselves. */
  onOpenCell?: (runId: string, column: string) => void
}>

/**
 * The drift heatmap of a project: a row per column, a cell per processed batch, coloured by the score
 * against its threshold; ⚠ marks a batch whose data was invalid.
 */
export function HeatmapPanel({ history, emptyText, onOpenCell }: Props) {
  const model = useMemo(() => (history === null ? null : heatmapModel(history)), [history])
  const option = useMemo(() => (model === null ? null : driftHeatmap(model)), [model])
  return (
    <section className="panel heatmap-panel" aria-labelledby="heatmap-title">
      <header className="panel-head">
        <h2 id="heatmap-title">Drift by column and batch</h2>
      </header>
      {model === null || option === null || model.batches.length === 0 ? (
        <p className="muted" data-testid="heatmap-empty">
          {emptyText}
        </p>
      ) : (
        <>
          <p className="panel-lead">
            Each cell is a column&apos;s score against its threshold: red drifted, blue calm; ⚠
            marks a batch whose data was invalid.
            {onOpenCell ? ' Click a cell for that column’s report.' : ''}
          </p>
          <EChart
            option={option}
            height={Math.max(220, 40 + model.columns.length * 26)}
            testId="drift-heatmap"
            ariaLabel={`Drift heatmap of ${model.columns.length} columns over ${model.batches.length} batches`}
            {...(onOpenCell === undefined
              ? {}
              : {
                  onItemClick: (index: number) => {
                    const cell = model.details[index]
                    if (cell?.batch.result) onOpenCell(cell.batch.result.runId, cell.result.column)
                  }
                })}
          />
          <span className="visually-hidden" data-testid="heatmap-batches">
            {model.batches.length}
          </span>
        </>
      )}
    </section>
  )
}
