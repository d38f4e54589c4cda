/**
 * Values over time: the current batch's numeric columns along the report's time axis, for a chart of each
 * column against the reference's mean ± 1 standard deviation. One aggregate query over the batch gives every
 * column's mean per time bucket; a batch of at most MAX_POINTS timed rows gives its rows themselves instead.
 *
 * Buckets have a round width (1 s … 1 year, the smallest that makes at most MAX_BUCKETS buckets over the
 * batch's time range), aligned to multiples of the width since 1970-01-05 (a Monday, so weeks start on
 * Mondays), in UTC. A time that is missing or does not read as a date/time is left out and counted.
 *
 * Cost: one scan of the time column and one aggregate scan of the time column and the numeric columns.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ColumnInfo, Timeline } from '../../shared/model'
import { valueExpression } from './profile'
import { quoteIdent, toNumber } from './sql'

/** Timed rows shown one by one at most; beyond, rows are averaged in buckets. */
export const MAX_POINTS = 100
/** Buckets at most. */
export const MAX_BUCKETS = 60

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Round bucket widths, ms, smallest first. */
export const BUCKET_WIDTHS: readonly number[] = [
  SECOND,
  5 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
  30 * DAY,
  91 * DAY,
  365 * DAY
]

/** 1970-01-05T00:00:00Z, a Monday: where buckets are aligned from. */
const ORIGIN_MS = 4 * DAY

export type TimelineResult = Readonly<{
  timeline: Timeline
  /** Per numeric column: its mean per bucket (or value per row), null where there is none. */
  values: ReadonlyMap<string, readonly (number | null)[]>
}>

/**
 * The smallest round width that puts the range from `lo` to `hi` (ms) into at most `maxBuckets` aligned
 * buckets, and the start of the first bucket; the widest width when none does.
 * O(widths). @example bucketing(0, 3 * 3600_000, 60) // { width: 300_000, start: 0 }
 */
export function bucketing(
  lo: number,
  hi: number,
  maxBuckets: number = MAX_BUCKETS
): Readonly<{ width: number; start: number }> {
  for (const width of BUCKET_WIDTHS) {
    const start = ORIGIN_MS + Math.floor((lo - ORIGIN_MS) / width) * width
    if (Math.floor((hi - start) / width) + 1 <= maxBuckets) return { width, start }
  }
  const width = BUCKET_WIDTHS[BUCKET_WIDTHS.length - 1] as number
  return { width, start: ORIGIN_MS + Math.floor((lo - ORIGIN_MS) / width) * width }
}

/** The time column's value as milliseconds since 1970 (UTC), NULL when it is missing or not a time. */
function epochMs(column: ColumnInfo): string {
  const c = quoteIdent(column.name)
  // A time with a zone is an instant already; anything else is read as a (UTC) timestamp if it can be.
  return /WITH TIME ZONE|TIMESTAMPTZ/i.test(column.sqlType)
    ? `epoch_ms(${c})`
    : `epoch_ms(TRY_CAST(${c} AS TIMESTAMP))`
}

/** Rounds a mean for the report (6 significant digits); null stays null. */
function rounded(value: unknown): number | null {
  if (value === null || value === undefined) return null
  const n = toNumber(value)
  return Number.isFinite(n) ? Number(n.toPrecision(6)) : null
}

/**
 * The current batch (`table`) along `time`, with the mean per bucket (or value per row) of each of
 * `columns` (numeric); null when no row has a time.
 */
export async function timelineOf(
  connection: DuckDBConnection,
  table: string,
  time: ColumnInfo,
  columns: readonly string[]
): Promise<TimelineResult | null> {
  const t = epochMs(time)
  const relation = quoteIdent(table)
  const range = (
    await connection.runAndReadAll(
      `SELECT count(*) AS total, count(t) AS timed, min(t) AS lo, max(t) AS hi FROM (SELECT ${t} AS t FROM ${relation})`
    )
  ).getRowObjectsJson()[0]
  const timed = toNumber(range?.['timed'])
  if (timed === 0) return null
  const missingTime = toNumber(range?.['total']) - timed
  const values = columns.map((c, i) => `${valueExpression(c, 'numeric')} AS "v${i}"`)
  const select = (v: string[]): string =>
    `SELECT ${[`${t} AS t`, ...v].join(', ')} FROM ${relation}`
  if (timed <= MAX_POINTS) {
    const result = await connection.runAndReadAll(
      `SELECT * FROM (${select(values)}) WHERE t IS NOT NULL ORDER BY t`
    )
    const rows = result.getRowObjectsJson()
    return {
      timeline: {
        column: time.name,
        kind: 'points',
        times: rows.map((r) => new Date(toNumber(r['t'])).toISOString()),
        rows: rows.map(() => 1),
        missingTime
      },
      values: new Map(columns.map((c, i) => [c, rows.map((r) => rounded(r[`v${i}`]))]))
    }
  }
  const { width, start } = bucketing(toNumber(range?.['lo']), toNumber(range?.['hi']))
  const count = Math.floor((toNumber(range?.['hi']) - start) / width) + 1
  const means = columns.map((_, i) => `avg("v${i}") AS "m${i}"`)
  const result = await connection.runAndReadAll(
    `SELECT (t - ${start}) // ${width} AS b, count(*) AS n${means.map((m) => `, ${m}`).join('')}
     FROM (${select(values)}) WHERE t IS NOT NULL GROUP BY b ORDER BY b`
  )
  const byBucket = new Map(result.getRowObjectsJson().map((r) => [toNumber(r['b']), r]))
  const buckets = Array.from({ length: count }, (_, b) => b)
  return {
    timeline: {
      column: time.name,
      kind: 'buckets',
      times: buckets.map((b) => new Date(start + b * width).toISOString()),
      bucketSeconds: width / SECOND,
      rows: buckets.map((b) => toNumber(byBucket.get(b)?.['n'] ?? 0)),
      missingTime
    },
    values: new Map(
      columns.map((c, i) => [c, buckets.map((b) => rounded(byBucket.get(b)?.[`m${i}`]))])
    )
  }
}
