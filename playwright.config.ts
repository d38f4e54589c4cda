import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests drive the built app through `driftwatch serve` in Debian's Chromium (no Electron binary
 * is needed). Each test starts its own serve process (see test/e2e/fixtures.ts).
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list'], ['json']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run'
      ]
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure'
  }
})
