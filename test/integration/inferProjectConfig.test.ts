/**
 * Config proposals for real project folders, their columns read by DuckDB the way the engine reads them
 * (openSource): a copy of the seed-weather demo in the seed's Airflow layout (data/reference/,
 * data/data-drift/) and in the demo's own (reference/, drops/), where the reference, the drop folder with
 * the pattern week*.csv, the time column datetime and `count` under ignore (the drops lack it) must be
 * found; and a churn project of Parquet files written by DuckDB COPY (data/train.parquet,
 * incoming/batch_*.parquet), where the id, time, target and prediction columns must be. Every proposal is
 * written as driftwatch.yaml and read back unchanged, with no problem.
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/engine/sources'
import { quoteString } from '../../src/main/engine/sql'
import {
  inferProjectConfig,
  readProjectConfig,
  writeProjectConfig
} from '../../src/main/project/config'
import type { DescribeFile } from '../../src/main/project/inferConfig'
import { err, ok, toAppError } from '../../src/shared/errors'
import type { ConfigProposal } from '../../src/shared/model'
import { DEMO_REFERENCE, demoWeek } from '../paths'
import { type DuckDBHarness, useDuckDB, useTempFolder } from './harness'

const folder = useTempFolder('infer-project')
const db = useDuckDB()

/** Reads a file's columns as the engine does, in the test's DuckDB (the app does it in a worker). */
function describeWith(harness: DuckDBHarness): DescribeFile {
  let views = 0
  return async (file) => {
    views += 1
    try {
      const opened = await openSource(harness.connection(), file, `describe_${views}`)
      return ok(opened.columns)
    } catch (e) {
      const error = toAppError(e)
      return err(error.code, error.message)
    }
  }
}

/** A project folder `name` in the temp folder with the demo reference and weeks copied to the given places. */
function weatherProject(name: string, referenceFolder: string, dropFolder: string): string {
  const root = folder.path(name)
  mkdirSync(join(root, referenceFolder), { recursive: true })
  mkdirSync(join(root, dropFolder), { recursive: true })
  copyFileSync(DEMO_REFERENCE, join(root, referenceFolder, 'weather-reference-sample.csv'))
  for (const week of [1, 2, 3] as const) {
    copyFileSync(demoWeek(week), join(root, dropFolder, `week${week}.csv`))
  }
  return root
}

/** Writes the proposal as the project's driftwatch.yaml and expects to read back the same config. */
async function expectRoundTrip(root: string, proposal: ConfigProposal): Promise<void> {
  const written = await writeProjectConfig(root, proposal.config)
  expect(written).toEqual({ ok: true, value: undefined })
  expect(await readProjectConfig(root)).toEqual({
    ok: true,
    value: { config: proposal.config, problems: [] }
  })
}

describe('the seed-weather project', () => {
  for (const [layout, referenceFolder, dropFolder] of [
    ['Airflow layout', 'data/reference', 'data/data-drift'],
    ['demo layout', 'reference', 'drops']
  ] as const) {
    it(`is proposed from its ${layout} (${referenceFolder}/, ${dropFolder}/)`, async () => {
      const root = weatherProject(layout.replace(' ', '-'), referenceFolder, dropFolder)
      const proposal = await inferProjectConfig(root, describeWith(db))
      expect(proposal.config).toEqual({
        version: 1,
        name: layout.replace(' ', '-'),
        reference: `${referenceFolder}/weather-reference-sample.csv`,
        drops: [{ path: dropFolder, patterns: ['week*.csv'] }],
        timeColumn: 'datetime',
        ignore: ['count']
      })
      expect(proposal.reasons).toEqual([
        `reference: ${referenceFolder}/weather-reference-sample.csv, the only data file in a folder named like a reference (${referenceFolder}/).`,
        `drops: ${dropFolder}/, named like a folder that receives batches; its 3 files (week1.csv, week2.csv, week3.csv) are named week followed by a number or date, so the pattern is week*.csv.`,
        'timeColumn: datetime, read as TIMESTAMP and named like a time.',
        'ignore: count, in the reference but missing from all 3 drop files looked at (week1.csv, week2.csv, week3.csv): it is probably the target, whose labels arrive later, so it is not tested or reported missing from every batch. When the batches carry it, set target: count and remove it from ignore.'
      ])
      expect(proposal.gaps).toEqual([expect.stringMatching(/^No prediction column was found/)])
      await expectRoundTrip(root, proposal)
    })
  }
})

describe('a churn project of Parquet files', () => {
  it('is proposed with its id, time, target and prediction columns', async () => {
    const root = folder.path('churn')
    mkdirSync(join(root, 'data'), { recursive: true })
    mkdirSync(join(root, 'incoming'), { recursive: true })
    mkdirSync(join(root, 'notebooks'), { recursive: true })
    const rows = (from: number, to: number): string =>
      `SELECT 'c' || i::VARCHAR AS customer_id,
              TIMESTAMP '2024-01-01' + to_days(i::INTEGER) AS created_at,
              (i % 48)::INTEGER AS tenure,
              i % 3 = 0 AS churn,
              (i % 10) / 10.0 AS churn_pred
       FROM range(${from}, ${to}) AS t(i)`
    const copy = (sql: string, path: string): Promise<unknown> =>
      db.connection().run(`COPY (${sql}) TO ${quoteString(join(root, path))} (FORMAT parquet)`)
    await copy(rows(0, 500), 'data/train.parquet')
    await copy(rows(500, 600), 'incoming/batch_2024-02-01.parquet')
    await copy(rows(600, 700), 'incoming/batch_2024-02-08.parquet')
    await copy(rows(700, 800), 'notebooks/scratch.parquet')

    const proposal = await inferProjectConfig(root, describeWith(db))
    expect(proposal.config).toEqual({
      version: 1,
      name: 'churn',
      reference: 'data/train.parquet',
      drops: [{ path: 'incoming', patterns: ['batch*.parquet'] }],
      timeColumn: 'created_at',
      idColumns: ['customer_id'],
      target: 'churn',
      prediction: 'churn_pred',
      task: 'classification'
    })
    expect(proposal.reasons).toEqual([
      'reference: data/train.parquet, its name says it is reference data ("train").',
      'drops: incoming/, named like a folder that receives batches; its 2 files (batch_2024-02-01.parquet, batch_2024-02-08.parquet) are named batch followed by a number or date, so the pattern is batch*.parquet.',
      'timeColumn: created_at, read as TIMESTAMP and named like a time.',
      'idColumns: customer_id, named like an identifier; not tested for drift, and checked for uniqueness.',
      "prediction: churn_pred, named like a model's output; tested and reported apart from the features.",
      'target: churn, named like a target; tested and reported apart from the features.',
      'task: classification, since the target churn is read as BOOLEAN (categories, not numbers).'
    ])
    expect(proposal.gaps).toEqual([])
    await expectRoundTrip(root, proposal)
  })
})
