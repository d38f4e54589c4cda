/**
 * The data preview in the app, in Chromium over `driftwatch serve`: a batch of 20 000 rows with a broken
 * column is compared; "Show these rows" on its failing expectation opens the grid on exactly its rows (row
 * numbers as validation numbers them); showing all rows and scrolling to the middle keeps only the rows on
 * screen in the page; a histogram bar of a column's chart opens the grid on that bin's rows, in the
 * current batch and then in the reference; and the column's ECDF and over-time charts render. Screenshots go to test-results/screenshots/.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { REPO_ROOT } from '../paths'
import { expect, test, openCompareScreen } from './fixtures'

const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots')
const WEEK1 = join(REPO_ROOT, 'resources', 'demo', 'drops', 'week1.csv')
const ROWS = 20_000

/** week1's rows repeated to 20 000, `casual` set to 5000 on the first four rows of every thousand. */
function bigCorruptBatch(): string {
  const [header, ...lines] = readFileSync(WEEK1, 'utf8').trimEnd().split('\n')
  const casual = (header as string).split(',').indexOf('casual')
  const rows: string[] = []
  for (let i = 0; i < ROWS; i++) {
    const line = lines[i % lines.length] as string
    if (i % 1000 >= 4) {
      rows.push(line)
      continue
    }
    const cells = line.split(',')
    cells[casual] = '5000'
    rows.push(cells.join(','))
  }
  const path = join(mkdtempSync(join(tmpdir(), 'driftwatch-e2e-preview-')), 'big-batch.csv')
  writeFileSync(path, `${header}\n${rows.join('\n')}\n`)
  return path
}

/** The data row numbers of the grid's rows now in the page, in order. */
async function renderedRowNumbers(grid: Locator): Promise<number[]> {
  const values = await grid
    .getByTestId('preview-row')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-row') ?? 'NaN')))
  return values.filter((n) => Number.isFinite(n))
}

/** The text of column `name` in the grid's rendered rows. */
async function columnTexts(page: Page, name: string): Promise<string[]> {
  return page.getByTestId('preview-grid').evaluate((grid, column) => {
    const headers = [...grid.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent)
    const index = headers.indexOf(column)
    return [...grid.querySelectorAll('[data-testid="preview-row"][data-row]')].map(
      (row) =>
        row.querySelectorAll('[role="gridcell"], [role="rowheader"]')[index]?.textContent ?? ''
    )
  }, name)
}

test('a failing expectation’s rows and a histogram bar’s rows in the data preview', async ({
  page,
  served
}) => {
  await openCompareScreen(page, served)
  await page.getByTestId('file-input-current').setInputFiles(bigCorruptBatch())
  await expect(page.getByTestId('current-slot')).toContainText('big-batch.csv')
  await page.getByTestId('compare-button').click()
  await expect(page.getByTestId('report')).toBeVisible({ timeout: 90_000 })

  // A failing expectation: exactly its 80 rows, numbered as validation numbers its samples.
  const failure = page.getByTestId('failure-casual-range')
  await expect(failure.getByTestId('unexpected')).toContainText('80 of 20000')
  await failure.getByTestId('show-rows').click()
  const preview = page.getByTestId('preview')
  await expect(preview).toBeVisible()
  await expect(preview.getByTestId('preview-caption')).toContainText(
    '80 rows of 20000 in big-batch.csv: the rows that fail the expectation "casual-range" on casual.'
  )
  const grid = preview.getByTestId('preview-grid')
  await expect(grid.locator('[data-row="1"]')).toBeVisible()
  const failing = await renderedRowNumbers(grid)
  expect(failing.slice(0, 6)).toEqual([1, 2, 3, 4, 1001, 1002])
  expect(new Set(await columnTexts(page, 'casual'))).toEqual(new Set(['5000']))
  await expect(preview.getByTestId('preview-changed')).toHaveCount(0)
  await page.screenshot({ path: join(SCREENSHOTS, 'preview-expectation.png') })

  // All rows, scrolled to the middle: the rows there, and only the rows on screen in the page.
  await preview.getByTestId('preview-show-all').click()
  await expect(preview.getByTestId('preview-caption')).toHaveText(
    'All 20000 rows of big-batch.csv.'
  )
  await grid.evaluate((element) => {
    element.scrollTop = element.scrollHeight / 2
  })
  await expect
    .poll(async () => (await renderedRowNumbers(grid))[0] ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(9_000)
  const middle = await renderedRowNumbers(grid)
  expect(middle[0]).toBeLessThan(11_000)
  expect(middle).toEqual(middle.map((_, i) => (middle[0] as number) + i))
  expect(await grid.getByTestId('preview-row').count()).toBeLessThan(80)
  await page.screenshot({ path: join(SCREENSHOTS, 'preview-scrolled.png') })
  await grid.evaluate((element) => {
    element.scrollTop = element.scrollHeight
  })
  await expect.poll(async () => (await renderedRowNumbers(grid)).at(-1)).toBe(ROWS)
  await preview.getByTestId('preview-close').click()
  await expect(preview).toHaveCount(0)

  // A histogram bar of humidity: the rows of that bin.
  await page.getByTestId('column-row-humidity').click()
  const detail = page.getByTestId('column-detail')
  const chart = detail.getByTestId('detail-chart')
  await expect(chart.locator('canvas').first()).toBeVisible()
  const box = await chart.boundingBox()
  if (box === null) throw new Error('the chart has a size')
  // The bars stand on the x axis (56 px above the bottom, as histogramOverlay lays it out); try the
  // middle bars first until one with rows is hit.
  const left = box.x + 56
  const width = box.width - 56 - 16
  const y = box.y + box.height - 56 - 4
  for (const fraction of [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7]) {
    await page.mouse.click(left + width * fraction, y)
    if (await preview.isVisible()) break
  }
  await expect(preview).toBeVisible()
  const caption = preview.getByTestId('preview-caption')
  await expect(caption).toContainText(
    /rows of 20000 in big-batch\.csv: the rows where humidity is from/
  )
  const match = /from ([\d.]+) to ([\d.]+) \((both included|the upper edge excluded)\)/.exec(
    (await caption.textContent()) ?? ''
  )
  if (match === null) throw new Error('the caption names the bin')
  const [lower, upper] = [Number(match[1]), Number(match[2])]
  await expect(grid.locator('[data-row]').first()).toBeVisible()
  const humidity = (await columnTexts(page, 'humidity')).map(Number)
  expect(humidity.length).toBeGreaterThan(0)
  for (const value of humidity) {
    expect(value).toBeGreaterThanOrEqual(lower - 1e-9)
    expect(value).toBeLessThanOrEqual(upper + 1e-9)
  }
  await page.screenshot({ path: join(SCREENSHOTS, 'preview-bin.png') })
  // The same bin on the other side: the reference's rows in it.
  await preview.getByTestId('preview-side-reference').click()
  await expect(caption).toContainText(
    /rows of 431 in weather-reference-sample\.csv: the rows where humidity is from/
  )
  await expect(grid.locator('[data-row]').first()).toBeVisible()
  for (const value of (await columnTexts(page, 'humidity')).map(Number)) {
    expect(value).toBeGreaterThanOrEqual(lower - 1e-9)
    expect(value).toBeLessThanOrEqual(upper + 1e-9)
  }
  await page.keyboard.press('Escape')
  await expect(preview).toHaveCount(0)

  // The column's other charts: its ECDF with the KS distance, and its values over time.
  await detail.getByTestId('chart-tab-ecdf').click()
  await expect(detail.getByTestId('detail-chart-ecdf').locator('canvas').first()).toBeVisible()
  await expect(detail.getByTestId('ecdf-note')).toContainText('Kolmogorov–Smirnov distance D =')
  await detail.screenshot({ path: join(SCREENSHOTS, 'chart-ecdf.png') })
  await detail.getByTestId('chart-tab-time').click()
  await expect(detail.getByTestId('detail-chart-time').locator('canvas').first()).toBeVisible()
  await expect(detail.getByTestId('time-note')).toContainText('along datetime')
  await detail.screenshot({ path: join(SCREENSHOTS, 'chart-over-time.png') })

  // "Preview data" in the column's detail: every row, that column first.
  await detail.getByTestId('detail-preview').click()
  await expect(preview.getByTestId('preview-caption')).toHaveText(
    'All 20000 rows of big-batch.csv.'
  )
  await expect(grid.locator('[role="columnheader"]').nth(1)).toHaveText('humidity')
  await expect(grid.locator('[data-row="1"]')).toBeVisible()
})
