/**
 * Multivariate rows: the report's multivariate drift (MMD², PCA reconstruction error, domain classifier) as
 * labelled figures and one sentence per method, so the section renders plain text and the tests read the same.
 * Big-O: O(c) for c columns named in the sample sentence.
 *
 * @example multivariateRows(report.multivariate)[0].title // 'Maximum mean discrepancy (MMD²)'
 */
import { formatNumber, formatPercent, formatScore } from '../../../shared/drift'
import type { MultivariateDrift } from '../../../shared/model'

export type Figure = Readonly<{ label: string; value: string }>

export type MethodRow = Readonly<{
  key: 'mmd' | 'pca' | 'classifier'
  title: string
  drifted: boolean
  figures: readonly Figure[]
  sentence: string
}>

export function multivariateRows(m: MultivariateDrift): MethodRow[] {
  const rows: MethodRow[] = []
  if (m.mmd) {
    const { mmd2, sigma, pvalue, permutations, threshold, drifted } = m.mmd
    const p = formatScore(pvalue, 'p_value')
    rows.push({
      key: 'mmd',
      title: 'Maximum mean discrepancy (MMD²)',
      drifted,
      figures: [
        { label: 'MMD²', value: formatNumber(mmd2) },
        { label: 'Bandwidth σ', value: formatNumber(sigma) },
        { label: 'p-value', value: `${p} (${formatNumber(permutations)} permutations)` },
        { label: 'Threshold', value: String(threshold) }
      ],
      sentence: drifted
        ? `The RBF-kernel distance between the joint distributions is larger than any but a few permutations give: p = ${p} is below ${threshold}, so the joint distribution has drifted.`
        : `Permuting the rows between the sides gives distances as large as this often enough: p = ${p} is at or above ${threshold}, no drift.`
    })
  }
  if (m.pca) {
    const c = m.pca
    const band = `${formatNumber(c.lower)} to ${formatNumber(c.upper)}`
    rows.push({
      key: 'pca',
      title: 'PCA reconstruction error',
      drifted: c.drifted,
      figures: [
        {
          label: 'Components',
          value: `${c.components} (${formatPercent(c.explainedVariance)} of variance)`
        },
        { label: 'Current error', value: formatNumber(c.currentError) },
        {
          label: 'Reference error',
          value: `${formatNumber(c.referenceMean)}, standard error ${formatNumber(c.referenceStd)} (${c.chunks} chunks)`
        },
        { label: 'Band (mean ± 3 standard errors)', value: band }
      ],
      sentence: c.drifted
        ? `The current batch’s mean reconstruction error ${formatNumber(c.currentError)} is outside the reference band ${band}: the columns no longer vary together as they did.`
        : `The current batch’s mean reconstruction error ${formatNumber(c.currentError)} is inside the reference band ${band}: no drift.`
    })
  }
  if (m.classifier) {
    const c = m.classifier
    rows.push({
      key: 'classifier',
      title: 'Domain classifier',
      drifted: c.drifted,
      figures: [
        { label: 'Model', value: c.model },
        { label: 'ROC AUC', value: formatNumber(c.auc) },
        { label: 'Score 2·AUC − 1', value: formatNumber(c.score) },
        { label: 'Threshold', value: String(c.threshold) },
        {
          label: 'Rows',
          value: `${formatNumber(c.train)} to train, ${formatNumber(c.test)} held out`
        }
      ],
      sentence: c.drifted
        ? `A classifier tells the reference rows from the current ones on held-out data (score ${formatNumber(c.score)} ≥ ${c.threshold}): the sides differ.`
        : `A classifier cannot tell the sides apart well on held-out data (score ${formatNumber(c.score)} < ${c.threshold}): no drift.`
    })
  }
  return rows
}

/** How the sample was drawn: its sizes, seed, stratification and the columns used. */
export function sampleSentence(m: MultivariateDrift): string {
  const { reference, current, seed, stratifiedBy } = m.sample
  const strata = stratifiedBy === undefined ? '' : `, stratified by ${stratifiedBy}`
  const columns = m.columns.length
  return `On a seeded sample of ${formatNumber(reference)} reference and ${formatNumber(current)} current rows (seed ${seed}${strata}), over ${columns} numeric column${columns === 1 ? '' : 's'} standardised with the reference: ${listNames(m.columns, 12)}.`
}

/** Names joined by commas, the ones beyond `max` counted: 'a, b and 3 more'. */
export function listNames(names: readonly string[], max: number): string {
  if (names.length <= max) return names.join(', ')
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`
}
