/**
 * The HTML export end to end, over `driftwatch serve` in Chromium: a report exported through the app's
 * Export menu is saved as a download, then opened from disk with every network request refused (and
 * counted: none may be attempted) and its Content-Security-Policy watched for violations; its verdicts read
 * as in the app and its charts have pixels. A hostile dataset (column names and category values made of
 * markup and event handlers that would call alert and set a flag) shows as text in the app and in the
 * exported file, where no script runs and no dialog opens. The project overview exports its report too.
 * Screenshots go to test-results/screenshots/, exported files to test-results/exports/.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from '@playwright/test'
import { REPO_ROOT } from '../paths'
import { expect, test } from './fixtures'

const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots')
const EXPORTS = join(REPO_ROOT, 'test-results', 'exports')

/** What a page did that an exported file must never do. */
type Watch = Readonly<{
  /** Requests for anything but the file itself. */
  requests: string[]
  /** Dialogs opened (alert, confirm, prompt). */
  dialogs: string[]
  /** Content-Security-Policy violations the page reported, as `directive: blocked`. */
  violations: () => Promise<string[]>
  /** Whether a payload set its flag. */
  isPwned: () => Promise<boolean>
}>

/** The parts of the page's DOM the checks below use (the tests compile without the DOM library). */
type PageDocument = Readonly<{
  addEventListener: (
    type: 'securitypolicyviolation',
    listener: (e: Readonly<{ effectiveDirective: string; blockedURI: string }>) => void
  ) => void
  querySelectorAll: (selector: string) => ArrayLike<PageCanvas>
}>
type PageCanvas = Readonly<{
  width: number
  height: number
  getContext: (kind: '2d') => {
    getImageData: (x: number, y: number, w: number, h: number) => { data: ArrayLike<number> }
  } | null
}>

/** Flags a payload would set; none may be set. */
const PWNED = '__pwned'

/** Watches dialogs, script errors and policy violations of `page` from its first script on. */
async function watchPage(page: Page, allowed: string): Promise<Watch> {
  const requests: string[] = []
  const dialogs: string[] = []
  page.on('request', (request) => {
    if (request.url() !== allowed) requests.push(request.url())
  })
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(globalThis as { __violations?: string[] }).__violations = seen
    const page = (globalThis as unknown as { document: PageDocument }).document
    page.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective}: ${e.blockedURI}`)
    )
  })
  return {
    requests,
    dialogs,
    violations: () =>
      page.evaluate(() => [...((globalThis as { __violations?: string[] }).__violations ?? [])]),
    isPwned: () =>
      page.evaluate((flag) => (globalThis as Record<string, unknown>)[flag] !== undefined, PWNED)
  }
}

/** Opens the exported menu's HTML item and saves the download under `name`; returns its path. */
async function exportHtml(page: Page, name: string): Promise<string> {
  await page.getByTestId('export-button').first().click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-html').click()
  ])
  mkdirSync(EXPORTS, { recursive: true })
  const path = join(EXPORTS, name)
  await download.saveAs(path)
  return path
}

/**
 * Opens an exported file in a new context whose every request but the file's own is aborted, and waits
 * until the document says every chart is drawn (those below the first screen are drawn in idle time).
 */
async function openOffline(
  browser: Browser,
  path: string
): Promise<Readonly<{ page: Page; watch: Watch; close: () => Promise<void> }>> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const url = pathToFileURL(path).href
  await context.route('**/*', (route) =>
    route.request().url() === url ? route.continue() : route.abort('blockedbyclient')
  )
  const page = await context.newPage()
  const watch = await watchPage(page, url)
  await page.goto(url)
  await expect(page.locator('html')).toHaveAttribute('data-state', 'complete', { timeout: 30_000 })
  return { page, watch, close: () => context.close() }
}

/** The share of each canvas's pixels that something was drawn on, per chart under `scope`. */
async function inkedShares(page: Page, scope: string): Promise<number[]> {
  return page.evaluate((selector) => {
    const page = (globalThis as unknown as { document: PageDocument }).document
    return Array.from(page.querySelectorAll(`${selector} canvas`)).map((canvas) => {
      const context = canvas.getContext('2d')
      if (context === null || canvas.width === 0 || canvas.height === 0) return 0
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
      let inked = 0
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) inked += 1
      return inked / (canvas.width * canvas.height)
    })
  }, scope)
}

/** A line of a distribution chart's tooltip (the legend under a chart names files instead). */
const TOOLTIP_LINE = /Reference: [\d.]+%/

async function expectNothingRan(watch: Watch): Promise<void> {
  expect(watch.dialogs).toEqual([])
  expect(await watch.isPwned()).toBe(false)
  expect(await watch.violations()).toEqual([])
}

test('the weather report exported from the Export menu opens offline with its verdicts and charts', async ({
  page,
  browser,
  served
}) => {
  await page.goto(served.url)
  await page.getByTestId('nav-compare').click()
  await expect(page.getByTestId('current-slot')).toContainText('week1.csv')
  await page.getByTestId('compare-button').click()
  await expect(page.getByTestId('drifted-count')).toHaveText('7', { timeout: 60_000 })

  await page.getByTestId('export-button').click()
  await expect(page.getByRole('menu')).toContainText('JUnit XML')
  await page.screenshot({ path: join(SCREENSHOTS, 'export-menu.png') })
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu')).toHaveCount(0)
  const path = await exportHtml(page, 'weather-week1.html')

  const { page: file, watch, close } = await openOffline(browser, path)
  try {
    await expect(file.getByTestId('document-title')).toHaveText(
      'week1.csv compared with weather-reference-sample.csv'
    )
    await expect(file.getByTestId('verdict-banner')).toContainText('Dataset drift detected')
    await expect(file.getByTestId('verdict-rule')).toHaveText('Share of drifted columns ≥ 50%')
    await expect(file.getByTestId('drifted-count')).toHaveText('7')
    await expect(file.getByTestId('columns-count')).toHaveText('10')
    await expect(file.getByTestId('validation-status')).toHaveText('Passed')
    await expect(file.getByTestId('multivariate')).toBeVisible()

    // Every drifted column's chart is open and drawn; a calm one opens from its row in the table.
    const charts = await inkedShares(file, '[data-testid="column-details"]')
    expect(charts).toHaveLength(7)
    for (const share of charts) expect(share).toBeGreaterThan(0.02)
    await file.getByTestId('column-row-season').click()
    await expect(file.getByTestId('detail-item-season').locator('canvas')).toBeVisible()
    const [season] = await inkedShares(file, '[data-testid="detail-item-season"]')
    expect(season).toBeGreaterThan(0.02)

    // A tooltip is drawn inside the policy: no inline style or script is refused.
    const chart = file.getByTestId('detail-item-temp').locator('.echart')
    await chart.scrollIntoViewIfNeeded()
    await chart.hover({ position: { x: 200, y: 150 } })
    await expect(chart).toContainText(TOOLTIP_LINE)
    await file.mouse.move(0, 0)

    await file.screenshot({ path: join(SCREENSHOTS, 'export-weather.png'), fullPage: true })
    await file.emulateMedia({ media: 'print' })
    await file.setViewportSize({ width: 760, height: 1000 })
    await file.screenshot({ path: join(SCREENSHOTS, 'export-weather-print.png'), fullPage: true })
    await expect(file.getByTestId('column-filter')).toBeHidden()

    expect(watch.requests).toEqual([])
    await expectNothingRan(watch)
  } finally {
    await close()
  }
})

/** Column names and values built to run script wherever they are put in markup unescaped. */
const PAYLOADS = {
  script: `</script><script>window.${PWNED}=1;alert(1)</script>`,
  attribute: `" onmouseover="window.${PWNED}=1;alert(1)`,
  image: `<img src=x onerror="window.${PWNED}=1;alert(1)">`,
  svg: `<svg onload=window.${PWNED}=1;alert(1)>`
} as const

/** A CSV field, quoted as CSV needs. */
function field(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * Reference and current CSV files of the hostile dataset: three numeric columns named after payloads
 * (shifted in the current batch, so drifted) and one categorical column, named after a payload, whose
 * values are payloads (their mix shifted).
 */
function hostileFiles(): Readonly<{ reference: string; current: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'driftwatch-hostile-'))
  const values = Object.values(PAYLOADS)
  const header = [PAYLOADS.script, PAYLOADS.attribute, PAYLOADS.image, PAYLOADS.svg]
    .map(field)
    .join(',')
  const rows = (shift: number, skewed: boolean): string =>
    Array.from({ length: 120 }, (_, i) => {
      const category = values[skewed && i % 10 < 6 ? 0 : i % values.length] as string
      return [i + shift, (i % 17) * 2 + shift, (i * 7) % 50, field(category)].join(',')
    }).join('\n')
  const reference = join(folder, `reference' onmouseover='alert(1)'.csv`)
  const current = join(folder, 'current.csv')
  writeFileSync(reference, `${header}\n${rows(0, false)}\n`)
  writeFileSync(current, `${header}\n${rows(60, true)}\n`)
  return { reference, current }
}

test('a hostile dataset shows as text in the app and in the exported file; no script runs', async ({
  page,
  browser,
  served
}) => {
  const files = hostileFiles()
  const app = await watchPage(page, served.url)
  await page.goto(served.url)
  await page.getByTestId('nav-compare').click()
  await page.getByTestId('ignore-input').fill('')
  await page.getByTestId('file-input-reference').setInputFiles(files.reference)
  await page.getByTestId('file-input-current').setInputFiles(files.current)
  await page.getByTestId('compare-button').click()
  const table = page.getByTestId('report-table')
  await expect(table).toContainText(PAYLOADS.script, { timeout: 60_000 })
  for (const name of Object.values(PAYLOADS)) await expect(table).toContainText(name)

  // The categorical column's chart and tooltip: its categories are payloads too.
  await page.getByTestId(`column-row-${PAYLOADS.svg}`).click()
  const chart = page.getByTestId('column-detail').locator('.echart')
  await expect(chart.locator('canvas')).toBeVisible()
  await chart.hover({ position: { x: 120, y: 150 } })
  await expect(chart).toContainText(TOOLTIP_LINE)
  await page.screenshot({ path: join(SCREENSHOTS, 'hostile-app.png'), fullPage: true })
  await expect(page.locator('img, svg [onload], [onmouseover], [onerror]')).toHaveCount(0)
  expect(app.dialogs).toEqual([])
  expect(await app.isPwned()).toBe(false)

  const path = await exportHtml(page, 'hostile.html')
  const { page: file, watch, close } = await openOffline(browser, path)
  try {
    const exported = file.getByTestId('report-table')
    for (const name of Object.values(PAYLOADS)) await expect(exported).toContainText(name)
    await expect(file.getByTestId('report')).toContainText(`reference' onmouseover='alert(1)'.csv`)
    // Hover every drawn chart, so each tooltip is written with payload categories in it.
    const charts = file.locator('[data-testid="column-details"] .echart')
    expect(await charts.count()).toBeGreaterThan(0)
    for (const chart of await charts.all()) {
      await chart.scrollIntoViewIfNeeded()
      await chart.hover({ position: { x: 150, y: 150 } })
      await expect(chart).toContainText(TOOLTIP_LINE)
    }
    await file.screenshot({ path: join(SCREENSHOTS, 'hostile-export.png'), fullPage: true })
    await expect(file.locator('img, svg [onload], [onmouseover], [onerror]')).toHaveCount(0)
    expect(watch.requests).toEqual([])
    await expectNothingRan(watch)
  } finally {
    await close()
  }
})

test('the project overview exports its report: heatmap, trend, batches and the latest report', async ({
  page,
  browser,
  served
}) => {
  await page.goto(served.url)
  await expect(page.getByTestId('project-name')).toHaveText('Seed weather (demo)')
  await page.getByTestId('simulate-next-week').click()
  await expect(page.getByTestId('batch-row-week1.csv')).toContainText('Drift · 7/10', {
    timeout: 60_000
  })
  await page.getByTestId('export-button').click()
  await expect(page.getByRole('menu')).toContainText('History as JSON')
  await page.screenshot({ path: join(SCREENSHOTS, 'export-project-menu.png') })
  await page.keyboard.press('Escape')
  const path = await exportHtml(page, 'demo-project.html')

  const { page: file, watch, close } = await openOffline(browser, path)
  try {
    await expect(file.getByTestId('document-title')).toHaveText('Project Seed weather (demo)')
    await expect(file.getByTestId('project-summary')).toHaveText(
      '1 of 1 batch processed, 1 drifted, 0 with invalid data.'
    )
    await expect(file.getByTestId('batch-row-week1.csv')).toContainText('Drift · 7/10')
    const [heatmap] = await inkedShares(file, '[data-testid="drift-heatmap"]')
    expect(heatmap).toBeGreaterThan(0.05)
    // The heatmap's tooltip explains a cell, inside the policy.
    const cells = file.getByTestId('drift-heatmap')
    const box = await cells.boundingBox()
    await cells.hover({ position: { x: (box?.width ?? 0) * 0.6, y: 20 } })
    await expect(cells).toContainText('in week1.csv')
    await expect(file.getByTestId('trend-chart').locator('canvas')).toBeVisible()
    await expect(
      file.getByTestId('batch-report-week1.csv').getByTestId('drifted-count')
    ).toHaveText('7')
    await file.screenshot({ path: join(SCREENSHOTS, 'export-project.png'), fullPage: true })
    expect(watch.requests).toEqual([])
    await expectNothingRan(watch)
  } finally {
    await close()
  }
})
