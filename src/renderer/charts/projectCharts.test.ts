import { describe, expect, it } from 'vitest'
import { fixtureHistory } from '../features/project/projectFixtures'
import { batchLabel, driftHeatmap, driftRatio, heatmapModel, heatValue } from './driftHeatmap'
import { mostDriftedColumn, scoreTrend, trendPoints } from './scoreTrend'

describe('driftRatio and heatValue', () => {
  it('reads every test the same way: above 1 drifted, below 1 calm', () => {
    expect(driftRatio({ scoreKind: 'p_value', score: 0.01, threshold: 0.05 })).toBeCloseTo(5)
    expect(driftRatio({ scoreKind: 'p_value', score: 0.5, threshold: 0.05 })).toBeCloseTo(0.1)
    expect(driftRatio({ scoreKind: 'distance', score: 0.2, threshold: 0.1 })).toBeCloseTo(2)
    expect(driftRatio({ scoreKind: 'p_value', score: 0, threshold: 0.05 })).toBeGreaterThan(1e290)
    expect(driftRatio({ scoreKind: 'p_value', score: null, threshold: 0.05 })).toBeNull()
    expect(heatValue(10)).toBeCloseTo(1)
    expect(heatValue(1e-9)).toBe(-3)
    expect(heatValue(1e9)).toBe(3)
    expect(heatValue(null)).toBeNull()
  })
})

describe('heatmapModel and driftHeatmap', () => {
  it('has the processed batches in order, the columns, one cell per result, and the invalid batch marked', () => {
    const model = heatmapModel(fixtureHistory())
    expect(model.batches.map((b) => b.name)).toEqual(['week1.csv', 'week2.csv', 'week3.csv'])
    expect(model.columns).toEqual(['temp', 'city'])
    expect(model.cells).toHaveLength(6)
    expect(model.cells[2]).toEqual([1, 0, 2, 1])
    expect(model.details[2]?.result.column).toBe('temp')
    expect(model.batches.map(batchLabel)).toEqual(['week1.csv', 'week2.csv ⚠', 'week3.csv'])
    const option = driftHeatmap(model) as {
      xAxis: { data: string[] }
      series: { data: unknown[] }[]
    }
    expect(option.xAxis.data).toEqual(['week1.csv', 'week2.csv ⚠', 'week3.csv'])
    expect(option.series[0]?.data).toHaveLength(6)
  })

  it('escapes data in its tooltip', () => {
    const history = fixtureHistory()
    const hostile = {
      ...history,
      columns: history.columns.map((c) => ({ ...c, column: '<img src=x onerror=alert(1)>' }))
    }
    const model = heatmapModel(hostile)
    const option = driftHeatmap(model) as { tooltip: { formatter: (p: unknown) => string } }
    const text = option.tooltip.formatter({ dataIndex: 0 })
    expect(text).toContain('&lt;img')
    expect(text).not.toContain('<img')
  })
})

describe('trendPoints and mostDriftedColumn', () => {
  it('one point per processed batch, and the column that drifted most often first', () => {
    const history = fixtureHistory()
    expect(trendPoints(history, 'temp').map((p) => p.batch)).toEqual([
      'week1.csv',
      'week2.csv',
      'week3.csv'
    ])
    expect(trendPoints(history, 'temp')[2]?.ratio).toBeCloseTo(1000)
    expect(trendPoints(history, 'nope').every((p) => p.ratio === null)).toBe(true)
    expect(mostDriftedColumn(history)).toBe('temp')
    expect(mostDriftedColumn({ columns: [] })).toBeNull()
    const option = scoreTrend(trendPoints(history, 'temp'), 'temp') as {
      series: { data: (number | null)[] }[]
    }
    expect(option.series[0]?.data).toEqual([0.2, 100, 1000])
  })
})
