/** The one-line verdict of a report, shared by the banner and its tests. */
import { formatPercent } from '../../../shared/drift'
import type { DatasetDrift } from '../../../shared/model'

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
