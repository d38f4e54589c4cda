/**
 * Benchmark data generator: a reference and a current batch of equal size, written by DuckDB itself as CSV
 * or Parquet, with drift planted in known columns so a wrong comparison result is visible.
 *
 * Fifteen columns. Ten numeric: five unchanged, three with a location shift and two with a change of scale
 * in the current batch. Five categorical with 3 to 50 levels, one of them with a shifted mix. The `exported`
 * variant has the precision of real exports (integer ages and counts, prices to 2 decimals, measurements to
 * 1 decimal, clipped to plausible ranges), so the numeric columns have many ties; the `continuous` variant
 * keeps full-precision doubles, unclipped, so practically every numeric value is distinct.
 *
 * Values come from DuckDB's `random()` after `setseed`: `range()` is a single-threaded source, so the rows
 * are drawn in order and the files are the same on every run and any thread count. Normal values use the
 * Box–Muller transform; skewed categories use floor(levels · u^a).
 *
 * Files are cached under a folder named by shape (variant, generator version, rows) and regenerated only
 * when missing; each is written under a temporary name and renamed when complete. O(rows) time, streaming.
 *
 * @example await ensureDataset(dataDir, { rows: 1e5, format: 'csv', variant: 'exported' }, console.log)
 */
import { existsSync, mkdirSync, renameSync, rmSync, statfsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'

/** Bump when the generated values change, so cached files of an older generator are not reused. */
export const GENERATOR_VERSION = 1

export type DataFormat = 'csv' | 'parquet'
export type DataVariant = 'exported' | 'continuous'
export type DataRole = 'reference' | 'current'

export type DatasetShape = Readonly<{ rows: number; format: DataFormat; variant: DataVariant }>
export type DatasetPaths = Readonly<{ reference: string; current: string }>

/** What the current batch changes in a column. */
export type PlantedChange = 'none' | 'location' | 'scale' | 'mix'

/**
 * A numeric column: `reference` and `current` are SQL expressions drawing one value per row (`dw_normal()` is
 * a standard normal, `random()` a uniform on [0, 1)); the exported variant clips to [min, max] and rounds to
 * `decimals` (0 makes an INTEGER column).
 */
type NumericColumn = Readonly<{
  name: string
  change: Exclude<PlantedChange, 'mix'>
  reference: string
  current: string
  decimals: 0 | 1 | 2
  min?: number
  max?: number
}>

/** A categorical column: level floor(levels · u^exponent), labelled by `label`. */
type CategoricalColumn = Readonly<{
  name: string
  change: 'none' | 'mix'
  levels: number
  referenceExponent: number
  currentExponent: number
  label: (index: string) => string
}>

const NUMERIC_COLUMNS: readonly NumericColumn[] = [
  {
    name: 'age',
    change: 'location',
    reference: '40 + 12 * dw_normal()',
    current: '44 + 12 * dw_normal()',
    decimals: 0,
    min: 18,
    max: 90
  },
  {
    name: 'income',
    change: 'none',
    reference: 'exp(10.6 + 0.45 * dw_normal())',
    current: 'exp(10.6 + 0.45 * dw_normal())',
    decimals: 2
  },
  {
    name: 'price',
    change: 'scale',
    reference: 'exp(3 + 0.5 * dw_normal())',
    current: 'exp(3 + 0.75 * dw_normal())',
    decimals: 2,
    min: 0.01
  },
  {
    name: 'basket_items',
    change: 'none',
    reference: '1 - 2.5 * ln(1 - random())',
    current: '1 - 2.5 * ln(1 - random())',
    decimals: 0
  },
  {
    name: 'session_minutes',
    change: 'location',
    reference: '15 + 6 * dw_normal()',
    current: '17.5 + 6 * dw_normal()',
    decimals: 1,
    min: 0
  },
  {
    name: 'temperature_c',
    change: 'none',
    reference: '21 + 2.5 * dw_normal()',
    current: '21 + 2.5 * dw_normal()',
    decimals: 1
  },
  {
    name: 'height_cm',
    change: 'none',
    reference: '170 + 9 * dw_normal()',
    current: '170 + 9 * dw_normal()',
    decimals: 1
  },
  {
    name: 'weight_kg',
    change: 'scale',
    reference: '72 + 14 * dw_normal()',
    current: '72 + 22 * dw_normal()',
    decimals: 1,
    min: 30
  },
  {
    name: 'visits_30d',
    change: 'location',
    reference: '6 + 2.4 * dw_normal()',
    current: '7.5 + 2.4 * dw_normal()',
    decimals: 0,
    min: 0
  },
  {
    name: 'discount_pct',
    change: 'none',
    reference: '12 + 8 * dw_normal()',
    current: '12 + 8 * dw_normal()',
    decimals: 1,
    min: 0,
    max: 60
  }
]

/** The levels of `region`. */
export const REGIONS = ['north', 'south', 'east', 'west', 'central', 'coastal', 'mountain']
/** The levels of `device`. */
export const DEVICES = [
  'phone_a',
  'phone_b',
  'phone_c',
  'tablet_a',
  'tablet_b',
  'laptop_a',
  'laptop_b',
  'desktop',
  'tv',
  'console',
  'watch',
  'kiosk'
]

function listLabel(values: readonly string[]): (index: string) => string {
  return (index) => `[${values.map((v) => `'${v}'`).join(', ')}][${index} + 1]`
}

const CATEGORICAL_COLUMNS: readonly CategoricalColumn[] = [
  {
    name: 'channel',
    change: 'none',
    levels: 3,
    referenceExponent: 1.6,
    currentExponent: 1.6,
    label: listLabel(['web', 'store', 'app'])
  },
  {
    name: 'region',
    change: 'none',
    levels: REGIONS.length,
    referenceExponent: 1.2,
    currentExponent: 1.2,
    label: listLabel(REGIONS)
  },
  {
    name: 'device',
    change: 'mix',
    levels: DEVICES.length,
    referenceExponent: 1.5,
    currentExponent: 0.8,
    label: listLabel(DEVICES)
  },
  {
    name: 'state',
    change: 'none',
    levels: 25,
    referenceExponent: 1,
    currentExponent: 1,
    label: (index) => `'S' || lpad(CAST(${index} + 1 AS VARCHAR), 2, '0')`
  },
  {
    name: 'product',
    change: 'none',
    levels: 50,
    referenceExponent: 2.2,
    currentExponent: 2.2,
    label: (index) => `'P' || lpad(CAST(${index} + 1 AS VARCHAR), 3, '0')`
  }
]

/** Every generated column with what the current batch changes in it, in file order. */
export const GENERATED_COLUMNS: readonly Readonly<{
  name: string
  kind: 'numeric' | 'categorical'
  change: PlantedChange
  /** Numeric: decimals kept by the exported variant (0 = an INTEGER column). */
  decimals?: number
  /** Categorical: the number of levels. */
  levels?: number
}>[] = [
  ...NUMERIC_COLUMNS.map((c) => ({
    name: c.name,
    kind: 'numeric' as const,
    change: c.change,
    decimals: c.decimals
  })),
  ...CATEGORICAL_COLUMNS.map((c) => ({
    name: c.name,
    kind: 'categorical' as const,
    change: c.change,
    levels: c.levels
  }))
]

/** Columns whose distribution the current batch changes: the ones a comparison should call drifted. */
export const PLANTED_DRIFT: readonly string[] = GENERATED_COLUMNS.filter(
  (c) => c.change !== 'none'
).map((c) => c.name)

const SEEDS: Readonly<Record<DataRole, number>> = { reference: 0.25, current: 0.75 }

/**
 * Bytes per row of each file, measured on generated files with some headroom, used to check free disk
 * before generating. Keyed by variant, then format.
 */
const BYTES_PER_ROW: Readonly<Record<DataVariant, Readonly<Record<DataFormat, number>>>> = {
  exported: { csv: 90, parquet: 30 },
  continuous: { csv: 250, parquet: 110 }
}

/** Free space to leave on the disk after generating, in bytes. */
const DISK_HEADROOM = 2 * 1024 ** 3

function numericExpression(column: NumericColumn, role: DataRole, variant: DataVariant): string {
  const draw = role === 'reference' ? column.reference : column.current
  if (variant === 'continuous') return `CAST(${draw} AS DOUBLE) AS ${column.name}`
  let value = draw
  if (column.min !== undefined) value = `greatest(${column.min}, ${value})`
  if (column.max !== undefined) value = `least(${column.max}, ${value})`
  return column.decimals === 0
    ? `CAST(round(${value}) AS INTEGER) AS ${column.name}`
    : `round(${value}, ${column.decimals}) AS ${column.name}`
}

function categoricalExpression(column: CategoricalColumn, role: DataRole): string {
  const exponent = role === 'reference' ? column.referenceExponent : column.currentExponent
  const index = `CAST(floor(${column.levels} * pow(random(), ${exponent})) AS INTEGER)`
  return `${column.label(index)} AS ${column.name}`
}

/**
 * The statements that write one side: define the normal draw, seed the generator, copy the rows to `path`.
 * Run them in order on one connection.
 */
export function generationStatements(
  shape: DatasetShape,
  role: DataRole,
  path: string
): readonly string[] {
  const columns = [
    ...NUMERIC_COLUMNS.map((c) => numericExpression(c, role, shape.variant)),
    ...CATEGORICAL_COLUMNS.map((c) => categoricalExpression(c, role))
  ]
  const target = path.replaceAll("'", "''")
  const format = shape.format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet)'
  return [
    'CREATE OR REPLACE TEMP MACRO dw_normal() AS sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())',
    `SELECT setseed(${SEEDS[role]})`,
    `COPY (SELECT ${columns.join(', ')} FROM range(${shape.rows})) TO '${target}' ${format}`
  ]
}

/** `1e6` for powers of ten, the plain number otherwise: how row counts appear in names and tables. */
export function rowsLabel(rows: number): string {
  const exponent = Math.log10(rows)
  return Number.isInteger(exponent) && exponent >= 1 ? `1e${exponent}` : String(rows)
}

/** Where the files of a shape are cached. */
export function datasetPaths(dataDir: string, shape: DatasetShape): DatasetPaths {
  const folder = join(dataDir, `${shape.variant}-g${GENERATOR_VERSION}-${rowsLabel(shape.rows)}`)
  return {
    reference: join(folder, `reference.${shape.format}`),
    current: join(folder, `current.${shape.format}`)
  }
}

/** Estimated size in bytes of one file of the shape. */
export function estimatedFileBytes(shape: DatasetShape): number {
  return shape.rows * BYTES_PER_ROW[shape.variant][shape.format]
}

/** Bytes available to this user on the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const stats = statfsSync(dir)
  return stats.bavail * stats.bsize
}

/** Gigabytes with one decimal, for messages. */
export function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`
}

export type EnsureOutcome =
  | Readonly<{ ok: true; paths: DatasetPaths; generatedSeconds: number | null }>
  | Readonly<{ ok: false; reason: string }>

/**
 * Makes sure the files of a shape exist (both, or only the `roles` asked for), generating the missing ones.
 * Refuses, with a reason, when the missing files would leave less than 2 GB free on the disk.
 */
export async function ensureDataset(
  dataDir: string,
  shape: DatasetShape,
  log: (text: string) => void,
  roles: readonly DataRole[] = ['reference', 'current']
): Promise<EnsureOutcome> {
  const paths = datasetPaths(dataDir, shape)
  const missing = roles.filter((role) => !existsSync(paths[role]))
  if (missing.length === 0) return { ok: true, paths, generatedSeconds: null }

  mkdirSync(dataDir, { recursive: true })
  const needed = missing.length * estimatedFileBytes(shape) + DISK_HEADROOM
  const free = freeBytes(dataDir)
  if (free < needed) {
    return {
      ok: false,
      reason: `generating ${rowsLabel(shape.rows)} ${shape.variant} ${shape.format} needs about ${gigabytes(needed)} (files and 2 GB headroom), ${gigabytes(free)} free`
    }
  }

  mkdirSync(dirname(paths.reference), { recursive: true })
  const started = performance.now()
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    for (const role of missing) {
      const t = performance.now()
      const partial = `${paths[role]}.partial-${process.pid}`
      try {
        for (const sql of generationStatements(shape, role, partial)) await connection.run(sql)
        renameSync(partial, paths[role])
      } finally {
        rmSync(partial, { force: true })
      }
      log(
        `generated ${paths[role]} (${(statSync(paths[role]).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`
      )
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
  return { ok: true, paths, generatedSeconds: (performance.now() - started) / 1000 }
}
