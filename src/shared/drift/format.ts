/** Number formatting shared by the app, the exports and the CLI, so every rendering shows the same figures. */

/** p-values: 4 significant digits, scientific below 0.001 (1.263e-13); distances: 4 decimals. */
export function formatScore(
  score: number | null | undefined,
  kind: 'p_value' | 'distance' | undefined
): string {
  if (score === null || score === undefined || Number.isNaN(score)) return 'n/a'
  if (!Number.isFinite(score)) return score > 0 ? '∞' : '-∞'
  if (kind === 'p_value') {
    if (score === 0) return '0'
    if (score < 0.001) return score.toExponential(3)
    return score.toPrecision(4).replace(/\.?0+$/, '')
  }
  return score.toFixed(4)
}

/** A figure for a profile: integers as they are, others to 4 significant digits. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a'
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞'
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value)
  const abs = Math.abs(value)
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return value.toExponential(3)
  return Number(value.toPrecision(4)).toString()
}

export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return 'n/a'
  return `${Number((share * 100).toFixed(1))}%`
}
