/**
 * Batch check: a staged batch validated against a suite (given, or inferred from the staged reference), and,
 * when the reference's rows are at hand, how the batch's columns differ from it. The one place where
 * `driftwatch validate` (validate.ts) and a comparison's validation step (compare.ts) do the same work.
 *
 * Cost: inference's two scans of the reference when no suite is given, the suite's aggregate scan of the
 * batch plus one sample query per failing row-level expectation, and the schema explanation's samples.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ColumnInfo, SchemaChanges, Suite, ValidationResult } from '../../shared/model'
import { type InferOptions, inferSuite } from './inferSuite'
import { explainSchemaChanges, type SchemaSide } from './schemaChanges'
import { kindOfType } from './sources'
import { quoteIdent } from './sql'
import { validateTable } from './validation'

export type BatchCheckArgs = Readonly<{
  batch: SchemaSide
  /** The staged reference: the suite is inferred from it when none is given, and schema changes explained. */
  reference?: SchemaSide
  suite?: Suite
  inferOptions?: InferOptions
  /** The time freshness is measured against, ISO 8601; default now. */
  now?: string
  /** Another connection to the same database, so the suite's queries can run two at a time. */
  connect?: () => Promise<DuckDBConnection>
}>

export type BatchCheck = Readonly<{
  validation: ValidationResult
  /** The suite checked (given or inferred). */
  suite: Suite
  schemaChanges?: SchemaChanges
}>

/**
 * Checks the batch; throws when there is neither a suite nor a reference to infer one from. `steps` is
 * told before each part, so a job can report progress and stop between parts.
 */
export async function checkBatch(
  connection: DuckDBConnection,
  args: BatchCheckArgs,
  steps: Readonly<{ inferring: () => void; checking: () => void }> = {
    inferring: () => undefined,
    checking: () => undefined
  }
): Promise<BatchCheck> {
  let suite = args.suite
  if (suite === undefined) {
    if (args.reference === undefined)
      throw new Error('checkBatch needs a suite or a reference to infer one from')
    steps.inferring()
    suite = await inferSuite(connection, args.reference.table, args.reference.columns, {
      ...(args.now === undefined ? {} : { now: args.now }),
      ...args.inferOptions
    })
  }
  steps.checking()
  const validation = await validateTable(connection, args.batch.table, args.batch.columns, suite, {
    ...(args.now === undefined ? {} : { now: args.now }),
    ...(args.connect === undefined ? {} : { connect: args.connect })
  })
  const schemaChanges =
    args.reference === undefined
      ? undefined
      : await explainSchemaChanges(connection, args.reference, args.batch)
  return { validation, suite, ...(schemaChanges === undefined ? {} : { schemaChanges }) }
}

/** A staged table's columns as DuckDB holds them (a CSV column re-read as text has its real type here). */
export async function stagedSide(connection: DuckDBConnection, table: string): Promise<SchemaSide> {
  const described = await connection.runAndReadAll(`DESCRIBE ${quoteIdent(table)}`)
  const columns: ColumnInfo[] = described.getRowObjectsJson().map((row) => {
    const sqlType = String(row['column_type'])
    return { name: String(row['column_name']), sqlType, kind: kindOfType(sqlType) }
  })
  return { table, columns }
}
