/**
 * The compact results tables printed at the end of `npm run bench` and `npm run bench:validate`: one line
 * per case, fixed-width columns, skipped and failed cases with their reason. Pure: takes the results,
 * returns the text.
 *
 * @example console.log(resultsTable(results))
 */
import type { CaseResult, CaseShape } from './benchCase'
import { rowsLabel } from './generate'
import type { ValidateResult } from './validateCase'

const HEADER = [
  'rows',
  'format',
  'limit',
  'scan s',
  'compare s',
  'rows/s',
  'ratio',
  'peak RSS MB',
  'loop p50/p99/max ms',
  'load',
  'drifted',
  'verdict'
] as const

/** Rows per second for a table cell: 92k, 1.5M. */
export function rowsPerSecond(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`
  if (value >= 1e3) return `${(value / 1e3).toFixed(0)}k`
  return value.toFixed(0)
}

/** The leading cells of a case's line: rows, format (starred for the continuous variant), memory limit. */
function headCells(c: CaseShape): string[] {
  return [
    rowsLabel(c.rows),
    c.variant === 'continuous' ? `${c.format}*` : c.format,
    c.memoryLimitMb === undefined ? 'default' : `${c.memoryLimitMb} MB`
  ]
}

function cells(result: CaseResult): string[] {
  const head = headCells(result.case)
  if (result.status !== 'done') return [...head, `${result.status}: ${result.reason}`]
  const f = result.figures
  const v = f.verdict
  const verdict =
    v === null
      ? `error: ${f.error ?? 'unknown'}`
      : `${v.datasetDrifted ? 'drift' : 'no drift'}${v.missed.length + v.unexpected.length === 0 ? ', as planted' : `, missed [${v.missed.join(' ')}] unexpected [${v.unexpected.join(' ')}]`}`
  return [
    ...head,
    f.scanSeconds === null ? 'failed' : f.scanSeconds.toFixed(2),
    f.compareSeconds.toFixed(2),
    v === null ? '-' : rowsPerSecond(f.rowsPerSecond),
    v === null || f.ratio === null ? '-' : f.ratio.toFixed(1),
    `${f.comparePeakRssMb.toFixed(0)} (${f.processPeakRssMb.toFixed(0)})`,
    `${f.loopDelay.p50.toFixed(1)}/${f.loopDelay.p99.toFixed(1)}/${f.loopDelay.max.toFixed(1)}`,
    Math.max(...f.loadAverage).toFixed(1),
    v === null ? '-' : `${v.numberOfDrifted}/${v.numberOfColumns}`,
    verdict
  ]
}

/**
 * Lines of fixed-width columns under `header`; the last column is not padded. A row shorter than the header
 * (a case without figures: its leading cells, then why) keeps its leading cells aligned and runs its last
 * cell on.
 */
export function alignedLines(
  header: readonly string[],
  rows: readonly (readonly string[])[]
): string[] {
  const widths = header.map((h, i) =>
    Math.max(
      h.length,
      ...rows.filter((r) => r.length === header.length).map((r) => (r[i] as string).length)
    )
  )
  const line = (r: readonly string[]): string =>
    r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  ')
  return [header, ...rows].map(line)
}

/** The table, with a legend line under it. */
export function resultsTable(results: readonly CaseResult[]): string {
  return [
    ...alignedLines(HEADER, results.map(cells)),
    '',
    'peak RSS: at the end of the comparison (in brackets: after the bare scan too); main and worker threads.',
    'ratio: compare / bare scan. loop: main-thread event-loop delay during the comparison (idle ≈ 10 ms).',
    'load: the higher 1-minute load average at the start and end of the case (other work shares the cores).',
    ...(results.some((r) => r.case.variant === 'continuous')
      ? ['*: continuous variant (numeric columns as full-precision doubles).']
      : [])
  ].join('\n')
}

const VALIDATION_HEADER = [
  'rows',
  'format',
  'limit',
  'scan s',
  'validate s',
  'rows/s',
  'ratio',
  'check s (aggregates + samples)',
  'peak RSS MB',
  'load',
  'result'
] as const

function validationCells(result: ValidateResult): string[] {
  const head = headCells(result.case)
  if (result.status !== 'done') return [...head, `${result.status}: ${result.reason}`]
  const f = result.figures
  const o = f.outcome
  const seconds = (value: number | null): string => (value === null ? '-' : value.toFixed(2))
  return [
    ...head,
    seconds(f.scanSeconds),
    f.validateSeconds.toFixed(2),
    o === null ? '-' : rowsPerSecond(f.rowsPerSecond),
    o === null || f.ratio === null ? '-' : f.ratio.toFixed(1),
    `${seconds(f.checkSeconds)} (${seconds(f.aggregateSeconds)} + ${seconds(f.samplesSeconds)})`,
    `${f.validatePeakRssMb.toFixed(0)} (${f.processPeakRssMb.toFixed(0)})`,
    Math.max(...f.loadAverage).toFixed(1),
    o === null
      ? `error: ${f.error ?? 'unknown'}`
      : `${o.counts.pass} pass, ${o.counts.fail} fail${o.counts.error + o.counts.skipped > 0 ? `, ${o.counts.error} error, ${o.counts.skipped} skipped` : ''}${o.unexpected.length === 0 ? ', as planned' : `, unexpected [${o.unexpected.join(' ')}]`}`
  ]
}

/** The validation benchmark's table, with a legend under it. */
export function validationTable(results: readonly ValidateResult[]): string {
  return [
    ...alignedLines(VALIDATION_HEADER, results.map(validationCells)),
    '',
    'validate: wall from createBackend to the result, worker start-up and reading the file included.',
    'check: the worker checking the suite (aggregate queries + sample-row queries of failing expectations).',
    'ratio: validate / bare scan. peak RSS: at the end of the validation (in brackets: after the bare scan too).',
    'load: the higher 1-minute load average at the start and end of the case (other work shares the cores).'
  ].join('\n')
}
