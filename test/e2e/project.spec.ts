/**
 * The project overview in Chromium over `driftwatch serve`: the demo project opens on a first start and
 * "Simulate next week" drops a week that appears live; a temp project folder without driftwatch.yaml gets
 * a proposed config, accepted in the window, and as week1–week3 are copied into its drop folder one by
 * one each verdict appears live and the heatmap grows to three batches; a heatmap cell opens that column's
 * report. Screenshots go to test-results/screenshots/.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../paths'
import { expect, test } from './fixtures'

const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots')
const DEMO = join(REPO_ROOT, 'resources', 'demo')

/** Copies a week into the drop folder whole (written aside, then renamed), as a finished download. */
function drop(folder: string, week: 1 | 2 | 3): void {
  const partial = join(folder, 'data-drift', `.week${week}.csv.part`)
  copyFileSync(join(DEMO, 'drops', `week${week}.csv`), partial)
  renameSync(partial, join(folder, 'data-drift', `week${week}.csv`))
}

test('the demo project opens first; Simulate next week drops a week that appears live', async ({
  page,
  served
}) => {
  await page.goto(served.url)
  await expect(page.getByTestId('project-screen')).toBeVisible()
  await expect(page.getByTestId('project-name')).toHaveText('Seed weather (demo)')
  await expect(page.getByTestId('project-mode')).toHaveText('Watching')
  await expect(page.getByTestId('heatmap-empty')).toBeVisible()
  await page.getByTestId('simulate-next-week').click()
  await expect(page.getByTestId('project-notice')).toContainText('week1.csv')
  await expect(page.getByTestId('batch-row-week1.csv')).toContainText('Drift · 7/10', {
    timeout: 60_000
  })
  await expect(page.getByTestId('drift-heatmap').locator('canvas').first()).toBeVisible()
  expect(existsSync(join(served.dataDir, 'demo', 'data-drift', 'week1.csv'))).toBe(true)
})

test('a new project: proposal accepted, three weeks dropped one by one, verdicts and heatmap live', async ({
  page,
  served
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'driftwatch-e2e-project-'))
  mkdirSync(join(folder, 'reference'))
  mkdirSync(join(folder, 'data-drift'))
  copyFileSync(
    join(DEMO, 'reference', 'weather-reference-sample.csv'),
    join(folder, 'reference', 'weather-reference-sample.csv')
  )

  await page.goto(served.url)
  await expect(page.getByTestId('project-screen')).toBeVisible()
  await page.getByTestId('folder-input').fill(folder)
  await page.getByTestId('open-folder').click()
  const proposal = page.getByTestId('proposal')
  await expect(proposal).toBeVisible()
  await expect(page.getByTestId('proposal-reference')).toHaveValue(
    'reference/weather-reference-sample.csv'
  )
  await expect(page.getByTestId('proposal-dropPath')).toHaveValue('data-drift')
  await page.getByTestId('proposal-ignore').fill('count')
  await page.screenshot({ path: join(SCREENSHOTS, 'project-proposal.png'), fullPage: true })
  await page.getByTestId('accept-proposal').click()

  await expect(page.getByTestId('project-mode')).toHaveText('Watching')
  expect(readFileSync(join(folder, 'driftwatch.yaml'), 'utf8')).toContain(
    'reference/weather-reference-sample.csv'
  )
  expect(existsSync(join(folder, 'driftwatch', 'expectations.yaml'))).toBe(true)

  const expected = { 1: '7/10', 2: '8/10', 3: '9/10' } as const
  for (const week of [1, 2, 3] as const) {
    drop(folder, week)
    await expect(page.getByTestId(`batch-row-week${week}.csv`)).toContainText(
      `Drift · ${expected[week]}`,
      { timeout: 60_000 }
    )
    await expect(page.getByTestId('heatmap-batches')).toHaveText(String(week))
  }
  await expect(page.getByTestId('count-done')).toHaveText('3')
  await expect(page.getByTestId('latest-verdicts')).toContainText('week3.csv: drift in 9 of 10')
  await expect(page.getByTestId('trend-chart').locator('canvas').first()).toBeVisible()
  await page.screenshot({ path: join(SCREENSHOTS, 'project-overview.png'), fullPage: true })

  // A heatmap cell opens that batch's report with the column's detail.
  const heatmap = page.getByTestId('drift-heatmap')
  const box = await heatmap.boundingBox()
  if (box === null) throw new Error('the heatmap has no box')
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.45)
  await expect(page.getByTestId('report')).toBeVisible()
  await expect(page.getByTestId('column-detail')).toBeVisible()
  await page.screenshot({ path: join(SCREENSHOTS, 'project-report.png'), fullPage: true })
  await page.getByTestId('back-to-overview').click()

  // So does a batch's name in the list.
  await page.getByTestId('batch-row-week2.csv').getByRole('button', { name: 'week2.csv' }).click()
  await expect(page.getByTestId('drifted-count')).toHaveText('8')

  // The project's expectations edited from a batch's report: saved to its suite file, the batch run again.
  await expect(page.getByTestId('validation-status')).toHaveText(/Passed/)
  await page.getByTestId('edit-suite').click()
  const max = page.getByTestId('bound-max-temp-range')
  await max.fill('10')
  await max.press('Enter')
  await page.getByTestId('save-rerun').click()
  await expect(page.getByTestId('gate-banner')).toBeVisible({ timeout: 60_000 })
  await expect(page.getByTestId('validation-status')).toHaveText('Failed')
  await expect(page.getByTestId('failure-temp-range')).toBeVisible()
  expect(readFileSync(join(folder, 'driftwatch', 'expectations.yaml'), 'utf8')).toMatch(
    /id: temp-range[\s\S]*?max: 10\b/
  )
  await page.screenshot({ path: join(SCREENSHOTS, 'project-rerun.png'), fullPage: true })
  await page.getByTestId('back-to-overview').click()
  await expect(page.getByTestId('batch-row-week2.csv')).toContainText('invalid')
  await expect(page.getByTestId('drift-heatmap')).toBeVisible()
})
