/**
 * The app window: locked-down web preferences, the renderer it loads, and the guards that keep it on that
 * renderer (no navigation away, no new windows, no permissions); where it was last (restored only where a
 * screen still shows it); and background mode: closing it hides it while the app keeps watching, unless the
 * app is quitting. The decisions are pure functions; the Electron calls only wire them up.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, shell } from 'electron'
import type { BrowserWindowConstructorOptions, Rectangle, WebContents } from 'electron'
import type { NavigateTarget } from '../../../shared/api'
import type { WindowBounds } from '../../project/appState'
import { isTrustedSenderUrl, sendEvent } from './ipc'

/** Where the renderer comes from: a dev server URL, or the built index.html (then `file` is its path). */
export type RendererEntry = Readonly<{ url: string; file: string | null }>

/** What the window does with a navigation: stay (the app itself), hand to the browser, or refuse. */
export type NavigationDecision = 'allow' | 'external' | 'block'

/** How the main window opens: where (the bounds it had, when a screen still shows them) and whether shown. */
export type MainWindowOptions = Readonly<{
  bounds?: WindowBounds | null
  /** False for a start in the background (at login): the window loads but stays hidden. Default true. */
  show?: boolean
}>

/** How much of a window's title bar must lie on a screen for its old bounds to be restored, in pixels. */
const VISIBLE_TITLE = { width: 100, height: 20 } as const

/**
 * The options of the main window: context isolation, a sandboxed preload and no Node in the page.
 * `show: false` until `ready-to-show`, so the window never flashes empty. With `bounds`, it opens there.
 */
export function windowOptions(
  preloadPath: string,
  bounds: WindowBounds | null = null
): BrowserWindowConstructorOptions {
  const place =
    bounds === null
      ? { width: 1280, height: 840 }
      : { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height }
  return {
    title: 'Driftwatch',
    ...place,
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

/**
 * The saved bounds if the top of the window (its title bar) would lie on one of the screens' work areas,
 * its size cut to that screen; null otherwise (a screen was unplugged), and the window opens centred.
 * O(screens).
 */
export function restorableBounds(
  bounds: WindowBounds | null,
  workAreas: readonly Rectangle[]
): WindowBounds | null {
  if (bounds === null) return null
  const area = workAreas.find((a) => {
    const left = Math.max(a.x, bounds.x)
    const right = Math.min(a.x + a.width, bounds.x + bounds.width)
    const top = Math.max(a.y, bounds.y)
    const bottom = Math.min(a.y + a.height, bounds.y + VISIBLE_TITLE.height)
    return right - left >= VISIBLE_TITLE.width && bottom - top >= VISIBLE_TITLE.height
  })
  if (area === undefined) return null
  return {
    ...bounds,
    width: Math.min(bounds.width, area.width),
    height: Math.min(bounds.height, area.height)
  }
}

/** Where the window is, to be restored next time: its normal bounds (not maximized) and whether maximized. */
export function currentBounds(window: BrowserWindow): WindowBounds {
  const { x, y, width, height } = window.getNormalBounds()
  return { x, y, width, height, isMaximized: window.isMaximized() }
}

/**
 * Background mode: closing the window hides it (after `onHide`, which may save its bounds) and the app
 * keeps running, unless `mayClose()` says the app is quitting (or has no tray to come back from). The
 * end of the session on Windows closes it too. A full-screen window leaves full screen first, otherwise
 * macOS would leave an empty black space.
 */
export function keepInBackground(
  window: BrowserWindow,
  mayClose: () => boolean,
  onHide: () => void = () => undefined
): void {
  let isSessionEnding = false
  window.on('session-end', () => {
    isSessionEnding = true
  })
  window.on('close', (event) => {
    if (isSessionEnding || mayClose()) return
    event.preventDefault()
    onHide()
    if (window.isFullScreen()) {
      window.once('leave-full-screen', () => window.hide())
      window.setFullScreen(false)
    } else {
      window.hide()
    }
  })
}

/**
 * Brings the window to the front (restored, shown, focused) and, with `target`, tells the renderer to show
 * that place: at once, or once the page has loaded when it is still loading.
 */
export function showWindow(window: BrowserWindow, target?: NavigateTarget): void {
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
  if (target === undefined) return
  const contents = window.webContents
  if (contents.isLoading()) {
    contents.once('did-finish-load', () => sendEvent(contents, 'app:navigate', target))
  } else {
    sendEvent(contents, 'app:navigate', target)
  }
}

/**
 * Creates the main window on `renderer`, guarded, shown once its first paint is ready (unless it opens
 * in the background), maximized when it was.
 */
export function createMainWindow(
  preloadPath: string,
  renderer: RendererEntry,
  options: MainWindowOptions = {}
): BrowserWindow {
  const bounds = options.bounds ?? null
  const window = new BrowserWindow(windowOptions(preloadPath, bounds))
  guardWebContents(window.webContents, renderer.url)
  if (bounds?.isMaximized === true) window.once('show', () => window.maximize())
  if (options.show !== false) window.once('ready-to-show', () => window.show())
  const loading =
    renderer.file === null ? window.loadURL(renderer.url) : window.loadFile(renderer.file)
  loading.catch((e: unknown) => {
    console.error(`[error] could not load the Driftwatch window from ${renderer.url}: ${String(e)}`)
  })
  return window
}
