import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { preventableEvent } from '../../../../test/electronFakes'
import type { BrowserWindow, WebContents } from 'electron'

type Listener = (...args: unknown[]) => void

const fakes = await vi.hoisted(async () => {
  const { FakeEmitter } = await import('../../../../test/electronFakes')
  class FakeWebContents extends FakeEmitter {
    loading = false
    readonly sent: unknown[][] = []
    isLoading(): boolean {
      return this.loading
    }
    isDestroyed(): boolean {
      return false
    }
    send(...args: unknown[]): void {
      this.sent.push(args)
    }
    openHandler: ((details: { url: string }) => { action: string }) | null = null
    permissionHandler: ((...args: unknown[]) => void) | null = null
    readonly session = {
      setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => {
        this.permissionHandler = handler
      }
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.openHandler = handler
    }
  }
  class FakeBrowserWindow extends FakeEmitter {
    static created: FakeBrowserWindow[] = []
    readonly webContents = new FakeWebContents()
    loaded: { url?: string; file?: string } = {}
    shown = false
    constructor(readonly options: unknown) {
      super()
      FakeBrowserWindow.created.push(this)
    }
    loadURL(url: string): Promise<void> {
      this.loaded = { url }
      return Promise.resolve()
    }
    loadFile(file: string): Promise<void> {
      this.loaded = { file }
      return Promise.resolve()
    }
    show(): void {
      this.shown = true
    }
    hidden = false
    minimized = false
    fullScreen = false
    maximized = false
    focused = false
    hide(): void {
      this.hidden = true
      this.shown = false
    }
    isMinimized(): boolean {
      return this.minimized
    }
    restore(): void {
      this.minimized = false
    }
    focus(): void {
      this.focused = true
    }
    isFullScreen(): boolean {
      return this.fullScreen
    }
    setFullScreen(on: boolean): void {
      this.fullScreen = on
    }
    maximize(): void {
      this.maximized = true
    }
    isMaximized(): boolean {
      return this.maximized
    }
    getNormalBounds(): { x: number; y: number; width: number; height: number } {
      return { x: 40, y: 30, width: 1100, height: 700 }
    }
  }
  return {
    FakeWebContents,
    FakeBrowserWindow,
    openExternal: vi.fn((_url: string) => Promise.resolve())
  }
})

vi.mock('electron', () => ({
  BrowserWindow: fakes.FakeBrowserWindow,
  shell: { openExternal: fakes.openExternal }
}))

const {
  createMainWindow,
  currentBounds,
  guardWebContents,
  isExternalUrl,
  keepInBackground,
  navigationDecision,
  rendererEntry,
  restorableBounds,
  showWindow,
  windowOptions
} = await import('./window')

const APP_FILE = join('/opt', 'driftwatch', 'out', 'renderer', 'index.html')
const APP_URL = pathToFileURL(APP_FILE).href

beforeEach(() => {
  fakes.openExternal.mockClear()
  fakes.FakeBrowserWindow.created = []
})

describe('windowOptions', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security on', () => {
    const options = windowOptions('/opt/driftwatch/out/preload/index.cjs')
    expect(options.webPreferences).toMatchObject({
      preload: '/opt/driftwatch/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false
    })
    expect(options.webPreferences?.nodeIntegrationInWorker).not.toBe(true)
    expect(options.webPreferences?.webviewTag).not.toBe(true)
  })

  it('is titled Driftwatch, sized, and hidden until ready to show', () => {
    const options = windowOptions('/p.cjs')
    expect(options.title).toBe('Driftwatch')
    expect(options.show).toBe(false)
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0)
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0)
    expect(options.minWidth).toBeGreaterThan(0)
  })
})

describe('rendererEntry', () => {
  it('uses the dev server when electron-vite gives one', () => {
    expect(rendererEntry('http://localhost:5173', '/x')).toEqual({
      url: 'http://localhost:5173',
      file: null
    })
  })

  it('uses the built index.html otherwise, or when the variable is not a web URL', () => {
    const dir = join('/opt', 'driftwatch', 'out', 'renderer')
    expect(rendererEntry(undefined, dir)).toEqual({ url: APP_URL, file: APP_FILE })
    expect(rendererEntry('javascript:alert(1)', dir)).toEqual({ url: APP_URL, file: APP_FILE })
  })
})

describe('navigation decisions', () => {
  it('stays on the app, sends web links to the browser, blocks the rest', () => {
    expect(navigationDecision(`${APP_URL}#/report`, APP_URL)).toBe('allow')
    expect(navigationDecision('https://example.com/docs', APP_URL)).toBe('external')
    expect(navigationDecision('http://example.com/', APP_URL)).toBe('external')
    expect(navigationDecision('file:///etc/passwd', APP_URL)).toBe('block')
    expect(navigationDecision('about:blank', APP_URL)).toBe('block')
    expect(navigationDecision('javascript:alert(1)', APP_URL)).toBe('block')
  })

  it('knows web URLs', () => {
    expect(isExternalUrl('https://x.example')).toBe(true)
    expect(isExternalUrl('mailto:a@b.c')).toBe(false)
    expect(isExternalUrl('nonsense')).toBe(false)
  })
})

describe('guardWebContents', () => {
  function guarded(): InstanceType<typeof fakes.FakeWebContents> {
    const contents = new fakes.FakeWebContents()
    guardWebContents(contents as unknown as WebContents, APP_URL)
    return contents
  }

  it('blocks navigation away from the app and opens web links externally', () => {
    const contents = guarded()
    const away = preventableEvent({ url: 'https://evil.example/' })
    contents.fire('will-navigate', away)
    expect(away.prevented).toBe(true)
    expect(fakes.openExternal).toHaveBeenCalledWith('https://evil.example/')

    const file = preventableEvent({ url: 'file:///etc/passwd' })
    contents.fire('will-navigate', file)
    expect(file.prevented).toBe(true)
    expect(fakes.openExternal).toHaveBeenCalledTimes(1)
  })

  it('lets the app reload itself', () => {
    const contents = guarded()
    const same = preventableEvent({ url: APP_URL })
    contents.fire('will-navigate', same)
    expect(same.prevented).toBe(false)
  })

  it('blocks redirects and webviews too', () => {
    const contents = guarded()
    const redirect = preventableEvent({ url: 'https://evil.example/' })
    contents.fire('will-redirect', redirect)
    expect(redirect.prevented).toBe(true)
    const webview = preventableEvent({ url: '' })
    contents.fire('will-attach-webview', webview)
    expect(webview.prevented).toBe(true)
  })

  it('denies every new window, opening web links in the browser', () => {
    const contents = guarded()
    const open = contents.openHandler as (details: { url: string }) => { action: string }
    expect(open({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(fakes.openExternal).toHaveBeenCalledWith('https://example.com/')
    expect(open({ url: APP_URL })).toEqual({ action: 'deny' })
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(fakes.openExternal).toHaveBeenCalledTimes(1)
  })

  it('denies every permission request', () => {
    const contents = guarded()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn()
      const handler = contents.permissionHandler as Listener
      handler(contents, permission, callback, {})
      expect(callback).toHaveBeenCalledWith(false)
    }
  })
})

describe('createMainWindow', () => {
  it('loads the built file, guards it, and shows it when ready', () => {
    const window = createMainWindow('/p.cjs', { url: APP_URL, file: APP_FILE })
    const fake = fakes.FakeBrowserWindow.created[0]
    expect(fake).toBe(window)
    expect(fake?.loaded).toEqual({ file: APP_FILE })
    expect(fake?.options).toEqual(windowOptions('/p.cjs'))
    expect(fake?.webContents.openHandler).not.toBeNull()
    expect(fake?.shown).toBe(false)
    fake?.fire('ready-to-show')
    expect(fake?.shown).toBe(true)
  })

  it('loads the dev server URL in dev', () => {
    createMainWindow('/p.cjs', { url: 'http://localhost:5173', file: null })
    expect(fakes.FakeBrowserWindow.created[0]?.loaded).toEqual({ url: 'http://localhost:5173' })
  })
})

type FakeWindow = InstanceType<typeof fakes.FakeBrowserWindow>

function fakeWindow(): FakeWindow {
  return new fakes.FakeBrowserWindow({})
}

const SAVED = { x: 100, y: 80, width: 1200, height: 800, isMaximized: false }
const SCREEN = { x: 0, y: 0, width: 1920, height: 1040 }

describe('window bounds', () => {
  it('opens where it was, or at the default size', () => {
    expect(windowOptions('/p.cjs', SAVED)).toMatchObject({
      x: 100,
      y: 80,
      width: 1200,
      height: 800
    })
    const fresh = windowOptions('/p.cjs')
    expect(fresh.x).toBeUndefined()
    expect([fresh.width, fresh.height]).toEqual([1280, 840])
  })

  it('restores bounds whose title bar is on a screen, cut to that screen', () => {
    expect(restorableBounds(SAVED, [SCREEN])).toEqual(SAVED)
    const second = { x: 1920, y: 0, width: 1280, height: 1000 }
    const wide = { ...SAVED, x: 2000, width: 3000, height: 2000 }
    expect(restorableBounds(wide, [SCREEN, second])).toEqual({ ...wide, width: 1280, height: 1000 })
  })

  it('forgets bounds on a screen that is gone, or with the title bar out of reach', () => {
    expect(restorableBounds({ ...SAVED, x: 2500 }, [SCREEN])).toBeNull()
    expect(restorableBounds({ ...SAVED, x: 1850 }, [SCREEN])).toBeNull()
    expect(restorableBounds({ ...SAVED, y: -500 }, [SCREEN])).toBeNull()
    expect(restorableBounds(null, [SCREEN])).toBeNull()
  })

  it('reads the normal bounds and whether the window is maximized', () => {
    const window = fakeWindow()
    window.maximized = true
    expect(currentBounds(window as unknown as BrowserWindow)).toEqual({
      x: 40,
      y: 30,
      width: 1100,
      height: 700,
      isMaximized: true
    })
  })
})

describe('createMainWindow in the background', () => {
  it('loads but stays hidden when started at login', () => {
    createMainWindow('/p.cjs', { url: APP_URL, file: APP_FILE }, { show: false })
    const fake = fakes.FakeBrowserWindow.created[0]
    fake?.fire('ready-to-show')
    expect(fake?.shown).toBe(false)
    expect(fake?.loaded).toEqual({ file: APP_FILE })
  })

  it('opens at the saved bounds, maximized once shown when it was', () => {
    const bounds = { ...SAVED, isMaximized: true }
    createMainWindow('/p.cjs', { url: APP_URL, file: APP_FILE }, { bounds })
    const fake = fakes.FakeBrowserWindow.created[0]
    expect(fake?.options).toEqual(windowOptions('/p.cjs', bounds))
    fake?.fire('show')
    expect(fake?.maximized).toBe(true)
  })
})

describe('keepInBackground', () => {
  it('hides the window instead of closing it, after onHide', () => {
    const window = fakeWindow()
    const onHide = vi.fn(() => expect(window.hidden).toBe(false))
    keepInBackground(window as unknown as BrowserWindow, () => false, onHide)
    const close = preventableEvent()
    window.fire('close', close)
    expect(close.prevented).toBe(true)
    expect(window.hidden).toBe(true)
    expect(onHide).toHaveBeenCalledTimes(1)
  })

  it('lets the window close when the app is quitting', () => {
    const window = fakeWindow()
    let isQuitting = false
    keepInBackground(window as unknown as BrowserWindow, () => isQuitting)
    isQuitting = true
    const close = preventableEvent()
    window.fire('close', close)
    expect(close.prevented).toBe(false)
    expect(window.hidden).toBe(false)
  })

  it('lets the window close when the Windows session ends', () => {
    const window = fakeWindow()
    keepInBackground(window as unknown as BrowserWindow, () => false)
    window.fire('session-end', {})
    const close = preventableEvent()
    window.fire('close', close)
    expect(close.prevented).toBe(false)
  })

  it('leaves full screen before hiding', () => {
    const window = fakeWindow()
    window.fullScreen = true
    keepInBackground(window as unknown as BrowserWindow, () => false)
    window.fire('close', preventableEvent())
    expect(window.fullScreen).toBe(false)
    expect(window.hidden).toBe(false)
    window.fire('leave-full-screen')
    expect(window.hidden).toBe(true)
  })
})

describe('showWindow', () => {
  const target = { view: 'report' as const, folder: '/projects/churn', runId: 'run-3' }

  it('restores, shows and focuses the window', () => {
    const window = fakeWindow()
    window.minimized = true
    window.hidden = true
    showWindow(window as unknown as BrowserWindow)
    expect([window.minimized, window.shown, window.focused]).toEqual([false, true, true])
    expect(window.webContents.sent).toEqual([])
  })

  it('tells the renderer where to go', () => {
    const window = fakeWindow()
    showWindow(window as unknown as BrowserWindow, target)
    expect(window.webContents.sent).toEqual([['api:event', 'app:navigate', target]])
  })

  it('waits for a page still loading', () => {
    const window = fakeWindow()
    window.webContents.loading = true
    showWindow(window as unknown as BrowserWindow, target)
    expect(window.webContents.sent).toEqual([])
    window.webContents.fire('did-finish-load')
    expect(window.webContents.sent).toEqual([['api:event', 'app:navigate', target]])
  })
})
