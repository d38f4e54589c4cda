/**
 * The dataset's verdict from its columns' verdicts, by one of three rules: Evidently's share of drifted
 * columns (the default), or a multiple-testing correction over the columns' p-values, Bonferroni (controls
 * the chance of any false alarm) or Benjamini–Hochberg (controls the expected share of false alarms among the
 * flagged columns). Under a correction a column drifts when its adjusted p-value is at most alpha, and the
 * dataset drifts when any column does.
 */
import { formatPercent } from '../../shared/drift'
import type { ColumnDrift, DatasetDrift, DatasetRule } from '../../shared/model'
import { multipleTesting } from '../../shared/stats/multipleTesting'

export type VerdictSettings = Readonly<{ rule: DatasetRule; driftShare: number; alpha: number }>

const RULE_NAMES: Readonly<Record<Exclude<DatasetRule, 'share'>, string>> = {
  bonferroni: 'Bonferroni correction (family-wise error rate)',
  bh: 'Benjamini–Hochberg correction (false discovery rate)'
}

const NO_COLUMN_TESTED =
  "No column could be tested, so there is no dataset verdict; each column's note says why."

export function datasetVerdict(
  columns: readonly ColumnDrift[],
  settings: VerdictSettings
): Readonly<{ columns: ColumnDrift[]; dataset: DatasetDrift }> {
  const { rule, driftShare, alpha } = settings
  if (rule === 'share') {
    const tested = columns.filter((c) => c.status === 'tested')
    const drifted = tested.filter((c) => c.drifted).length
    const share = tested.length === 0 ? 0 : drifted / tested.length
    const isDrifted = tested.length > 0 && share >= driftShare
    return {
      columns: [...columns],
      dataset: {
        numberOfColumns: tested.length,
        numberOfDrifted: drifted,
        share,
        driftShare,
        drifted: isDrifted,
        rule,
        decision:
          tested.length === 0
            ? NO_COLUMN_TESTED
            : `${drifted} of ${tested.length} columns drifted (${formatPercent(share)}); the share rule calls the dataset drifted at ${formatPercent(driftShare)} or more, so ${isDrifted ? 'it has drifted' : 'it has not drifted'}.`
      }
    }
  }
  // The family: tested columns with a p-value. A p-value test whose p-value is undefined (see its note)
  // is left out like a failed test, not counted among the distances.
  const isPvalueTest = (c: ColumnDrift): boolean =>
    c.status === 'tested' && c.scoreKind === 'p_value'
  const inFamily = (c: ColumnDrift): boolean =>
    isPvalueTest(c) && typeof c.score === 'number' && Number.isFinite(c.score)
  const family = columns.filter(inFamily)
  const excluded = columns
    .filter((c) => c.status === 'tested' && !isPvalueTest(c))
    .map((c) => c.column)
  const undefinedP = columns.filter((c) => isPvalueTest(c) && !inFamily(c)).map((c) => c.column)
  const correction =
    family.length === 0
      ? { adjusted: [] as number[], reject: [] as boolean[] }
      : multipleTesting(
          family.map((c) => c.score as number),
          alpha,
          rule
        )
  const byColumn = new Map(
    family.map((c, i) => [
      c.column,
      { adjusted: correction.adjusted[i] as number, reject: correction.reject[i] as boolean }
    ])
  )
  const adjustedColumns = columns.map((c): ColumnDrift => {
    const result = byColumn.get(c.column)
    if (result === undefined) {
      return isPvalueTest(c) ? { ...c, adjustedScore: null, drifted: false } : c
    }
    return {
      ...c,
      adjustedScore: Number.isFinite(result.adjusted) ? result.adjusted : null,
      drifted: result.reject
    }
  })
  const tested = adjustedColumns.filter((c) => c.status === 'tested')
  const drifted = adjustedColumns.filter((c) => byColumn.get(c.column)?.reject === true).length
  const isDrifted = drifted > 0
  const name = RULE_NAMES[rule]
  const excludedText =
    excluded.length === 0
      ? ''
      : ` ${excluded.length} column${excluded.length === 1 ? '' : 's'} tested by a distance (${excluded.join(', ')}) ${excluded.length === 1 ? 'is' : 'are'} left out of the correction.`
  const undefinedText =
    undefinedP.length === 0
      ? ''
      : ` ${undefinedP.length} column${undefinedP.length === 1 ? ' has' : 's have'} no p-value (${undefinedP.join(', ')}) and ${undefinedP.length === 1 ? 'is' : 'are'} left out too; ${undefinedP.length === 1 ? 'its note says' : 'their notes say'} why.`
  return {
    columns: adjustedColumns,
    dataset: {
      numberOfColumns: tested.length,
      numberOfDrifted: drifted,
      share: tested.length === 0 ? 0 : drifted / tested.length,
      driftShare,
      drifted: isDrifted,
      rule,
      alpha,
      ...(excluded.length === 0 ? {} : { excludedFromCorrection: excluded }),
      decision:
        tested.length === 0
          ? NO_COLUMN_TESTED
          : family.length === 0
            ? `No column has a p-value to correct, so the ${name} cannot decide; choose p-value tests or the share rule.${excludedText}${undefinedText}`
            : `${name} at ${alpha} over ${family.length} p-value${family.length === 1 ? '' : 's'}: ${drifted} column${drifted === 1 ? '' : 's'} ${drifted === 1 ? 'keeps' : 'keep'} an adjusted p-value at or below ${alpha}, so the dataset ${isDrifted ? 'has drifted' : 'has not drifted'}.${excludedText}${undefinedText}`
    }
  }
}
