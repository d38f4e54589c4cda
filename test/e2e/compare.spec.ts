/**
 * The Compare screen in Chromium over `driftwatch serve`: the demo comparison, an uploaded file, a column's
 * detail, a bad file (error banner) and recovery from it, the run options (rule, tests, per-column test,
 * target) reaching the engine and the report. Screenshots go to test-results/screenshots/.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { REPO_ROOT } from '../paths'
import { expect, test, openCompareScreen } from './fixtures'

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
  await openCompareScreen(page, served)
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
  await openCompareScreen(page, served)
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

  await openCompareScreen(page, served)
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

  await openCompareScreen(page, served)
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

test('the options panel: Bonferroni and Anderson–Darling reach the engine and the report', async ({
  page,
  served
}) => {
  await openCompareScreen(page, served)
  // Folded, the panel says what the next run does: everything automatic.
  await expect(page.getByTestId('options-summary')).toContainText('Automatic tests')
  await page.getByTestId('options-toggle').click()

  // Invalid entries are named next to their field and stop the run until fixed.
  const share = page.getByTestId('drift-share-input')
  await share.fill('1.5')
  await expect(page.getByTestId('drift-share-input-problem')).toHaveText(
    'The share must be greater than 0 and at most 1.'
  )
  await expect(page.getByTestId('compare-button')).toBeDisabled()
  await share.fill('0.5')
  await expect(page.getByTestId('drift-share-input-problem')).toHaveCount(0)

  await page.getByTestId('rule-bonferroni').check()
  await expect(page.getByTestId('alpha-input')).toHaveValue('0.05')
  await page.getByTestId('alpha-input').fill('1')
  await expect(page.getByTestId('alpha-input-problem')).toContainText('less than 1')
  await page.getByTestId('alpha-input').fill('0.05')

  await page.getByTestId('test-select-numeric').selectOption('anderson')
  const threshold = page.getByTestId('threshold-numeric')
  await expect(threshold).toHaveAttribute('placeholder', '0.1')
  await threshold.fill('-0.1')
  await expect(page.getByTestId('threshold-numeric-problem')).toHaveText(
    'The threshold must be ≥ 0.'
  )
  await threshold.fill('')
  await expect(page.getByTestId('compare-button')).toBeEnabled()
  await page.screenshot({ path: join(SCREENSHOTS, 'options-panel.png'), fullPage: true })

  await runAndWaitForReport(page)
  const banner = page.getByTestId('verdict-banner')
  await expect(page.getByTestId('verdict-rule')).toHaveText('Bonferroni, α = 0.05')
  await expect(page.getByTestId('verdict-decision')).toContainText(/Bonferroni/i)
  await expect(banner).toContainText(/drift/i)
  const table = page.getByTestId('report-table')
  await expect(table.locator('th', { hasText: 'Adjusted p' })).toBeVisible()
  for (const column of ['temp', 'humidity', 'windspeed']) {
    await expect(page.getByTestId(`column-row-${column}`).getByTestId('column-test')).toHaveText(
      'Anderson-Darling'
    )
  }
  await expect(page.getByTestId('report-options')).toContainText('Bonferroni at α = 0.05')
  await page.screenshot({ path: join(SCREENSHOTS, 'report-bonferroni.png'), fullPage: true })

  // One column gets its own test from its detail pane, and the comparison runs again with it.
  await page.getByTestId('column-row-humidity').click()
  const detail = page.getByTestId('column-detail')
  await expect(detail.getByTestId('detail-reason')).not.toBeEmpty()
  await detail.getByTestId('change-test').click()
  await detail.getByTestId('column-test-select').selectOption('mannw')
  await page.screenshot({ path: join(SCREENSHOTS, 'change-test.png'), fullPage: true })
  await detail.getByTestId('compare-again').click()
  await expect(page.getByTestId('report')).toBeVisible({ timeout: 60_000 })
  await expect(page.getByTestId('column-row-humidity').getByTestId('column-test')).toHaveText(
    'Mann-Whitney U-rank test'
  )
  await expect(page.getByTestId('column-row-temp').getByTestId('column-test')).toHaveText(
    'Anderson-Darling'
  )
  // The folded options say the run had a per-column choice; unfolded, they name it.
  await expect(page.getByTestId('options-summary')).toContainText('1 per-column choice')
  await page.getByTestId('options-toggle').click()
  await expect(page.getByTestId('per-column-list')).toContainText('humidity')
  await page.getByTestId('options-toggle').click()
  await page.getByTestId('column-row-humidity').click()
  await expect(page.getByTestId('detail-deviation')).toContainText('Differs from Evidently')
  await expect(page.getByTestId('detail-sample-size')).toContainText('reference')
  await page.screenshot({ path: join(SCREENSHOTS, 'detail-deviation.png'), fullPage: true })
})

test('the multivariate and the target sections show when the engine fills them', async ({
  page,
  served
}) => {
  await openCompareScreen(page, served)
  await page.getByTestId('options-toggle').click()
  await page.getByTestId('target-input').fill('registered')
  await page.getByTestId('sample-size-input').fill('150')
  await runAndWaitForReport(page)

  const multivariate = page.getByTestId('multivariate')
  await expect(multivariate).toBeVisible()
  await expect(page.getByTestId('multivariate-sample')).toContainText('seed 42')
  await expect(multivariate.getByTestId('multivariate-mmd')).toContainText('MMD²')
  await multivariate.scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(SCREENSHOTS, 'multivariate.png'), fullPage: true })

  const targets = page.getByTestId('targets')
  await expect(targets).toBeVisible()
  await expect(page.getByTestId('targets-task')).toHaveText('Regression')
  await expect(targets.getByTestId('column-row-registered')).toBeVisible()
  await expect(page.getByTestId('report-table').getByTestId('column-row-registered')).toHaveCount(0)
  await expect(targets.getByTestId('relationship-features')).toContainText('casual')
  await targets.getByTestId('column-row-registered').click()
  await expect(page.getByTestId('column-detail')).toContainText('target')
  await targets.scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(SCREENSHOTS, 'targets.png'), fullPage: true })
})

test('keyboard: j/k step through the columns, Esc closes, / searches, ? lists the shortcuts', async ({
  page,
  served
}) => {
  await page.goto(served.url)
  await page.getByTestId('nav-compare').click()
  await runAndWaitForReport(page)
  const detail = page.getByTestId('column-detail')
  await page.keyboard.press('j')
  await expect(detail).toContainText('season')
  await page.keyboard.press('j')
  await expect(detail).toContainText('holiday')
  await page.keyboard.press('k')
  await expect(detail).toContainText('season')
  await page.keyboard.press('Escape')
  await expect(detail).toHaveCount(0)
  await page.keyboard.press('/')
  await expect(page.getByTestId('column-filter')).toBeFocused()
  await page.keyboard.type('hum')
  await page.keyboard.press('Alt+ArrowDown')
  await expect(detail).toContainText('humidity')
  await page.getByTestId('column-filter').blur()
  await page.keyboard.press('Shift+?')
  await expect(page.getByTestId('shortcut-help')).toContainText('Open the next column')
  await page.screenshot({ path: join(SCREENSHOTS, 'shortcuts.png') })
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('shortcut-help')).toHaveCount(0)
  // Ctrl+E opens the Export menu of the report shown.
  await page.keyboard.press('Control+e')
  await expect(page.getByTestId('export-html')).toBeVisible()
})
