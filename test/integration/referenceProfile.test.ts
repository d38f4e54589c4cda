/**
 * A stored reference profile gives the same univariate results as reading the reference file: every test of
 * the catalogue is computed from the same distinct values and counts. Real files, the worker's DuckDB, a
 * real profile folder.
 */
import { copyFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DriftOptions, Report } from '../../src/shared/model'
import { WEATHER_REFERENCE, weatherWeek } from '../paths'
import { expectSame } from '../nearlyEqual'
import { useBackend } from './harness'

const harness = useBackend('profile')
let reference: string
let folder: string

beforeAll(() => {
  reference = harness.path('reference.csv')
  copyFileSync(WEATHER_REFERENCE, reference)
  folder = harness.path('profile')
  harness.backend().grant(reference)
  harness.backend().grant(folder)
})

/** Compares a week against the reference file, or against its stored profile when one is named. */
function compare(
  current: string,
  options: DriftOptions,
  referenceProfile?: string
): Promise<Report> {
  return harness.compare(reference, current, options, referenceProfile)
}

/** The parts of a report that must not depend on where the reference's statistics came from. */
function comparable(report: Report): unknown {
  return {
    columns: report.columns,
    dataset: report.dataset,
    schema: report.schema,
    reference: { ...report.inputs.reference, path: undefined },
    timeColumn: report.timeColumn
  }
}

describe('reference profile', () => {
  it('is built once into a folder', async () => {
    const built = await harness
      .backend()
      .call('profile:build', { reference: { path: reference }, folder })
    expect(built.ok).toBe(true)
    if (!built.ok) return
    expect(built.value.reference.rows).toBe(431)
    expect(existsSync(join(folder, 'profile.json'))).toBe(true)
    expect(existsSync(join(folder, 'counts.parquet'))).toBe(true)
  })

  const cases: readonly [string, DriftOptions][] = [
    ['default tests', { ignore: ['count'] }],
    [
      'numeric anderson, categorical g_test, Bonferroni',
      {
        ignore: ['count'],
        rule: 'bonferroni',
        perKind: { numeric: { test: 'anderson' }, categorical: { test: 'g_test' } }
      }
    ],
    [
      'every ECDF, moment and binned test',
      {
        perColumn: {
          temp: { test: 'ks' },
          atemp: { test: 'cramer_von_mises' },
          humidity: { test: 'mannw' },
          windspeed: { test: 'es' },
          casual: { test: 'levene_median' },
          registered: { test: 'welch_t_test' },
          count: { test: 'psi' },
          season: { test: 'TVD' },
          weather: { test: 'hellinger' },
          holiday: { test: 'fisher_exact' }
        }
      }
    ]
  ]
  for (const week of [1, 2, 3] as const) {
    for (const [label, options] of cases) {
      it(`week ${week}, ${label}: the same result as reading the reference`, async () => {
        const fromFile = await compare(weatherWeek(week), {
          ...options,
          multivariate: { enabled: false }
        })
        const fromProfile = await compare(
          weatherWeek(week),
          { ...options, multivariate: { enabled: false } },
          folder
        )
        expect(fromProfile.referenceProfile?.path).toBe(folder)
        expect(fromFile.referenceProfile).toBeUndefined()
        expectSame(comparable(fromProfile), comparable(fromFile), 'report')
        expect(fromFile.columns.filter((c) => c.status === 'tested').length).toBeGreaterThan(5)
      })
    }
  }

  it('says why the multivariate checks did not run from a profile', async () => {
    const report = await compare(weatherWeek(1), { ignore: ['count'] }, folder)
    expect(report.multivariate).toBeUndefined()
    expect(report.notes.join(' ')).toMatch(/multivariate checks need the reference’s rows/)
  })

  it('a folder without a profile is a clear error', async () => {
    const empty = harness.path('empty')
    harness.backend().grant(empty)
    harness.file('x.txt', 'x')
    await expect(compare(weatherWeek(1), {}, empty)).rejects.toThrow(
      /No readable reference profile/
    )
  })
})
