/**
 * Data validation: a suite of expectations about one dataset, and what checking a dataset against it found.
 * Plain serialisable data (no Date, no bigint, no class): a suite is written to and read from a YAML file,
 * and results cross worker, IPC and HTTP boundaries inside a Report.
 *
 * The catalogue follows Great Expectations' names where it has one (values in set with `mostly`, unique,
 * between, regex, ...), evaluated by DuckDB in one shared aggregate pass (distinct counts, quantiles and
 * row order in a query of their own each) plus one sample query per failing row-level expectation.
 */
import type { ColumnKind } from './dataset'

/** An error stops the batch from counting as valid; a warning is reported and nothing more. */
export type Severity = 'error' | 'warning'

/** What every expectation has: a stable id (unique in its suite), a severity and an on/off switch. */
export type ExpectationBase = Readonly<{
  id: string
  severity: Severity
  enabled: boolean
  /** A note from whoever wrote or inferred the expectation (shown beside it, never evaluated). */
  note?: string
}>

/**
 * Inclusive bounds; either may be absent (no limit on that side). Numbers for numeric columns; ISO
 * date/time strings for date/time columns; strings (compared as text) for text columns.
 */
export type Bounds = Readonly<{ min?: number | string; max?: number | string }>

/** Inclusive numeric bounds; either may be absent. */
export type NumericBounds = Readonly<{ min?: number; max?: number }>

/**
 * Share of the non-missing values that must meet the condition (Great Expectations' `mostly`), 0..1;
 * absent means 1 (every value).
 */
export type Mostly = Readonly<{ mostly?: number }>

/** A summary statistic of a column's non-missing values. `std` is the sample standard deviation (n − 1). */
export type ColumnStatistic = 'mean' | 'std' | 'median' | 'quantile'

/** A value of a set: text, number or boolean, compared with the column's value read as text. */
export type SetValue = string | number | boolean

export type TableExpectation =
  | (ExpectationBase & { kind: 'row_count_between' } & NumericBounds)
  /** The table has exactly these columns (in any order). */
  | (ExpectationBase & { kind: 'column_set_equals'; columns: readonly string[] })
  /** The table has at least these columns. */
  | (ExpectationBase & { kind: 'column_set_contains'; columns: readonly string[] })
  /** These columns appear in this relative order (other columns may sit between them). */
  | (ExpectationBase & { kind: 'column_order'; columns: readonly string[] })
  /** A SQL boolean expression over one row; rows where it is false or NULL are unexpected. */
  | (ExpectationBase & { kind: 'row_condition'; expression: string } & Mostly)

type OnColumn = ExpectationBase & { column: string }

export type ColumnExpectation =
  | (OnColumn & { kind: 'column_exists' })
  /**
   * `type` is a column kind (numeric, categorical, boolean, datetime, text) or a DuckDB type (BIGINT,
   * DOUBLE, VARCHAR, TIMESTAMP, ...). When it does not hold, the values that do not cast to the type are
   * counted and shown.
   */
  | (OnColumn & { kind: 'column_type_is'; type: ColumnKind | string })
  /** Share of missing values among all rows ≤ max (0: not null). */
  | (OnColumn & { kind: 'column_null_share_at_most'; max: number })
  /** Share of non-missing values that repeat an earlier value ≤ max (0: unique). */
  | (OnColumn & { kind: 'column_duplicate_share_at_most'; max: number })
  | (OnColumn & { kind: 'column_values_in_set'; values: readonly SetValue[] } & Mostly)
  | (OnColumn & { kind: 'column_values_between' } & Bounds & Mostly)
  /** Length in characters of the value read as text. */
  | (OnColumn & { kind: 'column_length_between' } & NumericBounds & Mostly)
  /** The value read as text matches (partially: anchor with ^...$) the regular expression (RE2 syntax). */
  | (OnColumn & { kind: 'column_matches_regex'; regex: string } & Mostly)
  | (OnColumn & { kind: 'column_not_matches_regex'; regex: string } & Mostly)
  | (OnColumn & { kind: 'column_distinct_count_between' } & NumericBounds)
  /** `quantile` (0..1) is required when `statistic` is 'quantile' (continuous interpolation). */
  | (OnColumn & {
      kind: 'column_statistic_between'
      statistic: ColumnStatistic
      quantile?: number
    } & NumericBounds)
  /** In row order, each non-missing value is ≥ (increasing) or ≤ (decreasing) the one before; strict: > or <. */
  | (OnColumn & {
      kind: 'column_monotonic'
      direction: 'increasing' | 'decreasing'
      strict?: boolean
    })
  /** The value read as text parses with the strptime format (e.g. `%Y-%m-%d %H:%M:%S`). */
  | (OnColumn & { kind: 'column_parseable_as_date'; format: string } & Mostly)
  /** The newest value is at most `maxAgeSeconds` older than the validation time. */
  | (OnColumn & { kind: 'column_fresh'; maxAgeSeconds: number })

export type Expectation = TableExpectation | ColumnExpectation

export type ExpectationKind = Expectation['kind']

/** A dataset's expectations, as kept in `driftwatch/expectations.yaml`. */
export type Suite = Readonly<{
  version: 1
  name?: string
  expectations: readonly Expectation[]
}>

/** Something wrong with one part of a suite file (`line` is 1-based); that part is left out, the rest runs. */
export type SuiteProblem = Readonly<{ line: number; id?: string; message: string }>

/** One change to one expectation of a suite: what the suite editor sends, and what a suite file applies. */
export type SuiteEdit =
  | Readonly<{ op: 'enable'; id: string; enabled: boolean }>
  /** New bounds (min/max of a range, or the max of a share); a side given as null is removed, a side left out is kept. */
  | Readonly<{
      op: 'bounds'
      id: string
      min?: number | string | null
      max?: number | string | null
    }>
  | Readonly<{ op: 'severity'; id: string; severity: Severity }>
  /** Appends an expectation (its id must be new). */
  | Readonly<{ op: 'add'; expectation: Expectation }>
  | Readonly<{ op: 'remove'; id: string }>

/**
 * pass: the condition holds; fail: it does not; error: it could not be evaluated (bad regex, bad bound, a
 * missing column, a failing SQL expression: `explanation` says which); skipped: disabled, or nothing to
 * check (no rows).
 */
export type ExpectationStatus = 'pass' | 'fail' | 'error' | 'skipped'

/** A cell of a sample row as read back: JSON-safe (big integers and dates as text). */
export type SampleCell = string | number | boolean | null

/** An offending row: its 1-based position among the dataset's data rows, and the cells that matter. */
export type SampleRow = Readonly<{
  /** @integer @minimum 1 */
  row: number
  values: Readonly<Record<string, SampleCell>>
}>

export type ExpectationResult = Readonly<{
  id: string
  kind: ExpectationKind
  column?: string
  severity: Severity
  status: ExpectationStatus
  /** What was measured: a count, a share, a statistic, a type, a list of columns; null when none. */
  observed: number | string | boolean | readonly string[] | null
  /** The condition as a person reads it, e.g. `between 0 and 100`, `null share ≤ 0.05`. */
  expected: string
  /**
   * Values (or rows) checked: the denominator of `unexpectedShare`. Row-level expectations only.
   * @integer @minimum 0
   */
  elementCount?: number
  /** @integer @minimum 0 */
  unexpectedCount?: number
  /** unexpectedCount / elementCount (0 when there were no elements). @minimum 0 @maximum 1 */
  unexpectedShare?: number
  /** Up to 20 offending rows, in row order. */
  samples?: readonly SampleRow[]
  /** One sentence saying what was found, naming the column. */
  explanation: string
}>

/**
 * fail: an error-severity expectation failed; error: none failed but some could not be evaluated;
 * warning: only warning-severity expectations failed; pass: everything enabled passed.
 */
export type ValidationStatus = 'pass' | 'warning' | 'fail' | 'error'

export type ValidationResult = Readonly<{
  status: ValidationStatus
  /** @integer @minimum 0 */
  rows: number
  results: readonly ExpectationResult[]
  counts: Readonly<Record<ExpectationStatus, number>>
  durations: Readonly<{
    /** Checking the suite, preparing SQL and the aggregate pass. */
    aggregateMs: number
    /** Fetching sample rows of the failing row-level expectations. */
    samplesMs: number
    totalMs: number
  }>
  /** The time freshness was measured against, ISO 8601. @format date-time */
  evaluatedAt: string
}>

/** A reference column missing from a batch and a new batch column that are probably the same column. */
export type ProbableRename = Readonly<{
  from: string
  to: string
  /** 0..1: name similarity × value compatibility. */
  confidence: number
  reason: string
}>

/** A column the batch has with another type than the reference's, and how much of it fails to convert. */
export type TypeChange = Readonly<{
  column: string
  /** The reference's DuckDB type. */
  from: string
  /** The batch's DuckDB type. */
  to: string
  /** Non-missing values of the batch's column. */
  checked: number
  /** Of those, values that do not convert to the reference's type. */
  failingCount: number
  /** failingCount / checked (0 when nothing was checked). */
  failingShare: number
  /** Up to 5 distinct failing values as text, in row order. */
  examples: readonly string[]
}>

/**
 * How a batch's columns differ from the reference's, explained (src/main/engine/schemaChanges.ts computes
 * it). Plain data: it crosses the worker and IPC boundaries with a validation's result.
 */
export type SchemaChanges = Readonly<{
  /** Reference columns missing from the batch and not explained as renames. */
  dropped: readonly string[]
  /** Batch columns the reference lacks and not explained as renames. */
  added: readonly string[]
  renames: readonly ProbableRename[]
  typeChanges: readonly TypeChange[]
  /** One sentence per finding, renames first. */
  sentences: readonly string[]
}>
