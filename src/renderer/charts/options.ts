/** The ECharts option type (the legend is HTML beside the chart: smaller bundle, selectable text) of the charts we build, composed from the modules we register. */
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts'
import type {
  GridComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption
} from 'echarts/components'
import type { ComposeOption } from 'echarts/core'

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>

/** The display names of the two sides, e.g. the file names. */
export type SideNames = Readonly<{ reference: string; current: string }>

export const SIDE_COLORS = { reference: '#4a6fa5', current: '#e07b39' } as const

/** Counts as shares of their total; all zeros when the total is zero. */
export function toShares(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0)
  return counts.map((c) => (total > 0 ? c / total : 0))
}

/** One tooltip line item of ECharts' axis trigger (the part we read). */
export type TooltipItem = Readonly<{
  seriesName?: string
  value?: unknown
  dataIndex?: number
  seriesIndex?: number
}>

export function shareText(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value)
    ? `${Number((value * 100).toFixed(2))}%`
    : 'n/a'
}

/** The value axis both distribution charts use: the share of each side's rows, as a percentage. */
export function shareOfRowsAxis(): {
  type: 'value'
  name: string
  axisLabel: { formatter: (v: number) => string }
} {
  return {
    type: 'value',
    name: 'share of rows',
    axisLabel: { formatter: (v: number) => `${Number((v * 100).toFixed(1))}%` }
  }
}
