/**
 * Validate a file: the engine entry behind `validate:run` and `driftwatch validate`. Opens the batch and
 * reads it into a staged DuckDB table the way a comparison does (compare.ts's stageOrExplain: a CSV value
 * that does not fit its sniffed type makes that column text instead of failing the run), takes the suite
 * given or infers one from a reference staged the same way, checks the batch against it (validateTable), and,
 * when a reference is given, explains how the batch's columns differ from it (explainSchemaChanges).
 *
 * The sides are not profiled: validation needs only the rows and the column list (read back from the staged
 * table, so a column re-read as text has its real type), and an empty batch is still validated (its
 * row-count expectation fails) instead of stopping the run.
 *
 * Also `runInferSuite`, the engine entry behind `suite:infer` and `driftwatch suite infer`.
 *
 * Cost: one read of the batch (and of the reference), the suite's scans (validation.ts: one shared
 * aggregate scan, one of a column per distinct count, quantile or order, one sample query per failing
 * row-level expectation); inference adds its two scans of the reference.
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
import { openSource } from './sources'
import { quoteIdent } from './sql'

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
