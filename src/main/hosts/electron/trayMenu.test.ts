import { describe, expect, it } from 'vitest'
import { batchRecord, driftedBatch, failedBatch, projectSummary } from '../../../../test/batches'
import { TOOLTIP_MAX, trayMenu, trayProject, trayStatus } from './trayMenu'
import type { TrayMenuItem, TrayProject, TrayState } from './trayMenu'

const churn: TrayProject = {
  folder: '/projects/churn',
  name: 'Churn',
  mode: 'watching',
  counts: { queued: 0, running: 0, done: 3, failed: 0 },
  latestVerdict: { file: 'week3.csv', verdict: 'drift', at: '2024-05-20T08:00:00.000Z' }
}
const demand: TrayProject = {
  folder: '/projects/demand',
  name: 'Demand',
  mode: 'watching',
  counts: { queued: 0, running: 0, done: 9, failed: 1 },
  latestVerdict: { file: 'day9.parquet', verdict: 'no drift', at: '2024-05-19T08:00:00.000Z' }
}

function state(overrides: Partial<TrayState> = {}): TrayState {
  return {
    projects: [churn, demand],
    isWindowVisible: false,
    openAtLogin: false,
    canOpenAtLogin: true,
    ...overrides
  }
}

function labels(items: readonly TrayMenuItem[]): string[] {
  return items.map((item) => (item.type === 'separator' ? '---' : item.label))
}

describe('trayStatus', () => {
  it('counts the watched projects and names the batch that arrived last', () => {
    expect(trayStatus([churn, demand])).toBe('Watching 2 projects · last batch week3.csv: drift')
    expect(trayStatus([demand])).toBe('Watching 1 project · last batch day9.parquet: no drift')
  })

  it('says when nothing is open, or everything is paused or read-only', () => {
    expect(trayStatus([])).toBe('No project open')
    const paused = { ...churn, mode: 'paused' as const, latestVerdict: undefined }
    expect(trayStatus([paused])).toBe('Paused: 1 project')
    expect(trayStatus([{ ...paused, mode: 'read-only' }])).toBe('Read-only: 1 project')
    expect(trayStatus([demand, paused, { ...paused, mode: 'read-only' }])).toBe(
      'Watching 1 project, 1 paused, 1 read-only · last batch day9.parquet: no drift'
    )
  })

  it('counts the batches waiting to be processed', () => {
    const busy = { ...churn, counts: { queued: 2, running: 1, done: 3, failed: 0 } }
    expect(trayStatus([busy])).toBe(
      'Watching 1 project · processing 3 batches · last batch week3.csv: drift'
    )
  })
})

describe('trayMenu', () => {
  it('status, open, one submenu per project, start at login, quit', () => {
    const menu = trayMenu(state())
    expect(labels(menu.items)).toEqual([
      'Watching 2 projects · last batch week3.csv: drift',
      '---',
      'Open Driftwatch',
      '---',
      'Churn — watching · week3.csv: drift',
      'Demand — watching · day9.parquet: no drift',
      '---',
      'Start at login',
      '---',
      'Quit Driftwatch'
    ])
    expect(menu.items[0]).toMatchObject({ enabled: false })
    expect(menu.items[2]).toMatchObject({ enabled: true, action: { kind: 'open-window' } })
    expect(menu.items[9]).toMatchObject({ action: { kind: 'quit' } })
    expect(menu.status).toBe('Watching 2 projects · last batch week3.csv: drift')
    expect(menu.tooltip).toBe('Driftwatch: Watching 2 projects · last batch week3.csv: drift')
  })

  it('offers to open, pause or resume each project; a read-only one cannot be paused', () => {
    const paused = { ...demand, mode: 'paused' as const }
    const held = { ...churn, folder: '/projects/held', name: 'Held', mode: 'read-only' as const }
    const menu = trayMenu(state({ projects: [churn, paused, held] }))
    const submenus = menu.items.filter((item) => item.type === 'submenu')
    expect(submenus.map((s) => s.items)).toEqual([
      [
        {
          type: 'normal',
          label: 'Open project',
          enabled: true,
          action: { kind: 'open-project', folder: '/projects/churn' }
        },
        {
          type: 'normal',
          label: 'Pause watching',
          enabled: true,
          action: { kind: 'pause', folder: '/projects/churn' }
        }
      ],
      [
        {
          type: 'normal',
          label: 'Open project',
          enabled: true,
          action: { kind: 'open-project', folder: '/projects/demand' }
        },
        {
          type: 'normal',
          label: 'Resume watching',
          enabled: true,
          action: { kind: 'resume', folder: '/projects/demand' }
        }
      ],
      [
        {
          type: 'normal',
          label: 'Open project',
          enabled: true,
          action: { kind: 'open-project', folder: '/projects/held' }
        },
        { type: 'normal', label: 'Watched by another Driftwatch', enabled: false }
      ]
    ])
  })

  it('without projects: no project section', () => {
    expect(labels(trayMenu(state({ projects: [] })).items)).toEqual([
      'No project open',
      '---',
      'Open Driftwatch',
      '---',
      'Start at login',
      '---',
      'Quit Driftwatch'
    ])
  })

  it('ticks start at login, and disables it where it cannot be set', () => {
    const on = trayMenu(state({ openAtLogin: true })).items[7]
    expect(on).toEqual({
      type: 'checkbox',
      label: 'Start at login',
      enabled: true,
      checked: true,
      action: { kind: 'toggle-login' }
    })
    const off = trayMenu(state({ canOpenAtLogin: false, projects: [] })).items[4]
    expect(off).toMatchObject({ enabled: false, label: 'Start at login (installed app only)' })
  })

  it('says Show when the window is already visible', () => {
    expect(trayMenu(state({ isWindowVisible: true })).items[2]).toMatchObject({
      label: 'Show Driftwatch'
    })
  })

  it('shows the pending batches of a busy project in its label', () => {
    const busy = { ...churn, counts: { queued: 1, running: 0, done: 3, failed: 0 } }
    const menu = trayMenu(state({ projects: [busy] }))
    expect(labels(menu.items)).toContain('Churn — watching · 1 batch to process')
  })

  it('keeps the tooltip within what Windows shows', () => {
    const latestVerdict = { verdict: 'drift' as const, at: '2024-05-20T08:00:00.000Z' }
    const long = { ...churn, latestVerdict: { ...latestVerdict, file: `${'x'.repeat(200)}.csv` } }
    const tooltip = trayMenu(state({ projects: [long] })).tooltip
    expect(tooltip).toHaveLength(TOOLTIP_MAX)
    expect(tooltip.endsWith('…')).toBe(true)
  })
})

describe('trayProject', () => {
  it('takes the newest batch of a summary as its latest verdict', () => {
    const summary = projectSummary({ latest: [driftedBatch(), batchRecord({ id: 'b2' })] })
    expect(trayProject(summary)).toEqual({
      folder: '/projects/churn',
      name: 'Churn',
      mode: 'watching',
      counts: { queued: 0, running: 0, done: 3, failed: 0 },
      latestVerdict: { file: 'week3.csv', verdict: 'drift', at: '2024-05-20T08:00:00.000Z' }
    })
    expect(trayProject(projectSummary({ latest: [failedBatch()] })).latestVerdict?.verdict).toBe(
      'failed'
    )
    expect(trayProject(projectSummary()).latestVerdict).toBeUndefined()
  })
})
