/**
 * Validation in the app, in Chromium over `driftwatch serve`: a batch with impossible values is compared
 * all the same, but the report says the data is invalid and the drift verdict unreliable, and lists the
 * failure with its sample rows; the person widens the failing bound in the suite editor, saves (the demo
 * project's suite file is written) and re-runs, and the batch passes. Screenshots go to
 * test-results/screenshots/.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../paths'
import { expect, test, openCompareScreen } from './fixtures'

const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots')
const WEEK1 = join(REPO_ROOT, 'resources', 'demo', 'drops', 'week1.csv')

/** week1 with `casual` of the first four rows set to 5000 (the reference never passes 367). */
function corruptWeek(): string {
  const [header, ...lines] = readFileSync(WEEK1, 'utf8').trimEnd().split('\n')
  const casual = (header as string).split(',').indexOf('casual')
  const rows = lines.map((line, i) => {
    if (i >= 4) return line
    const cells = line.split(',')
    cells[casual] = '5000'
    return cells.join(',')
  })
  const path = join(mkdtempSync(join(tmpdir(), 'driftwatch-e2e-bad-')), 'week1-corrupt.csv')
  writeFileSync(path, `${header}\n${rows.join('\n')}\n`)
  return path
}

test('a failing batch: failures with sample rows, one bound edited and saved, re-run passes', async ({
  page,
  served
}) => {
  await openCompareScreen(page, served)
  await page.getByTestId('file-input-current').setInputFiles(corruptWeek())
  await expect(page.getByTestId('current-slot')).toContainText('week1-corrupt.csv')
  await page.getByTestId('compare-button').click()
  await expect(page.getByTestId('report')).toBeVisible({ timeout: 60_000 })

  await expect(page.getByTestId('gate-banner')).toContainText('Data invalid')
  await expect(page.getByTestId('verdict-unreliable')).toBeVisible()
  await expect(page.getByTestId('validation-status')).toHaveText('Failed')
  const failure = page.getByTestId('failure-casual-range')
  await expect(failure).toContainText('casual')
  await expect(failure.getByTestId('unexpected')).toContainText('4 of 165')
  const samples = failure.getByTestId('sample-rows')
  await expect(samples.locator('tbody tr')).toHaveCount(4)
  await expect(samples.locator('tbody tr').first()).toContainText('5000')
  await expect(samples.locator('tbody tr').first().locator('td').first()).toHaveText('1')
  await page.screenshot({ path: join(SCREENSHOTS, 'validation-failed.png'), fullPage: true })

  await page.getByTestId('edit-suite').click()
  const editor = page.getByTestId('suite-editor')
  await expect(editor).toBeVisible()
  // The failing expectation is listed first, with its last run.
  await expect(editor.locator('tbody tr').first()).toHaveAttribute(
    'data-testid',
    'expectation-casual-range'
  )
  const max = editor.getByTestId('bound-max-casual-range')
  await max.fill('6000')
  await max.press('Enter')
  await expect(editor.getByTestId('edit-count')).toHaveText('1 unsaved edit')
  await page.screenshot({ path: join(SCREENSHOTS, 'suite-editor.png'), fullPage: true })

  await editor.getByTestId('save-rerun').click()
  await expect(page.getByTestId('validation-status')).not.toHaveText('Failed', { timeout: 60_000 })
  await expect(page.getByTestId('gate-banner')).toHaveCount(0)
  await expect(page.getByTestId('verdict-unreliable')).toHaveCount(0)
  await expect(page.getByTestId('validation-failures')).toHaveCount(0)

  // The demo project's suite file now holds the edited bound, and the report says it was read from it.
  const suiteFile = join(served.dataDir, 'demo', 'driftwatch', 'expectations.yaml')
  const text = readFileSync(suiteFile, 'utf8')
  expect(text).toMatch(/id: casual-range[\s\S]*?max: 6000/)
  await expect(page.getByTestId('validation-summary')).toContainText(suiteFile)
  await page.screenshot({ path: join(SCREENSHOTS, 'validation-passed.png'), fullPage: true })
})
