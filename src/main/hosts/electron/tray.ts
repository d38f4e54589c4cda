/**
 * The tray icon: its image, its tooltip and its context menu, rebuilt from trayMenu's plain-data menu
 * whenever the state changes; each item's action goes to one of the callbacks. Clicking the icon opens the
 * window on Windows (and on Linux desktops that report clicks); on macOS a click opens the menu.
 */
import { join } from 'node:path'
import { Menu, nativeImage, Tray } from 'electron'
import type { MenuItemConstructorOptions } from 'electron'
import { trayMenu } from './trayMenu'
import type { TrayAction, TrayMenuItem, TrayState } from './trayMenu'

/** What the tray's items do. */
export type TrayCallbacks = Readonly<{
  onOpen: () => void
  onOpenProject: (folder: string) => void
  onPause: (folder: string) => void
  onResume: (folder: string) => void
  onToggleLogin: () => void
  onQuit: () => void
}>

/** The tray as the background host drives it. */
export type TrayView = Readonly<{
  /** Shows `state`: tooltip and menu (rebuilt only when they changed). */
  update: (state: TrayState) => void
  destroy: () => void
}>

/**
 * The icon file for `platform` in `iconDir` (resources/tray): a template image on macOS, which the system
 * tints for light and dark menu bars; a coloured one elsewhere. The @2x file beside it is found by Electron.
 */
export function trayIconPath(iconDir: string, platform: NodeJS.Platform): string {
  return join(iconDir, platform === 'darwin' ? 'trayTemplate.png' : 'tray.png')
}

/** Calls the callback an action stands for. */
export function dispatchTrayAction(action: TrayAction, callbacks: TrayCallbacks): void {
  switch (action.kind) {
    case 'open-window':
      return callbacks.onOpen()
    case 'open-project':
      return callbacks.onOpenProject(action.folder)
    case 'pause':
      return callbacks.onPause(action.folder)
    case 'resume':
      return callbacks.onResume(action.folder)
    case 'toggle-login':
      return callbacks.onToggleLogin()
    case 'quit':
      return callbacks.onQuit()
    default:
      return assertNever(action)
  }
}

/**
 * Electron's menu template for trayMenu's items. Labels come from project and file names, so their `&`
 * is doubled where Electron reads it as a mnemonic marker (Windows and Linux).
 */
export function menuTemplate(
  items: readonly TrayMenuItem[],
  callbacks: TrayCallbacks,
  platform: NodeJS.Platform
): MenuItemConstructorOptions[] {
  const label = (text: string): string => (platform === 'darwin' ? text : text.replace(/&/g, '&&'))
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' }
      case 'submenu':
        return {
          type: 'submenu',
          label: label(item.label),
          enabled: item.enabled,
          submenu: menuTemplate(item.items, callbacks, platform)
        }
      case 'checkbox':
        return {
          type: 'checkbox',
          label: label(item.label),
          enabled: item.enabled,
          checked: item.checked,
          click: () => dispatchTrayAction(item.action, callbacks)
        }
      case 'normal': {
        const action = item.action
        return {
          type: 'normal',
          label: label(item.label),
          enabled: item.enabled,
          ...(action === undefined ? {} : { click: () => dispatchTrayAction(action, callbacks) })
        }
      }
      default:
        return assertNever(item)
    }
  })
}

/** Creates the tray icon; `update` gives it its menu. */
export function createTray(
  iconPath: string,
  callbacks: TrayCallbacks,
  platform: NodeJS.Platform = process.platform
): TrayView {
  const image = nativeImage.createFromPath(iconPath)
  if (platform === 'darwin') image.setTemplateImage(true)
  const tray = new Tray(image)
  // On macOS a click opens the menu; opening the window as well would get in the way.
  if (platform !== 'darwin') tray.on('click', () => callbacks.onOpen())
  let shown = ''
  return {
    update(state) {
      if (tray.isDestroyed()) return
      const menu = trayMenu(state)
      const key = JSON.stringify(menu)
      if (key === shown) return
      shown = key
      tray.setToolTip(menu.tooltip)
      tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(menu.items, callbacks, platform)))
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy()
    }
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected tray item ${JSON.stringify(value)}.`)
}
