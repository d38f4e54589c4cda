/**
 * Drag-and-drop on the Compare screen in Chromium over `driftwatch serve`: two files dropped on the window
 * are uploaded, fill both slots and are compared at once, and the report fills in as the comparison runs
 * (the schema first, then the columns row by row, then the whole report); one file dropped alone asks
 * which side it is, once; a file dropped on a slot replaces it; the comparison joins the recent ones.
 * Drops are DataTransfer objects built in the page and dispatched as drag events, as a person's drop
 * arrives. Screenshots go to test-results/screenshots/.
 */
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { REPO_ROOT } from '../paths'
import { expect, test } from './fixtures'

const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots')

type DroppedFile = Readonly<{ name: string; content: string }>

/** A deterministic uniform draw in [0, 1) (a linear congruential generator), so the files never vary. */
function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/**
 * A CSV of `rows` rows and ten columns; `shift` moves the numeric columns, so a current batch drifts.
 * 60 000 rows (about 3 MB) take the engine long enough to show its results arriving one by one.
 */
function batchCsv(rows: number, seed: number, shift: number): string {
  const random = generator(seed)
  const cities = ['paris', 'lyon', 'lille', 'nantes', 'nice', 'brest']
  const devices = ['phone', 'tablet', 'laptop', 'desktop']
  const lines = ['age,income,score,visits,basket,minutes,discount,city,device,member']
  for (let i = 0; i < rows; i++) {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    lines.push(
      [
        Math.round(40 + 12 * normal + shift * 4),
        (30000 + 9000 * random() + shift * 2000).toFixed(2),
        (normal + shift * 0.3).toFixed(4),
        Math.floor(random() * 10 + shift),
        Math.floor(random() * 6),
        (15 + 6 * random()).toFixed(1),
        (random() * 40).toFixed(1),
        cities[Math.floor(random() ** (1 + shift) * cities.length)],
        devices[Math.floor(random() * devices.length)],
        random() < 0.3 ? 'true' : 'false'
      ].join(',')
    )
  }
  return `${lines.join('\n')}\n`
}

/*
 * The page-side code below is plain JavaScript in strings: this file compiles without the DOM's types
 * (tsconfig.node.json), and the page receives the text as it is.
 */

/** Evaluates to a DataTransfer holding the files of its argument ({ name, content } each). */
const MAKE_TRANSFER = `(list) => {
  const transfer = new DataTransfer()
  for (const f of list) transfer.items.add(new File([f.content], f.name, { type: 'text/csv' }))
  return transfer
}`

/**
 * Notes in globalThis.__appearances when the parts of the report first appear (milliseconds on the page's
 * clock): the schema, each column's waiting row, each column's finished row in the live report (as
 * live-column-row-<name>) and the whole report.
 */
const RECORD_APPEARANCES = `(() => {
  const seen = {}
  const note = (root) => {
    for (const element of [root, ...root.querySelectorAll('[data-testid]')]) {
      const id = element.getAttribute('data-testid')
      if (id === null) continue
      const isLive = element.closest('[data-testid="live-report"]') !== null
      const key = isLive && id.startsWith('column-row-') ? 'live-' + id : id
      const isPart = key === 'live-schema' || key === 'report' || key.startsWith('pending-row-') ||
        key.startsWith('live-column-row-')
      if (isPart && seen[key] === undefined) seen[key] = performance.now()
    }
  }
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) if (node instanceof Element) note(node)
  }).observe(document.body, { childList: true, subtree: true })
  globalThis.__appearances = seen
})()`

/** Builds a DataTransfer of `files` in the page and dispatches a drag and a drop of it on `selector`. */
async function drop(page: Page, selector: string, files: readonly DroppedFile[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle(`(${MAKE_TRANSFER})(${JSON.stringify(files)})`)
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent(selector, type, { dataTransfer })
  }
  await dataTransfer.dispose()
}

async function recordAppearances(page: Page): Promise<void> {
  await page.evaluate(RECORD_APPEARANCES)
}

async function appearances(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () => (globalThis as { __appearances?: Record<string, number> }).__appearances ?? {}
  )
}

const REFERENCE: DroppedFile = { name: 'week3.csv', content: batchCsv(60_000, 1, 0) }
const CURRENT: DroppedFile = { name: 'week4.csv', content: batchCsv(60_000, 2, 1) }

test('two files dropped on the window are compared at once, and the report fills in as it runs', async ({
  page,
  served
}) => {
  await page.goto(served.url)
  // The app opens on the Project screen; a drop anywhere switches to Compare.
  await expect(page.getByTestId('project-screen')).toBeVisible()
  await recordAppearances(page)
  // Dropped in the "wrong" order: the names say week3 is the reference.
  await drop(page, '.app', [CURRENT, REFERENCE])
  await expect(page.getByTestId('compare-screen')).toBeVisible()
  await expect(page.getByTestId('reference-slot')).toContainText('week3.csv')
  await expect(page.getByTestId('current-slot')).toContainText('week4.csv')

  // The schema comes first, with both files' columns and kinds; then the rows and missing counts.
  const schema = page.getByTestId('live-schema')
  await expect(schema).toBeVisible({ timeout: 60_000 })
  await expect(page.getByTestId('schema-row-city')).toContainText('categorical')
  await expect(page.getByTestId('progress')).toBeVisible()
  await expect(page.getByTestId('phase-open')).toBeVisible()
  // Seen mid-run when the machine is fast enough to catch it; the figures below check the order anyway.
  await page.getByTestId('live-report').screenshot({ path: join(SCREENSHOTS, 'live-report.png') })

  await expect(page.getByTestId('report')).toBeVisible({ timeout: 60_000 })
  await expect(page.getByTestId('live-report')).toHaveCount(0)
  await expect(page.getByTestId('progress')).toHaveCount(0)
  await expect(page.getByTestId('verdict-banner')).toBeVisible()
  await expect(page.getByTestId('columns-count')).toHaveText('10')
  await page.screenshot({ path: join(SCREENSHOTS, 'dropped-report.png'), fullPage: true })

  const seen = await appearances(page)
  const columnTimes = Object.entries(seen)
    .filter(([id]) => id.startsWith('live-column-row-'))
    .map(([, t]) => t)
  const pending = Object.keys(seen).filter((id) => id.startsWith('pending-row-'))
  const schemaAt = seen['live-schema'] as number
  const reportAt = seen['report'] as number
  expect(schemaAt).toBeDefined()
  expect(reportAt).toBeDefined()
  // Every tested column was first announced as waiting, then had its row filled before the report.
  expect(pending).toHaveLength(10)
  expect(columnTimes.length).toBeGreaterThanOrEqual(2)
  expect(Math.min(...columnTimes)).toBeGreaterThan(schemaAt)
  expect(Math.max(...columnTimes)).toBeLessThan(reportAt)
  // Row by row: the first and the last column's results did not arrive in the same frame.
  expect(Math.max(...columnTimes) - Math.min(...columnTimes)).toBeGreaterThan(16)

  // The comparison joins the recent ones, with its verdict; "Show report" brings it back.
  const recent = page.getByTestId('recent-comparisons')
  await expect(recent).toContainText('week3.csv')
  await recent.locator('summary').click()
  await expect(recent.getByTestId('recent-item').first()).toContainText('of 10 columns')
})

test('a file dropped alone asks once which side it is; a drop on a slot replaces that slot', async ({
  page,
  served
}) => {
  await page.goto(served.url)
  await page.getByTestId('nav-compare').click()
  await expect(page.getByTestId('current-slot')).toContainText('week1.csv')

  await drop(page, '.app', [CURRENT])
  const choice = page.getByTestId('drop-choice')
  await expect(choice).toContainText('Use week4.csv as:')
  await page.screenshot({ path: join(SCREENSHOTS, 'drop-choice.png'), fullPage: true })
  await choice.getByTestId('drop-as-current').click()
  await expect(choice).toHaveCount(0)
  await expect(page.getByTestId('current-slot')).toContainText('week4.csv')
  await expect(page.getByTestId('drop-hint')).toContainText(
    'A single file goes to the current slot'
  )

  // Remembered for the session: the next file dropped alone goes to the current slot without asking.
  await drop(page, '.app', [REFERENCE])
  await expect(page.getByTestId('current-slot')).toContainText('week3.csv')
  await expect(page.getByTestId('drop-choice')).toHaveCount(0)

  // A drop on the reference slot replaces the reference, whatever the remembered side.
  await drop(page, '[data-testid="reference-slot"]', [CURRENT])
  await expect(page.getByTestId('reference-slot')).toContainText('week4.csv')
  await expect(page.getByTestId('current-slot')).toContainText('week3.csv')

  // "Ask again" forgets the side.
  await page.getByTestId('drop-hint').getByRole('button', { name: 'Ask again' }).click()
  await drop(page, '.app', [REFERENCE])
  await expect(page.getByTestId('drop-choice')).toBeVisible()
  await page.getByTestId('drop-choice').getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByTestId('drop-choice')).toHaveCount(0)
})
