/** The verdict of a report in words: the banner's headline, the rule that decided and its sentence. */
import { formatPercent } from '../../../shared/drift'
import type { DatasetDrift } from '../../../shared/model'
import { RULE_LABELS } from '../compare/optionsForm'

export function verdictHeadline(d: DatasetDrift): string {
  return d.drifted ? 'Dataset drift detected' : 'No dataset drift'
}

/** The rule with its level, e.g. 'Bonferroni, α = 0.05' or 'Share of drifted columns ≥ 50%'. */
export function ruleText(d: DatasetDrift): string {
  if (d.rule === 'share') return `${RULE_LABELS.share} ≥ ${formatPercent(d.driftShare)}`
  return d.alpha === undefined ? RULE_LABELS[d.rule] : `${RULE_LABELS[d.rule]}, α = ${d.alpha}`
}

/** The engine's sentence on how the rule decided; the counted sentence when a report has none (version 1). */
export function decisionText(d: DatasetDrift): string {
  const decision: string | undefined = d.decision
  return decision === undefined || decision.trim() === '' ? verdictSentence(d) : decision
}

/** Columns a multiple-testing rule left out because their tests give distances; null when none. */
export function exclusionSentence(d: DatasetDrift): string | null {
  const excluded = d.excludedFromCorrection ?? []
  if (d.rule === 'share' || excluded.length === 0) return null
  return `Left out of the ${RULE_LABELS[d.rule]} rule, because their tests give a distance rather than a p-value: ${excluded.join(', ')}.`
}

export function verdictSentence(d: DatasetDrift): string {
  const counted = `${d.numberOfDrifted} of ${d.numberOfColumns} column${d.numberOfColumns === 1 ? '' : 's'} drifted`
  if (d.drifted) return `Dataset drift detected: ${counted} (${formatPercent(d.share)})`
  if (d.numberOfColumns === 0) return 'No dataset drift: no column could be tested'
  return `No dataset drift: ${counted} (${formatPercent(d.share)}, below the ${formatPercent(d.driftShare)} needed)`
}

/** Bytes as a short human figure: 1.2 MB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'n/a'
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${Number(value.toPrecision(3))} ${units[unit]}`
}

/** The first 12 hex digits of a SHA-256, enough to tell files apart on screen. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12)
}
