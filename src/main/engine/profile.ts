/**
 * Profile: one SQL pass over a dataset computes, for every column, counts, missing, distinct, and for numeric
 * columns min/max/mean/std (quantiles of tested columns come from
 * the drift pass's pooled value counts). Non-finite numbers (NaN, ±inf) count as missing, as they do for the
 * drift tests, and are counted apart so the report can say so. Histograms and top categories are added by the drift pass, which has both sides at hand.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ColumnInfo, ColumnKind, ColumnProfile } from '../../shared/model'
import { quoteIdent, toNumber, toOptionalNumber } from './sql'

export const PROFILE_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const

/** A string column whose distinct values exceed this share of its values (and 20) is free text, not categories. */
const TEXT_DISTINCT_SHARE = 0.5
const TEXT_MIN_DISTINCT = 20

export type ProfiledColumn = Readonly<{
  profile: ColumnProfile
  /** Population standard deviation (ddof 0), which the normed Wasserstein distance divides by. */
  stdPop?: number
}>

export type DatasetProfile = Readonly<{ rows: number; columns: readonly ProfiledColumn[] }>

/** The SQL expression that yields a column's usable values, NULL for missing ones. */
export function valueExpression(column: string, kind: ColumnKind): string {
  const c = quoteIdent(column)
  switch (kind) {
    case 'numeric':
      // TRY_CAST: a numeric column re-read as text (a stray word far down a CSV) keeps its numbers.
      return `(CASE WHEN isfinite(TRY_CAST(${c} AS DOUBLE)) THEN TRY_CAST(${c} AS DOUBLE) END)`
    case 'datetime':
      return c
    case 'boolean':
    case 'categorical':
    case 'text':
      return `CAST(${c} AS VARCHAR)`
    default:
      return assertNever(kind)
  }
}

export async function profileDataset(
  connection: DuckDBConnection,
  view: string,
  columns: readonly ColumnInfo[]
): Promise<DatasetProfile> {
  // Each column's usable value is computed once, in a projection, and every aggregate reads that.
  const values: string[] = []
  const parts: string[] = ['count(*) AS "rows"']
  columns.forEach((col, i) => {
    const v = `"v${i}"`
    values.push(`${valueExpression(col.name, col.kind)} AS ${v}`)
    // Distinct values of strings: a HyperLogLog estimate here (it only decides text vs categories); tested
    // columns get the exact count from the drift pass's pooled values, which has to group them anyway.
    parts.push(`count(${v}) AS "c${i}_count"`)
    if (col.kind !== 'numeric') parts.push(`approx_count_distinct(${v}) AS "c${i}_distinct"`)
    if (col.kind === 'numeric') {
      values.push(
        `(${quoteIdent(col.name)} IS NOT NULL AND NOT isfinite(TRY_CAST(${quoteIdent(col.name)} AS DOUBLE))) AS "n${i}"`
      )
      parts.push(
        `min(${v}) AS "c${i}_min"`,
        `max(${v}) AS "c${i}_max"`,
        `avg(${v}) AS "c${i}_mean"`,
        `stddev_samp(${v}) AS "c${i}_std"`,
        `count(*) FILTER (WHERE "n${i}") AS "c${i}_nonfinite"`
      )
    } else if (col.kind === 'datetime') {
      parts.push(
        `CAST(min(${v}) AS VARCHAR) AS "c${i}_min"`,
        `CAST(max(${v}) AS VARCHAR) AS "c${i}_max"`
      )
    }
  })
  const result = await connection.runAndReadAll(
    `SELECT ${parts.join(', ')} FROM (SELECT ${values.length > 0 ? values.join(', ') : '1 AS dw_none'} FROM ${quoteIdent(view)})`
  )
  const row = result.getRowObjectsJson()[0] ?? {}
  const rows = toNumber(row['rows'])
  const profiled = columns.map((col, i): ProfiledColumn => {
    const count = toNumber(row[`c${i}_count`])
    const distinct = col.kind === 'numeric' ? undefined : toNumber(row[`c${i}_distinct`])
    const kind: ColumnKind =
      col.kind === 'categorical' &&
      distinct !== undefined &&
      distinct > TEXT_MIN_DISTINCT &&
      distinct > TEXT_DISTINCT_SHARE * count
        ? 'text'
        : col.kind
    const base = {
      name: col.name,
      kind,
      sqlType: col.sqlType,
      rows,
      count,
      missing: rows - count,
      ...(distinct === undefined ? {} : { distinct, isDistinctApproximate: true })
    }
    if (col.kind === 'numeric') {
      const profile: ColumnProfile = {
        ...base,
        ...optional('min', toOptionalNumber(row[`c${i}_min`])),
        ...optional('max', toOptionalNumber(row[`c${i}_max`])),
        ...optional('mean', toOptionalNumber(row[`c${i}_mean`])),
        ...optional('std', toOptionalNumber(row[`c${i}_std`])),
        ...optional('nonFinite', toNumber(row[`c${i}_nonfinite`]) || undefined)
      }
      // Population standard deviation (ddof 0) from the sample one: s·√((n − 1)/n); 0 for one value.
      const std = toOptionalNumber(row[`c${i}_std`])
      const stdPop =
        count === 1 ? 0 : std === undefined ? undefined : std * Math.sqrt((count - 1) / count)
      return stdPop === undefined ? { profile } : { profile, stdPop }
    }
    if (col.kind === 'datetime') {
      const min = row[`c${i}_min`]
      const max = row[`c${i}_max`]
      return {
        profile: {
          ...base,
          ...optional('min', typeof min === 'string' ? min : undefined),
          ...optional('max', typeof max === 'string' ? max : undefined)
        }
      }
    }
    return { profile: base }
  })
  return { rows, columns: profiled }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}
