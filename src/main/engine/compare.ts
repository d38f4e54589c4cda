/**
 * A whole comparison, run inside a worker: open both files as views, profile them in one pass each, match
 * their columns, test each column for drift and roll the verdicts up into a Report. One bad column becomes a
 * note on that column; only failures that leave nothing to compare fail the run.
 */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ComparePartial, JobPhase, SideSchema } from '../../shared/api'
import {
  DEFAULT_ALPHA,
  DEFAULT_DRIFT_SHARE,
  DEFAULT_MULTIVARIATE_PERMUTATIONS,
  DEFAULT_MULTIVARIATE_SAMPLE,
  DEFAULT_SEED
} from '../../shared/drift'
import { AppFailure } from '../../shared/errors'
import type {
  ColumnDrift,
  ColumnInfo,
  ColumnKind,
  ColumnRole,
  DatasetInfo,
  DriftOptions,
  MultivariateDrift,
  Report,
  ReportValidation,
  SchemaDifferences,
  Suite,
  SuiteSource
} from '../../shared/model'
import { validationGate } from '../../shared/validation/gate'
import { validationSummary } from '../../shared/validation/summary'
import { checkBatch, stagedSide } from './checkBatch'
import { REPORT_VERSION } from '../../shared/model'
import { type ColumnChoice, columnDrift } from './drift'
import { datasetVerdict } from './verdict'
import { multivariateDrift, type SideCoverage } from './multivariate'
import { targetDrift } from './targets'
import { timelineOf, type TimelineResult } from './timeline'
import { sha256File } from './hash'
import { type DatasetProfile, profileDataset, type ProfiledColumn } from './profile'
import {
  loadReferenceProfile,
  type LoadedProfile,
  profileCounts,
  writeReferenceProfile
} from './referenceProfile'
import { csvReader, openSource, type OpenedSource } from './sources'
import { quoteIdent, sizeInBytes, toNumber } from './sql'

export type CompareArgs = Readonly<{
  reportId: string
  /** The reference file; with `referenceProfile`, the file the profile was built from (not read). */
  reference: string
  /** A folder holding a stored reference profile to use instead of reading the reference. */
  referenceProfile?: string
  current: string
  options: DriftOptions
  appVersion: string
  /** Whether and how the current batch is validated first; absent: not validated. */
  validation?: CompareValidation
  /**
   * Keep the reference read and profiled in this worker for the next comparison against the same file
   * (a project compares every batch with one reference): see {@link KeptReference}.
   */
  keepReference?: boolean
  /**
   * DuckDB threads for this comparison, at most the worker's (default: the worker's). A comparison started
   * from a window leaves a core to it: see `interactiveThreads` in src/main/api.ts.
   */
  threads?: number
}>

/**
 * A reference kept read (staged) and profiled between comparisons in this worker, for the file as it was
 * (path, size, modification and change times): a project's every batch is compared with the same
 * reference, and reading and profiling it again is a third of a small batch's comparison. Only one is
 * kept, and only of a file up to {@link KEEP_REFERENCE_MAX_BYTES}, so the memory it holds stays bounded;
 * another reference (or the same file changed) replaces it.
 */
type KeptReference = Readonly<{
  key: string
  source: OpenedSource
  /** The staged table (text formats) or the view (Parquet) every query reads. */
  table: string
  profile: DatasetProfile
  /** Notes of reading it (a column read again as text), given to every report that uses it. */
  notes: readonly string[]
  sha256: string
}>

/** The largest reference file kept between comparisons (see KeptReference). */
export const KEEP_REFERENCE_MAX_BYTES = 256 * 1024 * 1024

const KEPT_VIEW = 'dw_kept_reference'
const KEPT_STAGE = 'dw_kept_stage_reference'

let kept: KeptReference | null = null

/** The key of the reference file as it is now, or undefined when it is not to be kept (or cannot be read). */
async function keepKey(path: string): Promise<string | undefined> {
  const facts = await stat(path).catch(() => null)
  if (facts === null || !facts.isFile() || facts.size > KEEP_REFERENCE_MAX_BYTES) return undefined
  return [path, facts.size, facts.mtimeMs, facts.ctimeMs].join('\n')
}

async function dropKept(connection: DuckDBConnection): Promise<void> {
  kept = null
  await connection.run(`DROP TABLE IF EXISTS ${KEPT_STAGE}`).catch(() => undefined)
  await connection.run(`DROP VIEW IF EXISTS ${KEPT_VIEW}`).catch(() => undefined)
}

/**
 * A comparison's validation step: on, with the suite to check (absent: inferred from the reference, with
 * the ignored columns and `optionalColumns` optional) and where it came from; or off, with the reason.
 */
export type CompareValidation =
  | Readonly<{
      isEnabled: true
      suite?: Suite
      source: SuiteSource
      optionalColumns?: readonly string[]
    }>
  | Readonly<{ isEnabled: false; why: string }>

export type JobContext = Readonly<{
  progress: (phase: JobPhase, done: number, total: number, message: string) => void
  /** Receives a comparison's results as they become known, before the report (see ComparePartial). */
  partial?: (partial: ComparePartial) => void
  isCancelled: () => boolean
  /**
   * Another connection to the same database, interrupted with the job's own when it is cancelled; when
   * given, columns are tested on two connections at once (one column's SQL runs while the other's
   * statistics are finished in JavaScript, and small queries stop waiting on each other).
   */
  connect?: () => Promise<DuckDBConnection>
}>

/**
 * The job's context for a comparison held to `threads` DuckDB threads: below COLUMN_LANES, without the
 * second connection, since each connection's statement runs on a core of its own (its caller's thread)
 * whatever the threads setting, and two at once would take the core left free.
 */
function withinThreads(context: JobContext, threads: number | undefined): JobContext {
  if (threads === undefined || threads >= COLUMN_LANES) return context
  const { connect: _left, ...oneAtATime } = context
  return oneAtATime
}

/** Columns tested at once when the host can give a second connection. */
const COLUMN_LANES = 2

/** Column names that make a column the time axis rather than a feature. */
export const TIME_AXIS_NAMES = ['datetime', 'timestamp', 'date'] as const

const REFERENCE_VIEW = 'dw_reference'
const REFERENCE_COUNTS = 'dw_reference_counts'
const CURRENT_VIEW = 'dw_current'
const REFERENCE_STAGE = 'dw_stage_reference'
const CURRENT_STAGE = 'dw_stage_current'

/**
 * Where every query of a comparison reads a side from. Parquet is columnar, so each query scans only its
 * columns of the file and the view is used as it is. Text formats (CSV, TSV, JSON) must be parsed whole on
 * every scan, so they are read once into a temporary DuckDB table (columnar, spilled to the temp directory
 * beyond the memory limit, compressed once the staged tables are large: compactIfLarge) and the profile and
 * every column's test scan that instead.
 */
async function stageSource(
  connection: DuckDBConnection,
  source: OpenedSource,
  table: string
): Promise<string> {
  if (source.file.format === 'parquet') return source.view
  await connection.run(
    `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM ${quoteIdent(source.view)}`
  )
  await compactIfLarge(connection)
  return table
}

/** Staged tables holding more than this share of DuckDB's memory limit are compacted (compactIfLarge). */
export const COMPACT_SHARE = 0.25

/**
 * Compresses the staged tables when they hold more than COMPACT_SHARE of DuckDB's memory limit; returns
 * whether it did. DuckDB keeps a table it has just written uncompressed in memory and spills what exceeds
 * its memory limit to the temp folder; a CHECKPOINT compresses it the way a database file is (dictionary,
 * bit packing, ALP), and the rows keep their rowids, so their order and numbers. For the benchmark's data:
 * 10^7 rows of 15 columns held 1.75 GB and 170 MB once compacted; 6.5 × 10^7 rows (a 4.9 GB CSV) held
 * 10.8 GB and 1.1 GB. Two of those staged for a comparison took more memory than the limit: DuckDB spilled
 * gigabytes to disk and read them back for every column's test, and the machine ran short of free memory
 * (the kernel reclaiming pages in the threads that asked for them, the window's included). The CHECKPOINT
 * costs a read of the table (2.3–2.7 s for those 10^7 rows on two cores, against 6.2–6.6 s to copy them
 * in), so a table that fits comfortably is left as it is. A CHECKPOINT that fails (another transaction
 * writing) leaves the tables as they were: they are still right, only larger.
 */
export async function compactIfLarge(connection: DuckDBConnection): Promise<boolean> {
  const found = (
    await connection.runAndReadAll(
      `SELECT current_setting('memory_limit') AS memory_limit,
         (SELECT coalesce(sum(memory_usage_bytes + temporary_storage_bytes), 0) FROM duckdb_memory()
           WHERE tag = 'IN_MEMORY_TABLE') AS held`
    )
  ).getRowObjectsJson()[0]
  const limit = sizeInBytes(String(found?.['memory_limit'] ?? ''))
  const held = toNumber(found?.['held'])
  if (limit === null || !(held > limit * COMPACT_SHARE)) return false
  try {
    await connection.run('CHECKPOINT')
    return true
  } catch {
    return false
  }
}

export async function runCompare(
  connection: DuckDBConnection,
  args: CompareArgs,
  jobContext: JobContext
): Promise<Report> {
  const started = performance.now()
  const context = withinThreads(jobContext, args.threads)
  const checkpoint = (): void => {
    if (context.isCancelled()) throw new AppFailure('CANCELLED', 'The comparison was cancelled.')
  }
  validateOptions(args.options)
  const hashing = new AbortController()
  const stored =
    args.referenceProfile === undefined
      ? undefined
      : await loadReferenceProfile(connection, args.referenceProfile, REFERENCE_COUNTS)
  const keyToKeep =
    stored === undefined && args.keepReference === true ? await keepKey(args.reference) : undefined
  const reused = keyToKeep !== undefined && kept?.key === keyToKeep ? kept : null
  // A reference about to be kept replaces the one kept, which goes first (its names are reused).
  if (keyToKeep !== undefined && reused === null && kept !== null) await dropKept(connection)
  /** The reference read here, to be kept once its hash is known (see KeptReference). */
  let toKeep: Omit<KeptReference, 'sha256'> | null = null
  // The reference without reading it: a stored profile (counts, no rows) or the one kept from before.
  const known: Omit<KeptReference, 'key'> | null =
    stored !== undefined
      ? {
          source: profiledSource(stored),
          table: '',
          profile: stored.profile,
          notes: [],
          sha256: stored.stored.reference.sha256
        }
      : reused
  const hashes = Promise.all([
    known?.sha256 ?? sha256File(args.reference, hashing.signal),
    sha256File(args.current, hashing.signal)
  ])
  hashes.catch(() => undefined)
  try {
    context.progress('open', 0, 2, 'Opening the reference')
    const reference =
      known?.source ??
      (await openSource(
        connection,
        args.reference,
        keyToKeep === undefined ? REFERENCE_VIEW : KEPT_VIEW
      ))
    checkpoint()
    context.progress('open', 1, 2, 'Opening the current batch')
    const current = await openSource(connection, args.current, CURRENT_VIEW)
    checkpoint()
    const partial = context.partial ?? (() => undefined)
    partial({ stage: 'schema', reference: sideSchema(reference), current: sideSchema(current) })

    context.progress(
      'profile',
      0,
      2,
      reused === null
        ? `Reading and profiling ${reference.file.name}`
        : `${reference.file.name} as read for the previous comparison (unchanged since)`
    )
    const readNotes: string[] = [...(known?.notes ?? [])]
    const referenceTable =
      known?.table ??
      (await stageOrExplain(
        connection,
        reference,
        keyToKeep === undefined ? REFERENCE_STAGE : KEPT_STAGE,
        readNotes
      ))
    const referenceProfile =
      known?.profile ?? (await profileSide(connection, reference, referenceTable))
    if (keyToKeep !== undefined && reused === null) {
      toKeep = {
        key: keyToKeep,
        source: reference,
        table: referenceTable,
        profile: referenceProfile,
        notes: [...readNotes]
      }
    }
    partial(profilePartial('reference', referenceProfile))
    checkpoint()
    context.progress('profile', 1, 2, `Reading and profiling ${current.file.name}`)
    const currentTable = await stageOrExplain(connection, current, CURRENT_STAGE, readNotes)
    const currentProfile = await profileSide(connection, current, currentTable)
    partial(profilePartial('current', currentProfile))
    checkpoint()

    // Planned before validation (it needs only the profiles), so the columns to test are shown meanwhile.
    const plan = planColumns(reference, referenceProfile, current, currentProfile, args.options)
    const rule = args.options.rule ?? 'share'
    partial({
      stage: 'plan',
      tested: plan.tested.map((t) => ({ column: t.column, kind: t.kind, role: t.role })),
      untested: plan.untested,
      schema: plan.schema,
      ignored: plan.ignored,
      ...(plan.timeColumn === undefined ? {} : { timeColumn: plan.timeColumn }),
      rule
    })

    const validated = await validateCurrent(
      connection,
      args,
      { reference: stored === undefined ? referenceTable : undefined, current: currentTable },
      context,
      readNotes
    )
    partial(validationPartial(validated, current.file.name))
    checkpoint()

    // A target or prediction that cannot be tested is still reported with the targets, not the features.
    const columns: ColumnDrift[] = plan.untested.filter((c) => c.role === undefined)
    const roleColumns: ColumnDrift[] = plan.untested.filter((c) => c.role !== undefined)
    const total = plan.tested.length
    const tables = { reference: referenceTable, current: currentTable }
    const seed = args.options.seed ?? DEFAULT_SEED
    const lanes = [connection]
    if (context.connect !== undefined && plan.tested.length > 1) {
      for (let i = 1; i < COLUMN_LANES; i += 1) lanes.push(await context.connect())
    }
    const results = new Array<ColumnDrift>(plan.tested.length)
    let next = 0
    let begun = 0
    let finished = 0
    // Every lane settles before a failure is passed on, so no query is left running on a connection that
    // is about to be closed.
    const settled = await Promise.allSettled(
      lanes.map(async (lane) => {
        for (let i = next++; i < plan.tested.length; i = next++) {
          checkpoint()
          const item = plan.tested[i] as PlannedColumn
          context.progress('drift', begun++, total, `Testing ${item.column}`)
          const result = await safeColumnDrift(
            lane,
            item,
            args.options,
            tables,
            rule !== 'share',
            seed,
            stored === undefined
              ? undefined
              : profileCounts(stored.countsView, item.column, item.kind === 'numeric')
          )
          results[i] = result
          finished += 1
          partial({ stage: 'column', result, done: finished, total })
        }
      })
    )
    const failed = settled.find((r) => r.status === 'rejected')
    if (failed) throw failed.reason
    plan.tested.forEach((item, i) => {
      const result = results[i] as ColumnDrift
      if (result.kind === 'text') {
        plan.notes.push(
          `"${item.column}" has many distinct values (free text or identifiers); it is compared as categories, as Evidently does without a text mapping.`
        )
      }
      if (item.role === 'feature') columns.push(result)
      else roleColumns.push(result)
    })
    checkpoint()

    const timeline = await overTime(connection, current, currentTable, plan, context)
    if (timeline !== undefined) {
      for (const list of [columns, roleColumns]) {
        list.forEach((c, i) => {
          const values = timeline.values.get(c.column)
          if (values !== undefined) list[i] = { ...c, overTime: values }
        })
      }
    }
    checkpoint()

    const numericFeatures = plan.tested
      .filter((t) => t.role === 'feature' && t.kind === 'numeric')
      .map((t) => t.column)
    const multivariateOptions = args.options.multivariate ?? {}
    let multivariate: MultivariateDrift | undefined
    const wantsMultivariate = (multivariateOptions.enabled ?? true) && numericFeatures.length >= 2
    if (wantsMultivariate && stored !== undefined) {
      plan.notes.push(
        'The multivariate checks need the reference’s rows, and this comparison used a stored reference profile (value counts only), so they were not run. Compare with the reference file to run them.'
      )
    } else if (wantsMultivariate) {
      context.progress('drift', total, total, 'Checking the joint distribution (multivariate)')
      multivariate = await withoutLosingTheReport(
        () =>
          multivariateDrift(connection, {
            referenceView: referenceTable,
            currentView: currentTable,
            columns: numericFeatures,
            ...(plan.timeColumn === undefined ? {} : { timeColumn: plan.timeColumn }),
            sampleSize: multivariateOptions.sampleSize ?? DEFAULT_MULTIVARIATE_SAMPLE,
            permutations: multivariateOptions.permutations ?? DEFAULT_MULTIVARIATE_PERMUTATIONS,
            seed,
            isCancelled: context.isCancelled,
            coverage: {
              reference: coverageOf(referenceProfile),
              current: coverageOf(currentProfile)
            }
          }),
        'The multivariate checks',
        plan.notes
      )
      checkpoint()
    }
    const targets =
      plan.roles.target === undefined && plan.roles.prediction === undefined
        ? undefined
        : await withoutLosingTheReport(
            () =>
              targetDrift(connection, {
                referenceTable: stored === undefined ? referenceTable : undefined,
                currentTable,
                roles: plan.roles,
                results: roleColumns,
                numericFeatures,
                ...(args.options.task === undefined ? {} : { task: args.options.task })
              }),
            'Target and prediction drift',
            plan.notes
          )
    context.progress('report', total, total, 'Writing the report')

    const [referenceHash, currentHash] = await hashes
    const order = new Map(reference.columns.map((c, i) => [c.name, i]))
    columns.sort((a, b) => (order.get(a.column) ?? 0) - (order.get(b.column) ?? 0))
    const verdict = datasetVerdict(columns, {
      rule,
      driftShare: args.options.driftShare ?? DEFAULT_DRIFT_SHARE,
      alpha: args.options.alpha ?? DEFAULT_ALPHA
    })
    const engine = await duckdbVersion(connection)
    return {
      version: REPORT_VERSION,
      kind: 'compare',
      id: args.reportId,
      createdAt: new Date().toISOString(),
      app: { name: 'Driftwatch', version: args.appVersion, engine: `DuckDB ${engine}` },
      inputs: {
        reference: datasetInfo(reference, referenceProfile, referenceHash),
        current: datasetInfo(current, currentProfile, currentHash)
      },
      options: args.options,
      ...(plan.timeColumn === undefined ? {} : { timeColumn: plan.timeColumn }),
      ...(timeline === undefined ? {} : { timeline: timeline.timeline }),
      ignored: plan.ignored,
      schema: plan.schema,
      columns: verdict.columns,
      dataset: verdict.dataset,
      ...(multivariate === undefined ? {} : { multivariate }),
      ...(targets === undefined ? {} : { targets }),
      ...(typeof validated === 'string' ? {} : { validation: validated }),
      gate:
        typeof validated === 'string'
          ? validationGate(null, verdict.dataset.drifted, validated)
          : validationGate(
              validated.result.status,
              verdict.dataset.drifted,
              undefined,
              validated.result.results
                .filter((r) => r.status === 'fail' && r.severity === 'error')
                .map((r) => r.id)
            ),
      ...(stored === undefined
        ? {}
        : { referenceProfile: { path: stored.path, createdAt: stored.stored.createdAt } }),
      notes: [...readNotes, ...plan.notes],
      durationMs: Math.round(performance.now() - started)
    }
  } catch (e) {
    hashing.abort()
    if (e instanceof Error && /interrupt/i.test(e.message) && context.isCancelled()) {
      throw new AppFailure('CANCELLED', 'The comparison was cancelled.')
    }
    throw e
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${REFERENCE_STAGE}`).catch(() => undefined)
    await connection.run(`DROP TABLE IF EXISTS ${CURRENT_STAGE}`).catch(() => undefined)
    await connection.run(`DROP VIEW IF EXISTS ${REFERENCE_VIEW}`).catch(() => undefined)
    await connection.run(`DROP VIEW IF EXISTS ${CURRENT_VIEW}`).catch(() => undefined)
    await connection.run(`DROP VIEW IF EXISTS ${REFERENCE_COUNTS}`).catch(() => undefined)
    // A reference read to be kept stays for the next comparison, unless its hash could not be had.
    if (keyToKeep !== undefined && reused === null) {
      const sha256 = await hashes.then(
        ([hash]) => hash,
        () => null
      )
      if (toKeep !== null && sha256 !== null) kept = { ...toKeep, sha256 }
      else await dropKept(connection)
    }
  }
}

/**
 * The validation step of a comparison: the staged current batch checked against the suite given, or one
 * inferred from the staged reference, with the reference's schema changes explained when its rows are at
 * hand (not with a stored profile). Returns the report's validation, or why it did not run (turned off, no
 * suite to be had, or a failure, which also becomes a note: the drift report is never lost to it).
 */
async function validateCurrent(
  connection: DuckDBConnection,
  args: CompareArgs,
  tables: Readonly<{ reference: string | undefined; current: string }>,
  context: JobContext,
  notes: string[]
): Promise<ReportValidation | string> {
  const validation = args.validation
  if (validation === undefined || !validation.isEnabled) {
    return validation?.why ?? 'validation was turned off'
  }
  if (validation.suite === undefined && tables.reference === undefined) {
    return 'the reference came from a stored profile, which keeps no rows to infer a suite from; give a suite file'
  }
  const optional = [
    ...new Set([...(args.options.ignore ?? []), ...(validation.optionalColumns ?? [])])
  ]
  const referenceName = basename(args.reference).replace(/\.[^.]*$/, '')
  const checked = await withoutLosingTheReport(
    async () =>
      checkBatch(
        connection,
        {
          batch: await stagedSide(connection, tables.current),
          ...(tables.reference === undefined
            ? {}
            : { reference: await stagedSide(connection, tables.reference) }),
          ...(validation.suite === undefined ? {} : { suite: validation.suite }),
          inferOptions: { name: referenceName, optionalColumns: optional },
          ...(context.connect === undefined ? {} : { connect: context.connect })
        },
        {
          inferring: () =>
            context.progress('validate', 0, 2, 'Inferring expectations from the reference'),
          checking: () => {
            if (context.isCancelled())
              throw new AppFailure('CANCELLED', 'The comparison was cancelled.')
            context.progress('validate', 1, 2, 'Checking the batch against its expectations')
          }
        }
      ),
    'Validation',
    notes
  )
  if (checked === undefined) return 'validation could not run; see the notes'
  return {
    suite: checked.suite,
    source: validation.source,
    result: checked.validation,
    ...(checked.schemaChanges === undefined ? {} : { schemaChanges: checked.schemaChanges })
  }
}

/**
 * The current batch's numeric columns along the time axis (see timeline.ts), when the report has one; a
 * failure becomes a note, never the report's loss.
 */
async function overTime(
  connection: DuckDBConnection,
  current: OpenedSource,
  table: string,
  plan: ColumnPlan,
  context: JobContext
): Promise<TimelineResult | undefined> {
  const time = current.columns.find((c) => c.name === plan.timeColumn)
  const numeric = plan.tested.filter((t) => t.kind === 'numeric').map((t) => t.column)
  if (time === undefined || numeric.length === 0) return undefined
  context.progress(
    'drift',
    plan.tested.length,
    plan.tested.length,
    'Following the values over time'
  )
  const result = await withoutLosingTheReport(
    () => timelineOf(connection, table, time, numeric),
    'The values over time',
    plan.notes
  )
  return result ?? undefined
}

/** Columns of one CSV side read again as text, at most, before a value that does not fit fails the run. */
const MAX_TEXT_FALLBACKS = 10

/**
 * Runs a part of the report that is not one column's test; an unexpected failure becomes a note on the
 * report instead of losing it (cancelling still cancels).
 */
async function withoutLosingTheReport<T>(
  part: () => Promise<T>,
  name: string,
  notes: string[]
): Promise<T | undefined> {
  try {
    return await part()
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'CANCELLED') throw e
    if (e instanceof Error && /interrupt/i.test(e.message)) throw e
    const text = e instanceof Error ? e.message.split('\n')[0] : String(e)
    notes.push(`${name} could not be computed (${text}); the rest of the report is unaffected.`)
    return undefined
  }
}

/**
 * Stages a side, turning a reader's failure into a sentence about the file. A CSV value far down a column
 * that does not fit the type the sniffer guessed from the first rows (text among numbers) does not fail the
 * run: that column is read again as text, its numbers still count as numbers, and a note in `notes` says
 * which value did not fit.
 */
export async function stageOrExplain(
  connection: DuckDBConnection,
  source: OpenedSource,
  table: string,
  notes: string[] = []
): Promise<string> {
  const misfits: Misfit[] = []
  for (;;) {
    try {
      const staged = await stageSource(connection, source, table)
      for (const misfit of misfits) notes.push(await misfitNote(connection, source, staged, misfit))
      return staged
    } catch (e) {
      const misfit = misfitOf(source, e)
      if (
        misfit === null ||
        misfits.length >= MAX_TEXT_FALLBACKS ||
        misfits.some((m) => m.column === misfit.column)
      ) {
        throw readFailure(source, e)
      }
      misfits.push(misfit)
      const reader = csvReader(
        source.file,
        misfits.map((m) => m.column)
      )
      await connection.run(
        `CREATE OR REPLACE VIEW ${quoteIdent(source.view)} AS SELECT * FROM ${reader}`
      )
    }
  }
}

type Misfit = Readonly<{ column: string; value: string; type: string; line?: string }>

/** The column, value and line of a CSV value that does not fit its column's guessed type, if that failed. */
function misfitOf(source: OpenedSource, e: unknown): Misfit | null {
  if (source.file.format !== 'csv' && source.file.format !== 'tsv') return null
  const text = e instanceof Error ? e.message : String(e)
  const misfit = /converting column "(.*)"\. Could not convert string "(.*)" to '?([\w ()]+)/
  const found = misfit.exec(text)
  if (!found) return null
  const line = /CSV Error on Line: (\d+)/i.exec(text)
  return {
    column: found[1] as string,
    value: found[2] as string,
    type: (found[3] as string).trim(),
    ...(line ? { line: line[1] as string } : {})
  }
}

/** What a column read again as text means for the comparison, as a note for the report. */
async function misfitNote(
  connection: DuckDBConnection,
  source: OpenedSource,
  table: string,
  misfit: Misfit
): Promise<string> {
  const where = `"${misfit.value}"${misfit.line === undefined ? '' : ` on line ${misfit.line}`}`
  const kind = source.columns.find((c) => c.name === misfit.column)?.kind
  if (kind !== 'numeric') {
    return `${source.file.name}: "${misfit.column}" looked like ${misfit.type} in its first rows, but ${where} is not, so the column was read as text. Fix the value upstream, or ignore the column.`
  }
  const c = quoteIdent(misfit.column)
  const result = await connection.runAndReadAll(
    `SELECT count(${c}) - count(TRY_CAST(${c} AS DOUBLE)) AS n FROM ${quoteIdent(table)}`
  )
  const n = toNumber(result.getRowObjectsJson()[0]?.['n'])
  const one = n === 1
  return `${source.file.name}: "${misfit.column}" holds numbers, but ${n} of its values ${one ? 'is' : 'are'} text (e.g. ${where}); ${one ? 'it counts' : 'they count'} as missing and the numbers are compared. Fix ${one ? 'it' : 'them'} upstream if ${one ? 'it is' : 'they are'} a mistake.`
}

async function profileSide(
  connection: DuckDBConnection,
  source: OpenedSource,
  table: string
): Promise<DatasetProfile> {
  let profile: DatasetProfile
  try {
    profile = await profileDataset(connection, table, source.columns)
  } catch (e) {
    throw readFailure(source, e)
  }
  if (profile.rows === 0) {
    throw new AppFailure(
      'NO_ROWS',
      `${source.file.name} has a header but no data rows. Export the batch again, or choose a file with data.`
    )
  }
  return profile
}

/** What went wrong reading a file, as a sentence that says what to do. */
function readFailure(source: OpenedSource, e: unknown): unknown {
  if (e instanceof AppFailure) return e
  if (e instanceof Error && /interrupt/i.test(e.message)) return e
  const text = e instanceof Error ? e.message : String(e)
  const conversion = /Could not convert string "([^"]*)" to '?(\w+)'?/i.exec(text)
  const line = /line[: ]+(\d+)/i.exec(text)
  if (conversion) {
    return new AppFailure(
      'CSV_PARSE_FAILED',
      `${source.file.name} has a value "${conversion[1]}"${line ? ` on line ${line[1]}` : ''} that does not fit its column's type (${conversion[2]}) guessed from the first rows. Fix the value, or quote the column's values consistently.`,
      text
    )
  }
  if (/Expected Number of Columns/i.test(text)) {
    const fields = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(text)
    return new AppFailure(
      'CSV_PARSE_FAILED',
      `${source.file.name} has rows of different lengths${line ? `: line ${line[1]}` : ''}${fields ? ` has ${fields[2]} fields where the header has ${fields[1]}` : ''}. Fix or remove the broken rows and try again.`,
      text
    )
  }
  return new AppFailure(
    'CSV_PARSE_FAILED',
    `${source.file.name} could not be read to the end: ${text.split('\n')[0]}. Check the file's format and encoding.`,
    text
  )
}

type PlannedColumn = Readonly<{
  column: string
  kind: ColumnKind
  role: ColumnRole
  reference: ProfiledColumn
  current: ProfiledColumn
}>

type ColumnPlan = Readonly<{
  tested: readonly PlannedColumn[]
  untested: readonly ColumnDrift[]
  ignored: string[]
  timeColumn?: string
  /** The target and prediction columns, when the options name them and both files have them. */
  roles: Readonly<{ target?: string; prediction?: string }>
  schema: SchemaDifferences
  notes: string[]
}>

function family(kind: ColumnKind): 'numeric' | 'strings' | 'datetime' {
  if (kind === 'numeric') return 'numeric'
  if (kind === 'datetime') return 'datetime'
  return 'strings'
}

function planColumns(
  reference: OpenedSource,
  referenceProfile: DatasetProfile,
  current: OpenedSource,
  currentProfile: DatasetProfile,
  options: DriftOptions
): ColumnPlan {
  const refByName = new Map(referenceProfile.columns.map((c) => [c.profile.name, c]))
  const curByName = new Map(currentProfile.columns.map((c) => [c.profile.name, c]))
  const referenceOnly = reference.columns.map((c) => c.name).filter((n) => !curByName.has(n))
  const currentOnly = current.columns.map((c) => c.name).filter((n) => !refByName.has(n))
  const common = reference.columns.map((c) => c.name).filter((n) => curByName.has(n))
  if (common.length === 0) {
    throw new AppFailure(
      'NO_COMMON_COLUMNS',
      `${reference.file.name} and ${current.file.name} have no column in common (reference: ${preview(reference.columns.map((c) => c.name))}; current: ${preview(current.columns.map((c) => c.name))}). Check that you chose the right files, or rename the columns to match.`
    )
  }
  const ignore = new Set(options.ignore ?? [])
  const notes: string[] = []
  const unknownIgnored = [...ignore].filter((n) => !refByName.has(n) && !curByName.has(n))
  if (unknownIgnored.length > 0) {
    notes.push(
      `Asked to ignore ${unknownIgnored.map((n) => `"${n}"`).join(', ')}, which neither file has.`
    )
  }
  const ignored = [...ignore].filter((n) => refByName.has(n) || curByName.has(n))
  const roles: { target?: string; prediction?: string } = {}
  const roleOf = new Map<string, ColumnRole>()
  for (const role of ['target', 'prediction'] as const) {
    const name = options[role]
    if (name === undefined) continue
    if (!refByName.has(name) || !curByName.has(name)) {
      const missing = [
        refByName.has(name) ? null : 'the reference',
        curByName.has(name) ? null : 'the current batch'
      ]
        .filter((x) => x !== null)
        .join(' and ')
      notes.push(
        `The ${role} column "${name}" is not in ${missing}, so ${role} drift is not reported. Check the column name.`
      )
      continue
    }
    roles[role] = name
    roleOf.set(name, role)
  }
  const tested: PlannedColumn[] = []
  const untested: ColumnDrift[] = []
  const kindMismatches: { column: string; reference: ColumnKind; current: ColumnKind }[] = []
  let timeColumn: string | undefined
  const chosenTime = options.timeColumn
  if (chosenTime !== undefined) {
    if (common.includes(chosenTime)) {
      timeColumn = chosenTime
      notes.push(`"${chosenTime}" is the time axis (set by option); it is not tested for drift.`)
    } else {
      notes.push(
        `The time column "${chosenTime}" is not in both files, so the time axis is found by name or type instead. Check its name.`
      )
    }
  }
  for (const name of common) {
    if (ignore.has(name) || name === chosenTime) continue
    const ref = refByName.get(name) as ProfiledColumn
    const cur = curByName.get(name) as ProfiledColumn
    const refKind = ref.profile.kind
    const curKind = cur.profile.kind
    const role = roleOf.get(name)
    const base = {
      column: name,
      kind: refKind,
      ...(role === undefined ? {} : { role }),
      reference: ref.profile,
      current: cur.profile,
      drifted: false
    }
    const namedLikeTime = (TIME_AXIS_NAMES as readonly string[]).includes(name.toLowerCase())
    // By type only when both sides hold dates: a date on one side only is a type mismatch (below).
    if (namedLikeTime || (refKind === 'datetime' && curKind === 'datetime')) {
      if (timeColumn === undefined) {
        timeColumn = name
        notes.push(
          `"${name}" is used as the time axis (${namedLikeTime ? 'by its name' : 'by its date/time type'}); it is not tested for drift.`
        )
      } else {
        untested.push({
          ...base,
          status: 'not_tested',
          note: `Date and time columns are not tested for drift; "${timeColumn}" is the time axis.`
        })
      }
      continue
    }
    if (ref.profile.count === 0 || cur.profile.count === 0) {
      // An all-missing column has no real type (CSV readers call it text); say what is wrong instead.
      const side =
        ref.profile.count === 0 && cur.profile.count === 0
          ? 'both files'
          : ref.profile.count === 0
            ? 'the reference'
            : 'the current batch'
      const nonFinite = (ref.profile.nonFinite ?? 0) + (cur.profile.nonFinite ?? 0)
      untested.push({
        ...base,
        status: 'not_tested',
        note: `Every value of ${name} is missing${nonFinite > 0 ? ' or not a finite number (NaN, infinite)' : ''} in ${side}, so there is nothing to compare. Check the export that produced it.`
      })
      continue
    }
    if (family(refKind) !== family(curKind)) {
      kindMismatches.push({ column: name, reference: refKind, current: curKind })
      untested.push({
        ...base,
        status: 'not_tested',
        note: `${name} is ${refKind} in the reference but ${curKind} in the current batch (${ref.profile.sqlType} vs ${cur.profile.sqlType}), so the two cannot be compared. Fix the type upstream, or ignore the column.`
      })
      continue
    }
    tested.push({
      column: name,
      kind: refKind === 'text' || curKind === 'text' ? 'text' : refKind,
      role: roleOf.get(name) ?? 'feature',
      reference: ref,
      current: cur
    })
  }
  for (const c of tested) {
    const nonFinite = (c.reference.profile.nonFinite ?? 0) + (c.current.profile.nonFinite ?? 0)
    if (nonFinite > 0) {
      notes.push(
        `"${c.column}" has ${nonFinite} NaN or infinite value${nonFinite === 1 ? '' : 's'} (reference ${c.reference.profile.nonFinite ?? 0}, current ${c.current.profile.nonFinite ?? 0}); they count as missing and are left out of its test, as Evidently drops them.`
      )
    }
  }
  return {
    tested,
    untested,
    ignored,
    ...(timeColumn === undefined ? {} : { timeColumn }),
    roles,
    schema: { referenceOnly, currentOnly, kindMismatches },
    notes
  }
}

/**
 * The test and threshold asked for a column, in Evidently's order: per column, then per kind of column
 * (numeric, or categorical for every other kind), then for every column.
 */
export function resolveChoice(
  options: DriftOptions,
  column: string,
  kind: ColumnKind
): ColumnChoice {
  const perColumn = options.perColumn?.[column]
  const perKind = kind === 'numeric' ? options.perKind?.numeric : options.perKind?.categorical
  const test = perColumn?.test ?? perKind?.test ?? options.test
  const threshold = perColumn?.threshold ?? perKind?.threshold ?? options.threshold
  return {
    ...(test === undefined ? {} : { test }),
    ...(threshold === undefined ? {} : { threshold }),
    isFromOption: test !== undefined
  }
}

async function safeColumnDrift(
  connection: DuckDBConnection,
  item: PlannedColumn,
  options: DriftOptions,
  tables: Readonly<{ reference: string; current: string }>,
  preferPvalue: boolean,
  seed: number,
  referenceCounts: string | undefined
): Promise<ColumnDrift> {
  try {
    return await columnDrift({
      connection,
      referenceView: tables.reference,
      currentView: tables.current,
      ...(referenceCounts === undefined ? {} : { referenceCounts }),
      column: item.column,
      kind: item.kind,
      role: item.role,
      reference: item.reference,
      current: item.current,
      choice: resolveChoice(options, item.column, item.kind),
      preferPvalue,
      seed
    })
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'CANCELLED') throw e
    if (e instanceof Error && /interrupt/i.test(e.message)) throw e
    const text = e instanceof Error ? e.message : String(e)
    return {
      column: item.column,
      kind: item.kind,
      ...(item.role === 'feature' ? {} : { role: item.role }),
      status: 'not_tested',
      drifted: false,
      reference: item.reference.profile,
      current: item.current.profile,
      note: `${item.column} could not be tested: ${text.split('\n')[0]}. The other columns are unaffected.`
    }
  }
}

/** The reference as a stored profile describes it; it has no view, since its rows are not read. */
function profiledSource(stored: LoadedProfile): OpenedSource {
  const info = stored.stored.reference
  return {
    view: '',
    file: {
      path: info.path,
      name: info.name,
      sizeBytes: info.sizeBytes,
      format: info.format,
      compressed: info.sniff.compression !== undefined && info.sniff.compression !== 'none'
    },
    columns: info.columns,
    sniff: info.sniff
  }
}

export type BuildProfileArgs = Readonly<{ reference: string; folder: string }>

/** Reads a reference once and stores its profile in `folder`; returns the reference's facts. */
export async function runBuildProfile(
  connection: DuckDBConnection,
  args: BuildProfileArgs,
  context: JobContext
): Promise<DatasetInfo> {
  const hashing = new AbortController()
  const hash = sha256File(args.reference, hashing.signal)
  hash.catch(() => undefined)
  try {
    context.progress('open', 0, 1, 'Opening the reference')
    const source = await openSource(connection, args.reference, REFERENCE_VIEW)
    context.progress('profile', 0, 1, `Reading and profiling ${source.file.name}`)
    const table = await stageOrExplain(connection, source, REFERENCE_STAGE)
    const profile = await profileSide(connection, source, table)
    if (context.isCancelled())
      throw new AppFailure('CANCELLED', 'Building the profile was cancelled.')
    context.progress('report', 0, 1, 'Writing the reference profile')
    const info = datasetInfo(source, profile, await hash)
    await writeReferenceProfile(connection, { table, info, profile, folder: args.folder })
    return info
  } finally {
    hashing.abort()
    await connection.run(`DROP TABLE IF EXISTS ${REFERENCE_STAGE}`).catch(() => undefined)
    await connection.run(`DROP VIEW IF EXISTS ${REFERENCE_VIEW}`).catch(() => undefined)
  }
}

/** A side's file and columns as opened, for the first partial result. */
function sideSchema(source: OpenedSource): SideSchema {
  return {
    name: source.file.name,
    format: source.file.format,
    sizeBytes: source.file.sizeBytes,
    columns: source.columns
  }
}

/** A side's profile as a partial result: its rows and each column's counts. */
function profilePartial(side: 'reference' | 'current', profile: DatasetProfile): ComparePartial {
  return {
    stage: 'profile',
    side,
    rows: profile.rows,
    columns: profile.columns.map((c) => c.profile)
  }
}

/** The validation's verdict as a partial result: its status and its summary sentence, or why it did not run. */
function validationPartial(validated: ReportValidation | string, batch: string): ComparePartial {
  if (typeof validated === 'string') {
    return {
      stage: 'validation',
      status: null,
      summary: `The batch was not checked against expectations: ${validated}.`
    }
  }
  const problems = validated.source.kind === 'file' ? validated.source.problems.length : 0
  return {
    stage: 'validation',
    status: validated.result.status,
    summary: validationSummary(batch, validated.result, problems)
  }
}

/** Rows and finite values per column of a profiled side, for the multivariate checks' coverage. */
function coverageOf(profile: DatasetProfile): SideCoverage {
  return {
    total: profile.rows,
    finite: Object.fromEntries(profile.columns.map((c) => [c.profile.name, c.profile.count]))
  }
}

function datasetInfo(source: OpenedSource, profile: DatasetProfile, sha256: string): DatasetInfo {
  const kinds = new Map(profile.columns.map((c) => [c.profile.name, c.profile.kind]))
  const columns: ColumnInfo[] = source.columns.map((c) => ({
    ...c,
    kind: kinds.get(c.name) ?? c.kind
  }))
  return {
    path: source.file.path,
    name: source.file.name,
    format: source.file.format,
    sizeBytes: source.file.sizeBytes,
    sha256,
    rows: profile.rows,
    columns,
    sniff: source.sniff
  }
}

function validateOptions(options: DriftOptions): void {
  const share = options.driftShare
  if (share !== undefined && !(share > 0 && share <= 1)) {
    throw new AppFailure(
      'INVALID_OPTIONS',
      `The drift share must be a number in (0, 1]; got ${share}.`
    )
  }
  const thresholds = [
    options.threshold,
    ...Object.values(options.perColumn ?? {}).map((c) => c.threshold)
  ].filter((t): t is number => t !== undefined)
  for (const t of thresholds) {
    if (!Number.isFinite(t) || t < 0) {
      throw new AppFailure(
        'INVALID_OPTIONS',
        `A threshold must be a non-negative number; got ${t}.`
      )
    }
  }
}

async function duckdbVersion(connection: DuckDBConnection): Promise<string> {
  const r = await connection.runAndReadAll('SELECT version() AS v')
  return String(r.getRowObjectsJson()[0]?.['v'] ?? 'unknown')
}

function preview(names: readonly string[]): string {
  const shown = names
    .slice(0, 6)
    .map((n) => `"${n}"`)
    .join(', ')
  return names.length > 6 ? `${shown}, … (${names.length} in all)` : shown
}
