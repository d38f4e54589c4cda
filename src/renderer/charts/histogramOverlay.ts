import { formatNumber } from '../../shared/drift'
import type { Distribution } from '../../shared/model'
import { escapeHtml } from './escapeHtml'
import {
  type ChartOption,
  type SideNames,
  SIDE_COLORS,
  shareText,
  toShares,
  type TooltipItem,
  shareOfRowsAxis
} from './options'

type Bins = Extract<Distribution, { kind: 'bins' }>

/** `[lo, hi)` labels of the bins, the last one closed. */
export function binLabels(edges: readonly number[], bins: number): string[] {
  const labels: string[] = []
  for (let i = 0; i < bins; i++) {
    const lo = edges[i]
    const hi = edges[i + 1]
    const close = i === bins - 1 ? ']' : ')'
    labels.push(`[${formatNumber(lo)}, ${formatNumber(hi)}${close}`)
  }
  return labels
}

/**
 * Both sides' histograms on their shared bin edges, as shares of each side's values, overlaid so the
 * shift between them shows at a glance.
 */
export function histogramOverlay(distribution: Bins, names: SideNames): ChartOption {
  const bins = Math.max(distribution.reference.length, distribution.current.length)
  const labels = binLabels(distribution.edges, bins)
  const reference = toShares(distribution.reference)
  const current = toShares(distribution.current)
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 36, bottom: 56 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => tooltipHtml(params, labels)
    },
    xAxis: {
      type: 'category',
      data: labels,
      name: 'bins (shared edges)',
      nameLocation: 'middle',
      nameGap: 36,
      axisLabel: { formatter: (label: string) => label.replace(/^\[/, '').split(',')[0] ?? label },
      axisTick: { alignWithLabel: false }
    },
    yAxis: shareOfRowsAxis(),
    series: [
      {
        type: 'bar',
        name: names.reference,
        data: reference,
        barGap: '-100%',
        barCategoryGap: '2%',
        itemStyle: { color: SIDE_COLORS.reference, opacity: 0.55 }
      },
      {
        type: 'bar',
        name: names.current,
        data: current,
        barGap: '-100%',
        barCategoryGap: '2%',
        itemStyle: { color: SIDE_COLORS.current, opacity: 0.55 }
      }
    ]
  }
}

/**
 * Tooltip markup for an axis trigger; every data-derived string is escaped. Each line's colour swatch is a
 * class (series 0 is the reference, 1 the current), not ECharts' marker with its inline style, which the
 * exported file's Content-Security-Policy would refuse.
 */
export function tooltipHtml(params: unknown, labels: readonly string[]): string {
  const items = (Array.isArray(params) ? params : [params]) as TooltipItem[]
  const index = items[0]?.dataIndex ?? 0
  const title = escapeHtml(labels[index] ?? '')
  const lines = items.map(
    (item) =>
      `<span class="swatch swatch-${item.seriesIndex === 1 ? 'current' : 'reference'}"></span>${escapeHtml(item.seriesName ?? '')}: ${shareText(item.value)}`
  )
  return [title, ...lines].join('<br/>')
}
