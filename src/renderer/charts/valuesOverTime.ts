/**
 * A numeric column of the current batch along the report's time axis — its mean per time bucket, or each
 * row's value when the batch is small — over the reference's mean ± 1 standard deviation as a band, so a
 * batch that wanders out of the reference's usual range shows when it did.
 */
import { formatNumber } from '../../shared/drift'
import type { Timeline } from '../../shared/model'
import { escapeHtml } from './escapeHtml'
import { type ChartOption, SIDE_COLORS, type TooltipItem } from './options'

/** The reference's mean and (sample) standard deviation, when the report has them. */
export type ReferenceBand = Readonly<{ mean: number; std: number }>

export const BAND_COLOR = 'rgba(74, 111, 165, 0.14)'

/**
 * The chart of one column: `values` in the order of `timeline.times` (null: nothing in that bucket, a gap
 * in the line). `name` is the series' name (the current file's). The band is left out when absent.
 */
export function valuesOverTime(
  timeline: Timeline,
  values: readonly (number | null)[],
  band: ReferenceBand | null,
  name: string
): ChartOption {
  const isPoints = timeline.kind === 'points'
  const data = timeline.times.map((time, i) => [time, values[i] ?? null, timeline.rows[i] ?? 0])
  const what = isPoints ? 'value' : 'mean per bucket'
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 36, bottom: 48 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => overTimeTooltipHtml(params, isPoints, band)
    },
    xAxis: { type: 'time', name: timeline.column, nameLocation: 'middle', nameGap: 28 },
    yAxis: {
      type: 'value',
      scale: true,
      name: band === null ? what : `${what} (band: reference mean ± 1 sd)`
    },
    series: [
      {
        type: 'line',
        name,
        data,
        connectNulls: false,
        showSymbol: isPoints,
        symbolSize: 5,
        lineStyle: { color: SIDE_COLORS.current, width: 2 },
        itemStyle: { color: SIDE_COLORS.current },
        ...(band === null
          ? {}
          : {
              markArea: {
                silent: true,
                itemStyle: { color: BAND_COLOR },
                data: [[{ yAxis: band.mean - band.std }, { yAxis: band.mean + band.std }]]
              },
              markLine: {
                silent: true,
                symbol: ['none', 'none'],
                lineStyle: { color: SIDE_COLORS.reference, type: 'dashed', width: 1 },
                label: { show: true, formatter: 'reference mean', position: 'insideEndTop' },
                data: [{ yAxis: band.mean }]
              }
            })
      },
      // An invisible series spanning the band keeps its range on the (nicely rounded) value axis even when
      // the batch stays far from it.
      ...(band === null
        ? []
        : [
            {
              type: 'line' as const,
              name: 'reference band',
              data: [
                [timeline.times[0] ?? null, band.mean - band.std],
                [timeline.times[0] ?? null, band.mean + band.std]
              ],
              showSymbol: false,
              silent: true,
              lineStyle: { opacity: 0 },
              tooltip: { show: false }
            }
          ])
    ]
  }
}

/** Tooltip markup: the time, the value (or mean and rows), and where it stands against the band. */
export function overTimeTooltipHtml(
  params: unknown,
  isPoints: boolean,
  band: ReferenceBand | null
): string {
  const item = ((Array.isArray(params) ? params[0] : params) ?? {}) as TooltipItem
  const [time, value, rows] = (Array.isArray(item.value) ? item.value : []) as [
    string,
    number | null,
    number
  ]
  const lines = [escapeHtml(String(time ?? ''))]
  const label = `<span class="swatch swatch-current"></span>${escapeHtml(item.seriesName ?? '')}`
  if (value === null || value === undefined) lines.push(`${label}: no values`)
  else lines.push(`${label}: ${isPoints ? '' : 'mean '}${escapeHtml(formatNumber(value))}`)
  if (!isPoints) lines.push(`${formatNumber(rows ?? 0)} rows`)
  if (band !== null && typeof value === 'number' && band.std > 0) {
    lines.push(`${formatNumber((value - band.mean) / band.std)} sd from the reference mean`)
  }
  return lines.join('<br/>')
}
