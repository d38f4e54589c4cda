/**
 * Start at login, in the background (no window, the tray only). macOS and Windows: Electron's login item
 * settings; on Windows the item passes `--background`, on macOS `wasOpenedAtLogin` tells the start apart.
 * Linux: an XDG autostart entry (`$XDG_CONFIG_HOME/autostart/driftwatch.desktop`), which Electron does not
 * manage. Only an installed (packaged) app can be a login item: an unpackaged one would register the bare
 * Electron binary, which opens no app.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { App } from 'electron'
import { err, ok } from '../../../shared/errors'
import type { Result } from '../../../shared/errors'

/** The argument a start at login passes, so the app starts without a window. */
export const BACKGROUND_ARG = '--background'

export const AUTOSTART_FILE = 'driftwatch.desktop'

export type LoginItem = Readonly<{
  /** Whether start at login can be set here. */
  isSupported: boolean
  isEnabled: () => boolean
  setEnabled: (enabled: boolean) => Result<void>
  /** Whether this process was started at login (then it starts in the background). */
  wasStartedAtLogin: (argv: readonly string[]) => boolean
}>

export type LoginItemEnv = Readonly<{
  platform: NodeJS.Platform
  isPackaged: boolean
  /** What a login starts: the app's executable (on Linux, the AppImage when it runs from one). */
  executable: string
  /** Linux: the XDG autostart folder. */
  autostartDir: string
}>

/** `$XDG_CONFIG_HOME/autostart`, or `~/.config/autostart`. */
export function autostartDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = homedir()
): string {
  const config = env['XDG_CONFIG_HOME']
  return join(
    config !== undefined && config.length > 0 ? config : join(home, '.config'),
    'autostart'
  )
}

/**
 * One argument of a desktop entry's `Exec` key: double-quoted with `"`, `` ` ``, `$` and `\` escaped, `%`
 * doubled (field codes), then backslashes doubled again by the string escaping that applies to every value.
 * Reference: https://specifications.freedesktop.org/desktop-entry-spec/latest/exec-variables.html
 * @example desktopExecArg('/opt/Drift watch/driftwatch') // '"/opt/Drift watch/driftwatch"'
 */
export function desktopExecArg(arg: string): string {
  const quoted = `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`
  return quoted.replace(/%/g, '%%').replace(/\\/g, '\\\\')
}

/** The autostart entry that starts `executable` in the background at login. */
export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Driftwatch',
    'Comment=Watches your ML project folders for new data batches.',
    `Exec=${desktopExecArg(executable)} ${BACKGROUND_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    ''
  ].join('\n')
}

type LoginSettingsApp = Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>

/** Start at login for this platform, through `app` (macOS, Windows) or an autostart entry (Linux). */
export function createLoginItem(app: LoginSettingsApp, env: LoginItemEnv): LoginItem {
  const isKnownPlatform = ['darwin', 'win32', 'linux'].includes(env.platform)
  const isSupported = env.isPackaged && isKnownPlatform
  const hasArgument = (argv: readonly string[]): boolean => argv.includes(BACKGROUND_ARG)
  const unsupported = (): Result<void> =>
    err(
      'UNSUPPORTED',
      env.isPackaged
        ? 'Driftwatch cannot start at login on this system. Add it to the programs your desktop starts at login.'
        : 'Only the installed Driftwatch can start at login; this one runs from its sources.'
    )

  if (env.platform === 'linux') {
    const file = join(env.autostartDir, AUTOSTART_FILE)
    return {
      isSupported,
      isEnabled: () => existsSync(file),
      setEnabled(enabled) {
        if (!isSupported) return unsupported()
        try {
          if (enabled) {
            mkdirSync(env.autostartDir, { recursive: true })
            writeFileSync(file, autostartEntry(env.executable), 'utf8')
          } else {
            rmSync(file, { force: true })
          }
          return ok(undefined)
        } catch (e) {
          return err(
            'INTERNAL',
            `Driftwatch could not ${enabled ? 'write' : 'remove'} its autostart entry ${file}. Check that the folder is writable.`,
            String(e)
          )
        }
      },
      wasStartedAtLogin: hasArgument
    }
  }

  const args = env.platform === 'win32' ? [BACKGROUND_ARG] : []
  return {
    isSupported,
    isEnabled: () => isSupported && app.getLoginItemSettings({ args }).openAtLogin,
    setEnabled(enabled) {
      if (!isSupported) return unsupported()
      try {
        app.setLoginItemSettings({ openAtLogin: enabled, args })
        return ok(undefined)
      } catch (e) {
        return err(
          'INTERNAL',
          `Driftwatch could not ${enabled ? 'add itself to' : 'remove itself from'} the login items. Try again from the system settings.`,
          String(e)
        )
      }
    },
    wasStartedAtLogin: (argv) =>
      hasArgument(argv) ||
      (env.platform === 'darwin' && isSupported && app.getLoginItemSettings().wasOpenedAtLogin)
  }
}
