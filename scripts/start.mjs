#!/usr/bin/env node
// `npm start`: builds out/ (the app and the HTML export bundle) when it is missing or older than the
// sources, then opens Driftwatch in Electron.
// When Electron's binary was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1), it says so in one line
// and runs `driftwatch serve` instead, opening the served URL in the browser. Signals go to the child and
// the child's exit code becomes ours.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { constants } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  browserCommand,
  buildProblem,
  electronBinaryPath,
  FALLBACK_MESSAGE,
  portArgument,
  SERVING_LINE,
  shouldOpenBrowser
} from './electronBinary.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
// Its own process group on POSIX, so a Ctrl+C reaches the child once (forwarded), not twice.
const detached = process.platform !== 'win32'

/** The builds of `npm run build`: the app (electron-vite), then the HTML export bundle (vite). */
const BUILDS = [
  { bin: ['electron-vite', 'bin', 'electron-vite.js'], args: ['electron-vite', 'build'] },
  { bin: ['vite', 'bin', 'vite.js'], args: ['vite', 'build', '-c', 'vite.export.config.ts'] }
]

/** Runs the builds when out/ is missing or stale; build output goes to stderr. */
function ensureBuilt() {
  const problem = buildProblem(root)
  if (problem === null) return true
  process.stderr.write(
    `Building Driftwatch (out/ is ${problem === 'missing' ? 'missing' : 'older than the sources'})...\n`
  )
  for (const build of BUILDS) {
    const bin = join(root, 'node_modules', ...build.bin)
    const [command, commandArgs] = existsSync(bin)
      ? [process.execPath, [bin, ...build.args.slice(1)]]
      : ['npx', build.args]
    // A production build whatever the shell says: NODE_ENV=test or development would build React's
    // development JSX into the export bundle, a third larger.
    const result = spawnSync(command, commandArgs, {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 2, 2],
      shell: command === 'npx' && process.platform === 'win32'
    })
    if (result.status !== 0) {
      process.stderr.write(
        'npm start: the build failed (see above); fix it and run "npm start" again.\n'
      )
      return false
    }
  }
  return true
}

function openBrowser(url) {
  if (!shouldOpenBrowser()) return
  const { command, args: commandArgs } = browserCommand(url)
  try {
    const opener = spawn(command, commandArgs, { stdio: 'ignore', detached: true })
    opener.on('error', () => undefined)
    opener.unref()
  } catch {
    // No browser opener here: the URL is printed above.
  }
}

function startElectron(binary) {
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  return spawn(binary, ['.', ...args], { cwd: root, stdio: 'inherit', env, detached })
}

function startServe() {
  process.stdout.write(`${FALLBACK_MESSAGE}\n`)
  const port = portArgument(args)
  const serveArgs = ['serve', ...(port === null ? [] : ['--port', port])]
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'cli.js'), ...serveArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached
  })
  let seen = ''
  let opened = false
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk)
    if (opened) return
    seen += chunk.toString()
    const match = SERVING_LINE.exec(seen)
    if (match) {
      opened = true
      openBrowser(match[1])
    }
  })
  return child
}

function supervise(child) {
  const isRunning = () => child.exitCode === null && child.signalCode === null
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (isRunning()) child.kill(signal)
    })
  }
  process.on('exit', () => {
    if (isRunning()) child.kill('SIGTERM')
  })
  child.on('error', (e) => {
    process.stderr.write(`npm start: could not start ${child.spawnfile} (${e.message}).\n`)
    process.exitCode = 1
  })
  child.on('close', (code, signal) => {
    process.exitCode = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1)
  })
}

if (ensureBuilt()) {
  const binary = electronBinaryPath(root)
  supervise(binary === null ? startServe() : startElectron(binary))
} else {
  process.exitCode = 1
}
