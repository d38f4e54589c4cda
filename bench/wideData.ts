/**
 * Wide benchmark data: a reference and a current batch with many columns (200 by default), made by DuckDB
 * from the 15-column generated files (generate.ts). Copy k of each generated column is the column under an
 * affine change that keeps its shape and its planted drift (numeric: `x * (1 + k / 10) + k`, categorical:
 * the label with `_k` appended), so the wide pair drifts in the same proportion as the narrow one (6 of
 * every 15 columns), with values of its own in every column. Copies are taken in order until the count is
 * reached: 200 columns are 13 copies of the 15 and the first 5 of a 14th.
 *
 * Cached under `bench/data/wide-g<version>-<columns>x<rows>/` and made only when missing. O(rows × columns).
 *
 * @example await ensureWideDataset(dataDir, { columns: 200, rows: 2e4 }, source, console.log)
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { type DatasetPaths, GENERATED_COLUMNS, rowsLabel } from './generate'

/** Bump when the wide values change, so cached files of an older version are not reused. */
export const WIDE_VERSION = 1

export type WideShape = Readonly<{ columns: number; rows: number }>

/** The SELECT list of a wide file: `columns` copies of the generated columns, each renamed `name_k`. */
export function wideColumns(columns: number): string[] {
  const list: string[] = []
  for (let k = 0; list.length < columns; k++) {
    for (const column of GENERATED_COLUMNS) {
      if (list.length === columns) break
      const name = `${column.name}_${k}`
      list.push(
        column.kind === 'numeric'
          ? `${column.name} * ${1 + k / 10} + ${k} AS ${name}`
          : `${column.name} || '_${k}' AS ${name}`
      )
    }
  }
  return list
}

/** Where the files of a wide shape are cached. */
export function widePaths(dataDir: string, shape: WideShape): DatasetPaths {
  const folder = join(dataDir, `wide-g${WIDE_VERSION}-${shape.columns}x${rowsLabel(shape.rows)}`)
  return { reference: join(folder, 'reference.csv'), current: join(folder, 'current.csv') }
}

/**
 * Makes sure both wide CSV files exist, writing the missing ones from the first `rows` rows of `source`
 * (the generated 15-column CSV files, at least `rows` long).
 */
export async function ensureWideDataset(
  dataDir: string,
  shape: WideShape,
  source: DatasetPaths,
  log: (text: string) => void
): Promise<DatasetPaths> {
  const paths = widePaths(dataDir, shape)
  const missing = (['reference', 'current'] as const).filter((role) => !existsSync(paths[role]))
  if (missing.length === 0) return paths
  mkdirSync(join(paths.reference, '..'), { recursive: true })
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    for (const role of missing) {
      const partial = `${paths[role]}.partial-${process.pid}`
      const from = source[role].replaceAll("'", "''")
      const to = partial.replaceAll("'", "''")
      try {
        await connection.run(
          `COPY (SELECT ${wideColumns(shape.columns).join(', ')} FROM read_csv('${from}') LIMIT ${shape.rows}) TO '${to}' (FORMAT csv, HEADER true)`
        )
        renameSync(partial, paths[role])
      } finally {
        rmSync(partial, { force: true })
      }
      log(`generated ${paths[role]}`)
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
  return paths
}
