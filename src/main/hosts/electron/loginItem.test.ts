import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  AUTOSTART_FILE,
  autostartDir,
  autostartEntry,
  BACKGROUND_ARG,
  createLoginItem,
  desktopExecArg
} from './loginItem'
import type { LoginItemEnv } from './loginItem'

vi.mock('electron', () => ({}))

function fakeApp(wasOpenedAtLogin = false) {
  const settings = { openAtLogin: false, args: [] as string[] }
  return {
    settings,
    getLoginItemSettings: vi.fn((options?: { args?: string[] }) => ({
      openAtLogin:
        settings.openAtLogin &&
        JSON.stringify(options?.args ?? []) === JSON.stringify(settings.args),
      wasOpenedAtLogin
    })),
    setLoginItemSettings: vi.fn((next: { openAtLogin?: boolean; args?: string[] }) => {
      settings.openAtLogin = next.openAtLogin === true
      settings.args = next.args ?? []
    })
  }
}

type FakeApp = ReturnType<typeof fakeApp>
type AppArg = Parameters<typeof createLoginItem>[0]

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driftwatch-login-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function env(overrides: Partial<LoginItemEnv> = {}): LoginItemEnv {
  return {
    platform: 'linux',
    isPackaged: true,
    executable: '/opt/Driftwatch/driftwatch',
    autostartDir: join(dir, 'autostart'),
    ...overrides
  }
}

function item(app: FakeApp, overrides: Partial<LoginItemEnv> = {}) {
  return createLoginItem(app as unknown as AppArg, env(overrides))
}

describe('on Linux: an XDG autostart entry', () => {
  it('writes the entry on, removes it off, and reads which it is', async () => {
    const login = item(fakeApp())
    expect(login.isSupported).toBe(true)
    expect(login.isEnabled()).toBe(false)
    expect(login.setEnabled(true)).toEqual({ ok: true, value: undefined })
    expect(login.isEnabled()).toBe(true)
    const text = await readFile(join(dir, 'autostart', AUTOSTART_FILE), 'utf8')
    expect(text).toBe(autostartEntry('/opt/Driftwatch/driftwatch'))
    expect(text).toMatch(/^Exec="\/opt\/Driftwatch\/driftwatch" --background$/m)
    expect(login.setEnabled(false).ok).toBe(true)
    expect(login.isEnabled()).toBe(false)
    expect(login.setEnabled(false).ok).toBe(true)
  })

  it('says so when the entry cannot be written', async () => {
    await writeFile(join(dir, 'autostart'), 'a file where the folder should be')
    const result = item(fakeApp()).setEnabled(true)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/could not write its autostart entry/)
  })

  it('knows a start at login by its argument', () => {
    const login = item(fakeApp())
    expect(login.wasStartedAtLogin(['/opt/Driftwatch/driftwatch', BACKGROUND_ARG])).toBe(true)
    expect(login.wasStartedAtLogin(['/opt/Driftwatch/driftwatch'])).toBe(false)
  })
})

describe('on Windows and macOS: Electron’s login item', () => {
  it('Windows: sets the item with --background and reads it with the same arguments', () => {
    const app = fakeApp()
    const login = item(app, { platform: 'win32' })
    expect(login.setEnabled(true).ok).toBe(true)
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({
      openAtLogin: true,
      args: [BACKGROUND_ARG]
    })
    expect(login.isEnabled()).toBe(true)
    login.setEnabled(false)
    expect(login.isEnabled()).toBe(false)
  })

  it('macOS: no arguments; a start at login is told by wasOpenedAtLogin', () => {
    const app = fakeApp(true)
    const login = item(app, { platform: 'darwin' })
    login.setEnabled(true)
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: [] })
    expect(
      login.wasStartedAtLogin(['/Applications/Driftwatch.app/Contents/MacOS/Driftwatch'])
    ).toBe(true)
    expect(item(fakeApp(false), { platform: 'darwin' }).wasStartedAtLogin([])).toBe(false)
  })
})

describe('an unpackaged app', () => {
  it('cannot start at login, and touches nothing', () => {
    const app = fakeApp()
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const login = item(app, { platform, isPackaged: false })
      expect(login.isSupported).toBe(false)
      expect(login.isEnabled()).toBe(false)
      const result = login.setEnabled(true)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message).toMatch(/Only the installed Driftwatch/)
    }
    expect(app.setLoginItemSettings).not.toHaveBeenCalled()
  })
})

describe('desktop entry helpers', () => {
  it('quotes Exec arguments as the desktop entry spec asks', () => {
    expect(desktopExecArg('/opt/Drift watch/app')).toBe('"/opt/Drift watch/app"')
    expect(desktopExecArg('/opt/50%/app')).toBe('"/opt/50%%/app"')
    expect(desktopExecArg('/a"b$c`d')).toBe('"/a\\\\"b\\\\$c\\\\`d"')
    expect(desktopExecArg('C:\\x')).toBe('"C:\\\\\\\\x"')
  })

  it('finds the autostart folder', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/p')).toBe(join('/cfg', 'autostart'))
    expect(autostartDir({}, '/home/p')).toBe(join('/home/p', '.config', 'autostart'))
  })
})
