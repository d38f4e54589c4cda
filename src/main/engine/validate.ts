/**
 * Validate a file: the engine entry behind `validate:run` and `driftwatch validate`. Opens the batch and
 * reads it into a staged DuckDB table the way a comparison does (compare.ts's stageOrExplain: a CSV value
 * that does not fit its sniffed type makes that column text instead of failing the run), takes the suite
 * given or infers one from a reference staged the same way, checks the batch against it (validateTable), and,
 * when a reference is given, explains how the batch's columns differ from it (explainSchemaChanges).
 *
 * A CSV or TSV checked against a given suite, without a reference, is first checked where it lies
 * (validateStreamed): parsing it once for the whole suite costs less than copying it into a table and then
 * reading the table, and holds no copy of its rows. Only when that cannot be done is it staged as above.
 *
 * The sides are not profiled: validation needs only the rows and the column list (read back from the staged
 * table, so a column re-read as text has its real type), and an empty batch is still validated (its
 * row-count expectation fails) instead of stopping the run.
 *
 * Also `runInferSuite`, the engine entry behind `suite:infer` and `driftwatch suite infer`.
 *
 * Cost: one read of the batch (and of the reference), the suite's scans (validation.ts: one shared
 * aggregate scan, a few of one column each, one sample query per failing row-level expectation);
 * inference adds its two scans of the reference. Streamed: one parallel pass over the file, a parallel
 * copy of the columns whose order is checked, and one read for the sample rows.
 *
 * @example
 * const { validation, schemaChanges } = await runValidate(connection,
 *   { file: '/data/week1.csv', reference: '/data/ref.csv', inferOptions: { optionalColumns: ['count'] } },
 *   context)
 * validation.status // 'pass' | 'warning' | 'fail' | 'error'
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { SuiteInferResponse, ValidateResponse } from '../../shared/api'
import { AppFailure } from '../../shared/errors'
import type { Suite } from '../../shared/model'
import { checkBatch, stagedSide } from './checkBatch'
import { type JobContext, stageOrExplain } from './compare'
import { type InferOptions, inferSuite } from './inferSuite'
import type { SchemaSide } from './schemaChanges'
import { inspectFile, openSource } from './sources'
import { quoteIdent } from './sql'
import { StreamFailure, validateTable } from './validation'

export type ValidateArgs = Readonly<{
  /** The batch to validate. */
  file: string
  /** The suite to check; when absent, one is inferred from `reference`. */
  suite?: Suite
  /** A reference file: the suite is inferred from it (unless given) and schema changes are explained. */
  reference?: string
  /** How the suite is inferred from the reference (ignored when `suite` is given). */
  inferOptions?: InferOptions
  /** The time freshness is measured against, ISO 8601; default now. */
  now?: string
}>

/** What a validation found: plain data, as `validate:run` returns it. */
export type ValidateOutcome = ValidateResponse

export type InferArgs = Readonly<{ reference: string; inferOptions?: InferOptions }>

/** The inferred suite and what it was inferred from, as `suite:infer` returns it. */
export type InferOutcome = SuiteInferResponse

const BATCH_VIEW = 'dw_validate_batch'
const BATCH_STAGE = 'dw_validate_batch_stage'
const REFERENCE_VIEW = 'dw_validate_reference'
const REFERENCE_STAGE = 'dw_validate_reference_stage'

/**
 * Validates `args.file` against the suite given, or one inferred from `args.reference`; see the file
 * comment. Throws an AppFailure when neither is given or a file cannot be read.
 */
export async function runValidate(
  connection: DuckDBConnection,
  args: ValidateArgs,
  context: JobContext
): Promise<ValidateOutcome> {
  if (args.suite === undefined && args.reference === undefined) {
    throw new AppFailure(
      'INVALID_OPTIONS',
      'Validation needs a suite of expectations or a reference file to infer one from.'
    )
  }
  const checkpoint = (): void => {
    if (context.isCancelled()) throw new AppFailure('CANCELLED', 'The validation was cancelled.')
  }
  const steps = args.reference === undefined ? 2 : 3
  try {
    let reference: SchemaSide | undefined
    if (args.reference !== undefined) {
      context.progress('open', 0, steps, 'Reading the reference')
      reference = await stage(connection, args.reference, REFERENCE_VIEW, REFERENCE_STAGE)
      checkpoint()
    }
    if (reference === undefined && args.suite !== undefined) {
      const streamed = await validateStreamed(connection, args.file, args.suite, args.now, context)
      if (streamed !== null) {
        context.progress('report', steps, steps, 'Done')
        return streamed
      }
    }
    context.progress('open', steps - 2, steps, 'Reading the batch')
    const batch = await stage(connection, args.file, BATCH_VIEW, BATCH_STAGE)
    checkpoint()
    const checked = await checkBatch(
      connection,
      {
        batch,
        ...(reference === undefined ? {} : { reference }),
        ...(args.suite === undefined ? {} : { suite: args.suite }),
        ...(args.inferOptions === undefined ? {} : { inferOptions: args.inferOptions }),
        ...(args.now === undefined ? {} : { now: args.now }),
        ...(context.connect === undefined ? {} : { connect: context.connect })
      },
      {
        inferring: () =>
          context.progress('profile', steps - 2, steps, 'Inferring the suite from the reference'),
        checking: () => {
          checkpoint()
          context.progress('validate', steps - 1, steps, 'Checking the expectations')
        }
      }
    )
    checkpoint()
    context.progress('report', steps, steps, 'Done')
    return checked
  } catch (e) {
    if (e instanceof Error && /interrupt/i.test(e.message) && context.isCancelled()) {
      throw new AppFailure('CANCELLED', 'The validation was cancelled.')
    }
    throw e
  } finally {
    await dropAll(connection)
  }
}

/** Reads the reference and infers a conservative suite from it (see inferSuite.ts for the rules). */
export async function runInferSuite(
  connection: DuckDBConnection,
  args: InferArgs,
  context: JobContext
): Promise<InferOutcome> {
  try {
    context.progress('open', 0, 2, 'Reading the reference')
    const reference = await stage(connection, args.reference, REFERENCE_VIEW, REFERENCE_STAGE)
    if (context.isCancelled()) throw new AppFailure('CANCELLED', 'Inferring was cancelled.')
    context.progress('profile', 1, 2, 'Inferring the suite')
    const suite = await inferSuite(
      connection,
      reference.table,
      reference.columns,
      args.inferOptions
    )
    const counted = await connection.runAndReadAll(
      `SELECT count(*)::DOUBLE AS n FROM ${quoteIdent(reference.table)}`
    )
    const rows = Number(counted.getRowObjectsJson()[0]?.['n'] ?? 0)
    context.progress('report', 2, 2, 'Done')
    return { suite, rows, columns: reference.columns }
  } finally {
    await dropAll(connection)
  }
}

/**
 * A text file checked against a suite where it lies, in as few passes as the suite allows (validateTable's
 * `streamed`), without reading it into a table first; null when that cannot be done (the file is not text,
 * a value does not fit its column's type, it has no rows, a custom expression fails on some row): the
 * caller then reads it into a table, which explains or survives each of those, and checks that.
 */
async function validateStreamed(
  connection: DuckDBConnection,
  path: string,
  suite: Suite,
  now: string | undefined,
  context: JobContext
): Promise<ValidateOutcome | null> {
  const format = (await inspectFile(path)).format
  if (format !== 'csv' && format !== 'tsv') return null
  const source = await openSource(connection, path, BATCH_VIEW)
  context.progress('validate', 1, 2, 'Reading the batch and checking the expectations')
  try {
    const validation = await validateTable(connection, BATCH_VIEW, source.columns, suite, {
      streamed: true,
      ...(now === undefined ? {} : { now }),
      ...(context.connect === undefined ? {} : { connect: context.connect })
    })
    return { validation, suite }
  } catch (e) {
    if (context.isCancelled()) throw new AppFailure('CANCELLED', 'The validation was cancelled.')
    if (e instanceof StreamFailure) return null
    throw e
  }
}

/** Opens `path` as `view`, stages it into `table` (text formats) and reads back its columns. */
async function stage(
  connection: DuckDBConnection,
  path: string,
  view: string,
  table: string
): Promise<SchemaSide> {
  const source = await openSource(connection, path, view)
  return stagedSide(connection, await stageOrExplain(connection, source, table))
}

async function dropAll(connection: DuckDBConnection): Promise<void> {
  for (const table of [BATCH_STAGE, REFERENCE_STAGE]) {
    await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => undefined)
  }
  for (const view of [BATCH_VIEW, REFERENCE_VIEW]) {
    await connection.run(`DROP VIEW IF EXISTS ${quoteIdent(view)}`).catch(() => undefined)
  }
}
