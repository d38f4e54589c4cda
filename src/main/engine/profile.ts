/**
 * Profile: one SQL pass over a dataset counts, for every column, its values and missing values (and the
 * range of date/time columns): what planning the comparison needs. A tested column's distinct values,
 * range, mean, standard deviation and quantiles come from the drift pass's pooled value counts, which
 * groups the column anyway, so no statistic is computed twice. Non-finite numbers (NaN, ±inf) count as
 * missing, as they do for the drift tests, and are counted apart so the report can say so. Histograms and top categories are added by the drift pass, which has both sides at hand.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ColumnInfo, ColumnKind, ColumnProfile } from '../../shared/model'
import { quoteIdent, toNumber } from './sql'

export const PROFILE_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const

/** A string column whose distinct values exceed this share of its values (and 20) is free text, not categories. */
export const TEXT_DISTINCT_SHARE = 0.5
export const TEXT_MIN_DISTINCT = 20

export type ProfiledColumn = Readonly<{ profile: ColumnProfile }>

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
    // Only what planning needs: counts. A tested column's distinct values, range, moments and quantiles
    // come from the drift pass's pooled value counts, which has to group its values anyway.
    parts.push(`count(${v}) AS "c${i}_count"`)
    if (col.kind === 'numeric') {
      values.push(
        `(${quoteIdent(col.name)} IS NOT NULL AND NOT isfinite(TRY_CAST(${quoteIdent(col.name)} AS DOUBLE))) AS "n${i}"`
      )
      parts.push(`count(*) FILTER (WHERE "n${i}") AS "c${i}_nonfinite"`)
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
    const base = {
      name: col.name,
      kind: col.kind,
      sqlType: col.sqlType,
      rows,
      count,
      missing: rows - count
    }
    if (col.kind === 'numeric') {
      return {
        profile: {
          ...base,
          ...optional('nonFinite', toNumber(row[`c${i}_nonfinite`]) || undefined)
        }
      }
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
