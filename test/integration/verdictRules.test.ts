/**
 * Dataset verdicts by multiple-testing rules, on real CSV files through the worker's DuckDB: several columns,
 * some shifted a lot, some a little, some not, so that the share rule, Bonferroni and Benjamini–Hochberg
 * disagree. Each column's adjusted p-value must be multipleTesting's over the report's own p-values, its
 * verdict the rule's rejection, and the automatic choice under a correction a p-value test even on a large
 * reference; columns forced to a distance are named as left out.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '../../src/shared/model'
import { chisquareGof, ks2samp, twoProportionZtest } from '../../src/shared/stats'
import { multipleTesting } from '../../src/shared/stats/multipleTesting'
import { seededRandom } from '../../src/shared/stats/random'
import { column, expectNear, roundTo, standardNormal, useBackend } from './harness'

/** Numeric columns and the shift of their mean in the current batch (in standard deviations). */
const SHIFTS = { a: 0.6, b: 0.06, c: 0.07, d: 0.08, e: 0, f: 0 } as const
const NUMERIC = Object.keys(SHIFTS) as (keyof typeof SHIFTS)[]
const LEVELS = ['red', 'green', 'blue', 'grey', 'black']

type Row = Record<keyof typeof SHIFTS, number> & { cat: string; flag: string; g: number }

function makeRows(n: number, seed: number, isCurrent: boolean): Row[] {
  const random = seededRandom(seed)
  // The current batch moves a little weight from 'red' to 'blue', and 'yes' from 30% to 33%.
  const weights = isCurrent ? [0.27, 0.2, 0.23, 0.15, 0.15] : [0.3, 0.2, 0.2, 0.15, 0.15]
  return Array.from({ length: n }, () => {
    const row = {} as Row
    for (const name of NUMERIC)
      row[name] = roundTo(standardNormal(random) + (isCurrent ? SHIFTS[name] : 0), 3)
    let u = random.next()
    let level = 0
    while (level < LEVELS.length - 1 && u >= (weights[level] as number)) {
      u -= weights[level] as number
      level += 1
    }
    row.cat = LEVELS[level] as string
    row.flag = random.next() < (isCurrent ? 0.33 : 0.3) ? 'yes' : 'no'
    row.g = roundTo(standardNormal(random) + (isCurrent ? 0.3 : 0), 3)
    return row
  })
}

const COLUMNS = [...NUMERIC, 'cat', 'flag', 'g'] as const
const toCsv = (rows: readonly Row[]): string =>
  `${COLUMNS.join(',')}\n${rows.map((r) => COLUMNS.map((c) => r[c]).join(',')).join('\n')}\n`

const reference = makeRows(3000, 101, false)
const current = makeRows(2500, 201, true)

const run = useBackend('verdict', { defaults: { multivariate: { enabled: false } } }).comparePair(
  toCsv(reference),
  toCsv(current)
)

const FORCED = { perColumn: { g: { test: 'wasserstein' as const } } }

/** The report's p-value columns, and multipleTesting over their p-values as the report lists them. */
function expectCorrection(report: Report, rule: 'bonferroni' | 'bh', alpha: number): boolean[] {
  const family = report.columns.filter((c) => c.status === 'tested' && c.scoreKind === 'p_value')
  const expected = multipleTesting(
    family.map((c) => c.score as number),
    alpha,
    rule
  )
  family.forEach((c, i) => {
    expect(c.adjustedScore, c.column).toBe(expected.adjusted[i])
    expect(c.drifted, c.column).toBe(expected.reject[i])
  })
  const rejected = expected.reject.filter(Boolean).length
  expect(report.dataset.rule).toBe(rule)
  expect(report.dataset.alpha).toBe(alpha)
  expect(report.dataset.numberOfDrifted).toBe(rejected)
  expect(report.dataset.numberOfColumns).toBe(COLUMNS.length)
  expect(report.dataset.drifted).toBe(rejected > 0)
  expect(report.dataset.decision).toContain(`at ${alpha} over ${family.length} p-values`)
  expect(report.dataset.decision).toContain(
    `${rejected} column${rejected === 1 ? '' : 's'} ${rejected === 1 ? 'keeps' : 'keep'}`
  )
  return [...expected.reject]
}

describe('share rule on a large reference (the baseline)', () => {
  let report: Report
  beforeAll(async () => {
    report = await run(FORCED)
  })
  it('uses distances above 1000 reference values and no correction', () => {
    for (const name of NUMERIC) expect(column(report, name).test, name).toBe('wasserstein')
    expect(column(report, 'cat').test).toBe('jensenshannon')
    expect(column(report, 'flag').test).toBe('jensenshannon')
    expect(report.columns.every((c) => c.adjustedScore === undefined)).toBe(true)
    expect(report.dataset.rule).toBe('share')
    expect(report.dataset.alpha).toBeUndefined()
    expect(report.dataset.excludedFromCorrection).toBeUndefined()
  })
  it('the large shifts drift, too few for the share rule to call dataset drift', () => {
    const drifted = report.columns.filter((c) => c.drifted).map((c) => c.column)
    expect(drifted).toEqual(expect.arrayContaining(['a', 'g']))
    expect(drifted).not.toContain('e')
    expect(drifted).not.toContain('f')
    expect(drifted.length).toBeLessThan(COLUMNS.length / 2)
    expect(report.dataset.drifted).toBe(false)
    expect(report.dataset.decision).toMatch(
      new RegExp(`${drifted.length} of 9 columns drifted .*share rule.*has not drifted`)
    )
  })
})

describe('Bonferroni and Benjamini–Hochberg on the same files', () => {
  let bonferroni: Report
  let bh: Report
  beforeAll(async () => {
    bonferroni = await run({ ...FORCED, rule: 'bonferroni' })
    bh = await run({ ...FORCED, rule: 'bh', alpha: 0.05 })
  })

  it('the automatic choice takes p-value tests although the reference has 3000 rows', () => {
    for (const report of [bonferroni, bh]) {
      for (const name of NUMERIC) expect(column(report, name).test, name).toBe('ks')
      expect(column(report, 'cat').test).toBe('chisquare')
      expect(column(report, 'flag').test).toBe('z')
      expect(column(report, 'a').reason).toMatch(/corrects p-values for multiple testing/)
    }
  })

  it('the p-values are the tests of the raw columns', () => {
    for (const name of NUMERIC) {
      const r = ks2samp(
        reference.map((row) => row[name]),
        current.map((row) => row[name])
      )
      expectNear(column(bh, name).score, r.pvalue, 1e-6, 1e-15)
    }
    const count = (rows: readonly Row[], level: string): number =>
      rows.filter((r) => r.cat === level).length
    const levels = [...LEVELS].sort()
    const chi = chisquareGof(
      levels.map((l) => count(reference, l)),
      levels.map((l) => count(current, l))
    )
    expect(column(bh, 'cat').score).toBeCloseTo(chi.pvalue, 10)
    const no = (rows: readonly Row[]): number => rows.filter((r) => r.flag === 'no').length
    const z = twoProportionZtest(no(reference), reference.length, no(current), current.length)
    expect(column(bh, 'flag').score).toBeCloseTo(z.pvalue, 10)
  })

  it('Bonferroni: adjusted p-values, verdicts and decision are multipleTesting over the family', () => {
    const reject = expectCorrection(bonferroni, 'bonferroni', 0.05)
    expect(reject.filter(Boolean).length).toBeGreaterThan(0)
    expect(bonferroni.dataset.decision).toMatch(/^Bonferroni correction/)
  })

  it('Benjamini–Hochberg: the same, with its own step-up rule', () => {
    expectCorrection(bh, 'bh', 0.05)
    expect(bh.dataset.decision).toMatch(/^Benjamini–Hochberg correction/)
  })

  it('the rules disagree: BH keeps more columns than Bonferroni, the share rule none', () => {
    const kept = (r: Report) => r.columns.filter((c) => c.adjustedScore !== undefined && c.drifted)
    expect(kept(bh).length).toBeGreaterThan(kept(bonferroni).length)
    // Columns kept by Bonferroni are kept by BH (BH's adjusted p-values are never larger).
    for (const c of kept(bonferroni)) expect(column(bh, c.column).drifted, c.column).toBe(true)
    // The share rule's verdict differs from both.
    expect(bonferroni.dataset.drifted).toBe(true)
    expect(bh.dataset.drifted).toBe(true)
    // And an unshifted column is not kept by either.
    for (const r of [bonferroni, bh]) expect(column(r, 'f').drifted).toBe(false)
  })

  it('a column forced to a distance test is listed as left out, keeps its own verdict', () => {
    for (const report of [bonferroni, bh]) {
      const g = column(report, 'g')
      expect(g.test).toBe('wasserstein')
      expect(g.scoreKind).toBe('distance')
      expect(g.adjustedScore).toBeUndefined()
      expect(g.drifted).toBe((g.score as number) >= 0.1)
      expect(report.dataset.excludedFromCorrection).toEqual(['g'])
      expect(report.dataset.decision).toMatch(/1 column tested by a distance \(g\) is left out/)
    }
  })
})

describe('other levels and exclusions', () => {
  it('alpha 0.2 is the level used, and decides more columns', async () => {
    const report = await run({ ...FORCED, rule: 'bh', alpha: 0.2 })
    const reject = expectCorrection(report, 'bh', 0.2)
    const at05 = multipleTesting(
      report.columns.filter((c) => c.scoreKind === 'p_value').map((c) => c.score as number),
      0.05,
      'bh'
    ).reject
    expect(reject.filter(Boolean).length).toBeGreaterThanOrEqual(at05.filter(Boolean).length)
  })

  it('a distance test chosen per kind leaves the whole kind out of the correction', async () => {
    const report = await run({ rule: 'bonferroni', perKind: { categorical: { test: 'psi' } } })
    expect(report.dataset.excludedFromCorrection).toEqual(['cat', 'flag'])
    expect(column(report, 'g').test).toBe('ks')
    expectCorrection(report, 'bonferroni', 0.05)
    expect(report.dataset.decision).toMatch(
      /2 columns tested by a distance \(cat, flag\) are left out/
    )
  })

  it('every column forced to a distance: no p-value, no dataset verdict, and it says what to do', async () => {
    const report = await run({ rule: 'bh', test: 'psi' })
    expect(report.dataset.excludedFromCorrection).toEqual([...COLUMNS])
    expect(report.dataset.drifted).toBe(false)
    expect(report.dataset.numberOfDrifted).toBe(0)
    expect(report.dataset.decision).toMatch(/No column has a p-value to correct/)
    expect(report.dataset.decision).toMatch(/choose p-value tests or the share rule/)
    expect(column(report, 'a').drifted).toBe(true)
  })
})
