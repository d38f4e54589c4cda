import { describe, expect, it } from 'vitest'
import { categoryBars, categoryCounts, OTHER_LABEL } from './categoryBars'
import { distributionChart } from './distributionChart'
import { escapeHtml } from './escapeHtml'
import { binLabels, histogramOverlay, tooltipHtml } from './histogramOverlay'
import { toShares } from './options'
import { sparkBars } from './sparkline'

const names = { reference: 'Reference (ref.csv)', current: 'Current (<b>cur</b>.csv)' }

type BarSeries = { type: string; name: string; data: number[]; barGap?: string }

function seriesOf(option: { series?: unknown }): BarSeries[] {
  return option.series as BarSeries[]
}

describe('toShares', () => {
  it('divides by the total', () => {
    expect(toShares([1, 3])).toEqual([0.25, 0.75])
  })
  it('gives zeros for an empty side', () => {
    expect(toShares([0, 0])).toEqual([0, 0])
  })
})

describe('histogramOverlay', () => {
  const bins = {
    kind: 'bins' as const,
    edges: [0, 1, 2, 3],
    reference: [10, 30, 60],
    current: [50, 25, 25]
  }

  it('draws both sides as shares on the shared edges, overlaid', () => {
    const option = histogramOverlay(bins, names)
    const series = seriesOf(option)
    expect(series.map((s) => s.name)).toEqual([names.reference, names.current])
    expect(series[0]?.data).toEqual([0.1, 0.3, 0.6])
    expect(series[1]?.data).toEqual([0.5, 0.25, 0.25])
    expect(series.every((s) => s.type === 'bar' && s.barGap === '-100%')).toBe(true)
    expect((option.xAxis as { data: string[] }).data).toEqual(['[0, 1)', '[1, 2)', '[2, 3]'])
  })

  it('labels bins with formatted edges', () => {
    expect(binLabels([0.123456, 1.23456e-5], 1)).toEqual(['[0.1235, 1.235e-5]'])
  })

  it('escapes data in the tooltip', () => {
    const html = tooltipHtml(
      [
        { seriesName: '<img src=x>', value: 0.5, dataIndex: 0, seriesIndex: 0 },
        { seriesName: '" onmouseover="x', value: 0.25, dataIndex: 0, seriesIndex: 1 }
      ],
      ['<script>']
    )
    expect(html).toBe(
      '&lt;script&gt;<br/><span class="swatch swatch-reference"></span>&lt;img src=x&gt;: 50%<br/><span class="swatch swatch-current"></span>&quot; onmouseover=&quot;x: 25%'
    )
  })
})

describe('categoryBars', () => {
  const categories = {
    kind: 'categories' as const,
    categories: ['rain', 'sun'],
    reference: [3, 1],
    current: [1, 1],
    otherReference: 0,
    otherCurrent: 2
  }

  it('appends the folded rest when a side has some', () => {
    expect(categoryCounts(categories)).toEqual({
      labels: ['rain', 'sun', OTHER_LABEL],
      reference: [3, 1, 0],
      current: [1, 1, 2]
    })
  })

  it('groups the bars of both sides as shares', () => {
    const series = seriesOf(categoryBars(categories, names))
    expect(series[0]?.data).toEqual([0.75, 0.25, 0])
    expect(series[1]?.data).toEqual([0.25, 0.25, 0.5])
    expect(series[0]?.barGap).toBeUndefined()
  })

  it('leaves out "other" when nothing was folded', () => {
    const { labels } = categoryCounts({ ...categories, otherCurrent: undefined })
    expect(labels).toEqual(['rain', 'sun'])
  })

  it('is what distributionChart picks for categories', () => {
    expect(distributionChart(categories, names)).toEqual(
      expect.objectContaining({
        xAxis: expect.objectContaining({ data: ['rain', 'sun', OTHER_LABEL] })
      })
    )
  })
})

describe('sparkBars', () => {
  it('scales both sides to a shared maximum', () => {
    const bars = sparkBars([0.5, 0.25], 20, 10, 0.5)
    expect(bars).toEqual([
      { x: 0, y: 0, width: 9, height: 10 },
      { x: 10, y: 5, width: 9, height: 5 }
    ])
  })
  it('draws nothing for no bars', () => {
    expect(sparkBars([], 20, 10, 1)).toEqual([])
  })
})

describe('escapeHtml', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;'
    )
  })
})
