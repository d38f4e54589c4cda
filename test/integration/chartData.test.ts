/**
 * The chart data a comparison adds to its report, from real files through real workers: each numeric
 * column's two ECDFs (read at up to 102 values, exact where they are furthest apart, which is the KS
 * distance) checked against the raw values; and the current batch along the time axis, in round buckets
 * whose row counts and means match direct SQL, or row by row for a small batch.
 */
import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { quoteString, toNumber } from '../../src/main/engine/sql'
import { ks2samp } from '../../src/shared/stats'
import { WEATHER_REFERENCE, weatherWeek } from '../paths'
import { column, useBackend } from './harness'

const harness = useBackend('chart-data', { defaults: { multivariate: { enabled: false } } })

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

async function values(path: string, name: string): Promise<number[]> {
  const rows = await query(
    `SELECT CAST("${name}" AS DOUBLE) AS v FROM read_csv(${quoteString(path)}) WHERE "${name}" IS NOT NULL`
  )
  return rows.map((r) => toNumber(r['v']))
}

function ecdfAt(sample: readonly number[], x: number): number {
  return sample.filter((v) => v <= x).length / sample.length
}

describe('ECDF chart data', () => {
  it('follows both samples and marks the KS distance where it is', async () => {
    const report = await harness.compare(WEATHER_REFERENCE, weatherWeek(2), {
      ignore: ['count'],
      test: 'ks'
    })
    for (const name of ['temp', 'humidity', 'windspeed', 'casual']) {
      const c = column(report, name)
      const curve = c.ecdf
      if (curve === undefined) throw new Error(`${name} has an ECDF`)
      const reference = await values(WEATHER_REFERENCE, name)
      const current = await values(weatherWeek(2), name)
      expect(curve.x.length).toBeLessThanOrEqual(102)
      expect(curve.x).toEqual([...curve.x].sort((a, b) => a - b))
      expect(curve.x[0]).toBeCloseTo(Math.min(...reference, ...current), 5)
      expect(curve.reference.at(-1)).toBe(1)
      expect(curve.current.at(-1)).toBe(1)
      curve.x.forEach((x, i) => {
        expect(curve.reference[i]).toBeCloseTo(ecdfAt(reference, x), 4)
        expect(curve.current[i]).toBeCloseTo(ecdfAt(current, x), 4)
      })
      const gap = curve.largestGap
      expect(gap.reference).toBeCloseTo(ecdfAt(reference, gap.x), 12)
      expect(gap.current).toBeCloseTo(ecdfAt(current, gap.x), 12)
      expect(Math.abs(gap.reference - gap.current)).toBeCloseTo(c.statistic as number, 12)
      expect(Math.abs(gap.reference - gap.current)).toBeCloseTo(
        ks2samp(reference, current).statistic,
        12
      )
    }
  })
})

describe('values over time', () => {
  it('averages a week of hourly rows in round buckets, as SQL does', async () => {
    const report = await harness.compare(WEATHER_REFERENCE, weatherWeek(1), { ignore: ['count'] })
    const timeline = report.timeline
    if (timeline === undefined) throw new Error('the weather files have a time axis')
    expect(timeline).toMatchObject({ column: 'datetime', kind: 'buckets', missingTime: 0 })
    expect(timeline.times.length).toBeLessThanOrEqual(60)
    expect(timeline.rows.reduce((a, b) => a + b, 0)).toBe(report.inputs.current.rows)
    const width = (timeline.bucketSeconds as number) * 1000
    const first = Date.parse(timeline.times[0] as string)
    expect(first % width).toBe((4 * 86_400_000) % width)
    const direct = await query(
      `SELECT (epoch_ms(datetime) - ${first}) // ${width} AS b, count(*) AS n, avg(temp) AS m
       FROM read_csv(${quoteString(weatherWeek(1))}) GROUP BY b ORDER BY b`
    )
    const temp = column(report, 'temp').overTime ?? []
    expect(temp).toHaveLength(timeline.times.length)
    for (const row of direct) {
      const b = toNumber(row['b'])
      expect(timeline.rows[b]).toBe(toNumber(row['n']))
      expect(temp[b]).toBeCloseTo(toNumber(row['m']), 4)
    }
    for (const c of report.columns.filter((c) => c.status === 'tested')) {
      expect(c.overTime?.length, c.column).toBe(
        c.kind === 'numeric' ? timeline.times.length : undefined
      )
    }
  })

  it('keeps each row of a small batch, in time order', async () => {
    const rows = ['datetime,temp,mood']
    for (let i = 0; i < 40; i++) {
      const day = String(1 + ((i * 7) % 28)).padStart(2, '0')
      rows.push(`2024-02-${day} 10:00:00,${i % 5 === 0 ? '' : 10 + i},${i % 2 ? 'up' : 'down'}`)
    }
    const reference = harness.file('ref-small.csv', rows.join('\n') + '\n')
    const current = harness.file('cur-small.csv', rows.join('\n') + '\n')
    const report = await harness.compare(reference, current)
    const timeline = report.timeline
    expect(timeline).toMatchObject({ kind: 'points', missingTime: 0 })
    expect(timeline?.times).toHaveLength(40)
    expect(timeline?.times).toEqual([...(timeline?.times ?? [])].sort())
    const temp = column(report, 'temp').overTime ?? []
    expect(temp.filter((v) => v === null)).toHaveLength(8)
    expect(timeline?.times[0]).toBe('2024-02-01T10:00:00.000Z')
    expect(temp[0]).toBeNull()
    expect(column(report, 'mood').overTime).toBeUndefined()
  })
})
