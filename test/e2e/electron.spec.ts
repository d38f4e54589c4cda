/**
 * The desktop app in Electron: the window, the isolated page (one `api` object, no Node) and the Compare
 * screen. Skipped where Electron's binary was never downloaded; the same UI is tested through serve.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { _electron, expect, test } from '@playwright/test'
import { REPO_ROOT } from '../paths'

type ElectronBinary = Readonly<{ electronBinaryPath: (root: string) => string | null }>

async function electronBinary(): Promise<string | null> {
  // A runtime path keeps TypeScript from looking for declarations of the plain .mjs script.
  const modulePath = pathToFileURL(join(REPO_ROOT, 'scripts', 'electronBinary.mjs')).href
  const { electronBinaryPath } = (await import(modulePath)) as ElectronBinary
  return electronBinaryPath(REPO_ROOT)
}

test('the Electron window shows the Compare screen with an isolated page', async () => {
  const binary = await electronBinary()
  test.skip(
    binary === null,
    'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1); the same UI is covered through driftwatch serve'
  )
  const env = { ...process.env }
  delete env['ELECTRON_RUN_AS_NODE']
  const app = await _electron.launch({
    executablePath: binary as string,
    args: ['.'],
    cwd: REPO_ROOT,
    env: env as Record<string, string>
  })
  try {
    const page = await app.firstWindow()
    await expect(page).toHaveTitle(/Driftwatch/)
    const isolation = await page.evaluate(() => {
      const scope = globalThis as unknown as { api?: { host?: string }; require?: unknown }
      return {
        host: scope.api?.host ?? null,
        hasRequire: typeof scope.require !== 'undefined',
        keys: Object.keys(scope.api ?? {}).sort()
      }
    })
    expect(isolation).toEqual({
      host: 'electron',
      hasRequire: false,
      keys: ['call', 'host', 'on', 'pathForFile']
    })
    await expect(page.getByTestId('compare-button')).toBeVisible({ timeout: 30_000 })
  } finally {
    await app.close()
  }
})
