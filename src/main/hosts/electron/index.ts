/**
 * The desktop host: one instance, one window, the backend behind IPC. Everything that can be decided
 * without Electron lives in window.ts, ipc.ts and dialogs.ts; this file only wires the app's lifecycle.
 */
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, ipcMain } from 'electron'
import { createBackend } from '../../api'
import type { Backend } from '../../backend'
import { createPickFile } from './dialogs'
import { isTrustedSenderUrl, registerIpc } from './ipc'
import { createMainWindow, type RendererEntry, rendererEntry } from './window'

/** Built beside this bundle: out/main/index.js -> out/preload/index.cjs and out/renderer/. */
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))

let mainWindow: BrowserWindow | null = null
let backend: Backend | null = null
let unregisterIpc: (() => void) | null = null
let quitState: 'running' | 'disposing' | 'disposed' = 'running'

function openWindow(renderer: RendererEntry): BrowserWindow {
  const window = createMainWindow(preloadPath, renderer)
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null
  })
  mainWindow = window
  return window
}

function focusWindow(): void {
  if (mainWindow === null) return
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.focus()
}

async function start(): Promise<void> {
  await app.whenReady()
  // The dev server is trusted only in an unpackaged app (electron-vite dev sets the variable).
  const devUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
  const renderer = rendererEntry(devUrl, rendererDir)
  backend = createBackend({
    host: 'electron',
    dataDir: app.getPath('userData'),
    pickFile: createPickFile(() => mainWindow)
  })
  unregisterIpc = registerIpc(
    ipcMain,
    backend,
    (url) => isTrustedSenderUrl(url, renderer.url),
    () => mainWindow?.webContents ?? null
  )
  openWindow(renderer)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(renderer)
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', focusWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', (event) => {
    if (quitState === 'disposed' || backend === null) return
    event.preventDefault()
    if (quitState === 'disposing') return
    quitState = 'disposing'
    unregisterIpc?.()
    backend
      .dispose()
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
