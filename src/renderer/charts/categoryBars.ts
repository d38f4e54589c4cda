import type { Distribution } from '../../shared/model'
import { tooltipHtml } from './histogramOverlay'
import { type ChartOption, type SideNames, SIDE_COLORS, toShares, shareOfRowsAxis } from './options'

type Categories = Extract<Distribution, { kind: 'categories' }>

export const OTHER_LABEL = '(other values)'

/** The categories with the folded rest appended when either side has some. */
export function categoryCounts(distribution: Categories): {
  labels: string[]
  reference: number[]
  current: number[]
} {
  const labels = [...distribution.categories]
  const reference = [...distribution.reference]
  const current = [...distribution.current]
  const otherReference = distribution.otherReference ?? 0
  const otherCurrent = distribution.otherCurrent ?? 0
  if (otherReference > 0 || otherCurrent > 0) {
    labels.push(OTHER_LABEL)
    reference.push(otherReference)
    current.push(otherCurrent)
  }
  return { labels, reference, current }
}

/** Grouped bars of each category's share of rows, reference next to current. */
export function categoryBars(distribution: Categories, names: SideNames): ChartOption {
  const { labels, reference, current } = categoryCounts(distribution)
  const rotate = labels.length > 6 ? 30 : 0
  return {
    animation: false,
    grid: { left: 56, right: 32, top: 36, bottom: rotate ? 72 : 40 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => tooltipHtml(params, labels)
    },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: {
        interval: 0,
        rotate,
        width: 90,
        overflow: 'truncate'
      }
    },
    yAxis: shareOfRowsAxis(),
    series: [
      {
        type: 'bar',
        name: names.reference,
        data: toShares(reference),
        itemStyle: { color: SIDE_COLORS.reference }
      },
      {
        type: 'bar',
        name: names.current,
        data: toShares(current),
        itemStyle: { color: SIDE_COLORS.current }
      }
    ]
  }
}
