import { useMemo, useState } from 'react'
import { formatNumber } from '../../../shared/drift'
import type { BatchRecord, ProjectHistory, ProjectSummary } from '../../../shared/model'
import { batchSentence } from '../../../shared/project/batchSentence'
import type { Client } from '../../api'
import { driftHeatmap, heatmapModel } from '../../charts/driftHeatmap'
import { EChart } from '../../charts/EChart'
import { scoreTrend, trendPoints } from '../../charts/scoreTrend'
import { projectSelectors, useAppStore } from '../../store'
import { ErrorBanner } from '../compare/ErrorBanner'
import { LazyPreviewPanel } from '../preview/LazyPreviewPanel'
import { ReportView } from '../report/ReportView'
import { closeRun, openFolder, openRun, pickFolder, setWatching, simulateNextWeek } from './actions'
import { ProjectSettings } from './ProjectSettings'
import { ProposalForm } from './ProposalForm'

type Props = Readonly<{ client: Client; canPickFolder: boolean }>

/**
 * The project overview: what is watched and how, the latest verdicts, the drift heatmap (columns ×
 * batches; a cell opens that column's report), one column's trend, every batch with its validation and
 * drift, and recent events, all kept live by the project's events. A batch's report opens in place.
 */
export function ProjectScreen({ client, canPickFolder }: Props) {
  const project = useAppStore(projectSelectors.active)
  const history = useAppStore((s) => s.history)
  const proposal = useAppStore((s) => s.proposal)
  const problems = useAppStore((s) => s.configProblems)
  const error = useAppStore((s) => s.projectError)
  const notice = useAppStore((s) => s.projectNotice)
  const openRunId = useAppStore((s) => s.openRunId)
  const report = useAppStore((s) => (s.reportOrigin === 'project' ? s.report : null))
  const setError = useAppStore((s) => s.setProjectError)
  const setNotice = useAppStore((s) => s.setProjectNotice)
  const openPreview = useAppStore((s) => s.openPreview)

  return (
    <section className="project" data-testid="project-screen" aria-label="Project">
      <OpenFolderBar client={client} canPickFolder={canPickFolder} />
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {notice ? (
        <p className="banner banner-neutral" role="status" data-testid="project-notice">
          {notice}{' '}
          <button type="button" className="button-quiet" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </p>
      ) : null}
      {proposal ? (
        <ProposalForm client={client} />
      ) : project === null ? (
        <p className="muted">No project is open. Open a project folder to watch it.</p>
      ) : openRunId !== null && report !== null ? (
        <div className="project-report">
          <button
            type="button"
            className="button"
            data-testid="back-to-overview"
            onClick={closeRun}
          >
            ← Back to {project.name}
          </button>
          <ReportView report={report} onCompareAgain={() => undefined} onPreview={openPreview} />
          <LazyPreviewPanel client={client} report={report} />
        </div>
      ) : (
        <Overview client={client} project={project} history={history} problems={problems} />
      )}
    </section>
  )
}

function OpenFolderBar({ client, canPickFolder }: Props) {
  const [folder, setFolder] = useState('')
  const isBusy = useAppStore((s) => s.isProjectBusy)
  const projects = useAppStore((s) => s.projects)
  const recent = useAppStore((s) => s.recent)
  const active = useAppStore((s) => s.activeFolder)
  const showProject = useAppStore((s) => s.showProject)
  const closed = recent.filter((folder) => !projects.some((p) => p.folder === folder))
  return (
    <div className="open-folder">
      {projects.length > 1 ? (
        <label className="field">
          <span>Project</span>
          <select
            value={active ?? ''}
            data-testid="project-select"
            onChange={(e) => {
              const chosen = projects.find((p) => p.folder === e.target.value)
              if (chosen) showProject(chosen, [])
            }}
          >
            {projects.map((p) => (
              <option key={p.folder} value={p.folder}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <form
        className="open-folder-form"
        onSubmit={(e) => {
          e.preventDefault()
          void openFolder(client, folder)
        }}
      >
        <label className="field">
          <span>Open a project folder</span>
          <input
            type="text"
            value={folder}
            placeholder="/path/to/your/ml-project"
            data-testid="folder-input"
            spellCheck={false}
            onChange={(e) => setFolder(e.target.value)}
          />
        </label>
        <button type="submit" className="button" disabled={isBusy} data-testid="open-folder">
          Open
        </button>
        {canPickFolder ? (
          <button type="button" className="button" onClick={() => void pickFolder(client)}>
            Choose folder…
          </button>
        ) : null}
      </form>
      {closed.length > 0 ? (
        <label className="field">
          <span>Recent</span>
          <select
            value=""
            data-testid="recent-select"
            onChange={(e) => {
              if (e.target.value !== '') void openFolder(client, e.target.value)
            }}
          >
            <option value="">Open a recent project…</option>
            {closed.map((folder) => (
              <option key={folder} value={folder}>
                {folder}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </div>
  )
}

function Overview({
  client,
  project,
  history,
  problems
}: Readonly<{
  client: Client
  project: ProjectSummary
  history: ProjectHistory | null
  problems: ReturnType<typeof useAppStore.getState>['configProblems']
}>) {
  const model = useMemo(() => (history === null ? null : heatmapModel(history)), [history])
  const heatmap = useMemo(() => (model === null ? null : driftHeatmap(model)), [model])
  const drops = project.config.drops.map((d) => `${d.path}/${(d.patterns ?? ['*']).join(', ')}`)
  return (
    <>
      <div className="project-head panel">
        <div className="project-title">
          <h2 data-testid="project-name">{project.name}</h2>
          <span className={`status-chip is-${project.mode}`} data-testid="project-mode">
            {MODE_LABELS[project.mode]}
          </span>
        </div>
        <p className="muted project-folder">{project.folder}</p>
        <p className="project-watch">
          Reference <code>{project.config.reference}</code> · watching{' '}
          <code>{drops.join('; ')}</code>
          {project.config.archive?.enabled ? ' · processed drops are archived' : ''}
        </p>
        {project.mode === 'read-only' ? (
          <p className="banner banner-neutral" data-testid="read-only-banner">
            This project is already watched by {project.heldBy ?? 'another Driftwatch'}, so this
            window only reads its history. Close the other one to watch it here.
          </p>
        ) : null}
        <div className="project-actions">
          {project.mode === 'watching' ? (
            <button
              type="button"
              className="button"
              data-testid="pause-watching"
              onClick={() => void setWatching(client, false)}
            >
              Pause watching
            </button>
          ) : project.mode === 'paused' ? (
            <button
              type="button"
              className="button"
              data-testid="resume-watching"
              onClick={() => void setWatching(client, true)}
            >
              Resume watching
            </button>
          ) : null}
          {project.isDemo ? (
            <button
              type="button"
              className="button button-primary"
              data-testid="simulate-next-week"
              onClick={() => void simulateNextWeek(client)}
            >
              Simulate next week
            </button>
          ) : null}
        </div>
        {problems.length > 0 ? (
          <div className="remarks-block" data-testid="config-problems">
            <h3>Problems in driftwatch.yaml (those keys were left out)</h3>
            <ul>
              {problems.map((p) => (
                <li key={`${p.key}-${p.line}`}>
                  line {p.line}, <code>{p.key}</code>: {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>

      <div className="counters">
        <Counter label="Batches processed" value={project.counts.done} testId="count-done" />
        <Counter label="Waiting" value={project.counts.queued + project.counts.running} />
        <Counter label="Could not be processed" value={project.counts.failed} />
      </div>

      <LatestVerdicts client={client} batches={project.latest} />

      <section className="panel" aria-labelledby="heatmap-title">
        <header className="panel-head">
          <h2 id="heatmap-title">Drift by column and batch</h2>
        </header>
        {model === null || model.batches.length === 0 ? (
          <p className="muted" data-testid="heatmap-empty">
            No batch has been processed yet. Drop a data file into{' '}
            {project.config.drops.map((d) => d.path).join(' or ')}
            {project.isDemo ? ', or press Simulate next week' : ''}.
          </p>
        ) : (
          <>
            <p className="panel-lead">
              Each cell is a column&apos;s score against its threshold: red drifted, blue calm; ⚠
              marks a batch whose data was invalid. Click a cell for that column&apos;s report.
            </p>
            <EChart
              option={heatmap ?? {}}
              height={Math.max(220, 40 + model.columns.length * 26)}
              testId="drift-heatmap"
              ariaLabel={`Drift heatmap of ${model.columns.length} columns over ${model.batches.length} batches`}
              onItemClick={(index) => {
                const cell = model.details[index]
                if (cell?.batch.result)
                  void openRun(client, cell.batch.result.runId, cell.result.column)
              }}
            />
            <span className="visually-hidden" data-testid="heatmap-batches">
              {model.batches.length}
            </span>
          </>
        )}
      </section>

      {history !== null && model !== null && model.batches.length > 0 ? (
        <Trend history={history} columns={model.columns} />
      ) : null}

      <BatchTable client={client} batches={history?.batches ?? []} />

      <ProjectSettings key={JSON.stringify(project.config)} client={client} project={project} />

      {history !== null && history.events.length > 0 ? (
        <details className="panel" data-testid="project-events">
          <summary>Recent events</summary>
          <ul className="event-list">
            {history.events.slice(0, 30).map((e, i) => (
              <li key={`${e.at}-${i}`}>
                <span className="muted">{new Date(e.at).toLocaleString()}</span> {e.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  )
}

const MODE_LABELS = { watching: 'Watching', paused: 'Paused', 'read-only': 'Read-only' } as const

function Counter({
  label,
  value,
  testId
}: Readonly<{ label: string; value: number; testId?: string }>) {
  return (
    <div className="counter">
      <span className="counter-value" data-testid={testId}>
        {formatNumber(value)}
      </span>
      <span className="counter-label">{label}</span>
    </div>
  )
}

function LatestVerdicts({
  client,
  batches
}: Readonly<{ client: Client; batches: readonly BatchRecord[] }>) {
  if (batches.length === 0) return null
  return (
    <section className="panel" aria-labelledby="latest-title">
      <header className="panel-head">
        <h2 id="latest-title">Latest batches</h2>
      </header>
      <ul className="latest-list" data-testid="latest-verdicts">
        {batches.map((b) => (
          <li key={b.id} className={`latest is-${tone(b)}`}>
            <span className={`status-chip is-${tone(b)}`}>{toneLabel(b)}</span>{' '}
            {b.result ? (
              <button
                type="button"
                className="link-button"
                onClick={() => void openRun(client, (b.result as { runId: string }).runId)}
              >
                {batchSentence(b)}
              </button>
            ) : (
              <span>{batchSentence(b)}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

function tone(b: BatchRecord): string {
  if (b.status === 'failed') return 'error'
  if (b.result === undefined) return 'skipped'
  if (b.result.gate === 'invalid') return 'fail'
  return b.result.drifted ? 'drift' : 'pass'
}

function toneLabel(b: BatchRecord): string {
  if (b.status === 'failed') return 'Failed'
  if (b.result === undefined) return b.status === 'running' ? 'Running' : 'Queued'
  if (b.result.gate === 'invalid') return 'Data invalid'
  return b.result.drifted ? 'Drift' : 'No drift'
}

function Trend({
  history,
  columns
}: Readonly<{ history: ProjectHistory; columns: readonly string[] }>) {
  const column = useAppStore((s) => s.trendColumn) ?? columns[0] ?? ''
  const setColumn = useAppStore((s) => s.setTrendColumn)
  const option = useMemo(() => scoreTrend(trendPoints(history, column), column), [history, column])
  return (
    <section className="panel" aria-labelledby="trend-title">
      <header className="panel-head">
        <h2 id="trend-title">Trend</h2>
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

function BatchTable({
  client,
  batches
}: Readonly<{ client: Client; batches: readonly BatchRecord[] }>) {
  const rows = [...batches].reverse()
  return (
    <section className="panel" aria-labelledby="batches-title">
      <header className="panel-head">
        <h2 id="batches-title">Batches</h2>
        <span className="muted">{batches.length}</span>
      </header>
      {rows.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <div className="sample-rows">
          <table className="data-table batch-table" data-testid="batch-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Arrived</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col">Validation</th>
                <th scope="col">Drift</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.id} data-testid={`batch-row-${b.name}`}>
                  <td>
                    {b.result ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => void openRun(client, (b.result as { runId: string }).runId)}
                      >
                        {b.name}
                      </button>
                    ) : (
                      b.name
                    )}
                    <div className="muted">
                      <code title={b.sha256}>{b.sha256.slice(0, 12)}</code>
                    </div>
                  </td>
                  <td>{new Date(b.arrivedAt).toLocaleString()}</td>
                  <td className="num">{b.result ? formatNumber(b.result.rows) : '—'}</td>
                  <td>
                    {b.result ? (
                      <span
                        className={`status-chip is-${b.result.gate === 'invalid' ? 'fail' : (b.result.validation ?? 'skipped')}`}
                      >
                        {b.result.validation === null
                          ? 'not checked'
                          : b.result.gate === 'invalid'
                            ? 'invalid'
                            : b.result.validation}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-testid="batch-drift">
                    {b.result
                      ? `${b.result.drifted ? 'Drift' : 'No drift'} · ${b.result.driftedColumns}/${b.result.testedColumns}${b.result.gate === 'invalid' ? ' (unreliable)' : ''}`
                      : '—'}
                  </td>
                  <td>
                    {b.status}
                    {b.reason ? <div className="muted">{b.reason}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
