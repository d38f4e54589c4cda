/**
 * `npm start` (scripts/start.mjs): its pure decisions on temp folders, and the real script run as a child
 * process. Without Electron's binary it must say so in one line and serve the app on loopback instead.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../paths'

type StartDecisions = Readonly<{
  BUILD_INPUTS: readonly string[]
  BUILD_OUTPUTS: readonly string[]
  FALLBACK_MESSAGE: string
  SERVING_LINE: RegExp
  electronBinaryPath: (root: string, env?: Record<string, string | undefined>) => string | null
  buildProblem: (root: string) => 'missing' | 'stale' | null
  portArgument: (args: readonly string[]) => string | null
  shouldOpenBrowser: (env: Record<string, string | undefined>, platform: string) => boolean
  browserCommand: (url: string, platform: string) => { command: string; args: string[] }
}>

const START_SCRIPT = join(REPO_ROOT, 'scripts', 'start.mjs')
const CLI = join(REPO_ROOT, 'out', 'main', 'cli.js')

let decisions: StartDecisions
beforeAll(async () => {
  // A runtime path keeps TypeScript from looking for declarations of the plain .mjs script.
  const modulePath = pathToFileURL(join(REPO_ROOT, 'scripts', 'electronBinary.mjs')).href
  decisions = (await import(/* @vite-ignore */ modulePath)) as StartDecisions
})

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function tempRoot(): string {
  const folder = mkdtempSync(join(tmpdir(), 'driftwatch-start-'))
  folders.push(folder)
  return folder
}

function touch(path: string, seconds: number): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, '')
  utimesSync(path, seconds, seconds)
}

describe('electronBinaryPath', () => {
  it('is null when the package has no path.txt (binary download skipped)', () => {
    const root = tempRoot()
    mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true })
    expect(decisions.electronBinaryPath(root, {})).toBeNull()
  })

  it('is null when path.txt names a binary that is not there', () => {
    const root = tempRoot()
    touch(join(root, 'node_modules', 'electron', 'path.txt'), 1000)
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron')
    expect(decisions.electronBinaryPath(root, {})).toBeNull()
  })

  it('is the binary in dist/ when it is installed', () => {
    const root = tempRoot()
    const packageDir = join(root, 'node_modules', 'electron')
    touch(join(packageDir, 'dist', 'electron'), 1000)
    writeFileSync(join(packageDir, 'path.txt'), 'electron')
    expect(decisions.electronBinaryPath(root, {})).toBe(join(packageDir, 'dist', 'electron'))
  })

  it('follows ELECTRON_OVERRIDE_DIST_PATH', () => {
    const root = tempRoot()
    const override = tempRoot()
    touch(join(root, 'node_modules', 'electron', 'path.txt'), 1000)
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron')
    touch(join(override, 'electron'), 1000)
    expect(decisions.electronBinaryPath(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(
      join(override, 'electron')
    )
  })
})

describe('start decisions', () => {
  it('rebuilds when an output is missing or older than a source', () => {
    const root = tempRoot()
    expect(decisions.buildProblem(root)).toBe('missing')
    for (const output of decisions.BUILD_OUTPUTS) touch(join(root, output), 2000)
    touch(join(root, 'src', 'main', 'api.ts'), 1000)
    touch(join(root, 'package.json'), 1000)
    // Folders count too (a deleted source changes its folder's time), so age them with the files.
    for (const folder of ['src/main', 'src']) utimesSync(join(root, folder), 1000, 1000)
    expect(decisions.buildProblem(root)).toBeNull()
    touch(join(root, 'src', 'renderer', 'features', 'compare', 'Compare.tsx'), 3000)
    expect(decisions.buildProblem(root)).toBe('stale')
  })

  it('reads --port in both spellings', () => {
    expect(decisions.portArgument(['--port', '8080'])).toBe('8080')
    expect(decisions.portArgument(['--port=0'])).toBe('0')
    expect(decisions.portArgument(['--verbose'])).toBeNull()
  })

  it('opens a browser only when wanted and possible', () => {
    expect(decisions.shouldOpenBrowser({ DISPLAY: ':0' }, 'linux')).toBe(true)
    expect(decisions.shouldOpenBrowser({}, 'linux')).toBe(false)
    expect(decisions.shouldOpenBrowser({ DISPLAY: ':0', DRIFTWATCH_NO_OPEN: '1' }, 'linux')).toBe(
      false
    )
    expect(decisions.shouldOpenBrowser({}, 'darwin')).toBe(true)
    expect(decisions.browserCommand('http://x/', 'darwin').command).toBe('open')
    expect(decisions.browserCommand('http://x/', 'linux').command).toBe('xdg-open')
  })
})

describe('npm start without the Electron binary', () => {
  let child: ChildProcess | null = null
  afterEach(() => {
    if (child !== null && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
    }
    child = null
  })

  it('says so in one line, serves the app on loopback, and stops on SIGTERM', async (context) => {
    if (!existsSync(CLI)) {
      context.skip(`${CLI} is missing: run "npm run build" first to test npm start.`)
    }
    if (decisions.electronBinaryPath(REPO_ROOT) !== null) {
      context.skip('Electron binary is installed here, so npm start opens Electron, not serve.')
    }
    const started = spawn(process.execPath, [START_SCRIPT, '--port', '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DRIFTWATCH_NO_OPEN: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child = started
    let stdout = ''
    let stderr = ''
    started.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
    })
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm start printed no URL within 150 s:\n${stdout}\n${stderr}`)),
        150_000
      )
      started.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8')
        const match = decisions.SERVING_LINE.exec(stdout)
        if (match?.[1]) {
          clearTimeout(timer)
          resolve(match[1])
        }
      })
      started.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`npm start exited with ${code ?? 'a signal'}:\n${stdout}\n${stderr}`))
      })
    })

    const lines = stdout.split('\n')
    expect(lines[0]).toBe(decisions.FALLBACK_MESSAGE)
    expect(lines.filter((line) => line.includes('binary is not installed'))).toHaveLength(1)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)

    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type') ?? '').toMatch(/text\/html/)
    expect(await response.text()).toMatch(/<html/i)

    const exited = new Promise<number | null>((resolve) => started.once('exit', resolve))
    started.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 180_000)
})
