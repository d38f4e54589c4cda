/**
 * Every test of the catalogue through the full path — real CSV files, the worker's DuckDB, the pooled value
 * counts in SQL, the finishing step in src/shared/stats — against the same test computed by the array
 * implementations (themselves checked against SciPy's golden vectors) on the raw values read back.
 */
import { describe, expect, it } from 'vitest'
import type { ColumnDrift, DriftTestId } from '../../src/shared/model'
import {
  energyDistance,
  histogramBinEdges,
  histogramCounts,
  jensenShannon,
  klDivergence,
  ks2samp,
  wassersteinDistance
} from '../../src/shared/stats'
import { andersonKsamp } from '../../src/shared/stats/andersonKsamp'
import { cramervonmises2samp } from '../../src/shared/stats/cramervonmises2samp'
import { eppsSingleton2samp } from '../../src/shared/stats/eppsSingleton2samp'
import { fisherExact } from '../../src/shared/stats/fisherExact'
import { gTest } from '../../src/shared/stats/gTest'
import { hellingerBinned, hellingerEvidently } from '../../src/shared/stats/hellingerBinned'
import { levene } from '../../src/shared/stats/levene'
import { mannwhitneyu } from '../../src/shared/stats/mannwhitneyu'
import { evidentlyMmdSigma, mmdPermutationTest } from '../../src/shared/stats/mmd'
import { fillZeroShares, psi } from '../../src/shared/stats/psi'
import { seededRandom } from '../../src/shared/stats/random'
import { ttestInd } from '../../src/shared/stats/ttestInd'
import { tvdPermutationTest } from '../../src/shared/stats/tvdPermutation'
import { column, expectNear, roundTo, standardNormal, useBackend } from './harness'

type Row = { x: number | null; c: string; b: string }

function makeRows(n: number, seed: number, shift: number): Row[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, (_, i) => ({
    // Two decimals: ties, as in exported data. Every 50th value missing, one infinite.
    x: i % 50 === 0 ? null : roundTo(standardNormal(random) * (1 + shift) + shift, 2),
    c: `level_${Math.floor(random.next() ** (1 + shift) * 7)}`,
    b: random.next() < 0.3 + shift / 5 ? 'yes' : 'no'
  }))
}

function toCsv(rows: readonly Row[]): string {
  const lines = rows.map((r, i) => `${i === 7 ? 'inf' : (r.x ?? '')},${r.c},${r.b}`)
  return `x,c,b\n${lines.join('\n')}\n`
}

const reference = makeRows(1500, 3, 0)
const current = makeRows(900, 5, 0.15)
const finiteX = (rows: readonly Row[]): number[] =>
  rows
    .filter((_, i) => i !== 7)
    .map((r) => r.x)
    .filter((v): v is number => v !== null)
const refX = finiteX(reference)
const curX = finiteX(current)

function counts(rows: readonly Row[], key: 'c' | 'b', keys: readonly string[]): number[] {
  return keys.map((k) => rows.filter((r) => r[key] === k).length)
}
const cKeys = [...new Set([...reference, ...current].map((r) => r.c))].sort()
const refC = counts(reference, 'c', cKeys)
const curC = counts(current, 'c', cKeys)

const run = useBackend('catalogue', { defaults: { multivariate: { enabled: false } } }).comparePair(
  toCsv(reference),
  toCsv(current)
)

async function numeric(test: DriftTestId): Promise<ColumnDrift> {
  const x = column(await run({ perKind: { numeric: { test } } }), 'x')
  expect(x.status).toBe('tested')
  expect(x.test).toBe(test)
  expect(x.explanation).toMatch(/x/)
  return x
}

async function categorical(test: DriftTestId, name: 'b' | 'c' = 'c'): Promise<ColumnDrift> {
  const c = column(await run({ perKind: { categorical: { test } } }), name)
  expect(c.status).toBe('tested')
  expect(c.test).toBe(test)
  return c
}

const sturges = (): { ref: number[]; cur: number[]; edges: number[] } => {
  const edges = histogramBinEdges([...refX, ...curX], 'sturges')
  return { ref: histogramCounts(refX, edges), cur: histogramCounts(curX, edges), edges }
}

describe('numeric tests: SQL sufficient statistics agree with the array implementations', () => {
  it('ks', async () => {
    const x = await numeric('ks')
    const r = ks2samp(refX, curX, { method: 'auto' })
    expectNear(x.statistic, r.statistic, 1e-12)
    expectNear(x.score, r.pvalue, 1e-6)
    expect(x.sampleSize).toEqual({ reference: refX.length, current: curX.length })
    expect(x.reference?.nonFinite).toBe(1)
  })
  it('wasserstein (normed)', async () => {
    const x = await numeric('wasserstein')
    const mean = refX.reduce((s, v) => s + v, 0) / refX.length
    const std = Math.sqrt(refX.reduce((s, v) => s + (v - mean) ** 2, 0) / refX.length)
    expectNear(x.score, wassersteinDistance(refX, curX) / std, 1e-9)
  })
  it('ed (energy distance)', async () => {
    expectNear((await numeric('ed')).score, energyDistance(refX, curX), 1e-9)
  })
  it('anderson', async () => {
    const x = await numeric('anderson')
    const r = andersonKsamp([refX, curX])
    expectNear(x.statistic, r.statistic, 1e-9)
    expectNear(x.score, r.significanceLevel, 1e-6)
  })
  it('cramer_von_mises', async () => {
    const x = await numeric('cramer_von_mises')
    const r = cramervonmises2samp(refX, curX)
    expectNear(x.statistic, r.statistic, 1e-9)
    expectNear(x.score, r.pvalue, 1e-6)
  })
  it('es (Epps–Singleton)', async () => {
    const x = await numeric('es')
    const r = eppsSingleton2samp(refX, curX)
    expectNear(x.statistic, r.statistic, 1e-6)
    expectNear(x.score, r.pvalue, 1e-6)
  })
  it('mannw (two-sided, as Evidently does not)', async () => {
    const x = await numeric('mannw')
    const r = mannwhitneyu(refX, curX)
    expectNear(x.statistic, r.statistic, 1e-12)
    expectNear(x.score, r.pvalue, 1e-6)
    expect(x.deviation).toMatch(/two-sided/)
  })
  it('t_test and welch_t_test', async () => {
    expectNear(
      (await numeric('t_test')).score,
      ttestInd(refX, curX, { equalVar: true }).pvalue,
      1e-6
    )
    expectNear(
      (await numeric('welch_t_test')).score,
      ttestInd(refX, curX, { equalVar: false }).pvalue,
      1e-6
    )
  })
  it('levene_median and levene_mean', async () => {
    const median = await numeric('levene_median')
    expectNear(median.statistic, levene([refX, curX], 'median').statistic, 1e-9)
    expectNear(median.score, levene([refX, curX], 'median').pvalue, 1e-6)
    expectNear((await numeric('levene_mean')).score, levene([refX, curX], 'mean').pvalue, 1e-6)
  })
  it('empirical_mmd on a seeded sample (here every value) with seeded permutations', async () => {
    const x = await numeric('empirical_mmd')
    const sorted = (v: number[]) => [...v].sort((a, b) => a - b).map((y) => [y])
    const r = mmdPermutationTest(sorted(refX), sorted(curX), {
      sigma: evidentlyMmdSigma([...refX].sort((a, b) => a - b)),
      permutations: 100,
      seed: 42
    })
    expectNear(x.statistic, r.mmd2, 1e-9)
    expectNear(x.score, r.pvalue, 1e-12)
    expect(x.sampleSize).toEqual({ reference: refX.length, current: curX.length })
  })
  it('jensenshannon, psi and kl_div on shared Sturges bins', async () => {
    const { ref, cur } = sturges()
    const shares = (c: number[], n: number) => c.map((v) => v / n)
    expectNear(
      (await numeric('jensenshannon')).score,
      jensenShannon(shares(ref, refX.length), shares(cur, curX.length)),
      1e-9
    )
    expectNear((await numeric('psi')).score, psi(ref, cur), 1e-9)
    expectNear(
      (await numeric('kl_div')).score,
      klDivergence(
        fillZeroShares(shares(ref, refX.length)),
        fillZeroShares(shares(cur, curX.length))
      ),
      1e-9
    )
  })
  it('hellinger on Sturges edges over the distinct values, as Evidently', async () => {
    const edges = histogramBinEdges([...new Set([...refX, ...curX])], 'sturges')
    const expected = hellingerBinned(
      histogramCounts(refX, edges),
      histogramCounts(curX, edges),
      edges
    )
    expectNear((await numeric('hellinger')).score, expected, 1e-9)
  })
})

describe('categorical tests on category counts', () => {
  it('g_test scales the reference to the current total', async () => {
    const c = await categorical('g_test')
    const r = gTest(refC, curC)
    expectNear(c.statistic, r.statistic, 1e-9)
    expectNear(c.score, r.pvalue, 1e-6)
    expect(c.deviation).toMatch(/scales the reference/)
  })
  it('TVD permutation p-value, seeded', async () => {
    const c = await categorical('TVD')
    const r = tvdPermutationTest(refC, curC, { permutations: 1000, seed: 42 })
    expectNear(c.statistic, r.statistic, 1e-12)
    expect(c.score).toBe(r.pvalue)
  })
  it('psi, kl_div, hellinger and jensenshannon per category', async () => {
    const p = refC.map((v) => v / reference.length)
    const q = curC.map((v) => v / current.length)
    expectNear((await categorical('psi')).score, psi(refC, curC), 1e-9)
    expectNear(
      (await categorical('kl_div')).score,
      klDivergence(fillZeroShares(p), fillZeroShares(q)),
      1e-9
    )
    expectNear((await categorical('hellinger')).score, hellingerEvidently(p, q), 1e-9)
    expectNear((await categorical('jensenshannon')).score, jensenShannon(p, q), 1e-9)
  })
  it('fisher_exact on a binary column, any sample sizes', async () => {
    const b = await categorical('fisher_exact', 'b')
    const no = (rows: readonly Row[]) => rows.filter((r) => r.b === 'no').length
    const r = fisherExact([
      [no(reference), reference.length - no(reference)],
      [no(current), current.length - no(current)]
    ])
    expectNear(b.score, r.pvalue, 1e-6)
    expect(b.deviation).toMatch(/any sizes/)
  })
  it('a binary-only test on a column with more values says so instead of failing', async () => {
    const c = column(await run({ perColumn: { c: { test: 'fisher_exact' } } }), 'c')
    expect(c.status).toBe('not_tested')
    expect(c.note).toMatch(/two values/)
  })
  it('a numeric-only test on a categorical column says so instead of failing', async () => {
    const c = column(await run({ perColumn: { c: { test: 'anderson' } } }), 'c')
    expect(c.status).toBe('not_tested')
    expect(c.note).toMatch(/needs numeric values/)
  })
})

describe('test choice precedence: per column, then per kind, then every column', () => {
  it('takes the per-column test over the per-kind and global ones', async () => {
    const report = await run({
      test: 'psi',
      perKind: { numeric: { test: 'ks', threshold: 0.01 } },
      perColumn: { x: { test: 'anderson' } }
    })
    expect(column(report, 'x').test).toBe('anderson')
    expect(column(report, 'x').threshold).toBe(0.01)
    expect(column(report, 'c').test).toBe('psi')
  })
})
