import { beforeEach, describe, expect, it, vi } from 'vitest'
import type * as WindowModule from './window'

type Listener = (...args: unknown[]) => void

const fakes = vi.hoisted(() => {
  const appListeners = new Map<string, ((...args: unknown[]) => void)[]>()
  const state = { hasLock: true, windows: [] as unknown[] }
  const backend = {
    host: 'electron',
    call: vi.fn(),
    on: vi.fn(() => () => undefined),
    grant: vi.fn(),
    grantFolder: vi.fn(),
    tempDir: '/tmp/x',
    dispose: vi.fn(() => Promise.resolve())
  }
  const window = {
    on: vi.fn(),
    webContents: { send: vi.fn(), isDestroyed: () => false },
    isMinimized: () => false,
    focus: vi.fn(),
    restore: vi.fn()
  }
  return {
    appListeners,
    state,
    backend,
    window,
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
    createMainWindow: vi.fn((_preload: string, _renderer: unknown) => window),
    getAllWindows: vi.fn(() => state.windows)
  }
})

vi.mock('electron', () => ({
  app: fakes.app,
  ipcMain: fakes.ipcMain,
  BrowserWindow: { getAllWindows: fakes.getAllWindows },
  dialog: { showOpenDialog: vi.fn() },
  shell: { openExternal: vi.fn() }
}))
vi.mock('../../api', () => ({ createBackend: fakes.createBackend }))
vi.mock('./window', async (importOriginal) => ({
  ...(await importOriginal<typeof WindowModule>()),
  createMainWindow: fakes.createMainWindow
}))

function fire(name: string, ...args: unknown[]): void {
  for (const listener of fakes.appListeners.get(name) ?? []) (listener as Listener)(...args)
}

async function loadEntry(): Promise<void> {
  vi.resetModules()
  await import('./index')
  await new Promise((resolve) => setTimeout(resolve, 0))
}

beforeEach(() => {
  vi.clearAllMocks()
  fakes.appListeners.clear()
  fakes.state.hasLock = true
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
      dataDir?: string
    }
    expect(options.host).toBe('electron')
    // The demo project and the person's saved expectations live in Electron's per-user data folder.
    expect(options.dataDir).toBe('/home/person/.config/Driftwatch-userData')
    expect(typeof options.pickFile).toBe('function')
    expect(fakes.ipcMain.handle).toHaveBeenCalledWith('api:call', expect.any(Function))
    expect(fakes.createMainWindow).toHaveBeenCalledTimes(1)
    const [preload, renderer] = fakes.createMainWindow.mock.calls[0] as [string, { url: string }]
    expect(preload).toMatch(/preload[\\/]index\.cjs$/)
    expect(renderer.url).toMatch(/^file:.*renderer\/index\.html$/)
  })

  it('quits when the last window closes, except on macOS', async () => {
    await loadEntry()
    fire('window-all-closed')
    expect(fakes.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1)
  })

  it('disposes the backend before quitting, once', async () => {
    await loadEntry()
    const first = { preventDefault: vi.fn() }
    fire('will-quit', first)
    expect(first.preventDefault).toHaveBeenCalled()
    expect(fakes.ipcMain.removeHandler).toHaveBeenCalledWith('api:call')
    fire('will-quit', { preventDefault: vi.fn() })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(fakes.backend.dispose).toHaveBeenCalledTimes(1)
    expect(fakes.app.quit).toHaveBeenCalledTimes(1)
    const last = { preventDefault: vi.fn() }
    fire('will-quit', last)
    expect(last.preventDefault).not.toHaveBeenCalled()
  })
})
