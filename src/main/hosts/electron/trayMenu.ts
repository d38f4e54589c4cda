/**
 * The tray's menu and status line as plain data, from the open projects: what tray.ts hands to Electron's
 * Menu. Each item that does something carries a `TrayAction`; tray.ts routes it to a callback.
 *
 * ```
 * Watching 2 projects · last batch week3.csv: drift
 * ─────────
 * Open Driftwatch
 * ─────────
 * Churn — watching · week3.csv: drift  ▸  Open project / Pause watching
 * Demand — paused                      ▸  Open project / Resume watching
 * ─────────
 * ✓ Start at login
 * ─────────
 * Quit Driftwatch
 * ```
 */
import type { ProjectMode, ProjectSummary } from '../../../shared/model'
import { batchVerdict } from '../../notify/notifications'
import type { BatchVerdict } from '../../notify/notifications'

/** A project as the tray shows it. */
export type TrayProject = Readonly<{
  folder: string
  name: string
  mode: ProjectMode
  counts: ProjectSummary['counts']
  /** The most recently arrived batch: its file name, verdict and arrival time (ISO). */
  latestVerdict?: Readonly<{ file: string; verdict: BatchVerdict; at: string }>
}>

export type TrayState = Readonly<{
  projects: readonly TrayProject[]
  isWindowVisible: boolean
  openAtLogin: boolean
  /** Whether start at login can be set here (a packaged app on a system Driftwatch knows how to set it on). */
  canOpenAtLogin: boolean
}>

/** What a menu item does. */
export type TrayAction =
  | Readonly<{ kind: 'open-window' }>
  | Readonly<{ kind: 'open-project'; folder: string }>
  | Readonly<{ kind: 'pause'; folder: string }>
  | Readonly<{ kind: 'resume'; folder: string }>
  | Readonly<{ kind: 'toggle-login' }>
  | Readonly<{ kind: 'quit' }>

export type TrayMenuItem =
  | Readonly<{ type: 'separator' }>
  | Readonly<{ type: 'normal'; label: string; enabled: boolean; action?: TrayAction }>
  | Readonly<{
      type: 'checkbox'
      label: string
      enabled: boolean
      checked: boolean
      action: TrayAction
    }>
  | Readonly<{ type: 'submenu'; label: string; enabled: boolean; items: readonly TrayMenuItem[] }>

export type TrayMenu = Readonly<{
  items: readonly TrayMenuItem[]
  /** The status line, also the first (disabled) item of the menu. */
  status: string
  /** The icon's tooltip: the app's name and the status line. */
  tooltip: string
}>

/** Windows cuts tray tooltips at 127 characters. */
export const TOOLTIP_MAX = 127

const SEPARATOR: TrayMenuItem = { type: 'separator' }

/** A project summary as the tray shows it. O(1). */
export function trayProject(summary: ProjectSummary): TrayProject {
  const latest = summary.latest[0]
  const project: TrayProject = {
    folder: summary.folder,
    name: summary.name,
    mode: summary.mode,
    counts: summary.counts
  }
  if (latest === undefined) return project
  return {
    ...project,
    latestVerdict: { file: latest.name, verdict: batchVerdict(latest), at: latest.arrivedAt }
  }
}

/** The tray's menu, status line and tooltip for `state`. O(projects). */
export function trayMenu(state: TrayState): TrayMenu {
  const status = trayStatus(state.projects)
  const items: TrayMenuItem[] = [
    { type: 'normal', label: status, enabled: false },
    SEPARATOR,
    {
      type: 'normal',
      label: state.isWindowVisible ? 'Show Driftwatch' : 'Open Driftwatch',
      enabled: true,
      action: { kind: 'open-window' }
    }
  ]
  if (state.projects.length > 0) {
    items.push(SEPARATOR, ...state.projects.map(projectItem))
  }
  items.push(
    SEPARATOR,
    {
      type: 'checkbox',
      label: state.canOpenAtLogin ? 'Start at login' : 'Start at login (installed app only)',
      enabled: state.canOpenAtLogin,
      checked: state.openAtLogin,
      action: { kind: 'toggle-login' }
    },
    SEPARATOR,
    { type: 'normal', label: 'Quit Driftwatch', enabled: true, action: { kind: 'quit' } }
  )
  const tooltip = `Driftwatch: ${status}`
  return {
    items,
    status,
    tooltip: tooltip.length <= TOOLTIP_MAX ? tooltip : `${tooltip.slice(0, TOOLTIP_MAX - 1)}…`
  }
}

function projectItem(project: TrayProject): TrayMenuItem {
  const open: TrayMenuItem = {
    type: 'normal',
    label: 'Open project',
    enabled: true,
    action: { kind: 'open-project', folder: project.folder }
  }
  return {
    type: 'submenu',
    label: projectLabel(project),
    enabled: true,
    items: [open, watchItem(project)]
  }
}

function watchItem(project: TrayProject): TrayMenuItem {
  switch (project.mode) {
    case 'watching':
    case 'paused': {
      const kind = project.mode === 'watching' ? 'pause' : 'resume'
      return {
        type: 'normal',
        label: kind === 'pause' ? 'Pause watching' : 'Resume watching',
        enabled: true,
        action: { kind, folder: project.folder }
      }
    }
    case 'read-only':
      return { type: 'normal', label: 'Watched by another Driftwatch', enabled: false }
    default:
      return assertNever(project.mode)
  }
}

/** `Churn — watching · 2 batches to process`, `Churn — paused · week3.csv: drift`. */
export function projectLabel(project: TrayProject): string {
  const pending = project.counts.queued + project.counts.running
  const detail =
    pending > 0
      ? ` · ${plural(pending, 'batch', 'batches')} to process`
      : project.latestVerdict === undefined
        ? ''
        : ` · ${project.latestVerdict.file}: ${project.latestVerdict.verdict}`
  return `${project.name} — ${project.mode}${detail}`
}

/**
 * The status line: how many projects are watched, paused or read-only, how many batches wait, and the
 * verdict of the batch that arrived last, e.g. `Watching 2 projects · last batch week3.csv: drift`.
 */
export function trayStatus(projects: readonly TrayProject[]): string {
  if (projects.length === 0) return 'No project open'
  const watching = projects.filter((p) => p.mode === 'watching').length
  const paused = projects.filter((p) => p.mode === 'paused').length
  const readOnly = projects.filter((p) => p.mode === 'read-only').length
  const modes: string[] = []
  if (watching > 0) modes.push(`Watching ${plural(watching, 'project', 'projects')}`)
  if (paused > 0) {
    modes.push(
      watching > 0 ? `${paused} paused` : `Paused: ${plural(paused, 'project', 'projects')}`
    )
  }
  if (readOnly > 0) {
    modes.push(
      watching + paused > 0
        ? `${readOnly} read-only`
        : `Read-only: ${plural(readOnly, 'project', 'projects')}`
    )
  }
  const parts = [modes.join(', ')]
  const pending = projects.reduce((n, p) => n + p.counts.queued + p.counts.running, 0)
  if (pending > 0) parts.push(`processing ${plural(pending, 'batch', 'batches')}`)
  const last = lastVerdict(projects)
  if (last !== undefined) parts.push(`last batch ${last.file}: ${last.verdict}`)
  return parts.join(' · ')
}

function lastVerdict(projects: readonly TrayProject[]): TrayProject['latestVerdict'] {
  let last: TrayProject['latestVerdict']
  for (const project of projects) {
    const verdict = project.latestVerdict
    if (verdict !== undefined && (last === undefined || verdict.at > last.at)) last = verdict
  }
  return last
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

function assertNever(value: never): never {
  throw new Error(`Unknown project mode ${String(value)}.`)
}
