/**
 * The drift engine computes sufficient statistics in SQL. This checks them against the same statistics
 * computed by src/shared/stats on the raw values read back from the files: KS, Wasserstein, chi-square,
 * z and Jensen–Shannon (per value and on NumPy-compatible Sturges bins), with missing and non-finite values.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '../../src/shared/model'
import {
  chisquareGof,
  histogramBinEdges,
  histogramCounts,
  jensenShannon,
  ks2samp,
  twoProportionZtest,
  wassersteinDistance
} from '../../src/shared/stats'
import { seededRandom } from '../../src/shared/stats/random'
import { column, expectNear, roundTo, standardNormal, useBackend } from './harness'

type Row = { x: number | null; c: string; d: number; b: string }

function makeRows(n: number, seed: number, shift: number): Row[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, (_, i) => ({
    x: i % 97 === 0 ? null : roundTo(standardNormal(random) + shift, 6),
    c: `level_${Math.floor(random.next() ** (1 + shift) * 6)}`,
    d: Math.floor(random.next() * 4 + shift),
    b: random.next() < 0.3 + shift / 4 ? 'yes' : 'no'
  }))
}

function toCsv(rows: readonly Row[]): string {
  return `x,c,d,b\n${rows.map((r) => `${r.x ?? ''},${r.c},${r.d},${r.b}`).join('\n')}\n`
}

function stdPop(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length)
}

function counts(values: readonly string[], keys: readonly string[]): number[] {
  return keys.map((k) => values.filter((v) => v === k).length)
}

const reference = makeRows(3000, 7, 0)
const current = makeRows(2500, 11, 0.25)
const refX = reference.map((r) => r.x).filter((v): v is number => v !== null)
const curX = current.map((r) => r.x).filter((v): v is number => v !== null)

const run = useBackend('engine').comparePair(toCsv(reference), toCsv(current))

describe('automatic tests on a large reference (> 1000 values)', () => {
  let report: Report
  beforeAll(async () => {
    report = await run({})
  })

  it('numeric x: normed Wasserstein from the merged ECDF', () => {
    const x = column(report, 'x')
    expect(x.test).toBe('wasserstein')
    expectNear(x.score, wassersteinDistance(refX, curX) / stdPop(refX), 1e-9)
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
    expectNear(c.score, jensenShannon(p, q), 1e-9)
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
    expectNear(x.statistic, expected.statistic, 1e-12)
    expectNear(x.score, expected.pvalue, 1e-6)
    expect(x.reason).toMatch(/set by option/)
  })

  it('chi-square on a numeric column: a value the reference lacks makes chi² infinite, p = 0', () => {
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
    // The shift lifts some current values of d to 4, which the reference never has.
    expect(keys).toEqual(['0', '1', '2', '3', '4'])
    expect(expected.statistic).toBe(Number.POSITIVE_INFINITY)
    expect(d.statistic).toBeNull()
    expect(d.note).toMatch(/1 value of the current batch never occur in the reference/)
    expectNear(d.score, expected.pvalue, 1e-6)
  })

  it('chi-square on a categorical column', () => {
    const c = column(report, 'c')
    const keys = [...new Set([...reference, ...current].map((r) => r.c))].sort()
    const expected = chisquareGof(
      counts(
        reference.map((r) => r.c),
        keys
      ),
      counts(
        current.map((r) => r.c),
        keys
      )
    )
    expect(Number.isFinite(expected.statistic)).toBe(true)
    expectNear(c.statistic, expected.statistic, 1e-9)
    expectNear(c.score, expected.pvalue, 1e-6)
  })

  it('z-test on a binary column', () => {
    const b = column(report, 'b')
    const expected = twoProportionZtest(
      reference.filter((r) => r.b === 'no').length,
      reference.length,
      current.filter((r) => r.b === 'no').length,
      current.length
    )
    expectNear(b.score, expected.pvalue, 1e-6)
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
    expectNear(
      x.score,
      jensenShannon(
        p.map((n) => n / refX.length),
        q.map((n) => n / curX.length)
      ),
      1e-9
    )
  })
})
