/**
 * What the project overview does with the backend: list and open projects (the demo on first start),
 * accept a proposed config, pause and resume watching, drop the demo's next week, keep the overview live
 * from `project:changed` events, and open a batch's report. Plain async functions over a `Client` and the
 * store, so tests can drive them with a fake client.
 */
import type { NavigateTarget, ProjectOpenResult } from '../../../shared/api'
import type { Result } from '../../../shared/errors'
import type { ProjectConfig } from '../../../shared/model'
import type { Client } from '../../api'
import { mostDriftedColumn } from '../../charts/scoreTrend'
import { useAppStore } from '../../store'

const store = useAppStore

/** A batch processed again from its report: its new report opens when it is done. */
let awaitedRerun: string | null = null

/** How long the overview waits after an event before reading the history again (events come in bursts). */
const REFRESH_DELAY_MS = 250
let refreshTimer: ReturnType<typeof setTimeout> | null = null

/**
 * Lists the open projects and subscribes to their events; with none open, opens the most recent folder,
 * or the demo project on a first start. Returns the unsubscribe function.
 */
export async function loadProjects(client: Client): Promise<() => void> {
  const offChanged = client.on('project:changed', (change) => {
    store.getState().applyProjectChange(change)
    if (change.folder === store.getState().activeFolder) scheduleRefresh(client)
    const runId = change.batch?.result?.runId
    if (change.batch?.id === awaitedRerun && change.event.kind === 'batch:done' && runId) {
      awaitedRerun = null
      void reopenAfterRerun(client, runId)
    }
  })
  // The desktop host asks for a place when a notification is clicked.
  const offNavigate = client.on('app:navigate', (target) => void navigate(client, target))
  const off = (): void => {
    offChanged()
    offNavigate()
  }
  const listed = await client.call('project:list', {})
  if (!listed.ok) {
    store.getState().setProjectError(listed.error)
    return off
  }
  const { open, recent } = listed.value
  store.getState().setProjects(open, recent)
  const first = open[0]
  if (first !== undefined) {
    store.getState().showProject(first, [])
    await refreshHistory(client)
    return off
  }
  const opened =
    recent[0] !== undefined
      ? await client.call('project:open', { folder: recent[0] })
      : await client.call('demo:open', {})
  // A folder the person opened meanwhile wins over the one opened at start.
  const s = store.getState()
  if (s.activeFolder === null && s.proposal === null) await handleOpened(client, opened, false)
  return off
}

/** Shows a project (and one of its batch reports) that a notification pointed at. */
export async function navigate(client: Client, target: NavigateTarget): Promise<void> {
  const s = store.getState()
  const project = s.projects.find((p) => p.folder === target.folder)
  if (project === undefined) await openFolder(client, target.folder)
  else if (s.activeFolder !== target.folder) {
    s.showProject(project, [])
    await refreshHistory(client)
  }
  store.getState().setView('project')
  if (target.view === 'report') await openRun(client, target.runId)
}

export async function openFolder(client: Client, folder: string): Promise<void> {
  const trimmed = folder.trim()
  if (trimmed === '') {
    store.getState().setProjectError({
      code: 'INVALID_OPTIONS',
      message: 'Type the path of a project folder, e.g. /home/me/churn-model.'
    })
    return
  }
  await handleOpened(client, await withBusy(() => client.call('project:open', { folder: trimmed })))
}

/** The native folder dialog (Electron); cancelling changes nothing. */
export async function pickFolder(client: Client): Promise<void> {
  const picked = await client.call('folders:pick', {})
  if (!picked.ok) {
    store.getState().setProjectError(picked.error)
    return
  }
  if (picked.value !== null) await openFolder(client, picked.value)
}

export async function acceptProposal(client: Client, config: ProjectConfig): Promise<void> {
  const proposal = store.getState().proposal
  if (proposal === null) return
  await handleOpened(
    client,
    await withBusy(() => client.call('project:accept', { folder: proposal.folder, config }))
  )
}

export async function setWatching(client: Client, isWatching: boolean): Promise<void> {
  const folder = store.getState().activeFolder
  if (folder === null) return
  const result = await client.call(isWatching ? 'project:resume' : 'project:pause', { folder })
  if (!result.ok) store.getState().setProjectError(result.error)
  else store.getState().replaceSummary(result.value)
}

/** Copies the demo's next week into its drop folder; the watcher does the rest. */
export async function simulateNextWeek(client: Client): Promise<void> {
  const result = await client.call('demo:nextWeek', {})
  if (!result.ok) {
    store.getState().setProjectError(result.error)
    return
  }
  const { copied, remaining } = result.value
  store
    .getState()
    .setProjectNotice(
      copied === null
        ? 'Every demo week is in already. Open your own project folder to go on.'
        : `Dropped ${copied} into the demo's drop folder; it is processed as soon as it is complete.${remaining === 0 ? ' That was the last demo week.' : ''}`
    )
}

/** Shows a processed batch's report under the overview, with `column` opened when given. */
export async function openRun(client: Client, runId: string, column?: string): Promise<void> {
  const folder = store.getState().activeFolder
  if (folder === null) return
  const report = await client.call('project:report', { folder, runId })
  if (!report.ok) {
    store.getState().setProjectError(report.error)
    return
  }
  const s = store.getState()
  s.showReport(report.value, 'project')
  s.setOpenRun(runId)
  if (column !== undefined) s.selectColumn(column)
}

export function closeRun(): void {
  const s = store.getState()
  s.setOpenRun(null)
  s.closeSuiteEditor()
  if (s.reportOrigin === 'project') s.clearReport()
}

export async function refreshHistory(client: Client): Promise<void> {
  const folder = store.getState().activeFolder
  if (folder === null) return
  const history = await client.call('project:history', { folder })
  if (!history.ok) {
    store.getState().setProjectError(history.error)
    return
  }
  if (store.getState().activeFolder !== folder) return
  store.getState().setHistory(history.value)
  if (store.getState().trendColumn === null) {
    store.getState().setTrendColumn(mostDriftedColumn(history.value))
  }
}

function scheduleRefresh(client: Client): void {
  if (refreshTimer !== null) return
  refreshTimer = setTimeout(() => {
    refreshTimer = null
    void refreshHistory(client)
  }, REFRESH_DELAY_MS)
}

/** Shows what opening a folder gave; `isAsked`: the person opened it, so the project screen shows. */
async function handleOpened(
  client: Client,
  result: Result<ProjectOpenResult>,
  isAsked = true
): Promise<void> {
  if (!result.ok) {
    store.getState().setProjectError(result.error)
    return
  }
  const opened = result.value
  if (isAsked) store.getState().setView('project')
  if (opened.kind === 'proposal') {
    store.getState().setProposal({ folder: opened.folder, proposal: opened.proposal })
    return
  }
  store.getState().showProject(opened.summary, opened.problems)
  await refreshHistory(client)
}

async function withBusy<T>(work: () => Promise<T>): Promise<T> {
  store.getState().setProjectBusy(true)
  try {
    return await work()
  } finally {
    store.getState().setProjectBusy(false)
  }
}

/** Writes the active project's changed config (driftwatch.yaml) and shows the project watched with it. */
export async function saveProjectConfig(client: Client, config: ProjectConfig): Promise<void> {
  const folder = store.getState().activeFolder
  if (folder === null) return
  const result = await withBusy(() => client.call('project:update', { folder, config }))
  await handleOpened(client, result)
  if (result.ok) store.getState().setProjectNotice('Saved to driftwatch.yaml.')
}

/** Sends a test message to a webhook; the sentence says what happened. */
export async function testWebhook(client: Client, url: string): Promise<string> {
  const result = await client.call('webhook:test', { url })
  if (!result.ok) return result.error.message
  const { attempts, status } = result.value
  return `The test message was delivered (HTTP ${status ?? 'no status'}, ${attempts} attempt${attempts === 1 ? '' : 's'}).`
}

/** Processes the batch of the open report again (its expectations changed); its new report opens then. */
export async function rerunOpenBatch(client: Client): Promise<void> {
  const s = store.getState()
  const folder = s.activeFolder
  const batch = s.history?.batches.find((b) => b.result?.runId === s.openRunId)
  if (folder === null || batch === undefined) return
  const result = await client.call('project:rerun', { folder, batchId: batch.id })
  if (!result.ok) {
    store.getState().setEditorMessage({ tone: 'error', text: result.error.message })
    return
  }
  awaitedRerun = batch.id
  store.getState().setEditorMessage({
    tone: 'info',
    text: `Processing ${batch.name} again with the saved expectations…`
  })
}

async function reopenAfterRerun(client: Client, runId: string): Promise<void> {
  const hadEditor = store.getState().draft !== null
  await openRun(client, runId)
  const report = store.getState().report
  if (hadEditor && report !== null) store.getState().openSuiteEditor(report)
}
