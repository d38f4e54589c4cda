import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { WebContents } from 'electron'

type Listener = (...args: unknown[]) => void

const fakes = vi.hoisted(() => {
  class FakeEmitter {
    readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>()
    on(name: string, listener: (...args: unknown[]) => void): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
      return this
    }
    once(name: string, listener: (...args: unknown[]) => void): this {
      return this.on(name, listener)
    }
    fire(name: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(name) ?? []) listener(...args)
    }
  }
  class FakeWebContents extends FakeEmitter {
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
  guardWebContents,
  isExternalUrl,
  navigationDecision,
  rendererEntry,
  windowOptions
} = await import('./window')

const APP_FILE = join('/opt', 'driftwatch', 'out', 'renderer', 'index.html')
const APP_URL = pathToFileURL(APP_FILE).href

function navigation(url: string): { url: string; preventDefault: () => void; prevented: boolean } {
  const event = {
    url,
    prevented: false,
    preventDefault: () => {
      event.prevented = true
    }
  }
  return event
}

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
    const away = navigation('https://evil.example/')
    contents.fire('will-navigate', away)
    expect(away.prevented).toBe(true)
    expect(fakes.openExternal).toHaveBeenCalledWith('https://evil.example/')

    const file = navigation('file:///etc/passwd')
    contents.fire('will-navigate', file)
    expect(file.prevented).toBe(true)
    expect(fakes.openExternal).toHaveBeenCalledTimes(1)
  })

  it('lets the app reload itself', () => {
    const contents = guarded()
    const same = navigation(APP_URL)
    contents.fire('will-navigate', same)
    expect(same.prevented).toBe(false)
  })

  it('blocks redirects and webviews too', () => {
    const contents = guarded()
    const redirect = navigation('https://evil.example/')
    contents.fire('will-redirect', redirect)
    expect(redirect.prevented).toBe(true)
    const webview = navigation('')
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
