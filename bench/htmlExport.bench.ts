/**
 * Benchmark of the HTML export: the size of the exported file and the time Chromium takes to open and draw
 * it, for three reports made by the engine as the app makes them (validation against a suite inferred from
 * the reference, default tests, multivariate checks):
 *
 * - weather: the demo's reference against week1 (10 columns tested, `count` ignored, as the app's demo);
 * - 15 columns: the generated benchmark pair (generate.ts), 10^5 rows per file;
 * - 200 columns: a wide pair made from it (wideData.ts), 2 × 10^4 rows per file.
 *
 * Each file is opened `--runs` times, each time in a fresh browser context (no cache) with every request
 * but the file's own refused. Two times are read from the page's performance timeline, from the start of
 * the navigation (src/renderer/document/drawn.ts): drawn, the first screen with every chart in it drawn
 * (what "opens and renders" means: charts further down are drawn as they come near or in idle time), and
 * complete, every chart of the page drawn. The median and the slowest of each are printed, with the load
 * event for comparison. A file that asked for anything on the network would be said.
 *
 *   npm run bench:html                   (needs npm run build: the export bundle)
 *   npm run bench:html -- --runs 9
 *
 * The files are written to bench/results/html/, the figures to bench/results/html-<time>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { type Browser, chromium } from '@playwright/test'
import { createBackend } from '../src/main/api'
import { readExportBundle, renderReportHtml } from '../src/main/export/html'
import { runComparison } from '../src/main/runComparison'
import { DOCUMENT_MARKS, type Report } from '../src/shared/model'
import { type DatasetPaths, ensureDataset } from './generate'
import { ensureWideDataset } from './wideData'

const benchDir = fileURLToPath(new URL('.', import.meta.url))
const repoDir = resolve(benchDir, '..')
const dataDir = join(benchDir, 'data')
const resultsDir = join(benchDir, 'results')
const DEMO = join(repoDir, 'resources', 'demo')

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, help: { type: 'boolean', default: false } }
})
if (values.help) {
  console.log('npm run bench:html -- [--runs 5]')
  process.exit(0)
}
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs needs a whole number of at least 1; got "${values.runs}"`)
  process.exit(2)
}

/** One report to export, and how to make it. */
type Case = Readonly<{
  name: string
  make: () => Promise<Readonly<{ reference: string; current: string; ignore?: string[] }>>
}>

/** What was measured of one exported file. */
type Figures = Readonly<{
  name: string
  columns: number
  drifted: number
  jsonBytes: number
  htmlBytes: number
  /** Navigation start to the first screen drawn, per run, ms. */
  drawnMs: readonly number[]
  /** Navigation start to every chart drawn, per run, ms. */
  completeMs: readonly number[]
  /** Navigation start to the load event, per run, ms. */
  loadMs: readonly number[]
  /** Requests for anything but the file, over all runs. */
  requests: readonly string[]
}>

const CASES: readonly Case[] = [
  {
    name: 'weather',
    make: async () => ({
      reference: join(DEMO, 'reference', 'weather-reference-sample.csv'),
      current: join(DEMO, 'drops', 'week1.csv'),
      ignore: ['count']
    })
  },
  { name: '15 columns', make: narrowPair },
  {
    name: '200 columns',
    make: async () =>
      ensureWideDataset(dataDir, { columns: 200, rows: 2e4 }, await narrowPair(), console.log)
  }
]

/** The generated 15-column pair, 10^5 rows per file (made when missing). */
async function narrowPair(): Promise<DatasetPaths> {
  const made = await ensureDataset(
    dataDir,
    { rows: 1e5, format: 'csv', variant: 'exported' },
    console.log
  )
  if (!made.ok) throw new Error(made.reason)
  return made.paths
}

/** Compares a case's files as the CLI does (a suite inferred from the reference validates the batch). */
async function report(spec: Case): Promise<Report> {
  const files = await spec.make()
  const backend = createBackend({ host: 'inprocess', workers: 1 })
  try {
    const outcome = await runComparison(backend, {
      reference: files.reference,
      current: files.current,
      options: files.ignore === undefined ? {} : { ignore: files.ignore },
      validation: {},
      quiet: true
    })
    if (!outcome.ok) throw new Error(`${spec.name}: ${outcome.error.message}`)
    return outcome.value
  } finally {
    await backend.dispose()
  }
}

/** The part of a page's performance timeline read here (this file compiles without the DOM library). */
type PageTimeline = Readonly<{
  getEntriesByType: (type: 'navigation') => readonly Readonly<{ loadEventEnd: number }>[]
  getEntriesByName: (name: string) => readonly Readonly<{ startTime: number }>[]
}>

/** Opens the file in a fresh context with the network refused; ms to charts drawn and to load. */
async function open(
  browser: Browser,
  path: string,
  requests: string[]
): Promise<Readonly<{ drawn: number; complete: number; load: number }>> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const url = pathToFileURL(path).href
  await context.route('**/*', (route) =>
    route.request().url() === url ? route.continue() : route.abort('blockedbyclient')
  )
  try {
    const page = await context.newPage()
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url())
    })
    await page.goto(url)
    await page
      .locator('html[data-state="complete"]')
      .waitFor({ state: 'attached', timeout: 60_000 })
    // Runs in the page: its performance timeline, navigation start at 0. (No named functions inside:
    // tsx would wrap them in a helper the page does not have.)
    return await page.evaluate((marks) => {
      const timeline = (globalThis as unknown as { performance: PageTimeline }).performance
      const [navigation] = timeline.getEntriesByType('navigation')
      const [drawn] = timeline.getEntriesByName(marks.drawn)
      const [complete] = timeline.getEntriesByName(marks.complete)
      return {
        drawn: drawn?.startTime ?? Number.NaN,
        complete: complete?.startTime ?? Number.NaN,
        load: navigation?.loadEventEnd ?? Number.NaN
      }
    }, DOCUMENT_MARKS)
  } finally {
    await context.close()
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** `median / slowest` of times in ms. */
function spread(values: readonly number[]): string {
  return `${median(values).toFixed(0)} / ${Math.max(...values).toFixed(0)}`
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(0)} kB`
}

async function main(): Promise<void> {
  const bundle = readExportBundle()
  console.log(
    `export bundle: script ${kilobytes(bundle.script.length)}, stylesheet ${kilobytes(bundle.style.length)}`
  )
  const outDir = join(resultsDir, 'html')
  mkdirSync(outDir, { recursive: true })
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
  })
  const results: Figures[] = []
  try {
    for (const spec of CASES) {
      const made = await report(spec)
      const html = renderReportHtml(made)
      const path = join(outDir, `${spec.name.replace(/\s+/g, '-')}.html`)
      writeFileSync(path, html)
      const requests: string[] = []
      // One unmeasured opening first: Chromium's own start-up is not the file's.
      await open(browser, path, requests)
      const timings = []
      for (let i = 0; i < runs; i++) timings.push(await open(browser, path, requests))
      const figures: Figures = {
        name: spec.name,
        columns: made.dataset.numberOfColumns,
        drifted: made.dataset.numberOfDrifted,
        jsonBytes: Buffer.byteLength(JSON.stringify(made)),
        htmlBytes: Buffer.byteLength(html),
        drawnMs: timings.map((t) => t.drawn),
        completeMs: timings.map((t) => t.complete),
        loadMs: timings.map((t) => t.load),
        requests
      }
      results.push(figures)
      console.log(
        `${spec.name}: ${figures.htmlBytes} bytes (report JSON ${kilobytes(figures.jsonBytes)}), first screen drawn in ${spread(figures.drawnMs)} ms, every chart in ${spread(figures.completeMs)} ms (median / slowest of ${runs}), load event ${median(figures.loadMs).toFixed(0)} ms${requests.length === 0 ? '' : `; REQUESTED ${requests.join(', ')}`}`
      )
    }
  } finally {
    await browser.close()
  }

  console.log('')
  console.log(
    'report       tested  drifted  HTML bytes  JSON kB  first screen ms  every chart ms  load ms'
  )
  for (const f of results) {
    console.log(
      [
        f.name.padEnd(11),
        String(f.columns).padStart(7),
        String(f.drifted).padStart(8),
        String(f.htmlBytes).padStart(11),
        (f.jsonBytes / 1000).toFixed(0).padStart(8),
        spread(f.drawnMs).padStart(16),
        spread(f.completeMs).padStart(15),
        median(f.loadMs).toFixed(0).padStart(8)
      ].join(' ')
    )
  }
  console.log('(times: median / slowest, from the start of the navigation)')
  const file = join(resultsDir, `html-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(
    file,
    `${JSON.stringify({ machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version }, runs, results }, null, 2)}\n`
  )
  console.log(`\nfigures written to ${file}`)
}

await main()
