/**
 * The drift heatmap of a project: one row per column, one cell per processed batch (in arrival order),
 * coloured by the score relative to its threshold on a log scale, so every test reads the same way: 1 is
 * the threshold, above it the column drifted (p-value tests: threshold / p; distances: distance /
 * threshold). Blue is calm, white the edge, red drift; a batch whose data was invalid is marked in its
 * axis label, since its drift is unreliable.
 */
import { formatNumber } from '../../shared/drift'
import type { BatchRecord, ColumnResult, ProjectHistory } from '../../shared/model'
import { escapeHtml } from './escapeHtml'
import type { ChartOption } from './options'

/** The drift scale of a result: > 1 drifted, < 1 not; null when the score is undefined. */
export function driftRatio(
  result: Pick<ColumnResult, 'scoreKind' | 'score' | 'threshold'>
): number | null {
  const { score, threshold } = result
  if (score === null || !Number.isFinite(score)) return null
  if (result.scoreKind === 'p_value') {
    if (threshold <= 0) return null
    return threshold / Math.max(score, 1e-300)
  }
  if (threshold <= 0) return null
  return score / threshold
}

/** log10 of the ratio, clamped to ±3 (a thousandfold either way is off the scale). */
export function heatValue(ratio: number | null): number | null {
  if (ratio === null || ratio <= 0) return null
  return Math.max(-3, Math.min(3, Math.log10(ratio)))
}

export type HeatCell = Readonly<{ batch: BatchRecord; result: ColumnResult }>

export type HeatmapModel = Readonly<{
  batches: readonly BatchRecord[]
  columns: readonly string[]
  /** [batch index, column index, heat value or null, drifted 1/0]. */
  cells: readonly (readonly [number, number, number | null, number])[]
  /** cells[i] explained. */
  details: readonly HeatCell[]
}>

/** The processed batches (in arrival order) and the columns (in first-seen order) with their cells. */
export function heatmapModel(history: Pick<ProjectHistory, 'batches' | 'columns'>): HeatmapModel {
  const batches = history.batches.filter((b) => b.status === 'done' && b.result !== undefined)
  const batchIndex = new Map(batches.map((b, i) => [b.id, i]))
  const columns: string[] = []
  const columnIndex = new Map<string, number>()
  const cells: [number, number, number | null, number][] = []
  const details: HeatCell[] = []
  for (const result of history.columns) {
    const b = batchIndex.get(result.batchId)
    if (b === undefined) continue
    let c = columnIndex.get(result.column)
    if (c === undefined) {
      c = columns.length
      columns.push(result.column)
      columnIndex.set(result.column, c)
    }
    cells.push([
      b,
      c,
      onItsSide(heatValue(driftRatio(result)), result.drifted),
      result.drifted ? 1 : 0
    ])
    details.push({ batch: batches[b] as BatchRecord, result })
  }
  return { batches, columns, cells, details }
}

/**
 * The heat value kept on the side of the threshold the verdict is on: a test's own edge decides (KS drifts
 * at p = threshold, others do not), so a cell's colour never contradicts its verdict.
 */
function onItsSide(value: number | null, isDrifted: boolean): number | null {
  if (value === null) return null
  return isDrifted ? Math.max(value, 0) : Math.min(value, -1e-6)
}

/** A batch's axis label: its name, marked when its data was invalid. */
export function batchLabel(batch: BatchRecord): string {
  return batch.result?.gate === 'invalid' ? `${batch.name} ⚠` : batch.name
}

/** The colour bands of the heatmap, on log10(score relative to threshold). */
export const HEAT_PIECES = [
  { gte: 2, label: 'drift, ≥ 100× the threshold', color: '#8c1d18' },
  { gte: 1, lt: 2, label: 'drift, 10–100×', color: '#c8412f' },
  { gte: 0, lt: 1, label: 'drift, 1–10×', color: '#ef9a82' },
  { gte: -1, lt: 0, label: 'calm, within 10×', color: '#bcd0ec' },
  { lt: -1, label: 'calm', color: '#5a86c5' }
] as const

export function driftHeatmap(model: HeatmapModel): ChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const index = (params as { dataIndex?: number }).dataIndex ?? -1
        const detail = model.details[index]
        if (detail === undefined) return ''
        const { batch, result } = detail
        const verdict = result.drifted ? 'drift' : 'no drift'
        const invalid =
          batch.result?.gate === 'invalid' ? '<br/>Data invalid: this drift is unreliable.' : ''
        return `<b>${escapeHtml(result.column)}</b> in ${escapeHtml(batch.name)}<br/>${escapeHtml(result.test)} ${result.scoreKind === 'p_value' ? 'p' : 'distance'} = ${result.score === null ? 'n/a' : formatNumber(result.score)} (threshold ${formatNumber(result.threshold)}): ${verdict}${invalid}`
      }
    },
    xAxis: {
      type: 'category',
      data: model.batches.map(batchLabel),
      axisLabel: { rotate: model.batches.length > 6 ? 40 : 0, interval: 0 },
      splitArea: { show: true }
    },
    yAxis: {
      type: 'category',
      data: [...model.columns],
      inverse: true,
      splitArea: { show: true }
    },
    // Pieces, not a gradient: the threshold (0 on this scale) is where blue turns red, so a cell that
    // just drifted never reads as neutral.
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemGap: 6,
      pieces: HEAT_PIECES.map((p) => ({ ...p }))
    },
    series: [
      {
        type: 'heatmap',
        name: 'Drift relative to threshold',
        data: model.cells.map((cell) => ({
          value: [cell[0], cell[1], cell[2] ?? 0],
          ...(cell[2] === null ? { itemStyle: { color: '#d9dee5' } } : {})
        })),
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#1d2330', borderWidth: 2 } }
      }
    ]
  }
}
