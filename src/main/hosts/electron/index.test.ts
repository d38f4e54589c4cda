import { beforeEach, describe, expect, it, vi } from 'vitest'
import { preventableEvent } from '../../../../test/electronFakes'
import { driftedBatch, projectSummary } from '../../../../test/batches'
import type * as BackgroundModule from './background'
import type { BackgroundHost } from './background'
import type * as TrayModule from './tray'
import type { TrayCallbacks } from './tray'
import type * as WindowModule from './window'

type Listener = (...args: unknown[]) => void

const fakes = await vi.hoisted(async () => {
  const { FakeEmitter } = await import('../../../../test/electronFakes')
  class FakeWebContents extends FakeEmitter {
    readonly sent: unknown[][] = []
    send(...args: unknown[]): void {
      this.sent.push(args)
    }
    isDestroyed(): boolean {
      return false
    }
    isLoading(): boolean {
      return false
    }
  }
  class FakeWindow extends FakeEmitter {
    readonly webContents = new FakeWebContents()
    isShown = true
    destroyed = false
    show = vi.fn(() => {
      this.isShown = true
    })
    hide = vi.fn(() => {
      this.isShown = false
    })
    focus = vi.fn()
    restore = vi.fn()
    isVisible(): boolean {
      return this.isShown
    }
    isMinimized(): boolean {
      return false
    }
    isFullScreen(): boolean {
      return false
    }
    isMaximized(): boolean {
      return false
    }
    isDestroyed(): boolean {
      return this.destroyed
    }
    getNormalBounds(): { x: number; y: number; width: number; height: number } {
      return { x: 10, y: 20, width: 1000, height: 700 }
    }
  }
  class FakeNotification extends FakeEmitter {
    static created: FakeNotification[] = []
    static isSupported(): boolean {
      return true
    }
    constructor(readonly options: { title: string; body: string }) {
      super()
      FakeNotification.created.push(this)
    }
    show(): void {}
    close(): void {}
  }

  const appListeners = new Map<string, ((...args: unknown[]) => void)[]>()
  const state = {
    hasLock: true,
    windows: [] as FakeWindow[],
    argv: [] as string[],
    savedState: null as unknown
  }
  const backend = {
    host: 'electron',
    call: vi.fn(),
    on: vi.fn(() => () => undefined),
    grant: vi.fn(),
    grantFolder: vi.fn(),
    tempDir: '/tmp/x',
    dispose: vi.fn(() => Promise.resolve()),
    restoreProjects: vi.fn(() => Promise.resolve()),
    projectSummaries: vi.fn(() => Promise.resolve([])),
    openProject: vi.fn()
  }
  const login = { enabled: false, startedAtLogin: false }
  const loginItem = {
    isSupported: true,
    isEnabled: () => login.enabled,
    setEnabled: vi.fn((enabled: boolean) => {
      login.enabled = enabled
      return { ok: true, value: undefined }
    }),
    wasStartedAtLogin: () => login.startedAtLogin
  }
  const store = {
    current: {
      version: 1,
      recentProjects: [],
      watchedProjects: [],
      openAtLogin: false,
      windowBounds: null
    } as Record<string, unknown>,
    get: () => store.current,
    update: vi.fn((change: (s: Record<string, unknown>) => Record<string, unknown>) => {
      store.current = change(store.current)
      return Promise.resolve(true)
    }),
    flush: vi.fn(() => Promise.resolve(true))
  }
  const captured = {
    tray: null as unknown,
    background: null as unknown
  }
  return {
    FakeWindow,
    FakeNotification,
    appListeners,
    state,
    backend,
    login,
    loginItem,
    store,
    captured,
    trayView: { update: vi.fn(), destroy: vi.fn() },
    app: {
      isPackaged: true,
      requestSingleInstanceLock: vi.fn(() => state.hasLock),
      whenReady: vi.fn(() => Promise.resolve()),
      on: vi.fn((name: string, listener: (...args: unknown[]) => void) => {
        appListeners.set(name, [...(appListeners.get(name) ?? []), listener])
      }),
      quit: vi.fn(),
      exit: vi.fn(),
      getPath: vi.fn((name: string) => `/home/person/.config/Driftwatch-${name}`)
    },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    createBackend: vi.fn((_options: unknown) => backend),
    createMainWindow: vi.fn((_preload: string, _renderer: unknown, _options?: unknown) => {
      const window = new FakeWindow()
      state.windows.push(window)
      return window
    }),
    openAppStateStore: vi.fn((_dataDir: string) => Promise.resolve(store)),
    createLoginItem: vi.fn((_app: unknown, _env: unknown) => loginItem)
  }
})

vi.mock('electron', () => ({
  app: fakes.app,
  ipcMain: fakes.ipcMain,
  Notification: fakes.FakeNotification,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
  dialog: { showOpenDialog: vi.fn() },
  shell: { openExternal: vi.fn() }
}))
vi.mock('../../api', () => ({ createBackend: fakes.createBackend }))
vi.mock('../../project/appState', () => ({ openAppStateStore: fakes.openAppStateStore }))
vi.mock('./loginItem', async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  createLoginItem: fakes.createLoginItem
}))
vi.mock('./window', async (importOriginal) => ({
  ...(await importOriginal<typeof WindowModule>()),
  createMainWindow: fakes.createMainWindow
}))
vi.mock('./tray', async (importOriginal) => ({
  ...(await importOriginal<typeof TrayModule>()),
  createTray: (_icon: string, callbacks: TrayCallbacks) => {
    fakes.captured.tray = callbacks
    return fakes.trayView
  }
}))
vi.mock('./background', async (importOriginal) => {
  const original = await importOriginal<typeof BackgroundModule>()
  return {
    ...original,
    createBackgroundHost: (options: BackgroundModule.BackgroundHostOptions) => {
      const host = original.createBackgroundHost(options)
      fakes.captured.background = host
      return host
    }
  }
})

function fire(name: string, ...args: unknown[]): void {
  for (const listener of fakes.appListeners.get(name) ?? []) (listener as Listener)(...args)
}

async function loadEntry(): Promise<void> {
  vi.resetModules()
  await import('./index')
  await new Promise((resolve) => setTimeout(resolve, 0))
}

function window(): InstanceType<typeof fakes.FakeWindow> {
  const last = fakes.state.windows[fakes.state.windows.length - 1]
  if (last === undefined) throw new Error('no window was created')
  return last
}

function tray(): TrayCallbacks {
  return fakes.captured.tray as TrayCallbacks
}

beforeEach(() => {
  vi.clearAllMocks()
  fakes.appListeners.clear()
  fakes.state.hasLock = true
  fakes.state.windows = []
  fakes.login.enabled = false
  fakes.login.startedAtLogin = false
  fakes.store.current = { ...fakes.store.current, openAtLogin: false, windowBounds: null }
  fakes.captured.tray = null
  fakes.captured.background = null
  fakes.FakeNotification.created = []
})

describe('the Electron entry', () => {
  it('quits at once when another instance holds the lock', async () => {
    fakes.state.hasLock = false
    await loadEntry()
    expect(fakes.app.quit).toHaveBeenCalledTimes(1)
    expect(fakes.createBackend).not.toHaveBeenCalled()
  })

  it('when ready: an electron backend with a file dialog, the IPC handler, and one window', async () => {
    await loadEntry()
    expect(fakes.createBackend).toHaveBeenCalledTimes(1)
    const options = fakes.createBackend.mock.calls[0]?.[0] as {
      host: string
      pickFile?: unknown
      pickFolder?: unknown
      dataDir?: string
      notifier?: unknown
      appState?: unknown
    }
    expect(options.host).toBe('electron')
    expect(typeof options.pickFolder).toBe('function')
    // The tray's host notifies from the project events, so the backend does not.
    expect(options.notifier).toBeNull()
    expect(options.appState).toBeDefined()
    expect(fakes.backend.on).toHaveBeenCalledWith('project:changed', expect.any(Function))
    // The projects watched at the last quit are watched again.
    expect(fakes.backend.restoreProjects).toHaveBeenCalledTimes(1)
    // The demo project and the person's saved expectations live in Electron's per-user data folder.
    expect(options.dataDir).toBe('/home/person/.config/Driftwatch-userData')
    expect(typeof options.pickFile).toBe('function')
    expect(fakes.ipcMain.handle).toHaveBeenCalledWith('api:call', expect.any(Function))
    expect(fakes.createMainWindow).toHaveBeenCalledTimes(1)
    const [preload, renderer, windowOptions] = fakes.createMainWindow.mock.calls[0] as [
      string,
      { url: string },
      { show: boolean }
    ]
    expect(preload).toMatch(/preload[\\/]index\.cjs$/)
    expect(renderer.url).toMatch(/^file:.*renderer\/index\.html$/)
    expect(windowOptions.show).toBe(true)
    // The app's settings come from the same folder.
    expect(fakes.openAppStateStore).toHaveBeenCalledWith(
      '/home/person/.config/Driftwatch-userData',
      expect.any(Function)
    )
  })

  it('quits when the last window closes, except on macOS', async () => {
    await loadEntry()
    fire('window-all-closed')
    expect(fakes.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1)
  })

  it('disposes the backend and the tray, and saves the settings, before quitting, once', async () => {
    await loadEntry()
    const first = { preventDefault: vi.fn() }
    fire('will-quit', first)
    expect(first.preventDefault).toHaveBeenCalled()
    expect(fakes.ipcMain.removeHandler).toHaveBeenCalledWith('api:call')
    fire('will-quit', { preventDefault: vi.fn() })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(fakes.backend.dispose).toHaveBeenCalledTimes(1)
    expect(fakes.trayView.destroy).toHaveBeenCalledTimes(1)
    expect(fakes.store.flush).toHaveBeenCalledTimes(1)
    expect(fakes.app.quit).toHaveBeenCalledTimes(1)
    const last = { preventDefault: vi.fn() }
    fire('will-quit', last)
    expect(last.preventDefault).not.toHaveBeenCalled()
  })
})

describe('background mode', () => {
  it('closing the window hides it and keeps the app running, saving where it was', async () => {
    await loadEntry()
    const close = preventableEvent()
    window().fire('close', close)
    expect(close.prevented).toBe(true)
    expect(window().hide).toHaveBeenCalledTimes(1)
    expect(fakes.app.quit).not.toHaveBeenCalled()
    expect(fakes.store.current['windowBounds']).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      isMaximized: false
    })
  })

  it('quitting closes the window for real', async () => {
    await loadEntry()
    tray().onQuit()
    expect(fakes.app.quit).toHaveBeenCalledTimes(1)
    fire('before-quit')
    const close = preventableEvent()
    window().fire('close', close)
    expect(close.prevented).toBe(false)
    expect(window().hide).not.toHaveBeenCalled()
  })

  it('the tray opens the hidden window, and a project in it', async () => {
    await loadEntry()
    window().fire('close', preventableEvent())
    tray().onOpen()
    expect(window().show).toHaveBeenCalled()
    expect(window().focus).toHaveBeenCalled()
    tray().onOpenProject('/projects/churn')
    expect(window().webContents.sent).toEqual([
      ['api:event', 'app:navigate', { view: 'project', folder: '/projects/churn' }]
    ])
  })

  it('a second launch shows the existing window; a second start at login does not', async () => {
    await loadEntry()
    window().fire('close', preventableEvent())
    fire('second-instance', {}, ['driftwatch', '--background'])
    expect(window().show).not.toHaveBeenCalled()
    fire('second-instance', {}, ['driftwatch'])
    expect(window().show).toHaveBeenCalledTimes(1)
    expect(fakes.createMainWindow).toHaveBeenCalledTimes(1)
  })

  it('a start at login opens no window until asked', async () => {
    fakes.login.startedAtLogin = true
    await loadEntry()
    const options = fakes.createMainWindow.mock.calls[0]?.[2] as { show: boolean }
    expect(options.show).toBe(false)
  })

  it('clicking a notification shows the window and tells the renderer which report to open', async () => {
    await loadEntry()
    window().fire('close', preventableEvent())
    const host = fakes.captured.background as BackgroundHost
    const summary = projectSummary({ latest: [driftedBatch()] })
    await host.onProjectEvent(summary, {
      at: '2024-05-20T08:01:00.000Z',
      kind: 'batch:done',
      batchId: 'batch-3',
      message: 'week3.csv was processed.'
    })
    const notification = fakes.FakeNotification.created[0]
    expect(notification?.options).toMatchObject({ title: 'Drift in week3.csv' })
    notification?.fire('click')
    expect(window().show).toHaveBeenCalledTimes(1)
    expect(window().webContents.sent).toEqual([
      ['api:event', 'app:navigate', { view: 'report', folder: '/projects/churn', runId: 'run-3' }]
    ])
  })

  it('the tray toggles start at login and the setting is kept', async () => {
    await loadEntry()
    tray().onToggleLogin()
    expect(fakes.loginItem.setEnabled).toHaveBeenCalledWith(true)
    expect(fakes.store.current['openAtLogin']).toBe(true)
    tray().onToggleLogin()
    expect(fakes.loginItem.setEnabled).toHaveBeenLastCalledWith(false)
    expect(fakes.store.current['openAtLogin']).toBe(false)
  })

  it('takes start at login from the system when the saved setting differs', async () => {
    fakes.login.enabled = true
    await loadEntry()
    expect(fakes.store.current['openAtLogin']).toBe(true)
    const update = fakes.trayView.update.mock.calls.at(-1)?.[0] as { openAtLogin: boolean }
    expect(update.openAtLogin).toBe(true)
  })
})
