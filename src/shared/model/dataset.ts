/** What a dataset file is and what the engine found in it. Plain data: crosses every boundary. */
export type DataFormat = 'csv' | 'tsv' | 'parquet' | 'json' | 'ndjson'

/** How a column is treated by profiling and drift. */
export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text'

export type DatasetRef = Readonly<{ path: string }>

export type ColumnInfo = Readonly<{
  name: string
  /** The DuckDB type it was read as, e.g. BIGINT, DOUBLE, VARCHAR, TIMESTAMP. */
  sqlType: string
  kind: ColumnKind
}>

/** What DuckDB decided while reading the file (delimiter, header, compression, ...), for the person to check. */
export type SniffInfo = Readonly<{
  delimiter?: string
  quote?: string
  header?: boolean
  compression?: string
  skipRows?: number
  dateFormat?: string
  timestampFormat?: string
}>

export type DatasetInfo = Readonly<{
  path: string
  name: string
  format: DataFormat
  /** @integer @minimum 0 */
  sizeBytes: number
  /** SHA-256 of the file's bytes, hex. @pattern ^[0-9a-f]{64}$ */
  sha256: string
  /** @integer @minimum 0 */
  rows: number
  columns: readonly ColumnInfo[]
  sniff: SniffInfo
}>

export type Quantile = Readonly<{ p: number; value: number }>
export type CategoryCount = Readonly<{ value: string; count: number }>
export type Histogram = Readonly<{ edges: readonly number[]; counts: readonly number[] }>

/** One column's profile, from one SQL pass over the dataset. Numeric fields are absent where meaningless. */
export type ColumnProfile = Readonly<{
  name: string
  kind: ColumnKind
  sqlType: string
  /** @integer @minimum 0 */
  rows: number
  /** Non-missing values. @integer @minimum 0 */
  count: number
  /** Missing values: empty, null, and (numbers) NaN or ±infinity. @integer @minimum 0 */
  missing: number
  /** Of the missing values, how many were NaN or ±infinity. */
  nonFinite?: number
  /** Distinct values; absent for numeric columns that were not tested (only the drift pass counts them). */
  distinct?: number
  /** The distinct count is a HyperLogLog estimate (text columns that were not tested); absent when exact. */
  isDistinctApproximate?: boolean
  /** numeric: as numbers; datetime: ISO strings. */
  min?: number | string
  max?: number | string
  mean?: number
  std?: number
  quantiles?: readonly Quantile[]
  top?: readonly CategoryCount[]
  histogram?: Histogram
}>
