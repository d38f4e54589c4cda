/**
 * Background mode: what the desktop app does for its projects while the window may be hidden. It keeps
 * the open projects' summaries, shows them in the tray, notifies about settled batches, and routes the
 * tray's actions (open the window or a project, pause or resume a project, start at login, quit).
 *
 * No Electron here: the tray, the window and the login item come in as small interfaces, so the logic is
 * tested without Electron and index.ts only wires it. The project service feeds it:
 * `setProjects(summaries)` when projects open or close, `onProjectEvent(summary, event, { batch })` on each
 * event.
 */
import type { NavigateTarget } from '../../../shared/api'
import type { BatchRecord, ColumnResult, ProjectEvent, ProjectSummary } from '../../../shared/model'
import type { BatchNotification } from '../../notify/notifications'
import type { LogSink, Notifier } from '../../notify/notifier'
import type { LoginItem } from './loginItem'
import type { TrayCallbacks, TrayView } from './tray'
import { trayProject } from './trayMenu'

/** What the tray's pause and resume items call: the project service. */
export type ProjectControls = Readonly<{
  pause: (folder: string) => unknown
  resume: (folder: string) => unknown
}>

/** What a notification may say beyond the summary: the batch the event is about and its columns. */
export type ProjectEventDetail = Readonly<{
  /** The batch of `event.batchId`; looked up in `summary.latest` when absent. */
  batch?: BatchRecord
  /** The batch's per-column results, to name the most drifted columns. */
  columns?: readonly ColumnResult[]
  /** A web address of the batch's report, for webhook messages. */
  reportUrl?: string
}>

export type BackgroundHostOptions = Readonly<{
  /** Creates the tray with the host's callbacks; null where there is no tray. */
  createTray: ((callbacks: TrayCallbacks) => TrayView) | null
  notifier: Pick<Notifier, 'notify'>
  /** Shows the window (creating it when needed), then the place given. */
  showWindow: (target?: NavigateTarget) => void
  isWindowVisible: () => boolean
  loginItem: Pick<LoginItem, 'isSupported' | 'isEnabled' | 'setEnabled'>
  /** Told when the person switched start at login (to keep it in the app's settings). */
  onLoginChanged?: (enabled: boolean) => void
  controls?: ProjectControls | null
  quit: () => void
  log: LogSink
}>

export type BackgroundHost = Readonly<{
  /** Whether a tray icon is shown: without one, closing the window quits (nothing would reopen it). */
  hasTray: boolean
  /** Replaces the open projects (in the order the tray lists them). */
  setProjects: (summaries: readonly ProjectSummary[]) => void
  /**
   * Takes a project's new summary, and notifies when the event settles a batch (`batch:done`,
   * `batch:failed`); resolves once notified, to the notification or null.
   */
  onProjectEvent: (
    summary: ProjectSummary,
    event: ProjectEvent,
    detail?: ProjectEventDetail
  ) => Promise<BatchNotification | null>
  /** Redraws the tray (the window was shown or hidden). */
  refresh: () => void
  /** Removes the tray. */
  dispose: () => void
}>

/** Events after which a batch has its final state: processed, or failed for good. */
const SETTLING_EVENTS: ReadonlySet<ProjectEvent['kind']> = new Set(['batch:done', 'batch:failed'])

export function createBackgroundHost(options: BackgroundHostOptions): BackgroundHost {
  const { log, loginItem } = options
  const projects = new Map<string, ProjectSummary>()
  let openAtLogin = loginItem.isSupported && loginItem.isEnabled()

  function control(verb: 'pause' | 'resume', folder: string): void {
    const controls = options.controls
    if (controls === null || controls === undefined) {
      log('warn', `Driftwatch cannot ${verb} ${folder} here: no project service is running.`)
      return
    }
    Promise.resolve()
      .then(() => controls[verb](folder))
      .catch((e: unknown) =>
        log('error', `Driftwatch could not ${verb} watching ${folder}: ${String(e)}`)
      )
  }

  const callbacks: TrayCallbacks = {
    onOpen: () => options.showWindow(),
    onOpenProject: (folder) => options.showWindow({ view: 'project', folder }),
    onPause: (folder) => control('pause', folder),
    onResume: (folder) => control('resume', folder),
    onToggleLogin: () => {
      const next = !openAtLogin
      const result = loginItem.setEnabled(next)
      if (result.ok) {
        openAtLogin = next
        options.onLoginChanged?.(next)
      } else {
        log('warn', result.error.message)
      }
      refresh()
    },
    onQuit: () => options.quit()
  }

  let tray: TrayView | null = null
  if (options.createTray !== null) {
    try {
      tray = options.createTray(callbacks)
    } catch (e) {
      log(
        'warn',
        `Driftwatch could not show its tray icon, so closing the window quits it: ${String(e)}`
      )
    }
  }

  function refresh(): void {
    tray?.update({
      projects: [...projects.values()].map(trayProject),
      isWindowVisible: options.isWindowVisible(),
      openAtLogin,
      canOpenAtLogin: loginItem.isSupported
    })
  }

  refresh()
  return {
    hasTray: tray !== null,
    setProjects(summaries) {
      projects.clear()
      for (const summary of summaries) projects.set(summary.folder, summary)
      refresh()
    },
    async onProjectEvent(summary, event, detail = {}) {
      projects.set(summary.folder, summary)
      refresh()
      if (!SETTLING_EVENTS.has(event.kind)) return null
      const batch = detail.batch ?? summary.latest.find((b) => b.id === event.batchId)
      if (batch === undefined) {
        log(
          'warn',
          `${summary.name}: no batch ${String(event.batchId)} to notify about (${event.message})`
        )
        return null
      }
      return options.notifier.notify(summary.config.notifications, {
        project: { folder: summary.folder, name: summary.name },
        batch,
        ...(detail.columns === undefined ? {} : { columns: detail.columns }),
        ...(detail.reportUrl === undefined ? {} : { reportUrl: detail.reportUrl })
      })
    },
    refresh,
    dispose() {
      tray?.destroy()
      tray = null
    }
  }
}
