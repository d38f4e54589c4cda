/**
 * Command-line flags of `npm run bench` and `npm run bench:validate`, and the list of cases they select.
 *
 * Without `--sizes` the comparison suite runs 10^5, 10^6 and 10^7 rows per file for each chosen format, then
 * 10^8 rows for Parquet only (10^8 rows of CSV is about 7 GB per file). The 10^8 case runs with DuckDB's
 * memory limit at 4 GB unless `--memory-limit` sets one for every case. The validation suite runs the same
 * sizes without the 10^8 case, on exported data only (its expectations are written for it).
 *
 * @example parseBenchArgs(['--sizes', '1e5,1e6', '--formats', 'csv']).sizes // [100000, 1000000]
 */
import type { DataFormat, DataVariant } from './generate'

export type BenchArgs = Readonly<{
  /** Rows per file; null = the default suite. */
  sizes: readonly number[] | null
  formats: readonly DataFormat[]
  variant: DataVariant
  memoryLimitMb: number | null
  threads: number | null
  workers: number
  /** Run the TypeScript sources through tsx instead of a bundle (no build step; adds the loader's RSS). */
  source: boolean
  generateOnly: boolean
  help: boolean
}>

export type PlannedCase = Readonly<{
  rows: number
  format: DataFormat
  memoryLimitMb: number | null
}>

/** The two benchmarks, by npm script. */
export type BenchCommand = 'bench' | 'bench:validate'

export const DEFAULT_SIZES: readonly number[] = [1e5, 1e6, 1e7]
export const LARGE_PARQUET_ROWS = 1e8
export const LARGE_MEMORY_LIMIT_MB = 4096

export const USAGE = `npm run bench -- [flags]

  --sizes 1e5,1e6      rows per file (default: 1e5,1e6,1e7 for each format, then 1e8 Parquet)
  --formats csv        csv, parquet or both (default: csv,parquet)
  --continuous         numeric columns as full-precision doubles instead of exported precision
  --memory-limit MB    DuckDB memory_limit of the worker and the bare scan, every case
                       (default: the backend's own; 4096 for the 1e8 case)
  --threads N          DuckDB threads (default: number of cores)
  --workers N          backend worker threads (default: 1, as the CLI; one comparison uses one)
  --source             run the TypeScript sources through tsx instead of a bundle
                       (no build step, but the loader adds about 55 MB to the peak RSS)
  --generate-only      generate the data of the selected cases and stop
  --help               this text`

export const VALIDATE_USAGE = `npm run bench:validate -- [flags]

  --sizes 1e5,1e6      rows of the validated file (default: 1e5,1e6,1e7 for each format)
  --formats csv        csv, parquet or both (default: csv,parquet)
  --memory-limit MB    DuckDB memory_limit of the worker and the bare scan (default: the backend's own)
  --threads N          DuckDB threads (default: number of cores)
  --workers N          backend worker threads (default: 1, as the CLI; one validation uses one)
  --source             run the TypeScript sources through tsx instead of a bundle
  --generate-only      generate the data of the selected cases and stop
  --help               this text`

export const USAGES: Readonly<Record<BenchCommand, string>> = {
  bench: USAGE,
  'bench:validate': VALIDATE_USAGE
}

function positiveInteger(flag: string, text: string | undefined): number {
  const value = Number(text)
  if (text === undefined || text.trim() === '' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${flag} takes a positive whole number, not "${text ?? ''}".`)
  }
  return value
}

/**
 * Parses the flags after `npm run <command> --`; throws an Error whose message says what is wrong.
 * `--continuous` belongs to the comparison benchmark only.
 */
export function parseBenchArgs(
  argv: readonly string[],
  command: BenchCommand = 'bench'
): BenchArgs {
  let sizes: number[] | null = null
  let formats: DataFormat[] = ['csv', 'parquet']
  let variant: DataVariant = 'exported'
  let memoryLimitMb: number | null = null
  let threads: number | null = null
  let workers = 1
  let source = false
  let generateOnly = false
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string
    const value = (): string | undefined => argv[++i]
    switch (flag) {
      case '--sizes':
        sizes = (value() ?? '').split(',').map((s) => positiveInteger('--sizes', s))
        break
      case '--formats': {
        const list = (value() ?? '').split(',').map((s) => s.trim().toLowerCase())
        if (list.length === 0 || !list.every((f) => f === 'csv' || f === 'parquet')) {
          throw new Error('--formats takes csv, parquet or csv,parquet.')
        }
        formats = [...new Set(list as DataFormat[])]
        break
      }
      case '--continuous':
        if (command !== 'bench') {
          throw new Error(
            `--continuous is not a flag of ${command}: its expectations are written for the exported data.`
          )
        }
        variant = 'continuous'
        break
      case '--memory-limit':
        memoryLimitMb = positiveInteger('--memory-limit', value())
        break
      case '--threads':
        threads = positiveInteger('--threads', value())
        break
      case '--workers':
        workers = positiveInteger('--workers', value())
        break
      case '--source':
        source = true
        break
      case '--generate-only':
        generateOnly = true
        break
      case '--help':
      case '-h':
        help = true
        break
      default:
        throw new Error(`Unknown flag "${flag}".\n\n${USAGES[command]}`)
    }
  }
  return { sizes, formats, variant, memoryLimitMb, threads, workers, source, generateOnly, help }
}

/**
 * The cases to run, smallest first; within a size, in the order of the formats given. The comparison's
 * default suite ends with the 10^8 Parquet case; the validation's does not.
 */
export function planCases(
  args: BenchArgs,
  command: BenchCommand = 'bench'
): readonly PlannedCase[] {
  const sizes = args.sizes ?? DEFAULT_SIZES
  const cases: PlannedCase[] = []
  for (const rows of sizes) {
    for (const format of args.formats) cases.push({ rows, format, memoryLimitMb: null })
  }
  if (command === 'bench' && args.sizes === null && args.formats.includes('parquet')) {
    cases.push({ rows: LARGE_PARQUET_ROWS, format: 'parquet', memoryLimitMb: null })
  }
  return cases.map((c) => ({
    ...c,
    memoryLimitMb:
      args.memoryLimitMb ?? (c.rows >= LARGE_PARQUET_ROWS ? LARGE_MEMORY_LIMIT_MB : null)
  }))
}
