/**
 * `driftwatch --list-tests`: every drift test of the catalogue with what it takes, what it scores, its
 * default threshold and verdict edge, and where Driftwatch computes it differently from Evidently.
 */
import { DRIFT_TEST_IDS, DRIFT_TESTS, type DriftTestInfo } from '../../../shared/drift'
import { renderColumns, TEXT_WIDTH, wrapText } from './layout'

const TAKES: Readonly<Record<DriftTestInfo['accepts'], string>> = {
  numeric: 'numbers',
  any: 'any values',
  binary: 'two values'
}

const EDGE: Readonly<Record<DriftTestInfo['edge'], string>> = {
  'p<=': 'p ≤ t',
  'p<': 'p < t',
  'd>=': 'd ≥ t',
  'd>': 'd > t'
}

/**
 * The catalogue as text for a terminal of `width` columns.
 *
 * @example renderTestList().split('\n')[0] // 'Test  Name  Takes ...'
 */
export function renderTestList(width: number = TEXT_WIDTH): string {
  const rows = DRIFT_TEST_IDS.map((id) => {
    const info = DRIFT_TESTS[id]
    return [
      info.isDriftwatchOnly ? `${id} *` : id,
      info.name,
      TAKES[info.accepts],
      info.scoreKind === 'p_value' ? 'p-value' : 'distance',
      String(info.defaultThreshold),
      EDGE[info.edge],
      info.deviation ? 'yes' : ''
    ]
  })
  const lines = renderColumns(
    [
      { header: 'Test', minWidth: 12 },
      { header: 'Name', minWidth: 16 },
      { header: 'Takes' },
      { header: 'Score' },
      { header: 'Default', align: 'right' },
      { header: 'Drift when' },
      { header: 'Differs' }
    ],
    rows,
    { width }
  )
  lines.push('')
  lines.push(
    ...wrapText(
      '* Driftwatch’s own test, not in Evidently. Choose tests with --test, --numeric-test and --categorical-test; "Takes: numbers" tests cannot test categorical columns. Automatic choice (no option): Evidently’s rule by kind, size and number of distinct values.',
      width
    )
  )
  const deviating = DRIFT_TEST_IDS.filter((id) => DRIFT_TESTS[id].deviation)
  if (deviating.length > 0) {
    lines.push('')
    lines.push('Where Driftwatch differs from Evidently 0.4.37:')
    for (const id of deviating) {
      const prefix = `  ${id}: `
      lines.push(...wrapText(DRIFT_TESTS[id].deviation as string, width, prefix, '    '))
    }
  }
  return lines.join('\n')
}
