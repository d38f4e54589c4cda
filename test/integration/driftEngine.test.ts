/**
 * The drift engine computes sufficient statistics in SQL. This checks them against the same statistics
 * computed by src/shared/stats on the raw values read back from the files: KS, Wasserstein, chi-square,
 * z and Jensen–Shannon (per value and on NumPy-compatible Sturges bins), with missing and non-finite values.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend } from '../../src/main/api'
import type { Backend } from '../../src/main/backend'
import { runComparison } from '../../src/main/runComparison'
import type { ColumnDrift, DriftOptions, Report } from '../../src/shared/model'
import {
  chisquareGof,
  histogramBinEdges,
  histogramCounts,
  jensenShannon,
  ks2samp,
  twoProportionZtest,
  wassersteinDistance
} from '../../src/shared/stats'

/** A small deterministic generator (LCG), so the data is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
}

type Row = { x: number | null; c: string; d: number; b: string }

function makeRows(n: number, seed: number, shift: number): Row[] {
  const rand = random(seed)
  return Array.from({ length: n }, (_, i) => ({
    x: i % 97 === 0 ? null : Math.round((normal(rand) + shift) * 1e6) / 1e6,
    c: `level_${Math.floor(rand() ** (1 + shift) * 6)}`,
    d: Math.floor(rand() * 4 + shift),
    b: rand() < 0.3 + shift / 4 ? 'yes' : 'no'
  }))
}

function toCsv(rows: readonly Row[]): string {
  return `x,c,d,b\n${rows.map((r) => `${r.x ?? ''},${r.c},${r.d},${r.b}`).join('\n')}\n`
}

const rtol = (actual: number, expected: number, tol: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected) + 1e-12)
}

function stdPop(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length)
}

function counts(values: readonly string[], keys: readonly string[]): number[] {
  return keys.map((k) => values.filter((v) => v === k).length)
}

let backend: Backend
let dir: string
const reference = makeRows(3000, 7, 0)
const current = makeRows(2500, 11, 0.25)
const refX = reference.map((r) => r.x).filter((v): v is number => v !== null)
const curX = current.map((r) => r.x).filter((v): v is number => v !== null)

beforeAll(() => {
  backend = createBackend({ host: 'inprocess', workers: 1 })
  dir = mkdtempSync(join(tmpdir(), 'driftwatch-engine-'))
  writeFileSync(join(dir, 'reference.csv'), toCsv(reference))
  writeFileSync(join(dir, 'current.csv'), toCsv(current))
})
afterAll(async () => {
  await backend.dispose()
  rmSync(dir, { recursive: true, force: true })
})

async function run(options: DriftOptions): Promise<Report> {
  const result = await runComparison(backend, {
    reference: join(dir, 'reference.csv'),
    current: join(dir, 'current.csv'),
    options
  })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function column(report: Report, name: string): ColumnDrift {
  const c = report.columns.find((col) => col.column === name)
  if (!c) throw new Error(`no column ${name}`)
  return c
}

describe('automatic tests on a large reference (> 1000 values)', () => {
  let report: Report
  beforeAll(async () => {
    report = await run({})
  })

  it('numeric x: normed Wasserstein from the merged ECDF', () => {
    const x = column(report, 'x')
    expect(x.test).toBe('wasserstein')
    rtol(x.score as number, wassersteinDistance(refX, curX) / stdPop(refX), 1e-9)
    expect(x.reference?.missing).toBe(reference.filter((r) => r.x === null).length)
  })

  it('categorical c: Jensen–Shannon over the values', () => {
    const c = column(report, 'c')
    expect(c.test).toBe('jensenshannon')
    const keys = [...new Set([...reference, ...current].map((r) => r.c))].sort()
    const p = counts(
      reference.map((r) => r.c),
      keys
    ).map((n) => n / reference.length)
    const q = counts(
      current.map((r) => r.c),
      keys
    ).map((n) => n / current.length)
    rtol(c.score as number, jensenShannon(p, q), 1e-9)
  })

  it('numeric d with few values: Jensen–Shannon per value', () => {
    const d = column(report, 'd')
    expect(d.test).toBe('jensenshannon')
    expect(d.distribution?.kind).toBe('categories')
  })
})

describe('tests chosen by option agree with the array implementations', () => {
  let report: Report
  beforeAll(async () => {
    report = await run({
      perColumn: {
        x: { test: 'ks' },
        d: { test: 'chisquare' },
        b: { test: 'z' },
        c: { test: 'chisquare' }
      }
    })
  })

  it('KS from SQL equals ks2samp on the values (exact method)', () => {
    const x = column(report, 'x')
    const expected = ks2samp(refX, curX, { method: 'auto' })
    rtol(x.statistic as number, expected.statistic, 1e-12)
    rtol(x.score as number, expected.pvalue, 1e-6)
    expect(x.reason).toMatch(/set by option/)
  })

  it('chi-square on a numeric column with four values', () => {
    const d = column(report, 'd')
    const keys = [...new Set([...reference, ...current].map((r) => String(r.d)))].sort(
      (a, b) => Number(a) - Number(b)
    )
    const expected = chisquareGof(
      counts(
        reference.map((r) => String(r.d)),
        keys
      ),
      counts(
        current.map((r) => String(r.d)),
        keys
      )
    )
    rtol(d.statistic as number, expected.statistic, 1e-9)
    rtol(d.score as number, expected.pvalue, 1e-6)
  })

  it('z-test on a binary column', () => {
    const b = column(report, 'b')
    const expected = twoProportionZtest(
      reference.filter((r) => r.b === 'no').length,
      reference.length,
      current.filter((r) => r.b === 'no').length,
      current.length
    )
    rtol(b.score as number, expected.pvalue, 1e-6)
  })
})

describe('Jensen–Shannon on NumPy-compatible Sturges bins', () => {
  it('matches histogram_bin_edges + histogram on the pooled values', async () => {
    const report = await run({ perColumn: { x: { test: 'jensenshannon' } } })
    const x = column(report, 'x')
    const edges = histogramBinEdges([...refX, ...curX], 'sturges')
    const p = histogramCounts(refX, edges)
    const q = histogramCounts(curX, edges)
    expect(x.distribution?.kind).toBe('bins')
    if (x.distribution?.kind !== 'bins') return
    expect(x.distribution.edges).toEqual(edges)
    expect(x.distribution.reference).toEqual(p)
    expect(x.distribution.current).toEqual(q)
    rtol(
      x.score as number,
      jensenShannon(
        p.map((n) => n / refX.length),
        q.map((n) => n / curX.length)
      ),
      1e-9
    )
  })
})
