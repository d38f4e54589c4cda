/**
 * The Compare screen in Chromium over `driftwatch serve`: the demo comparison, an uploaded file, a column's
 * detail, a bad file (error banner) and recovery from it. Screenshots go to test-results/screenshots/.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { REPO_ROOT } from '../paths'
import { expect, test } from './fixtures'

const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots')
const DEMO = join(REPO_ROOT, 'resources', 'demo')

async function runAndWaitForReport(page: Page): Promise<void> {
  await page.getByTestId('compare-button').click()
  await expect(page.getByTestId('report')).toBeVisible({ timeout: 60_000 })
}

test('the demo comparison runs and shows the report with drift in 7 of 10 columns', async ({
  page,
  served
}) => {
  await page.goto(served.url)
  await expect(page.getByTestId('compare-screen')).toBeVisible()
  await expect(page.getByTestId('reference-slot')).toContainText('weather-reference-sample.csv')
  await expect(page.getByTestId('current-slot')).toContainText('week1.csv')
  await expect(page.getByTestId('ignore-input')).toHaveValue(/count/)
  await page.screenshot({ path: join(SCREENSHOTS, 'compare-ready.png'), fullPage: true })

  await runAndWaitForReport(page)
  await expect(page.getByTestId('verdict-banner')).toContainText(/drift/i)
  await expect(page.getByTestId('drifted-count')).toHaveText('7')
  await expect(page.getByTestId('columns-count')).toHaveText('10')
  await expect(page.getByTestId('report-table')).toBeVisible()
  await expect(page.getByTestId('column-row-datetime')).toHaveCount(0)
  await page.screenshot({ path: join(SCREENSHOTS, 'report.png'), fullPage: true })

  await page.getByTestId('column-row-humidity').click()
  const detail = page.getByTestId('column-detail')
  await expect(detail).toBeVisible()
  await expect(detail).toContainText('humidity')
  await expect(detail.getByTestId('detail-chart').locator('canvas').first()).toBeVisible()
  await page.screenshot({ path: join(SCREENSHOTS, 'column-detail.png'), fullPage: true })

  // Filtering the table by name keeps the matching row only.
  await page.getByTestId('column-filter').fill('temp')
  await expect(page.getByTestId('column-row-temp')).toBeVisible()
  await expect(page.getByTestId('column-row-humidity')).toHaveCount(0)
})

test('an uploaded current file is compared: week2 drifts in 8 of 10 columns', async ({
  page,
  served
}) => {
  await page.goto(served.url)
  await expect(page.getByTestId('compare-screen')).toBeVisible()
  await page.getByTestId('file-input-current').setInputFiles(join(DEMO, 'drops', 'week2.csv'))
  await expect(page.getByTestId('current-slot')).toContainText('week2.csv')
  await runAndWaitForReport(page)
  await expect(page.getByTestId('drifted-count')).toHaveText('8')
  await expect(page.getByTestId('columns-count')).toHaveText('10')
})

test('a bad file shows the error banner and the app keeps working', async ({ page, served }) => {
  const folder = mkdtempSync(join(tmpdir(), 'driftwatch-bad-'))
  const garbage = join(folder, 'garbage.csv')
  const bytes = Buffer.alloc(4096)
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 131 + 7) % 256
  writeFileSync(garbage, bytes)

  await page.goto(served.url)
  await expect(page.getByTestId('compare-screen')).toBeVisible()
  await page.getByTestId('file-input-current').setInputFiles(garbage)
  await expect(page.getByTestId('current-slot')).toContainText('garbage.csv')
  await page.getByTestId('compare-button').click()
  const banner = page.getByTestId('error-banner')
  await expect(banner).toBeVisible({ timeout: 60_000 })
  await expect(banner).toContainText('garbage.csv')
  await page.screenshot({ path: join(SCREENSHOTS, 'error-banner.png'), fullPage: true })

  // Recover: pick a good file and run again.
  await page.getByTestId('file-input-current').setInputFiles(join(DEMO, 'drops', 'week3.csv'))
  await runAndWaitForReport(page)
  await expect(page.getByTestId('error-banner')).toHaveCount(0)
  await expect(page.getByTestId('drifted-count')).toHaveText('9')
})

test('column names with markup, quotes and unicode are shown as text, never run', async ({
  page,
  served
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'driftwatch-names-'))
  const header = '"<script>window.__pwned=1</script>","it\'s ""quoted""","température °C"'
  const rows = (shift: number): string =>
    Array.from(
      { length: 60 },
      (_, i) => `${i + shift},${i % 3 === 0 ? 'a' : 'b'},${(i * 0.5 + shift).toFixed(2)}`
    ).join('\n')
  const reference = join(folder, 'names-reference.csv')
  const current = join(folder, 'names-current.csv')
  writeFileSync(reference, `${header}\n${rows(0)}\n`)
  writeFileSync(current, `${header}\n${rows(40)}\n`)
  let dialogs = 0
  page.on('dialog', (dialog) => {
    dialogs += 1
    void dialog.dismiss()
  })

  await page.goto(served.url)
  await expect(page.getByTestId('compare-screen')).toBeVisible()
  await page.getByTestId('ignore-input').fill('')
  await page.getByTestId('file-input-reference').setInputFiles(reference)
  await page.getByTestId('file-input-current').setInputFiles(current)
  await runAndWaitForReport(page)
  const table = page.getByTestId('report-table')
  await expect(table).toContainText('<script>window.__pwned=1</script>')
  await expect(table).toContainText('it\'s "quoted"')
  await expect(table).toContainText('température °C')
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined()
  expect(dialogs).toBe(0)
})
