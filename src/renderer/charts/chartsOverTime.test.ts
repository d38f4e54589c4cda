import { describe, expect, it } from 'vitest'
import type { EcdfCurve, Timeline } from '../../shared/model'
import { ecdfPlot, ecdfTooltipHtml, GAP_COLOR, ksDistance } from './ecdfPlot'
import { BAND_COLOR, overTimeTooltipHtml, valuesOverTime } from './valuesOverTime'

const names = { reference: 'Reference', current: 'Current (<i>x</i>)' }

const curve: EcdfCurve = {
  x: [1, 2, 3, 4],
  reference: [0.25, 0.5, 0.75, 1],
  current: [0, 0.1, 0.4, 1],
  largestGap: { x: 2.5, reference: 0.5, current: 0.1 }
}

type LineSeries = {
  type: string
  name: string
  step?: string
  data: unknown[]
  markLine?: { data: unknown[]; label: { formatter: string }; lineStyle: { color: string } }
  markArea?: { data: unknown[]; itemStyle: { color: string } }
}

function series(option: { series?: unknown }): LineSeries[] {
  return option.series as LineSeries[]
}

describe('ecdfPlot', () => {
  it('draws both ECDFs as step lines through the largest gap', () => {
    const [reference, current] = series(ecdfPlot(curve, names))
    expect(reference?.step).toBe('end')
    expect(reference?.data).toEqual([
      [1, 0.25],
      [2, 0.5],
      [2.5, 0.5],
      [3, 0.75],
      [4, 1]
    ])
    expect(current?.data).toContainEqual([2.5, 0.1])
    expect(current?.name).toBe(names.current)
  })

  it('marks the KS distance as a vertical segment labelled D', () => {
    const current = series(ecdfPlot(curve, names))[1]
    expect(current?.markLine?.data).toEqual([[{ coord: [2.5, 0.5] }, { coord: [2.5, 0.1] }]])
    expect(current?.markLine?.label.formatter).toBe('D = 0.4')
    expect(current?.markLine?.lineStyle.color).toBe(GAP_COLOR)
    expect(ksDistance(curve)).toBeCloseTo(0.4, 12)
  })

  it('escapes data in its tooltip', () => {
    const html = ecdfTooltipHtml([{ seriesName: '<img src=x onerror=alert(1)>', value: [2, 0.5] }])
    expect(html).toBe(
      '≤ 2<br/><span class="swatch swatch-reference"></span>&lt;img src=x onerror=alert(1)&gt;: 50%'
    )
  })
})

const buckets: Timeline = {
  column: 'datetime',
  kind: 'buckets',
  times: ['2024-01-01T00:00:00.000Z', '2024-01-01T03:00:00.000Z', '2024-01-01T06:00:00.000Z'],
  bucketSeconds: 10800,
  rows: [3, 0, 2],
  missingTime: 0
}

describe('valuesOverTime', () => {
  it('draws the means over time with gaps, over the reference band and mean', () => {
    const option = valuesOverTime(buckets, [10, null, 14], { mean: 12, std: 2 }, 'cur.csv')
    const [line] = series(option)
    expect(line?.data).toEqual([
      ['2024-01-01T00:00:00.000Z', 10, 3],
      ['2024-01-01T03:00:00.000Z', null, 0],
      ['2024-01-01T06:00:00.000Z', 14, 2]
    ])
    expect(line?.markArea?.data).toEqual([[{ yAxis: 10 }, { yAxis: 14 }]])
    expect(line?.markArea?.itemStyle.color).toBe(BAND_COLOR)
    expect(line?.markLine?.data).toEqual([{ yAxis: 12 }])
    // An invisible series keeps the band on the value axis.
    expect(series(option)[1]?.data).toEqual([
      ['2024-01-01T00:00:00.000Z', 10],
      ['2024-01-01T00:00:00.000Z', 14]
    ])
    expect((option.xAxis as { type: string }).type).toBe('time')
  })

  it('leaves the band out when the reference has no spread to show', () => {
    const all = series(valuesOverTime(buckets, [1, 2, 3], null, 'cur.csv'))
    const line = all[0]
    expect(all).toHaveLength(1)
    expect(line?.markArea).toBeUndefined()
    expect(line?.markLine).toBeUndefined()
  })

  it('shows each row as a point for a small batch', () => {
    const points: Timeline = { ...buckets, kind: 'points', rows: [1, 1, 1] }
    const [line] = series(valuesOverTime(points, [1, 2, 3], null, 'cur.csv')) as unknown as {
      showSymbol: boolean
    }[]
    expect(line?.showSymbol).toBe(true)
  })

  it('says where a bucket stands against the band, escaping data', () => {
    const html = overTimeTooltipHtml(
      [{ seriesName: '<b>cur</b>', value: ['2024-01-01T00:00:00.000Z', 16, 4] }],
      false,
      { mean: 12, std: 2 }
    )
    expect(html).toBe(
      '2024-01-01T00:00:00.000Z<br/><span class="swatch swatch-current"></span>&lt;b&gt;cur&lt;/b&gt;: mean 16<br/>4 rows<br/>2 sd from the reference mean'
    )
    expect(overTimeTooltipHtml([{ seriesName: 'c', value: ['t', null, 0] }], true, null)).toBe(
      't<br/><span class="swatch swatch-current"></span>c: no values'
    )
  })
})
