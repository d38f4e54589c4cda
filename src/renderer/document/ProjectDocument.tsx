import { useId, useMemo, useState } from 'react'
import type { BatchRecord, ProjectContent } from '../../shared/model'
import { heatmapModel } from '../charts/driftHeatmap'
import { mostDriftedColumn } from '../charts/scoreTrend'
import { BatchTable } from '../features/project/BatchTable'
import { HeatmapPanel } from '../features/project/HeatmapPanel'
import { TrendPanel } from '../features/project/TrendPanel'
import { createAppStore } from '../store'
import { StoreScope } from '../store/StoreScope'
import { ScopedReport } from './ScopedReport'

/**
 * A project in a document: its folder and a sentence on its batches, the drift heatmap and one column's
 * trend over them, every batch, then the full report of each batch the document carries.
 */
export function ProjectDocument({ content }: Readonly<{ content: ProjectContent }>) {
  const { project, history, reports } = content
  const model = useMemo(() => heatmapModel(history), [history])
  // The trend opens on the column that drifted most often, as the app's overview does.
  const [trendStore] = useState(() => {
    const store = createAppStore()
    store.getState().setTrendColumn(mostDriftedColumn(history))
    return store
  })
  return (
    <>
      <section className="panel" aria-label="Project">
        <p className="document-folder">
          Folder <code>{project.folder}</code>
        </p>
        <p data-testid="project-summary">{batchesSentence(history.batches)}</p>
      </section>
      <HeatmapPanel
        history={history}
        emptyText="No batch of this project had been processed when it was exported."
      />
      {model.batches.length > 0 ? (
        <StoreScope store={trendStore}>
          <TrendPanel history={history} columns={model.columns} />
        </StoreScope>
      ) : null}
      <BatchTable batches={history.batches} />
      {reports.map((report) => (
        <BatchReport key={report.id} report={report} />
      ))}
    </>
  )
}

function BatchReport({ report }: Readonly<{ report: ProjectContent['reports'][number] }>) {
  const titleId = useId()
  return (
    <section
      className="document-part"
      aria-labelledby={titleId}
      data-testid={`batch-report-${report.inputs.current.name}`}
    >
      <h2 id={titleId} className="document-part-title">
        Batch {report.inputs.current.name}
      </h2>
      <ScopedReport report={report} />
    </section>
  )
}

/** How many batches there are and how they ended, in one sentence. */
export function batchesSentence(batches: readonly BatchRecord[]): string {
  if (batches.length === 0) return 'No batch has arrived yet.'
  const done = batches.filter((b) => b.status === 'done')
  const drifted = done.filter((b) => b.result?.drifted === true).length
  const invalid = done.filter((b) => b.result?.gate === 'invalid').length
  const failed = batches.filter((b) => b.status === 'failed').length
  const waiting = batches.length - done.length - failed
  const parts = [
    `${done.length} of ${batches.length} batch${batches.length === 1 ? '' : 'es'} processed`,
    `${drifted} drifted`,
    `${invalid} with invalid data`
  ]
  if (failed > 0) parts.push(`${failed} could not be processed`)
  if (waiting > 0) parts.push(`${waiting} waiting`)
  return `${parts.join(', ')}.`
}
