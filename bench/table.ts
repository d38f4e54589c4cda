/**
 * The compact results table printed at the end of `npm run bench`: one line per case, fixed-width columns,
 * skipped and failed cases with their reason. Pure: takes the results, returns the text.
 *
 * @example console.log(resultsTable(results))
 */
import type { CaseResult } from './benchCase'
import { rowsLabel } from './generate'

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

function rowsPerSecond(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`
  if (value >= 1e3) return `${(value / 1e3).toFixed(0)}k`
  return value.toFixed(0)
}

function cells(result: CaseResult): string[] {
  const c = result.case
  const head = [
    rowsLabel(c.rows),
    c.variant === 'continuous' ? `${c.format}*` : c.format,
    c.memoryLimitMb === undefined ? 'default' : `${c.memoryLimitMb} MB`
  ]
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

/** The table, with a legend line under it. */
export function resultsTable(results: readonly CaseResult[]): string {
  const rows = results.map(cells)
  const widths = HEADER.map((h, i) =>
    Math.max(
      h.length,
      ...rows.filter((r) => r.length === HEADER.length).map((r) => (r[i] as string).length)
    )
  )
  const line = (r: readonly string[]): string =>
    r.length === HEADER.length
      ? r
          .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] as number)))
          .join('  ')
      : [...r.slice(0, 3).map((cell, i) => cell.padEnd(widths[i] as number)), r[3]].join('  ')
  return [
    line(HEADER),
    ...rows.map(line),
    '',
    'peak RSS: at the end of the comparison (in brackets: after the bare scan too); main and worker threads.',
    'ratio: compare / bare scan. loop: main-thread event-loop delay during the comparison (idle ≈ 10 ms).',
    'load: the higher 1-minute load average at the start and end of the case (other work shares the cores).',
    ...(results.some((r) => r.case.variant === 'continuous')
      ? ['*: continuous variant (numeric columns as full-precision doubles).']
      : [])
  ].join('\n')
}
