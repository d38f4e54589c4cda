import { describe, expect, it, vi } from 'vitest'
import {
  batchRecord,
  columnResult,
  driftedBatch,
  failedBatch,
  projectSummary
} from '../../../../test/batches'
import { err, ok } from '../../../shared/errors'
import type { ProjectEvent } from '../../../shared/model'
import { createNotifier } from '../../notify/notifier'
import type { BatchNotification } from '../../notify/notifications'
import { createBackgroundHost } from './background'
import type { BackgroundHostOptions, ProjectControls } from './background'
import type { TrayCallbacks } from './tray'
import type { TrayState } from './trayMenu'

vi.mock('electron', () => ({}))

function event(kind: ProjectEvent['kind'], batchId?: string): ProjectEvent {
  return {
    at: '2024-05-20T08:01:00.000Z',
    kind,
    ...(batchId === undefined ? {} : { batchId }),
    message: `${kind} happened.`
  }
}

function setup(overrides: Partial<BackgroundHostOptions> = {}) {
  const states: TrayState[] = []
  const shown: BatchNotification[] = []
  const logged: string[] = []
  const trayCallbacks: TrayCallbacks[] = []
  const login = { enabled: false }
  const options: BackgroundHostOptions = {
    createTray: (callbacks) => {
      trayCallbacks.push(callbacks)
      return { update: (state) => states.push(state), destroy: vi.fn() }
    },
    notifier: createNotifier({ showDesktop: (n) => shown.push(n), log: () => undefined }),
    showWindow: vi.fn(),
    isWindowVisible: () => false,
    loginItem: {
      isSupported: true,
      isEnabled: () => login.enabled,
      setEnabled: vi.fn((enabled: boolean) => {
        login.enabled = enabled
        return ok(undefined)
      })
    },
    onLoginChanged: vi.fn(),
    quit: vi.fn(),
    log: (_level, text) => logged.push(text),
    ...overrides
  }
  const host = createBackgroundHost(options)
  const callbacks = trayCallbacks[0] as TrayCallbacks
  return { host, options, states, shown, logged, callbacks, login }
}

describe('createBackgroundHost', () => {
  it('draws the tray at once, then with the projects it is given', () => {
    const { host, states } = setup()
    expect(states[0]).toEqual({
      projects: [],
      isWindowVisible: false,
      openAtLogin: false,
      canOpenAtLogin: true
    })
    host.setProjects([
      projectSummary({ latest: [driftedBatch()] }),
      projectSummary({ folder: '/projects/demand', name: 'Demand', mode: 'paused' })
    ])
    const last = states[states.length - 1]
    expect(last?.projects.map((p) => [p.name, p.mode, p.latestVerdict?.verdict])).toEqual([
      ['Churn', 'watching', 'drift'],
      ['Demand', 'paused', undefined]
    ])
    expect(host.hasTray).toBe(true)
  })

  it('notifies once when a batch settles, with the batch looked up in the summary', async () => {
    const { host, shown, states } = setup()
    const summary = projectSummary({ latest: [driftedBatch()] })
    const first = await host.onProjectEvent(summary, event('batch:done', 'batch-3'))
    expect(first?.title).toBe('Drift in week3.csv')
    expect(shown.map((n) => n.target)).toEqual([
      { view: 'report', folder: '/projects/churn', runId: 'run-3' }
    ])
    expect(await host.onProjectEvent(summary, event('batch:done', 'batch-3'))).toBeNull()
    expect(shown).toHaveLength(1)
    expect(states[states.length - 1]?.projects[0]?.latestVerdict?.verdict).toBe('drift')
  })

  it('takes the batch and its columns from the event detail when given', async () => {
    const { host, shown } = setup()
    const batch = { ...driftedBatch(), id: 'old-batch' }
    const columns = [columnResult({ column: 'wind', drifted: true, score: 0.001 })]
    await host.onProjectEvent(projectSummary(), event('batch:done', 'old-batch'), {
      batch,
      columns
    })
    expect(shown[0]?.body).toBe(
      'Churn: 4 of 10 columns drifted (wind and 3 more). Open the report to see how.'
    )
  })

  it('notifies a failed batch, and nothing for other events or a calm batch', async () => {
    const { host, shown, logged } = setup()
    const summary = projectSummary({ latest: [failedBatch(), batchRecord({ id: 'calm' })] })
    expect(await host.onProjectEvent(summary, event('batch:queued', 'batch-3'))).toBeNull()
    expect(await host.onProjectEvent(summary, event('batch:done', 'calm'))).toBeNull()
    expect((await host.onProjectEvent(summary, event('batch:failed', 'batch-3')))?.kind).toBe(
      'failed'
    )
    expect(await host.onProjectEvent(summary, event('batch:done', 'missing'))).toBeNull()
    expect(shown.map((n) => n.kind)).toEqual(['failed'])
    expect(logged).toEqual(['Churn: no batch missing to notify about (batch:done happened.)'])
  })

  it('follows the project’s notification settings', async () => {
    const { host, shown } = setup()
    const config = { ...projectSummary().config, notifications: { desktop: false } }
    const summary = projectSummary({ config, latest: [driftedBatch()] })
    expect(await host.onProjectEvent(summary, event('batch:done', 'batch-3'))).toBeNull()
    expect(shown).toEqual([])
  })

  it('routes the tray: open, open a project, quit', () => {
    const { callbacks, options } = setup()
    callbacks.onOpen()
    callbacks.onOpenProject('/projects/churn')
    callbacks.onQuit()
    expect(options.showWindow).toHaveBeenNthCalledWith(1)
    expect(options.showWindow).toHaveBeenNthCalledWith(2, {
      view: 'project',
      folder: '/projects/churn'
    })
    expect(options.quit).toHaveBeenCalledTimes(1)
  })

  it('pauses and resumes through the project service', async () => {
    const controls: ProjectControls = { pause: vi.fn(), resume: vi.fn(() => Promise.resolve()) }
    const { callbacks } = setup({ controls })
    callbacks.onPause('/projects/churn')
    callbacks.onResume('/projects/churn')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(controls.pause).toHaveBeenCalledWith('/projects/churn')
    expect(controls.resume).toHaveBeenCalledWith('/projects/churn')
  })

  it('logs a pause that fails, or that has no project service to go to', async () => {
    const controls: ProjectControls = {
      pause: () => Promise.reject(new Error('locked')),
      resume: vi.fn()
    }
    const { callbacks, logged } = setup({ controls })
    callbacks.onPause('/projects/churn')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(logged).toEqual(['Driftwatch could not pause watching /projects/churn: Error: locked'])
    const bare = setup()
    bare.callbacks.onResume('/projects/churn')
    expect(bare.logged[0]).toMatch(/cannot resume \/projects\/churn here/)
  })

  it('toggles start at login, keeps the setting, and redraws', () => {
    const { callbacks, options, states, login } = setup()
    callbacks.onToggleLogin()
    expect(login.enabled).toBe(true)
    expect(options.onLoginChanged).toHaveBeenCalledWith(true)
    expect(states[states.length - 1]?.openAtLogin).toBe(true)
    callbacks.onToggleLogin()
    expect(login.enabled).toBe(false)
    expect(options.onLoginChanged).toHaveBeenLastCalledWith(false)
  })

  it('keeps start at login as it was when the system refuses', () => {
    const { callbacks, options, states, logged } = setup({
      loginItem: {
        isSupported: true,
        isEnabled: () => false,
        setEnabled: () => err('INTERNAL', 'Driftwatch could not add itself to the login items.')
      }
    })
    callbacks.onToggleLogin()
    expect(options.onLoginChanged).not.toHaveBeenCalled()
    expect(states[states.length - 1]?.openAtLogin).toBe(false)
    expect(logged).toEqual(['Driftwatch could not add itself to the login items.'])
  })

  it('has no tray when there is none, or when it cannot be created', () => {
    expect(setup({ createTray: null }).host.hasTray).toBe(false)
    const failing = setup({
      createTray: () => {
        throw new Error('no status area')
      }
    })
    expect(failing.host.hasTray).toBe(false)
    expect(failing.logged[0]).toMatch(
      /could not show its tray icon, so closing the window quits it/
    )
  })

  it('removes the tray on dispose', () => {
    const destroy = vi.fn()
    const { host } = setup({ createTray: () => ({ update: vi.fn(), destroy }) })
    host.dispose()
    host.refresh()
    expect(destroy).toHaveBeenCalledTimes(1)
  })
})
