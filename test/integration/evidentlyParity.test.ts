/**
 * The acceptance check of the walking skeleton: Driftwatch's verdicts on the seed-weather drops equal
 * Evidently 0.4.37's DataDriftPreset — same test, same verdict per column, same dataset verdict, and
 * scores equal to 1e-6 relative. Real files, real DuckDB, real worker threads.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '../../src/shared/model'
import { SEED_WEATHER, WEATHER_REFERENCE, weatherWeek } from '../paths'
import { column, expectNear, useBackend } from './harness'

type EvidentlyColumn = {
  column: string
  type: string
  stattest_id: string
  threshold: number
  score: number
  drift_detected: boolean
}
type EvidentlyWeek = {
  week: string
  reference_rows: number
  current_rows: number
  number_of_columns: number
  number_of_drifted_columns: number
  share_of_drifted_columns: number
  dataset_drift: boolean
  columns: EvidentlyColumn[]
}

const verdicts = JSON.parse(
  readFileSync(resolve(SEED_WEATHER, 'evidently-0.4.37-verdicts.json'), 'utf8')
) as {
  weeks: EvidentlyWeek[]
}

const harness = useBackend('parity', { workers: 2 })

describe.each(verdicts.weeks)('seed-weather $week against the reference', (week) => {
  let report: Report
  beforeAll(async () => {
    const n = Number(week.week.replace('week', '')) as 1 | 2 | 3
    report = await harness.compare(WEATHER_REFERENCE, weatherWeek(n), { ignore: ['count'] })
  })

  it('has the same dataset verdict', () => {
    expect(report.inputs.reference.rows).toBe(week.reference_rows)
    expect(report.inputs.current.rows).toBe(week.current_rows)
    expect(report.dataset.numberOfColumns).toBe(week.number_of_columns)
    expect(report.dataset.numberOfDrifted).toBe(week.number_of_drifted_columns)
    expect(report.dataset.share).toBeCloseTo(week.share_of_drifted_columns, 12)
    expect(report.dataset.drifted).toBe(week.dataset_drift)
    expect(report.timeColumn).toBe('datetime')
    expect(report.ignored).toEqual(['count'])
  })

  it.each(week.columns)('$column: same test, threshold, verdict and score', (expected) => {
    const actual = column(report, expected.column)
    expect(actual.status).toBe('tested')
    expect(actual.test).toBe(expected.stattest_id)
    expect(actual.threshold).toBe(expected.threshold)
    expect(actual.drifted).toBe(expected.drift_detected)
    expectNear(actual.score, expected.score, 1e-6, 1e-300)
    expect(actual.explanation).toMatch(expected.column)
  })

  it('tests exactly the columns Evidently tests', () => {
    const tested = report.columns
      .filter((c) => c.status === 'tested')
      .map((c) => c.column)
      .sort()
    expect(tested).toEqual(week.columns.map((c) => c.column).sort())
  })
})
