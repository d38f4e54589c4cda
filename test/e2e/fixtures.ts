/**
 * A fresh `driftwatch serve` per test: the built CLI on a random loopback port, with its own temp folder.
 * The fixture reads the URL (with its token) from the first line the CLI prints.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'
import { REPO_ROOT } from '../paths'

export type Served = Readonly<{
  url: string
  output: () => string
  /** The app's data folder of this serve ($DRIFTWATCH_HOME): the demo project and its saved suite. */
  dataDir: string
}>

const CLI = join(REPO_ROOT, 'out', 'main', 'cli.js')

function startServe(tempDir: string): Promise<{ child: ChildProcess; served: Served }> {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: run "npm run build" before the end-to-end tests.`)
  }
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
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
        resolve({
          child,
          served: { url: match[1], output: () => output, dataDir: join(tempDir, 'home') }
        })
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

export const test = base.extend<{ served: Served }>({
  // Playwright requires the fixture arguments as an object pattern, even when none is used.
  // eslint-disable-next-line no-empty-pattern
  served: async ({}, use) => {
    const tempDir = mkdtempSync(join(tmpdir(), 'driftwatch-e2e-'))
    const { child, served } = await startServe(tempDir)
    try {
      await use(served)
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))])
      if (child.exitCode === null) child.kill('SIGKILL')
      rmSync(tempDir, { recursive: true, force: true })
    }
  }
})

export { expect } from '@playwright/test'
