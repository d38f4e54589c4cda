/**
 * Drift on real data nobody on this project wrote (the vega-datasets package): Seattle's daily weather, 2012
 * against 2015, and 200 000 US flights split in time, as CSV and as JSON. The engine's SQL path must give the
 * same statistics as the array implementations on the values read back, and the verdicts a person expects:
 * the seasons repeat, so a year against a year is close; the flights' delays are not.
 */
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { beforeAll, describe, expect, it } from 'vitest'
import { quoteString, toNumber } from '../../src/main/engine/sql'
import type { Report } from '../../src/shared/model'
import {
  andersonKsamp,
  ks2samp,
  mannwhitneyu,
  multipleTesting,
  wassersteinDistance
} from '../../src/shared/stats'
import { REPO_ROOT } from '../paths'
import { column, expectNear, useBackend } from './harness'

const DATA = join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data')
const SEATTLE = join(DATA, 'seattle-weather.csv')
const FLIGHTS = join(DATA, 'flights-200k.json')

const harness = useBackend('real-data', { defaults: { multivariate: { enabled: false } } })

/** Runs SQL over the real files and returns one numeric column. */
async function values(sql: string): Promise<number[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const result = await connection.runAndReadAll(sql)
    return result.getRowObjectsJson().map((row) => toNumber(row['v']))
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

async function writeSplit(
  source: string,
  reader: string,
  where: [string, string],
  format: 'csv' | 'json'
): Promise<[string, string]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  const paths: string[] = []
  try {
    for (const [i, condition] of where.entries()) {
      const path = harness.path(`${i === 0 ? 'reference' : 'current'}-${Date.now()}.${format}`)
      const options = format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT json)'
      await connection.run(
        `COPY (SELECT * EXCLUDE (dw_row) FROM (SELECT *, row_number() OVER () - 1 AS dw_row FROM ${reader}(${quoteString(source)})) WHERE ${condition}) TO ${quoteString(path)} ${options}`
      )
      paths.push(path)
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
  return [paths[0] as string, paths[1] as string]
}

describe('Seattle weather, 2012 against 2015 (CSV)', () => {
  let files: [string, string]
  let report: Report
  const year = (y: number) => `year(date) = ${y}`
  beforeAll(async () => {
    files = await writeSplit(SEATTLE, 'read_csv', [year(2012), year(2015)], 'csv')
    report = await harness.compare(files[0], files[1], { rule: 'bh' })
  })
  const column365 = async (name: string, y: number) =>
    values(`SELECT ${name} AS v FROM read_csv(${quoteString(SEATTLE)}) WHERE year(date) = ${y}`)

  it('uses the date as the time axis and tests the rest with p-value tests under BH', () => {
    expect(report.timeColumn).toBe('date')
    expect(report.columns.map((c) => c.column)).toEqual([
      'precipitation',
      'temp_max',
      'temp_min',
      'wind',
      'weather'
    ])
    expect(report.dataset.rule).toBe('bh')
    for (const c of report.columns) expect(c.scoreKind).toBe('p_value')
  })

  it('KS p-values equal ks2samp on the values, and BH adjusts them as multipleTesting does', async () => {
    const scores: number[] = []
    for (const name of ['precipitation', 'temp_max', 'temp_min', 'wind']) {
      const c = column(report, name)
      const expected = ks2samp(await column365(name, 2012), await column365(name, 2015))
      expect(c.test).toBe('ks')
      expectNear(c.statistic, expected.statistic, 1e-12)
      expectNear(c.score, expected.pvalue, 1e-6)
      scores.push(c.score as number)
    }
    scores.push(column(report, 'weather').score as number)
    const adjusted = multipleTesting(scores, 0.05, 'bh').adjusted
    report.columns.forEach((c, i) => expectNear(c.adjustedScore, adjusted[i] as number, 1e-12))
  })

  it('the weather label drifts (the 2015 labels are mostly sun, 2012 mostly rain); the winds do not', () => {
    expect(column(report, 'weather').drifted).toBe(true)
    expect(column(report, 'wind').drifted).toBe(false)
  })
})

describe('200 000 US flights, first 50 000 against last 50 000 rows (JSON)', () => {
  let report: Report
  let delayReference: number[]
  let delayCurrent: number[]
  beforeAll(async () => {
    const n = `(SELECT count(*) FROM read_json(${quoteString(FLIGHTS)}))`
    const files = await writeSplit(
      FLIGHTS,
      'read_json',
      ['dw_row < 50000', `dw_row >= ${n} - 50000`],
      'json'
    )
    report = await harness.compare(files[0], files[1], {
      perColumn: { delay: { test: 'anderson' }, distance: { test: 'mannw' } }
    })
    const read = (file: string) =>
      values(`SELECT delay AS v FROM read_json(${quoteString(file)}) WHERE delay IS NOT NULL`)
    delayReference = await read(files[0])
    delayCurrent = await read(files[1])
  }, 120_000)

  it('reads a .json file of one record per line and tests every column', () => {
    // DuckDB writes one record per line; the engine tells that from the first character, not the name.
    expect(report.inputs.reference.format).toBe('ndjson')
    expect(report.inputs.reference.rows).toBe(50000)
    expect(column(report, 'delay').status).toBe('tested')
    expect(column(report, 'distance').status).toBe('tested')
  })

  it('Anderson–Darling and Wasserstein from SQL equal the array implementations', () => {
    const delay = column(report, 'delay')
    const expected = andersonKsamp([delayReference, delayCurrent])
    expectNear(delay.statistic, expected.statistic, 1e-9)
    expectNear(delay.score, expected.significanceLevel, 1e-6)
    expect(delay.sampleSize).toEqual({
      reference: delayReference.length,
      current: delayCurrent.length
    })
    expect(wassersteinDistance(delayReference, delayCurrent)).toBeGreaterThan(0)
  })

  it('Mann–Whitney on distance is two-sided and says how it differs from Evidently', async () => {
    const distance = column(report, 'distance')
    expect(distance.test).toBe('mannw')
    expect(distance.deviation).toMatch(/two-sided/)
    const split = await writeSplit(
      FLIGHTS,
      'read_json',
      ['dw_row < 3000', 'dw_row >= 197000'],
      'json'
    )
    const small = await harness.compare(split[0], split[1], {
      perColumn: { distance: { test: 'mannw' } }
    })
    const read = (file: string) =>
      values(`SELECT distance AS v FROM read_json(${quoteString(file)}) WHERE distance IS NOT NULL`)
    const expected = mannwhitneyu(await read(split[0]), await read(split[1]))
    expectNear(column(small, 'distance').score, expected.pvalue, 1e-6)
  }, 120_000)
})
