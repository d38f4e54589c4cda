import { describe, expect, it } from 'vitest'
import type { TargetDrift } from '../../../shared/model'
import { fixtureReport } from './fixtureReport'
import {
  classRows,
  featureCorrelationRows,
  formatChange,
  formatCorrelation,
  formatPointChange
} from './targets'

const { relationship } = fixtureReport().targets as TargetDrift

describe('formatting', () => {
  it('writes correlations and their change with a real minus sign', () => {
    expect(formatCorrelation(-0.2)).toBe('−0.200')
    expect(formatCorrelation(null)).toBe('n/a')
    expect(formatChange(0.91, 0.62)).toBe('−0.290')
    expect(formatChange(0.1, 0.15)).toBe('+0.050')
    expect(formatChange(0.5, 0.5)).toBe('0.000')
    expect(formatChange(null, 0.5)).toBe('')
    expect(formatPointChange(0.4, 0.55)).toBe('+15 pp')
    expect(formatPointChange(0.9, 0.7)).toBe('−20 pp')
    expect(formatPointChange(null, 0.7)).toBe('')
  })
})

describe('classRows', () => {
  it('gives each class its shares, recalls and changes', () => {
    expect(classRows(relationship)).toEqual([
      {
        value: 'yes',
        referenceShare: '40%',
        currentShare: '55%',
        shareChange: '+15 pp',
        referenceRecall: '90%',
        currentRecall: '70%',
        recallChange: '−20 pp'
      },
      {
        value: 'no',
        referenceShare: '60%',
        currentShare: '45%',
        shareChange: '−15 pp',
        referenceRecall: 'n/a',
        currentRecall: '80%',
        recallChange: ''
      }
    ])
  })
})

describe('featureCorrelationRows', () => {
  it('puts the largest change first and undefined ones last', () => {
    expect(featureCorrelationRows(relationship)).toEqual([
      { feature: 'temp', reference: '0.600', current: '−0.200', change: '−0.800' },
      { feature: 'wind', reference: '0.100', current: '0.150', change: '+0.050' },
      { feature: 'flat', reference: 'n/a', current: 'n/a', change: '' }
    ])
  })
  it('is empty without correlations', () => {
    expect(featureCorrelationRows({})).toEqual([])
    expect(classRows({})).toEqual([])
  })
})
