// Decisions of `npm start`, kept pure so they can be tested without Electron: where the Electron binary is
// (if it was downloaded at all), whether the build in out/ is current, and how to open a browser.
// Reading node_modules/electron/path.txt ourselves matters: `require('electron')` tries to download the
// binary when it is missing, which this machine cannot do.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The bundles `npm start` needs from `electron-vite build`. */
export const BUILD_OUTPUTS = [
  'out/main/index.js',
  'out/main/cli.js',
  'out/main/worker.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
  'out/export/report.js',
  'out/export/report.css'
]

/** Files and folders whose changes make the build stale. */
export const BUILD_INPUTS = [
  'src',
  'electron.vite.config.ts',
  'vite.export.config.ts',
  'package.json'
]

/**
 * The Electron executable installed under `root`, or null when the package was installed without its
 * binary (ELECTRON_SKIP_BINARY_DOWNLOAD=1). Mirrors node_modules/electron/index.js without downloading:
 * path.txt names the executable inside dist/ (or inside ELECTRON_OVERRIDE_DIST_PATH).
 * @example electronBinaryPath('/repo') // '/repo/node_modules/electron/dist/electron' or null
 */
export function electronBinaryPath(root, env = process.env) {
  const packageDir = join(root, 'node_modules', 'electron')
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const executable = readFileSync(pathFile, 'utf8').trim()
  if (executable.length === 0) return null
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist')
  const binary = join(distDir, executable)
  return existsSync(binary) ? binary : null
}

/** The newest modification time (ms) of a file or of any file below a folder; 0 when missing. */
export function newestMtime(path) {
  let stat
  try {
    stat = statSync(path)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

/** Why out/ must be rebuilt ('missing' or 'stale'), or null when it is current. */
export function buildProblem(root) {
  const outputs = BUILD_OUTPUTS.map((file) => join(root, file))
  if (!outputs.every((file) => existsSync(file))) return 'missing'
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  const newestInput = Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(root, input))))
  return newestInput > oldestOutput ? 'stale' : null
}

/** The `--port` value among the arguments (`--port 8080` or `--port=8080`), or null. */
export function portArgument(args) {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--port' && i + 1 < args.length) return args[i + 1]
    if (arg.startsWith('--port=')) return arg.slice('--port='.length)
  }
  return null
}

/** Whether to open a browser: not when asked not to, nor on a Linux without a display. */
export function shouldOpenBrowser(env = process.env, platform = process.platform) {
  if (env.DRIFTWATCH_NO_OPEN === '1') return false
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return false
  return true
}

/** The command that opens `url` in the default browser on `platform`. */
export function browserCommand(url, platform = process.platform) {
  if (platform === 'darwin') return { command: 'open', args: [url] }
  if (platform === 'win32') {
    return { command: 'cmd', args: ['/c', 'start', '', url.replace(/&/g, '^&')] }
  }
  return { command: 'xdg-open', args: [url] }
}

/** The line `driftwatch serve` prints once it listens. */
export const SERVING_LINE = /Driftwatch is serving on (http:\/\/\S+)/

/** The one line `npm start` prints when it falls back to the browser. */
export const FALLBACK_MESSAGE =
  'Electron\'s binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); opening Driftwatch in your browser through "driftwatch serve" instead.'
