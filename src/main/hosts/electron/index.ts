/**
 * The desktop host: one instance, one window, the backend behind IPC, and background mode: closing the
 * window hides it while the tray keeps the app (and the projects it watches) running; the app quits only
 * when asked (the tray's Quit, the app menu, the system). Everything that can be decided without Electron
 * lives in window.ts, ipc.ts, dialogs.ts, trayMenu.ts, background.ts and loginItem.ts; this file only
 * wires the app's lifecycle.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, ipcMain, screen } from 'electron'
import type { BrowserWindow } from 'electron'
import type { NavigateTarget } from '../../../shared/api'
import { createBackend } from '../../api'
import type { Backend } from '../../backend'
import { createNotifier } from '../../notify/notifier'
import type { LogSink, Notifier } from '../../notify/notifier'
import { openAppStateStore } from '../../project/appState'
import type { AppStateStore } from '../../project/appState'
import { createBackgroundHost } from './background'
import type { BackgroundHost } from './background'
import { createDesktopNotifications } from './desktopNotifications'
import type { DesktopNotifications } from './desktopNotifications'
import { createPickFile, createPickFolder } from './dialogs'
import { isTrustedSenderUrl, registerIpc } from './ipc'
import { autostartDir, BACKGROUND_ARG, createLoginItem } from './loginItem'
import { createTray, trayIconPath } from './tray'
import {
  createMainWindow,
  currentBounds,
  keepInBackground,
  type RendererEntry,
  rendererEntry,
  restorableBounds,
  showWindow
} from './window'

/** Built beside this bundle: out/main/index.js -> out/preload/index.cjs and out/renderer/. */
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))
/** The tray icons, from out/main/index.js: resources/tray/. */
const trayIconDir = fileURLToPath(new URL('../../resources/tray', import.meta.url))

const log: LogSink = (level, text) => console.error(`[${level}] ${text}`)

let renderer: RendererEntry | null = null
let mainWindow: BrowserWindow | null = null
let backend: Backend | null = null
let unregisterIpc: (() => void) | null = null
let settings: AppStateStore | null = null
let notifications: DesktopNotifications | null = null
let notifier: Notifier | null = null
let background: BackgroundHost | null = null
/** Set once the app is asked to quit: from then on, closing the window closes it. */
let isQuitting = false
let quitState: 'running' | 'disposing' | 'disposed' = 'running'

function openWindow(entry: RendererEntry, show: boolean): BrowserWindow {
  const saved = settings?.get().windowBounds ?? null
  const bounds = restorableBounds(
    saved,
    screen.getAllDisplays().map((display) => display.workArea)
  )
  const window = createMainWindow(preloadPath, entry, { bounds, show })
  // Without a tray nothing could bring a hidden window back, so closing it quits.
  keepInBackground(
    window,
    () => isQuitting || background?.hasTray !== true,
    () => saveBounds(window)
  )
  window.on('show', () => background?.refresh())
  window.on('hide', () => background?.refresh())
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null
  })
  mainWindow = window
  return window
}

function saveBounds(window: BrowserWindow): void {
  if (settings === null || window.isDestroyed()) return
  const bounds = currentBounds(window)
  void settings.update((state) => ({ ...state, windowBounds: bounds }))
}

/** Shows the window (opening it again if it was closed) and, with `target`, that place in it. */
function revealWindow(target?: NavigateTarget): void {
  if (renderer === null) return
  if (mainWindow === null || mainWindow.isDestroyed()) {
    const window = openWindow(renderer, false)
    window.once('ready-to-show', () => showWindow(window, target))
    return
  }
  showWindow(mainWindow, target)
}

async function start(): Promise<void> {
  await app.whenReady()
  // The dev server is trusted only in an unpackaged app (electron-vite dev sets the variable).
  const devUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
  const entry = rendererEntry(devUrl, rendererDir)
  renderer = entry
  const dataDir = app.getPath('userData')
  const store = await openAppStateStore(dataDir, log)
  settings = store
  const loginItem = createLoginItem(app, {
    platform: process.platform,
    isPackaged: app.isPackaged,
    executable: process.env['APPIMAGE'] ?? process.execPath,
    autostartDir: autostartDir()
  })
  // The system's login items are the truth: the person may have changed them in its settings.
  const isLoginEnabled = loginItem.isSupported && loginItem.isEnabled()
  if (loginItem.isSupported && isLoginEnabled !== store.get().openAtLogin) {
    void store.update((state) => ({ ...state, openAtLogin: isLoginEnabled }))
  }

  backend = createBackend({
    host: 'electron',
    dataDir,
    appState: store,
    // The tray's host delivers notifications (OS and webhook) from the project events below.
    notifier: null,
    pickFile: createPickFile(() => mainWindow),
    pickFolder: createPickFolder(() => mainWindow)
  })
  const api = backend
  unregisterIpc = registerIpc(
    ipcMain,
    backend,
    (url) => isTrustedSenderUrl(url, entry.url),
    () => mainWindow?.webContents ?? null
  )

  const inBackground = loginItem.wasStartedAtLogin(process.argv)
  openWindow(entry, !inBackground)
  notifications = createDesktopNotifications(
    (target) => revealWindow(target),
    join(trayIconDir, 'tray@2x.png')
  )
  const desktop = notifications
  notifier = createNotifier({ showDesktop: (notification) => desktop.show(notification), log })
  background = createBackgroundHost({
    createTray: (callbacks) => createTray(trayIconPath(trayIconDir, process.platform), callbacks),
    notifier,
    showWindow: revealWindow,
    isWindowVisible: () =>
      mainWindow !== null && !mainWindow.isDestroyed() && mainWindow.isVisible(),
    loginItem,
    onLoginChanged: (enabled) => {
      void store.update((state) => ({ ...state, openAtLogin: enabled }))
    },
    controls: {
      pause: (folder) => api.call('project:pause', { folder }),
      resume: (folder) => api.call('project:resume', { folder })
    },
    quit: () => app.quit(),
    log
  })
  const host = background
  api.on('project:changed', (change) => {
    void host.onProjectEvent(change.summary, change.event, {
      ...(change.batch === undefined ? {} : { batch: change.batch })
    })
    void api.projectSummaries().then((summaries) => host.setProjects(summaries))
  })
  // The projects watched when the app last stopped are watched again (catching up on what arrived).
  void api.restoreProjects()
  if (inBackground && !background.hasTray) revealWindow()
  app.on('activate', () => revealWindow())
}

/** Stops everything the host started; the backend and the settings are awaited. */
function dispose(): Promise<unknown> {
  unregisterIpc?.()
  background?.dispose()
  notifier?.dispose()
  notifications?.dispose()
  return Promise.all([backend?.dispose(), settings?.flush()])
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // A second launch shows this instance's window, unless it is a start at login.
  app.on('second-instance', (_event, argv) => {
    if (!argv.includes(BACKGROUND_ARG)) revealWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('before-quit', () => {
    isQuitting = true
    if (mainWindow !== null && !mainWindow.isDestroyed() && mainWindow.isVisible()) {
      saveBounds(mainWindow)
    }
  })
  app.on('will-quit', (event) => {
    if (quitState === 'disposed' || backend === null) return
    event.preventDefault()
    if (quitState === 'disposing') return
    quitState = 'disposing'
    dispose()
      .catch((e: unknown) => console.error(`[error] could not stop the backend: ${String(e)}`))
      .finally(() => {
        quitState = 'disposed'
        app.quit()
      })
  })
  start().catch((e: unknown) => {
    console.error(
      `[error] Driftwatch could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`
    )
    app.exit(1)
  })
}
