import { useMemo, useState } from 'react'
import { PROJECT_EXPORT_FORMATS } from '../../../shared/api'
import { formatNumber } from '../../../shared/drift'
import type { BatchRecord, ProjectHistory, ProjectSummary } from '../../../shared/model'
import { batchSentence } from '../../../shared/project/batchSentence'
import type { Client } from '../../api'
import { heatmapModel } from '../../charts/driftHeatmap'
import { projectSelectors, useAppStore } from '../../store'
import { ErrorBanner } from '../compare/ErrorBanner'
import { ExportMenu } from '../export/ExportMenu'
import { LazyPreviewPanel } from '../preview/LazyPreviewPanel'
import { ReportView } from '../report/ReportView'
import { SuiteEditor } from '../validation/SuiteEditor'
import {
  closeRun,
  openFolder,
  openRun,
  pickFolder,
  rerunOpenBatch,
  setWatching,
  simulateNextWeek
} from './actions'
import { BatchTable } from './BatchTable'
import { HeatmapPanel } from './HeatmapPanel'
import { ProjectSettings } from './ProjectSettings'
import { ProposalForm } from './ProposalForm'
import { TrendPanel } from './TrendPanel'

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
  const isEditorOpen = useAppStore((s) => s.draft !== null)
  const openSuiteEditor = useAppStore((s) => s.openSuiteEditor)
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
          <ReportView
            report={report}
            onPreview={openPreview}
            onEditSuite={() => openSuiteEditor(report)}
            suiteEditor={
              isEditorOpen ? (
                <SuiteEditor
                  client={client}
                  report={report}
                  onRerun={() => rerunOpenBatch(client)}
                />
              ) : null
            }
            actions={
              <ExportMenu
                client={client}
                source={{ kind: 'batch', folder: project.folder, runId: openRunId }}
              />
            }
          />
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
            data-shortcut={canPickFolder ? undefined : 'open'}
            spellCheck={false}
            onChange={(e) => setFolder(e.target.value)}
          />
        </label>
        <button type="submit" className="button" disabled={isBusy} data-testid="open-folder">
          Open
        </button>
        {canPickFolder ? (
          <button
            type="button"
            className="button"
            data-shortcut="open"
            onClick={() => void pickFolder(client)}
          >
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
          <ExportMenu
            client={client}
            source={{ kind: 'project', folder: project.folder }}
            formats={PROJECT_EXPORT_FORMATS}
          />
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

      <HeatmapPanel
        history={history}
        emptyText={`No batch has been processed yet. Drop a data file into ${project.config.drops.map((d) => d.path).join(' or ')}${project.isDemo ? ', or press Simulate next week' : ''}.`}
        onOpenCell={(runId, column) => void openRun(client, runId, column)}
      />

      {history !== null && model !== null && model.batches.length > 0 ? (
        <TrendPanel history={history} columns={model.columns} />
      ) : null}

      <BatchTable
        batches={history?.batches ?? []}
        onOpenRun={(runId) => void openRun(client, runId)}
      />

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
