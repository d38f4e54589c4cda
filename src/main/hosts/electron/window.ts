/**
 * The app window: locked-down web preferences, the renderer it loads, and the guards that keep it on that
 * renderer (no navigation away, no new windows, no permissions). The decisions are pure functions; the
 * Electron calls only wire them up.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, shell } from 'electron'
import type { BrowserWindowConstructorOptions, WebContents } from 'electron'
import { isTrustedSenderUrl } from './ipc'

/** Where the renderer comes from: a dev server URL, or the built index.html (then `file` is its path). */
export type RendererEntry = Readonly<{ url: string; file: string | null }>

/** What the window does with a navigation: stay (the app itself), hand to the browser, or refuse. */
export type NavigationDecision = 'allow' | 'external' | 'block'

/**
 * The options of the main window: context isolation, a sandboxed preload and no Node in the page.
 * `show: false` until `ready-to-show`, so the window never flashes empty.
 */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Driftwatch',
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false
    }
  }
}

/**
 * The renderer to load: the electron-vite dev server (`ELECTRON_RENDERER_URL`) when given, otherwise the
 * built `index.html` in `rendererDir`.
 */
export function rendererEntry(devUrl: string | undefined, rendererDir: string): RendererEntry {
  if (devUrl !== undefined && /^https?:\/\//.test(devUrl)) return { url: devUrl, file: null }
  const file = join(rendererDir, 'index.html')
  return { url: pathToFileURL(file).href, file }
}

/** Whether a URL is a web page the system browser should open. */
export function isExternalUrl(url: string): boolean {
  try {
    const protocol = new URL(url).protocol
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

/** A navigation of the app window may only stay on the app; web links go to the browser. */
export function navigationDecision(targetUrl: string, rendererUrl: string): NavigationDecision {
  if (isTrustedSenderUrl(targetUrl, rendererUrl)) return 'allow'
  return isExternalUrl(targetUrl) ? 'external' : 'block'
}

/**
 * Keeps `contents` on the app: blocks navigation elsewhere, denies every new window (web links open in
 * the system browser) and every permission request.
 */
export function guardWebContents(
  contents: WebContents,
  rendererUrl: string,
  openExternal: (url: string) => Promise<void> = (url) => shell.openExternal(url)
): void {
  const guardNavigation = (event: { url: string; preventDefault: () => void }): void => {
    const decision = navigationDecision(event.url, rendererUrl)
    if (decision === 'allow') return
    event.preventDefault()
    if (decision === 'external') void openExternal(event.url).catch(() => undefined)
  }
  contents.on('will-navigate', guardNavigation)
  contents.on('will-redirect', guardNavigation)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrl(url)) void openExternal(url).catch(() => undefined)
    return { action: 'deny' }
  })
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false)
  )
}

/** Creates the main window on `renderer`, guarded, shown once its first paint is ready. */
export function createMainWindow(preloadPath: string, renderer: RendererEntry): BrowserWindow {
  const window = new BrowserWindow(windowOptions(preloadPath))
  guardWebContents(window.webContents, renderer.url)
  window.once('ready-to-show', () => window.show())
  const loading =
    renderer.file === null ? window.loadURL(renderer.url) : window.loadFile(renderer.file)
  loading.catch((e: unknown) => {
    console.error(`[error] could not load the Driftwatch window from ${renderer.url}: ${String(e)}`)
  })
  return window
}
