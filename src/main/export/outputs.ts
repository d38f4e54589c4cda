/**
 * The JSON outputs of Driftwatch and their published schemas. A Report is written as it is (`compare
 * --json`, the app's Export menu); the CLI's other JSON outputs wrap their results with the same `version`,
 * since they are made of the Report's model types and change with them. Each has a JSON Schema in the
 * repository's `schema/` folder, generated from these types by scripts/generateSchemas.ts, and `$id`
 * carrying the version, so a reader can check a file against the schema of the version that wrote it.
 *
 * Pure: values in, text out; the hosts write the files.
 */
import type {
  BatchRecord,
  ProjectHistory,
  Report,
  SchemaChanges,
  Suite,
  SuiteProblem,
  ValidationResult
} from '../../shared/model'
import { REPORT_VERSION } from '../../shared/model'
import type { IgnoredFile } from '../project/projectService'

/** The version of every JSON output: the Report's. */
export const OUTPUT_VERSION = REPORT_VERSION

/** Where the schemas are published; the file name carries the version. */
export const SCHEMA_BASE = 'https://driftwatch.dev/schema'

/** `driftwatch validate --json`: a batch checked against a suite. */
export type ValidateOutput = Readonly<{
  version: typeof OUTPUT_VERSION
  validation: ValidationResult
  /** How the batch's columns differ from the reference's (with `--reference` only). */
  schemaChanges?: SchemaChanges
  /** The suite that was checked (read from a file, or inferred from the reference). */
  suite: Suite
  /** The suite file and its entries that could not be read (and so were not run), when it came from one. */
  suiteFile?: Readonly<{ path: string; problems: readonly SuiteProblem[] }>
}>

/** `driftwatch run --json`: the batches a run processed and the files it skipped. */
export type RunOutput = Readonly<{
  version: typeof OUTPUT_VERSION
  /** The project's folder, absolute. */
  folder: string
  /** Every batch the run finished (done or failed for good), in the order they were processed. */
  processed: readonly BatchRecord[]
  /** Files in the drop folders that are not batches, and why. */
  ignored: readonly IgnoredFile[]
}>

/** `driftwatch history --json`: every batch of a project, its per-column results and recent events. */
export type HistoryOutput = Readonly<{ version: typeof OUTPUT_VERSION } & ProjectHistory>

/** A batch of a project run, and its report when it was processed and the report could be read. */
export type RunBatch = Readonly<{ batch: BatchRecord; report?: Report }>

/** One published schema: the file, its `$id`, and the type it is generated from. */
export type OutputSchema = Readonly<{
  /** Relative to the repository's root. */
  path: string
  id: string
  title: string
  /** The file declaring `type`, relative to the repository's root. */
  source: string
  type: string
}>

export const REPORT_SCHEMA_ID = `${SCHEMA_BASE}/report-${OUTPUT_VERSION}.json`

/** The schema of a CLI command's `--json` output, declared in this file as `type`. */
function commandSchema(command: 'validate' | 'run' | 'history', type: string): OutputSchema {
  return {
    path: `schema/${command}-output.schema.json`,
    id: `${SCHEMA_BASE}/${command}-output-${OUTPUT_VERSION}.json`,
    title: `Driftwatch ${command} --json output, version ${OUTPUT_VERSION}`,
    source: 'src/main/export/outputs.ts',
    type
  }
}

/** Every schema file, in the order scripts/generateSchemas.ts writes them. */
export const OUTPUT_SCHEMAS: readonly OutputSchema[] = [
  {
    path: 'schema/report.schema.json',
    id: REPORT_SCHEMA_ID,
    title: `Driftwatch report, version ${OUTPUT_VERSION}`,
    source: 'src/shared/model/report.ts',
    type: 'Report'
  },
  commandSchema('validate', 'ValidateOutput'),
  commandSchema('run', 'RunOutput'),
  commandSchema('history', 'HistoryOutput')
]

/**
 * A report as the JSON file `compare --json` writes: indented, one trailing line break.
 *
 * @example JSON.parse(renderReportJson(report)).version // 3
 */
export function renderReportJson(report: Report): string {
  return renderJson(report)
}

/**
 * The output of `validate --json`.
 *
 * @example JSON.parse(renderValidateJson({ validation, suite })).validation.status // 'pass'
 */
export function renderValidateJson(result: Omit<ValidateOutput, 'version'>): string {
  const output: ValidateOutput = { version: OUTPUT_VERSION, ...result }
  return renderJson(output)
}

/** The output of `run --json`. */
export function renderRunJson(result: Omit<RunOutput, 'version'>): string {
  const output: RunOutput = { version: OUTPUT_VERSION, ...result }
  return renderJson(output)
}

/** The output of `history --json`. */
export function renderHistoryJson(history: ProjectHistory): string {
  const output: HistoryOutput = { version: OUTPUT_VERSION, ...history }
  return renderJson(output)
}

function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
