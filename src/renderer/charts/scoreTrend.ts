/**
 * One column's drift over the batches of a project: its score relative to the threshold (as in the
 * heatmap: above 1 is drift) per batch in arrival order, on a log axis, with the threshold drawn at 1.
 * Batches where the column was not tested leave a gap.
 */
import { formatNumber } from '../../shared/drift'
import type { ProjectHistory } from '../../shared/model'
import { driftRatio, heatmapModel } from './driftHeatmap'
import { escapeHtml } from './escapeHtml'
import type { ChartOption } from './options'

export type TrendPoint = Readonly<{
  batch: string
  ratio: number | null
  score: number | null
  test: string
}>

/** The column's points, one per processed batch. */
export function trendPoints(
  history: Pick<ProjectHistory, 'batches' | 'columns'>,
  column: string
): TrendPoint[] {
  const { batches } = heatmapModel(history)
  return batches.map((batch) => {
    const result = history.columns.find((c) => c.batchId === batch.id && c.column === column)
    return {
      batch: batch.name,
      ratio: result === undefined ? null : driftRatio(result),
      score: result?.score ?? null,
      test: result?.test ?? ''
    }
  })
}

/** The column that drifted most often, then most strongly: the trend shown first. */
export function mostDriftedColumn(history: Pick<ProjectHistory, 'columns'>): string | null {
  const tally = new Map<string, { drifted: number; worst: number }>()
  for (const c of history.columns) {
    const t = tally.get(c.column) ?? { drifted: 0, worst: 0 }
    tally.set(c.column, {
      drifted: t.drifted + (c.drifted ? 1 : 0),
      worst: Math.max(t.worst, driftRatio(c) ?? 0)
    })
  }
  let best: string | null = null
  let bestScore = { drifted: -1, worst: -1 }
  for (const [column, t] of tally) {
    if (
      t.drifted > bestScore.drifted ||
      (t.drifted === bestScore.drifted && t.worst > bestScore.worst)
    ) {
      best = column
      bestScore = t
    }
  }
  return best
}

export function scoreTrend(points: readonly TrendPoint[], column: string): ChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = (params as { dataIndex?: number }[])[0]
        const point = points[first?.dataIndex ?? -1]
        if (point === undefined) return ''
        return `<b>${escapeHtml(column)}</b> in ${escapeHtml(point.batch)}<br/>${point.ratio === null ? 'not tested' : `${escapeHtml(point.test)} score ${point.score === null ? 'n/a' : formatNumber(point.score)}: ${formatNumber(point.ratio)} × the threshold`}`
      }
    },
    xAxis: { type: 'category', data: points.map((p) => p.batch), boundaryGap: false },
    yAxis: {
      type: 'log',
      name: '× threshold',
      min: (extent: { min: number }) => Math.min(0.1, extent.min),
      max: (extent: { max: number }) => Math.max(10, extent.max)
    },
    series: [
      {
        type: 'line',
        name: column,
        data: points.map((p) => (p.ratio === null ? null : Math.max(1e-3, Math.min(1e3, p.ratio)))),
        connectNulls: false,
        symbolSize: 7,
        lineStyle: { color: '#2f5fb3', width: 2 },
        itemStyle: { color: '#2f5fb3' },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#b3261e', type: 'dashed' },
          label: { formatter: 'threshold', position: 'insideEndTop' },
          data: [{ yAxis: 1 }]
        }
      }
    ]
  }
}
