/** The readable text rendering of a Report for a terminal. */
import { formatPercent, formatScore } from '../../../shared/drift'
import type { Report } from '../../../shared/model'

export function renderReportText(report: Report): string {
  const { reference, current } = report.inputs
  const lines: string[] = []
  lines.push(
    `Reference: ${reference.name} (${reference.rows} rows, sha256 ${reference.sha256.slice(0, 12)})`
  )
  lines.push(
    `Current:   ${current.name} (${current.rows} rows, sha256 ${current.sha256.slice(0, 12)})`
  )
  lines.push('')
  const header = ['Column', 'Type', 'Test', 'Score', 'Threshold', 'Drift']
  const rows = report.columns.map((c) => [
    c.column,
    c.kind,
    c.testName ?? '-',
    c.status === 'tested' ? formatScore(c.score, c.scoreKind) : '-',
    c.threshold === undefined ? '-' : String(c.threshold),
    c.status === 'tested' ? (c.drifted ? 'DRIFT' : 'no') : 'not tested'
  ])
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length))
  )
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd()
  lines.push(line(header))
  lines.push(line(widths.map((w) => '-'.repeat(w))))
  for (const r of rows) lines.push(line(r))
  const notes = [
    ...report.columns.filter((c) => c.note).map((c) => `${c.column}: ${c.note}`),
    ...report.notes
  ]
  if (report.schema.referenceOnly.length > 0)
    notes.push(`Only in the reference: ${report.schema.referenceOnly.join(', ')}`)
  if (report.schema.currentOnly.length > 0)
    notes.push(`Only in the current batch: ${report.schema.currentOnly.join(', ')}`)
  if (report.ignored.length > 0) notes.push(`Ignored: ${report.ignored.join(', ')}`)
  if (notes.length > 0) {
    lines.push('')
    for (const n of notes) lines.push(`note: ${n}`)
  }
  lines.push('')
  lines.push(verdictLine(report))
  return lines.join('\n')
}

export function verdictLine(report: Report): string {
  const d = report.dataset
  const counts = `${d.numberOfDrifted} of ${d.numberOfColumns} columns drifted (${formatPercent(d.share)}; dataset drift at ${formatPercent(d.driftShare)})`
  return d.drifted ? `Dataset drift detected: ${counts}.` : `No dataset drift: ${counts}.`
}
