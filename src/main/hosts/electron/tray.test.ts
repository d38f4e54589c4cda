import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { REPO_ROOT } from '../../../../test/paths'
import type { TrayProject, TrayState } from './trayMenu'

const fakes = vi.hoisted(() => {
  class FakeTray {
    static created: FakeTray[] = []
    readonly listeners = new Map<string, () => void>()
    tooltip = ''
    menu: { template: unknown[] } | null = null
    menuBuilds = 0
    destroyed = false
    constructor(readonly image: { path: string; template: boolean }) {
      FakeTray.created.push(this)
    }
    on(name: string, listener: () => void): this {
      this.listeners.set(name, listener)
      return this
    }
    setToolTip(text: string): void {
      this.tooltip = text
    }
    setContextMenu(menu: { template: unknown[] }): void {
      this.menu = menu
      this.menuBuilds++
    }
    isDestroyed(): boolean {
      return this.destroyed
    }
    destroy(): void {
      this.destroyed = true
    }
  }
  return {
    FakeTray,
    createFromPath: vi.fn((path: string) => {
      const image = {
        path,
        template: false,
        setTemplateImage: (on: boolean) => {
          image.template = on
        }
      }
      return image
    }),
    buildFromTemplate: vi.fn((template: unknown[]) => ({ template }))
  }
})

vi.mock('electron', () => ({
  Tray: fakes.FakeTray,
  Menu: { buildFromTemplate: fakes.buildFromTemplate },
  nativeImage: { createFromPath: fakes.createFromPath }
}))

const { createTray, dispatchTrayAction, menuTemplate, trayIconPath } = await import('./tray')
const { trayMenu } = await import('./trayMenu')

function callbacks() {
  return {
    onOpen: vi.fn(),
    onOpenProject: vi.fn(),
    onPause: vi.fn(),
    onResume: vi.fn(),
    onToggleLogin: vi.fn(),
    onQuit: vi.fn()
  }
}

const churn: TrayProject = {
  folder: '/projects/churn',
  name: 'R&D churn',
  mode: 'watching',
  counts: { queued: 0, running: 0, done: 3, failed: 0 },
  latestVerdict: { file: 'week3.csv', verdict: 'drift', at: '2024-05-20T08:00:00.000Z' }
}

const STATE: TrayState = {
  projects: [churn],
  isWindowVisible: false,
  openAtLogin: false,
  canOpenAtLogin: true
}

/** The built menu's items, found by label, across submenus. */
function find(
  template: readonly MenuItemConstructorOptions[],
  label: string
): MenuItemConstructorOptions {
  for (const item of template) {
    if (item.label === label) return item
    const inner = Array.isArray(item.submenu) ? find(item.submenu, label) : undefined
    if (inner !== undefined) return inner
  }
  return undefined as unknown as MenuItemConstructorOptions
}

function click(item: MenuItemConstructorOptions): void {
  ;(item.click as () => void)()
}

beforeEach(() => {
  fakes.FakeTray.created = []
  fakes.buildFromTemplate.mockClear()
})

describe('trayIconPath', () => {
  it('a template image on macOS, the coloured icon elsewhere', () => {
    expect(trayIconPath('/app/resources/tray', 'darwin')).toBe(
      join('/app/resources/tray', 'trayTemplate.png')
    )
    expect(trayIconPath('/app/resources/tray', 'win32')).toBe(
      join('/app/resources/tray', 'tray.png')
    )
    expect(trayIconPath('/app/resources/tray', 'linux')).toBe(
      join('/app/resources/tray', 'tray.png')
    )
  })
})

describe('createTray', () => {
  it('shows the icon, the tooltip and the menu of the state', () => {
    const view = createTray('/icons/tray.png', callbacks(), 'linux')
    const tray = fakes.FakeTray.created[0]
    expect(tray?.image).toMatchObject({ path: '/icons/tray.png', template: false })
    view.update(STATE)
    expect(tray?.tooltip).toBe('Driftwatch: Watching 1 project · last batch week3.csv: drift')
    const template = tray?.menu?.template as MenuItemConstructorOptions[]
    expect(template.map((item) => item.label ?? item.type)).toEqual([
      'Watching 1 project · last batch week3.csv: drift',
      'separator',
      'Open Driftwatch',
      'separator',
      'R&&D churn — watching · week3.csv: drift',
      'separator',
      'Start at login',
      'separator',
      'Quit Driftwatch'
    ])
  })

  it('routes every item to its callback', () => {
    const on = callbacks()
    const view = createTray('/icons/tray.png', on, 'linux')
    view.update(STATE)
    const template = fakes.FakeTray.created[0]?.menu?.template as MenuItemConstructorOptions[]
    click(find(template, 'Open Driftwatch'))
    expect(on.onOpen).toHaveBeenCalledTimes(1)
    click(find(template, 'Open project'))
    expect(on.onOpenProject).toHaveBeenCalledWith('/projects/churn')
    click(find(template, 'Pause watching'))
    expect(on.onPause).toHaveBeenCalledWith('/projects/churn')
    click(find(template, 'Start at login'))
    expect(on.onToggleLogin).toHaveBeenCalledTimes(1)
    click(find(template, 'Quit Driftwatch'))
    expect(on.onQuit).toHaveBeenCalledTimes(1)
    expect(find(template, 'Watching 1 project · last batch week3.csv: drift').click).toBeUndefined()
  })

  it('offers resume for a paused project', () => {
    const on = callbacks()
    const view = createTray('/icons/tray.png', on, 'linux')
    view.update({ ...STATE, projects: [{ ...churn, mode: 'paused' }] })
    const template = fakes.FakeTray.created[0]?.menu?.template as MenuItemConstructorOptions[]
    click(find(template, 'Resume watching'))
    expect(on.onResume).toHaveBeenCalledWith('/projects/churn')
  })

  it('rebuilds the menu only when it changed', () => {
    const view = createTray('/icons/tray.png', callbacks(), 'linux')
    view.update(STATE)
    view.update({ ...STATE })
    expect(fakes.FakeTray.created[0]?.menuBuilds).toBe(1)
    view.update({ ...STATE, openAtLogin: true })
    expect(fakes.FakeTray.created[0]?.menuBuilds).toBe(2)
    const template = fakes.FakeTray.created[0]?.menu?.template as MenuItemConstructorOptions[]
    expect(find(template, 'Start at login').checked).toBe(true)
  })

  it('opens the window on a click, except on macOS where a click opens the menu', () => {
    const on = callbacks()
    createTray('/icons/tray.png', on, 'win32')
    fakes.FakeTray.created[0]?.listeners.get('click')?.()
    expect(on.onOpen).toHaveBeenCalledTimes(1)
    createTray('/icons/trayTemplate.png', on, 'darwin')
    const mac = fakes.FakeTray.created[1]
    expect(mac?.listeners.has('click')).toBe(false)
    expect(mac?.image.template).toBe(true)
  })

  it('stops updating once destroyed', () => {
    const view = createTray('/icons/tray.png', callbacks(), 'linux')
    view.destroy()
    view.update(STATE)
    expect(fakes.FakeTray.created[0]?.destroyed).toBe(true)
    expect(fakes.FakeTray.created[0]?.menu).toBeNull()
    expect(() => view.destroy()).not.toThrow()
  })
})

describe('menuTemplate and dispatchTrayAction', () => {
  it('keeps & as it is on macOS', () => {
    const template = menuTemplate(trayMenu(STATE).items, callbacks(), 'darwin')
    expect(template[4]?.label).toBe('R&D churn — watching · week3.csv: drift')
  })

  it('dispatches each action kind', () => {
    const on = callbacks()
    dispatchTrayAction({ kind: 'resume', folder: '/p' }, on)
    dispatchTrayAction({ kind: 'open-window' }, on)
    expect(on.onResume).toHaveBeenCalledWith('/p')
    expect(on.onOpen).toHaveBeenCalledTimes(1)
  })
})

/** The width, height, colour type and RGBA pixels of a PNG in resources/tray. */
function readPng(name: string): {
  width: number
  height: number
  colourType: number
  pixels: Buffer
} {
  const file = readFileSync(join(REPO_ROOT, 'resources', 'tray', name))
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const width = file.readUInt32BE(16)
  const height = file.readUInt32BE(20)
  const idat = file.indexOf('IDAT', 33, 'ascii')
  const rows = inflateSync(file.subarray(idat + 4, idat + 4 + file.readUInt32BE(idat - 4)))
  const pixels = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y++) {
    rows.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1))
  }
  return { width, height, colourType: file[25] ?? -1, pixels }
}

describe('the tray icons in resources/tray', () => {
  it('are 16×16 and 32×32 RGBA images with a visible glyph', () => {
    for (const [name, size] of [
      ['trayTemplate.png', 16],
      ['trayTemplate@2x.png', 32],
      ['tray.png', 16],
      ['tray@2x.png', 32]
    ] as const) {
      const png = readPng(name)
      expect([png.width, png.height, png.colourType]).toEqual([size, size, 6])
      let opaque = 0
      for (let i = 3; i < png.pixels.length; i += 4) if ((png.pixels[i] ?? 0) > 200) opaque++
      expect(opaque).toBeGreaterThan(size * 2)
      expect(opaque).toBeLessThan(size * size * 0.6)
    }
  })

  it('template images are black, their shape in the alpha channel only', () => {
    const { pixels } = readPng('trayTemplate@2x.png')
    for (let i = 0; i < pixels.length; i += 4) {
      expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([0, 0, 0])
    }
  })

  it('are what scripts/trayIcon.mjs draws', () => {
    const check = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'trayIcon.mjs'), '--check'],
      {
        encoding: 'utf8'
      }
    )
    expect(check.stderr).toBe('')
    expect(check.status).toBe(0)
  })
})
