/**
 * Both sides' empirical CDFs as step lines on one value axis, with the Kolmogorov–Smirnov distance drawn
 * where it is: the vertical segment at the x where |F_ref − F_cur| is largest, labelled D = ….
 */
import { formatNumber } from '../../shared/drift'
import type { EcdfCurve } from '../../shared/model'
import { escapeHtml } from './escapeHtml'
import { type ChartOption, type SideNames, SIDE_COLORS, type TooltipItem } from './options'

/** The colour of the KS segment: dark enough to read on both curves. */
export const GAP_COLOR = '#1d2330'

/** The KS distance of a curve: |F_ref − F_cur| at its largest gap. O(1). */
export function ksDistance(curve: EcdfCurve): number {
  return Math.abs(curve.largestGap.reference - curve.largestGap.current)
}

/**
 * The ECDF chart of a column. The largest gap's point is added to both step lines, so the segment meets
 * them exactly; the lines step after each point (F is constant up to the next value).
 */
export function ecdfPlot(curve: EcdfCurve, names: SideNames): ChartOption {
  const gap = curve.largestGap
  const d = ksDistance(curve)
  const line = (side: 'reference' | 'current'): [number, number][] => {
    const points: [number, number][] = curve.x.map((x, i) => [x, curve[side][i] as number])
    points.push([gap.x, gap[side]])
    return points.sort((a, b) => a[0] - b[0])
  }
  const label = `D = ${formatNumber(d)}`
  return {
    animation: false,
    grid: { left: 56, right: 24, top: 36, bottom: 48 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => ecdfTooltipHtml(params)
    },
    xAxis: { type: 'value', scale: true, name: 'value', nameLocation: 'middle', nameGap: 28 },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'share of values ≤ x',
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` }
    },
    series: [
      {
        type: 'line',
        name: names.reference,
        step: 'end',
        showSymbol: false,
        data: line('reference'),
        lineStyle: { color: SIDE_COLORS.reference, width: 2 },
        itemStyle: { color: SIDE_COLORS.reference }
      },
      {
        type: 'line',
        name: names.current,
        step: 'end',
        showSymbol: false,
        data: line('current'),
        lineStyle: { color: SIDE_COLORS.current, width: 2 },
        itemStyle: { color: SIDE_COLORS.current },
        markLine: {
          silent: true,
          symbol: ['none', 'none'],
          lineStyle: { color: GAP_COLOR, width: 2, type: 'solid' },
          // At the segment's lower end, written level (a label along the middle would run vertically).
          label: { show: true, formatter: label, position: 'end', color: GAP_COLOR },
          data: [
            [
              { coord: [gap.x, Math.max(gap.reference, gap.current)] },
              { coord: [gap.x, Math.min(gap.reference, gap.current)] }
            ]
          ]
        }
      }
    ]
  }
}

/** Tooltip markup of the ECDF chart: x, then each side's share; every data-derived string is escaped. */
export function ecdfTooltipHtml(params: unknown): string {
  const items = (Array.isArray(params) ? params : [params]) as TooltipItem[]
  const first = items[0]?.value
  const x = Array.isArray(first) ? Number(first[0]) : Number.NaN
  const lines = items.map((item) => {
    const value = Array.isArray(item.value) ? Number(item.value[1]) : Number.NaN
    // A class, not ECharts' inline-styled marker: the export's Content-Security-Policy refuses inline styles.
    const marker = `<span class="swatch swatch-${item.seriesIndex === 1 ? 'current' : 'reference'}"></span>`
    return `${marker}${escapeHtml(item.seriesName ?? '')}: ${Number.isFinite(value) ? `${Number((value * 100).toFixed(2))}%` : 'n/a'}`
  })
  return [`≤ ${escapeHtml(formatNumber(x))}`, ...lines].join('<br/>')
}
