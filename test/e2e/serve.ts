/**
 * Starts the built CLI's `driftwatch serve` on a random loopback port, with its own temp folder and data
 * folder, and reads the address (with its token) from the first line it prints: what the end-to-end
 * fixture and the drag-and-drop benchmark run the app in.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../paths'

export const CLI = join(REPO_ROOT, 'out', 'main', 'cli.js')

export type ServeProcess = Readonly<{
  child: ChildProcess
  /** The address to open, token included. */
  url: string
  /** Everything serve printed so far, both streams. */
  output: () => string
}>

/**
 * `driftwatch serve --port 0 ...extraArgs` with TMPDIR set to `tempDir` and $DRIFTWATCH_HOME to its
 * `home` folder; rejects when no address is printed within 30 s or serve exits first.
 */
export function startServe(
  tempDir: string,
  extraArgs: readonly string[] = []
): Promise<ServeProcess> {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: run "npm run build" first.`)
  }
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...extraArgs], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      TMPDIR: tempDir,
      DRIFTWATCH_HOME: join(tempDir, 'home'),
      DRIFTWATCH_NO_OPEN: '1'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`driftwatch serve printed no URL within 30 s:\n${output}`))
    }, 30_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve({ child, url: match[1], output: () => output })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`driftwatch serve exited with ${code ?? 'a signal'}:\n${output}`))
    })
  })
}

/** Stops serve with SIGTERM, and SIGKILL when it has not exited after `graceMs`. */
export async function stopServe(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))])
  if (child.exitCode === null) child.kill('SIGKILL')
}
