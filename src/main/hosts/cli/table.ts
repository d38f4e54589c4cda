/**
 * The readable text rendering of a Report for a terminal, laid out for 100 columns: one row per feature, the
 * dataset's decision, then target & prediction, multivariate drift and notes when the report has them.
 */
import { formatNumber, formatPercent, formatScore } from '../../../shared/drift'
import type {
  ColumnDrift,
  DatasetDrift,
  MultivariateDrift,
  Relationship,
  Report,
  TargetDrift
} from '../../../shared/model'
import { basename } from 'node:path'
import { type ColumnSpec, renderColumns, TEXT_WIDTH, wrapText } from './layout'
import { renderValidationText } from './validationText'

/**
 * The whole report as text, `width` columns wide.
 *
 * @example renderReportText(report).split('\n')[0] // 'Reference: weather-reference-sample.csv (431 rows, ...)'
 */
export function renderReportText(report: Report, width: number = TEXT_WIDTH): string {
  const { reference, current } = report.inputs
  const lines: string[] = []
  lines.push(
    `Reference: ${reference.name} (${reference.rows} rows, sha256 ${reference.sha256.slice(0, 12)})`
  )
  if (report.referenceProfile) {
    const { path, createdAt } = report.referenceProfile
    lines.push(
      ...wrapText(
        `its statistics came from the stored profile ${path} (built ${createdAt}); the file was not read`,
        width,
        ' '.repeat(11),
        ' '.repeat(11)
      )
    )
  }
  lines.push(
    `Current:   ${current.name} (${current.rows} rows, sha256 ${current.sha256.slice(0, 12)})`
  )
  lines.push('')
  lines.push(...columnTable(report.columns, hasCorrection(report.dataset), width))
  lines.push('')
  lines.push(...wrapText(verdictLine(report), width))
  lines.push('')
  lines.push(...validationBlock(report, width))
  if (report.targets) {
    lines.push('')
    lines.push(...targetBlock(report.targets, width))
  }
  if (report.multivariate) {
    lines.push('')
    lines.push(...multivariateBlock(report.multivariate, width))
  }
  const notes = reportNotes(report)
  if (notes.length > 0) {
    lines.push('')
    for (const n of notes) lines.push(...wrapText(n, width, 'note: ', '      '))
  }
  return lines.join('\n')
}

/** The dataset's verdict and the sentence of the rule that decided it. */
export function verdictLine(report: Report): string {
  const d = report.dataset
  const headline =
    (d.drifted ? 'Dataset drift detected' : 'No dataset drift') +
    (report.gate.isDriftReliable ? '' : ' (unreliable: the data is invalid)')
  if (d.decision) return `${headline}. ${d.decision}`
  const counts = `${d.numberOfDrifted} of ${d.numberOfColumns} columns drifted (${formatPercent(d.share)}; dataset drift at ${formatPercent(d.driftShare)})`
  return `${headline}: ${counts}.`
}

/**
 * The batch's validation: where the suite came from, what did not pass (as `driftwatch validate` prints
 * it), and the gate's sentence.
 */
function validationBlock(report: Report, width: number): string[] {
  const v = report.validation
  if (v === undefined) return wrapText(report.gate.reason, width)
  const source =
    v.source.kind === 'file'
      ? `the suite file ${v.source.path}`
      : v.source.kind === 'inferred'
        ? `a suite inferred from ${basename(v.source.from)}`
        : 'the suite given'
  const lines = wrapText(`Validation against ${source}:`, width)
  lines.push(
    ...renderValidationText(
      {
        name: report.inputs.current.name,
        validation: v.result,
        ...(v.schemaChanges === undefined ? {} : { schemaChanges: v.schemaChanges }),
        ...(v.source.kind === 'file'
          ? { suiteFile: { path: v.source.path, problems: v.source.problems } }
          : {})
      },
      width
    ).split('\n')
  )
  lines.push(
    ...wrapText(
      `${report.gate.status === 'invalid' ? 'Data invalid. ' : ''}${report.gate.reason}`,
      width
    )
  )
  return lines
}

function hasCorrection(dataset: DatasetDrift): boolean {
  return dataset.rule === 'bonferroni' || dataset.rule === 'bh'
}

/** One row per column: column, type, test, score, threshold, (adjusted p,) verdict. */
function columnTable(
  columns: readonly ColumnDrift[],
  withAdjusted: boolean,
  width: number,
  withRole = false
): string[] {
  const specs: ColumnSpec[] = [
    { header: 'Column', minWidth: 12 },
    ...(withRole ? [{ header: 'Role' }] : []),
    { header: 'Type' },
    { header: 'Test', minWidth: 10 },
    { header: 'Score', align: 'right' },
    { header: 'Threshold', align: 'right' },
    ...(withAdjusted ? [{ header: 'Adj. p', align: 'right' } as const] : []),
    { header: 'Drift' }
  ]
  const rows = columns.map((c) => {
    const tested = c.status === 'tested'
    return [
      c.column,
      ...(withRole ? [c.role ?? 'feature'] : []),
      c.kind,
      c.test ?? '-',
      tested ? formatScore(c.score, c.scoreKind) : '-',
      c.threshold === undefined ? '-' : String(c.threshold),
      ...(withAdjusted ? [adjusted(c)] : []),
      tested ? (c.drifted ? 'DRIFT' : 'no') : 'not tested'
    ]
  })
  return renderColumns(specs, rows, { width })
}

/** The adjusted p-value, or '-' for columns the correction left out (distances, untested). */
function adjusted(c: ColumnDrift): string {
  if (c.status !== 'tested' || c.adjustedScore === undefined) return '-'
  return formatScore(c.adjustedScore, 'p_value')
}

function targetBlock(targets: TargetDrift, width: number): string[] {
  const lines = [`Target & prediction (${targets.task})`]
  const columns = [targets.target, targets.prediction].filter(
    (c): c is ColumnDrift => c !== undefined
  )
  if (columns.length > 0) {
    const withAdjusted = columns.some((c) => c.adjustedScore !== undefined)
    lines.push(...columnTable(columns, withAdjusted, width, true))
  }
  lines.push(...relationshipLines(targets.relationship, width))
  for (const c of columns) {
    if (c.note) lines.push(...wrapText(`${c.column}: ${c.note}`, width, 'note: ', '      '))
  }
  for (const n of targets.notes) lines.push(...wrapText(n, width, 'note: ', '      '))
  return lines
}

function correlation(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3)
}

function rate(value: number | null): string {
  return value === null ? 'n/a' : formatPercent(value)
}

/** Change of the target–prediction relationship: correlation, per-class shares and recalls, feature correlations. */
function relationshipLines(relationship: Relationship, width: number): string[] {
  const lines: string[] = []
  const { correlation: corr, perClass, featureCorrelations } = relationship
  if (corr) {
    lines.push('')
    lines.push(
      ...wrapText(
        `Correlation of target and prediction: ${correlation(corr.reference)} in the reference, ${correlation(corr.current)} in the current batch.`,
        width
      )
    )
  }
  if (perClass && perClass.length > 0) {
    lines.push('')
    lines.push('Per class: share of rows and share predicted right (recall)')
    lines.push(
      ...renderColumns(
        [
          { header: 'Class', minWidth: 12 },
          { header: 'Share ref', align: 'right' },
          { header: 'Share cur', align: 'right' },
          { header: 'Recall ref', align: 'right' },
          { header: 'Recall cur', align: 'right' }
        ],
        perClass.map((k) => [
          k.value,
          formatPercent(k.referenceShare),
          formatPercent(k.currentShare),
          rate(k.referenceRecall),
          rate(k.currentRecall)
        ]),
        { width, indent: '  ' }
      )
    )
  }
  if (featureCorrelations && featureCorrelations.length > 0) {
    lines.push('')
    lines.push('Correlation of the target with each numeric feature')
    lines.push(
      ...renderColumns(
        [
          { header: 'Feature', minWidth: 12 },
          { header: 'Reference', align: 'right' },
          { header: 'Current', align: 'right' },
          { header: 'Change', align: 'right' }
        ],
        featureCorrelations.map((f) => [
          f.feature,
          correlation(f.reference),
          correlation(f.current),
          f.reference === null || f.current === null ? 'n/a' : signed(f.current - f.reference)
        ]),
        { width, indent: '  ' }
      )
    )
  }
  return lines
}

function signed(value: number): string {
  const text = value.toFixed(3)
  return value > 0 ? `+${text}` : text
}

function verdict(drifted: boolean): string {
  return drifted ? 'DRIFT' : 'no'
}

/** MMD², PCA reconstruction error and the domain classifier, with the sample they ran on. */
function multivariateBlock(m: MultivariateDrift, width: number): string[] {
  const lines = [
    `Multivariate drift (joint distribution of ${m.columns.length} numeric column${m.columns.length === 1 ? '' : 's'}): ${m.drifted ? 'DRIFT' : 'no drift'}`
  ]
  // Method, verdict and detail in three columns; the detail wraps under itself.
  const method = (name: string, drifted: boolean, text: string): string[] =>
    wrapText(text, width, `  ${name.padEnd(12)}${verdict(drifted).padEnd(5)}  `, ' '.repeat(21))
  const stratified = m.sample.stratifiedBy ? `, stratified by ${m.sample.stratifiedBy}` : ''
  lines.push(
    ...wrapText(
      `${m.sample.reference} reference and ${m.sample.current} current rows, seed ${m.sample.seed}${stratified}`,
      width,
      `  ${'Sample'.padEnd(19)}`,
      ' '.repeat(21)
    )
  )
  lines.push(...wrapText(m.columns.join(', '), width, `  ${'Columns'.padEnd(19)}`, ' '.repeat(21)))
  if (m.mmd) {
    const { mmd2, sigma, pvalue, permutations, threshold, drifted } = m.mmd
    lines.push(
      ...method(
        'MMD²',
        drifted,
        `MMD² = ${formatNumber(mmd2)} (RBF kernel, σ = ${formatNumber(sigma)}); p = ${formatScore(pvalue, 'p_value')} over ${permutations} permutations, threshold ${threshold}`
      )
    )
  }
  if (m.pca) {
    const p = m.pca
    lines.push(
      ...method(
        'PCA error',
        p.drifted,
        `mean reconstruction error ${formatNumber(p.currentError)} vs band ${formatNumber(p.lower)} to ${formatNumber(p.upper)} (reference ${formatNumber(p.referenceMean)} ± 3 × ${formatNumber(p.referenceStd)} over ${p.chunks} chunks; ${p.components} component${p.components === 1 ? '' : 's'}, ${formatPercent(p.explainedVariance)} of variance)`
      )
    )
  }
  if (m.classifier) {
    const c = m.classifier
    lines.push(
      ...method(
        'Classifier',
        c.drifted,
        `${c.model}: 2·AUC − 1 = ${c.score.toFixed(3)} (AUC ${c.auc.toFixed(3)}), threshold ${c.threshold}; trained on ${c.train} rows, scored on ${c.test} held out`
      )
    )
  }
  for (const n of m.notes) lines.push(...wrapText(n, width, 'note: ', '      '))
  return lines
}

/**
 * Column notes (kind mismatches carry one), tested sample sizes, departures from Evidently (once per test),
 * run notes and the schema's differences.
 */
function reportNotes(report: Report): string[] {
  const notes: string[] = []
  for (const c of report.columns) {
    if (c.note) notes.push(`${c.column}: ${c.note}`)
  }
  for (const c of report.columns) {
    const s = c.sampleSize
    const sampled =
      s !== undefined &&
      ((c.reference !== undefined && s.reference < c.reference.count) ||
        (c.current !== undefined && s.current < c.current.count))
    if (sampled && c.status === 'tested') {
      notes.push(
        `${c.column}: ${c.test ?? 'the test'} used ${s.reference} reference and ${s.current} current values.`
      )
    }
  }
  const deviations = new Map<string, string>()
  for (const c of [...report.columns, report.targets?.target, report.targets?.prediction]) {
    if (c?.test && c.deviation && !deviations.has(c.test)) deviations.set(c.test, c.deviation)
  }
  for (const [test, deviation] of deviations)
    notes.push(`${test} differs from Evidently: ${deviation}`)
  const excluded = report.dataset.excludedFromCorrection ?? []
  if (excluded.length > 0) {
    notes.push(
      `Left out of the ${report.dataset.rule === 'bh' ? 'Benjamini–Hochberg' : 'Bonferroni'} correction (their tests give distances, not p-values): ${excluded.join(', ')}.`
    )
  }
  notes.push(...report.notes)
  if (report.schema.referenceOnly.length > 0)
    notes.push(`Only in the reference: ${report.schema.referenceOnly.join(', ')}`)
  if (report.schema.currentOnly.length > 0)
    notes.push(`Only in the current batch: ${report.schema.currentOnly.join(', ')}`)
  if (report.ignored.length > 0) notes.push(`Ignored: ${report.ignored.join(', ')}`)
  return notes
}
