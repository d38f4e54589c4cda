/**
 * A fresh `driftwatch serve` per test: the built CLI on a random loopback port, with its own temp folder.
 * The fixture reads the URL (with its token) from the first line the CLI prints.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { startServe, stopServe } from './serve'

export type Served = Readonly<{
  url: string
  output: () => string
  /** The app's data folder of this serve ($DRIFTWATCH_HOME): the demo project and its saved suite. */
  dataDir: string
}>

export const test = base.extend<{ served: Served }>({
  // Playwright requires the fixture arguments as an object pattern, even when none is used.
  // eslint-disable-next-line no-empty-pattern
  served: async ({}, use) => {
    const tempDir = mkdtempSync(join(tmpdir(), 'driftwatch-e2e-'))
    const { child, url, output } = await startServe(tempDir)
    try {
      await use({ url, output, dataDir: join(tempDir, 'home') })
    } finally {
      await stopServe(child)
      rmSync(tempDir, { recursive: true, force: true })
    }
  }
})

export { expect } from '@playwright/test'

/** Loads the app from `served` and switches to the Compare screen, waiting until it shows. */
export async function openCompareScreen(page: Page, served: Served): Promise<void> {
  await page.goto(served.url)
  await page.getByTestId('nav-compare').click()
  await expect(page.getByTestId('compare-screen')).toBeVisible()
}
