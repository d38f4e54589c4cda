import { describe, expect, it } from 'vitest'
import type { ColumnDrift, DatasetDrift } from '../../../shared/model'
import {
  adjustedText,
  columnVerdict,
  filterColumns,
  hasScore,
  kindText,
  sampleSizeText,
  sortColumns,
  testLabel,
  visibleColumns
} from './columnTable'
import { fixtureReport } from './fixtureReport'
import {
  decisionText,
  exclusionSentence,
  formatBytes,
  ruleText,
  verdictHeadline,
  verdictSentence
} from './verdict'

function column(partial: Partial<ColumnDrift> & { column: string }): ColumnDrift {
  return { kind: 'numeric', status: 'tested', drifted: false, ...partial }
}

const columns: ColumnDrift[] = [
  column({ column: 'temp', test: 'ks', score: 0.2, threshold: 0.05 }),
  column({ column: 'wind', test: 'wasserstein', score: 0.3, threshold: 0.1, drifted: true }),
  column({ column: 'city', kind: 'categorical', test: 'chisquare', score: 0.001, drifted: true }),
  column({ column: 'id', status: 'not_tested', note: 'Ignored' }),
  column({ column: '<script>alert(1)</script>', test: 'ks', score: null, threshold: 0.05 })
]

describe('columnVerdict and testLabel', () => {
  it('reads the verdict and the test name', () => {
    expect(columns.map(columnVerdict)).toEqual([
      'no_drift',
      'drift',
      'drift',
      'not_tested',
      'no_drift'
    ])
    expect(testLabel(columns[0] as ColumnDrift)).toBe('K-S p_value')
    expect(testLabel(column({ column: 'x', testName: 'custom' }))).toBe('custom')
    expect(testLabel(columns[3] as ColumnDrift)).toBe('')
  })

  it('names the kind after the role of a target or a prediction', () => {
    expect(kindText(columns[2] as ColumnDrift)).toBe('categorical')
    expect(kindText(column({ column: 'y', role: 'target' }))).toBe('target · numeric')
    expect(kindText(column({ column: 'p', role: 'feature' }))).toBe('numeric')
  })
})

describe('filterColumns', () => {
  it('matches name, kind or test, case-insensitively', () => {
    expect(filterColumns(columns, 'WIN', false).map((c) => c.column)).toEqual(['wind'])
    expect(filterColumns(columns, 'categorical', false).map((c) => c.column)).toEqual(['city'])
    expect(filterColumns(columns, 'k-s', false)).toHaveLength(2)
    expect(filterColumns(columns, '<script>', false)).toHaveLength(1)
  })
  it('keeps only drifted columns on request', () => {
    expect(filterColumns(columns, '', true).map((c) => c.column)).toEqual(['wind', 'city'])
  })
})

describe('sortColumns', () => {
  it('keeps the report order without a sort', () => {
    expect(sortColumns(columns, null)).toEqual(columns)
  })
  it('sorts scores both ways with missing ones last', () => {
    const names = (dir: 'asc' | 'desc') =>
      sortColumns(columns, { key: 'score', direction: dir }).map((c) => c.column)
    expect(names('asc')).toEqual(['city', 'temp', 'wind', 'id', '<script>alert(1)</script>'])
    expect(names('desc')).toEqual(['wind', 'temp', 'city', 'id', '<script>alert(1)</script>'])
  })
  it('sorts verdicts drift first', () => {
    const sorted = sortColumns(columns, { key: 'verdict', direction: 'asc' })
    expect(sorted.map(columnVerdict)).toEqual([
      'drift',
      'drift',
      'no_drift',
      'no_drift',
      'not_tested'
    ])
  })
  it('sorts names naturally and does not change its input', () => {
    const input = [column({ column: 'x10' }), column({ column: 'x9' })]
    expect(sortColumns(input, { key: 'column', direction: 'asc' }).map((c) => c.column)).toEqual([
      'x9',
      'x10'
    ])
    expect(input[0]?.column).toBe('x10')
  })
  it('filters then sorts', () => {
    const rows = visibleColumns(columns, {
      filterText: '',
      driftedOnly: true,
      sort: { key: 'column', direction: 'desc' }
    })
    expect(rows.map((c) => c.column)).toEqual(['wind', 'city'])
  })
})

describe('verdictSentence', () => {
  const dataset: DatasetDrift = {
    numberOfColumns: 10,
    numberOfDrifted: 7,
    share: 0.7,
    driftShare: 0.5,
    drifted: true,
    rule: 'share',
    decision: ''
  }
  it('says drift with the count and share', () => {
    expect(verdictSentence(dataset)).toBe('Dataset drift detected: 7 of 10 columns drifted (70%)')
  })
  it('says no drift with the threshold', () => {
    expect(verdictSentence({ ...dataset, numberOfDrifted: 2, share: 0.2, drifted: false })).toBe(
      'No dataset drift: 2 of 10 columns drifted (20%, below the 50% needed)'
    )
  })
})

describe('the banner’s rule and decision', () => {
  const { dataset } = fixtureReport()
  it('states the rule that decided with its level', () => {
    expect(verdictHeadline(dataset)).toBe('Dataset drift detected')
    expect(ruleText(dataset)).toBe('Bonferroni, α = 0.05')
    expect(ruleText({ ...dataset, rule: 'bh', alpha: 0.1 })).toBe('Benjamini–Hochberg FDR, α = 0.1')
    expect(ruleText({ ...dataset, rule: 'share', driftShare: 0.3 })).toBe(
      'Share of drifted columns ≥ 30%'
    )
  })
  it('shows the engine’s decision, or the counted sentence when there is none', () => {
    expect(decisionText(dataset)).toBe(dataset.decision)
    expect(decisionText({ ...dataset, decision: ' ' })).toBe(
      'Dataset drift detected: 1 of 3 columns drifted (33.3%)'
    )
  })
  it('names the columns a multiple-testing rule left out', () => {
    expect(exclusionSentence(dataset)).toBe(
      'Left out of the Bonferroni rule, because their tests give a distance rather than a p-value: <b>city</b>.'
    )
    expect(exclusionSentence({ ...dataset, rule: 'share' })).toBeNull()
    expect(exclusionSentence({ ...dataset, excludedFromCorrection: [] })).toBeNull()
  })
})

describe('adjusted p and sample sizes', () => {
  const [temp, wind, city, flat] = fixtureReport().columns as ColumnDrift[]
  it('formats the adjusted p-value; a dash for distances, nothing when untested', () => {
    expect(adjustedText(temp as ColumnDrift)).toBe('0.003')
    expect(adjustedText(city as ColumnDrift)).toBe('—')
    expect(adjustedText(flat as ColumnDrift)).toBe('')
  })
  it('knows which tested columns got a score', () => {
    expect([temp, wind, city, flat].map((c) => hasScore(c as ColumnDrift))).toEqual([
      true,
      true,
      true,
      false
    ])
    expect(hasScore({ ...(temp as ColumnDrift), score: null })).toBe(false)
    expect(hasScore({ ...(temp as ColumnDrift), score: Number.NaN })).toBe(false)
  })
  it('shows reference / current values', () => {
    expect(sampleSizeText(wind as ColumnDrift)).toBe('480 / 431')
    expect(sampleSizeText(flat as ColumnDrift)).toBe('')
  })
  it('sorts by adjusted p with distances last', () => {
    const sorted = sortColumns(fixtureReport().columns, { key: 'adjusted', direction: 'desc' })
    expect(sorted.map((c) => c.column)).toEqual(['wind', 'temp', '<b>city</b>', 'flat'])
  })
})

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB')
  })
})
