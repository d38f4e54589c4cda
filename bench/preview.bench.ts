/**
 * Benchmark of the data preview: how long opening a generated file takes (a CSV is read once into the
 * preview's table, a Parquet file is read in place; both are hashed meanwhile), then how long one page of
 * 500 rows takes through `data:rows` (the worker's queries, the Arrow bytes, the copy to the main thread)
 * and decoding it as the renderer does — from the top, the middle and the end of the file — and the first
 * and a later page of three filters (a category, a histogram bin, a failing expectation), whose first page
 * finds the filter's rows.
 *
 *   npm run bench:preview                               10^7 rows, CSV and Parquet, 5 repeats
 *   npm run bench:preview -- --rows 1e6 --formats parquet --repeats 10
 *
 * The files are the comparison benchmark's current batch (bench/generate.ts), generated when missing into
 * bench/data/. Every figure is printed; nothing is written.
 */
import { statSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createBackend } from '../src/main/api'
import type { Backend } from '../src/main/backend'
import type { RowFilter } from '../src/shared/model'
import { decodeRowPage } from '../src/renderer/features/preview/rowPage'
import { type DataFormat, ensureDataset } from './generate'

const PAGE = 500

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1e7' },
    formats: { type: 'string', default: 'csv,parquet' },
    repeats: { type: 'string', default: '5' },
    help: { type: 'boolean', default: false }
  }
})
if (values.help) {
  console.log('npm run bench:preview -- [--rows 1e7] [--formats csv,parquet] [--repeats 5]')
  process.exit(0)
}
const rows = Number(values.rows)
const repeats = Math.max(1, Math.floor(Number(values.repeats)))
const formats = values.formats.split(',').map((f) => f.trim()) as DataFormat[]
if (!Number.isSafeInteger(rows) || rows < PAGE * 2) {
  console.error(`--rows needs a whole number of at least ${PAGE * 2}; got "${values.rows}"`)
  process.exit(2)
}
if (!formats.every((f) => f === 'csv' || f === 'parquet')) {
  console.error(`--formats takes csv, parquet or both; got "${values.formats}"`)
  process.exit(2)
}

const FILTERS: readonly Readonly<{ name: string; filter: RowFilter }>[] = [
  {
    name: 'category channel = "app"',
    filter: { kind: 'category', column: 'channel', value: 'app', isNumeric: false }
  },
  {
    name: 'bin 30 ≤ age < 40',
    filter: { kind: 'bin', column: 'age', lower: 30, upper: 40, isLast: false }
  },
  {
    name: 'expectation age between 25 and 70',
    filter: {
      kind: 'expectation',
      expectation: {
        id: 'age-range',
        kind: 'column_values_between',
        column: 'age',
        min: 25,
        max: 70,
        severity: 'error',
        enabled: true
      }
    }
  }
]

function ms(value: number): string {
  return `${value.toFixed(1)} ms`
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/** One page through the backend and decoded: wall time of the call, of decoding, and the worker's time. */
async function page(
  backend: Backend,
  previewId: string,
  offset: number,
  filter?: RowFilter
): Promise<{ call: number; decode: number; worker: number; total: number; bytes: number }> {
  const started = performance.now()
  const result = await backend.call('data:rows', {
    previewId,
    offset,
    limit: PAGE,
    ...(filter === undefined ? {} : { filter })
  })
  const called = performance.now()
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  const decoded = decodeRowPage(result.value)
  const decode = performance.now() - called
  if (decoded.length === 0 && decoded.total > offset)
    throw new Error('an empty page inside the rows')
  return {
    call: called - started,
    decode,
    worker: result.value.ms,
    total: decoded.total,
    bytes: result.value.arrow.byteLength
  }
}

async function timedPages(
  backend: Backend,
  previewId: string,
  offset: number,
  filter?: RowFilter
): Promise<string> {
  const calls: number[] = []
  const decodes: number[] = []
  let bytes = 0
  for (let i = 0; i < repeats; i++) {
    const p = await page(backend, previewId, offset, filter)
    calls.push(p.call)
    decodes.push(p.decode)
    bytes = p.bytes
  }
  return `median ${ms(median(calls))}, max ${ms(Math.max(...calls))} (+ decode ${ms(median(decodes))}; ${(bytes / 1024).toFixed(0)} KB of Arrow)`
}

console.log(
  `data preview: ${rows.toLocaleString('en')} rows, pages of ${PAGE}, ${repeats} repeats, ${cpus().length} cores`
)
for (const format of formats) {
  const ensured = await ensureDataset(
    join(import.meta.dirname, 'data'),
    { rows, format, variant: 'exported' },
    (text) => console.log(`  ${text}`),
    ['current']
  )
  if (!ensured.ok) {
    console.error(`  ${format}: ${ensured.reason}`)
    continue
  }
  const path = ensured.paths.current
  const backend = createBackend({ host: 'inprocess', workers: 1 })
  try {
    backend.grant(path)
    const size = statSync(path).size
    console.log(`\n${format}: ${path} (${(size / 1e6).toFixed(0)} MB)`)
    const started = performance.now()
    const opened = await backend.call('data:open', { path })
    if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.message}`)
    console.log(
      `  open        ${ms(performance.now() - started)} (${opened.value.isStaged ? 'staged into the preview table' : 'read in place'}, hashed)`
    )
    const id = opened.value.previewId
    for (const [name, offset] of [
      ['top', 0],
      ['middle', Math.floor(rows / 2)],
      ['end', rows - PAGE]
    ] as const) {
      console.log(`  page ${name.padEnd(7)}${await timedPages(backend, id, offset)}`)
    }
    for (const { name, filter } of FILTERS) {
      const first = await page(backend, id, 0, filter)
      const later = await timedPages(backend, id, Math.max(0, Math.floor(first.total / 2)), filter)
      console.log(
        `  ${name}: ${first.total.toLocaleString('en')} rows; first page ${ms(first.call)} (finds the rows); a middle page ${later}`
      )
    }
    await backend.call('data:close', { previewId: id })
  } finally {
    await backend.dispose()
  }
}
