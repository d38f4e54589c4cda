/**
 * A reference profile: the sufficient statistics of a reference dataset, stored once so that new batches can
 * be compared without reading the reference again. Every univariate test of the catalogue is computed from
 * each column's distinct values and their counts (ECDF, ranks, moments, bins, categories), so the profile keeps
 * exactly those — losslessly — in a Parquet file beside a JSON file with the dataset's facts and profile. A
 * comparison against a profile therefore gives the same univariate results as one against the file. The
 * multivariate checks and the target–prediction relationship need rows, not counts: a comparison that asks for
 * them reads the reference file instead (and says so).
 *
 *   <folder>/profile.json   version, the reference's DatasetInfo (path, size, sha256, rows, columns), profiles
 *   <folder>/counts.parquet column VARCHAR, num DOUBLE, str VARCHAR, n BIGINT — one row per distinct value
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { AppFailure } from '../../shared/errors'
import type { DatasetInfo } from '../../shared/model'
import { type DatasetProfile, type ProfiledColumn, valueExpression } from './profile'
import { quoteIdent, quoteString } from './sql'

export const REFERENCE_PROFILE_VERSION = 1
const PROFILE_FILE = 'profile.json'
const COUNTS_FILE = 'counts.parquet'

export type StoredProfile = Readonly<{
  version: typeof REFERENCE_PROFILE_VERSION
  createdAt: string
  reference: DatasetInfo
  columns: readonly ProfiledColumn[]
}>

export type LoadedProfile = Readonly<{
  path: string
  stored: StoredProfile
  profile: DatasetProfile
  /** A view of (column, num, str, n) over the stored counts. */
  countsView: string
}>

/**
 * Writes the profile of a reference already read into `table` (with its profile and facts) to `folder`.
 * O(N) in DuckDB for N values (one grouped pass per column), output proportional to the distinct values.
 */
export async function writeReferenceProfile(
  connection: DuckDBConnection,
  args: Readonly<{ table: string; info: DatasetInfo; profile: DatasetProfile; folder: string }>
): Promise<StoredProfile> {
  await mkdir(args.folder, { recursive: true })
  const parts = args.profile.columns
    .filter((c) => c.profile.kind !== 'datetime')
    .map((c) => {
      const v = valueExpression(c.profile.name, c.profile.kind)
      const numeric = c.profile.kind === 'numeric'
      return `SELECT ${quoteString(c.profile.name)} AS "column", ${numeric ? 'v' : 'NULL::DOUBLE'} AS num, ${numeric ? 'NULL::VARCHAR' : 'v'} AS str, count(*) AS n
        FROM (SELECT ${v} AS v FROM ${quoteIdent(args.table)}) WHERE v IS NOT NULL GROUP BY v`
    })
  const counts = join(args.folder, COUNTS_FILE)
  const partial = `${counts}.partial`
  const query =
    parts.length > 0
      ? parts.join(' UNION ALL ')
      : 'SELECT NULL::VARCHAR AS "column", NULL::DOUBLE AS num, NULL::VARCHAR AS str, 0::BIGINT AS n WHERE false'
  await connection.run(`COPY (${query}) TO ${quoteString(partial)} (FORMAT parquet)`)
  await rename(partial, counts)
  const stored: StoredProfile = {
    version: REFERENCE_PROFILE_VERSION,
    createdAt: new Date().toISOString(),
    reference: args.info,
    columns: args.profile.columns
  }
  await writeFile(join(args.folder, PROFILE_FILE), `${JSON.stringify(stored, null, 1)}\n`)
  return stored
}

/** Reads a stored profile and opens its counts as a view; a clear failure when it is missing or foreign. */
export async function loadReferenceProfile(
  connection: DuckDBConnection,
  folder: string,
  view: string
): Promise<LoadedProfile> {
  let stored: StoredProfile
  try {
    stored = JSON.parse(await readFile(join(folder, PROFILE_FILE), 'utf8')) as StoredProfile
  } catch (e) {
    throw new AppFailure(
      'PROFILE_UNREADABLE',
      `No readable reference profile in ${folder} (${e instanceof Error ? e.message.split('\n')[0] : String(e)}). Build it again from the reference file.`
    )
  }
  if (stored.version !== REFERENCE_PROFILE_VERSION || !Array.isArray(stored.columns)) {
    throw new AppFailure(
      'PROFILE_UNREADABLE',
      `The reference profile in ${folder} was written by another version of Driftwatch (format ${String(stored.version)}, this one reads ${REFERENCE_PROFILE_VERSION}). Build it again from the reference file.`
    )
  }
  await connection.run(
    `CREATE OR REPLACE VIEW ${quoteIdent(view)} AS SELECT * FROM read_parquet(${quoteString(join(folder, COUNTS_FILE))})`
  )
  return {
    path: folder,
    stored,
    profile: { rows: stored.reference.rows, columns: stored.columns },
    countsView: view
  }
}

/** The SQL that yields a column's (v, n) from a loaded profile's counts. */
export function profileCounts(countsView: string, column: string, numeric: boolean): string {
  return `SELECT ${numeric ? 'num' : 'str'} AS v, n FROM ${quoteIdent(countsView)} WHERE "column" = ${quoteString(column)}`
}
