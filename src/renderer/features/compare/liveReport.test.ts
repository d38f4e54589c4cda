import { describe, expect, it } from 'vitest'
import type { ComparePartial, JobProgress, SideSchema } from '../../../shared/api'
import type { ColumnDrift, ColumnProfile } from '../../../shared/model'
import {
  applyPartials,
  applyProgress,
  emptyLiveReport,
  formatElapsed,
  liveColumns,
  pendingColumns,
  phaseState,
  progressSentence,
  schemaRows
} from './liveReport'

const referenceSchema: SideSchema = {
  name: 'week3.csv',
  format: 'csv',
  sizeBytes: 1000,
  columns: [
    { name: 'datetime', sqlType: 'TIMESTAMP', kind: 'datetime' },
    { name: 'temp', sqlType: 'DOUBLE', kind: 'numeric' },
    { name: 'city', sqlType: 'VARCHAR', kind: 'categorical' },
    { name: 'count', sqlType: 'BIGINT', kind: 'numeric' }
  ]
}

const currentSchema: SideSchema = {
  name: 'week4.csv',
  format: 'csv',
  sizeBytes: 900,
  columns: [
    { name: 'datetime', sqlType: 'TIMESTAMP', kind: 'datetime' },
    { name: 'city', sqlType: 'VARCHAR', kind: 'categorical' },
    { name: 'temp', sqlType: 'VARCHAR', kind: 'categorical' },
    { name: 'source', sqlType: 'VARCHAR', kind: 'categorical' }
  ]
}

function profile(name: string, kind: ColumnProfile['kind'], missing: number): ColumnProfile {
  return { name, kind, sqlType: 'X', rows: 100, count: 100 - missing, missing }
}

function result(column: string, drifted: boolean): ColumnDrift {
  return { column, kind: 'numeric', status: 'tested', drifted, score: drifted ? 0.3 : 0.01 }
}

const schema: ComparePartial = {
  stage: 'schema',
  reference: referenceSchema,
  current: currentSchema
}
const plan: ComparePartial = {
  stage: 'plan',
  tested: [
    { column: 'temp', kind: 'numeric', role: 'feature' },
    { column: 'city', kind: 'categorical', role: 'feature' }
  ],
  untested: [{ column: 'datetime', kind: 'datetime', status: 'not_tested', drifted: false }],
  schema: { referenceOnly: ['count'], currentOnly: ['source'], kindMismatches: [] },
  ignored: [],
  timeColumn: 'datetime',
  rule: 'share'
}

describe('applyPartials', () => {
  it('fills the report in the order the engine sends its parts', () => {
    let live = applyPartials(emptyLiveReport('j1'), [schema])
    expect(live.reference?.schema.name).toBe('week3.csv')
    expect(live.reference?.rows).toBeNull()
    expect(progressSentence(live)).toMatch(/Reading both files/)

    live = applyPartials(live, [
      {
        stage: 'profile',
        side: 'reference',
        rows: 100,
        columns: [profile('temp', 'numeric', 3), profile('city', 'categorical', 0)]
      }
    ])
    expect(live.reference?.rows).toBe(100)
    expect(live.reference?.profiles?.['temp']?.missing).toBe(3)
    expect(live.current?.profiles).toBeNull()

    live = applyPartials(live, [
      plan,
      { stage: 'validation', status: 'pass', summary: 'Validation passed.' }
    ])
    expect(pendingColumns(live).map((p) => p.column)).toEqual(['temp', 'city'])
    expect(liveColumns(live).map((c) => c.column)).toEqual(['datetime'])
    expect(live.validation?.summary).toBe('Validation passed.')
    expect(progressSentence(live)).toBe('2 columns to test; the first results come next.')

    // Results arrive in the order their tests finish; the table keeps the file's order.
    const before = live
    live = applyPartials(live, [
      { stage: 'column', result: result('city', true), done: 1, total: 2 }
    ])
    expect(before.results).toEqual({})
    expect(pendingColumns(live).map((p) => p.column)).toEqual(['temp'])
    expect(progressSentence(live)).toBe(
      '1 of 2 columns tested, 1 drifted so far; the dataset verdict comes when all are tested.'
    )
    live = applyPartials(live, [
      { stage: 'column', result: result('temp', false), done: 2, total: 2 }
    ])
    expect(liveColumns(live).map((c) => c.column)).toEqual(['datetime', 'temp', 'city'])
    expect(pendingColumns(live)).toEqual([])
    expect(live.done).toBe(2)
  })

  it('applies a frame of many parts at once, keeping earlier results as they were', () => {
    const started = applyPartials(emptyLiveReport('j1'), [schema, plan])
    const first = result('temp', false)
    const withFirst = applyPartials(started, [
      { stage: 'column', result: first, done: 1, total: 2 }
    ])
    const both = applyPartials(withFirst, [
      { stage: 'column', result: result('city', false), done: 2, total: 2 }
    ])
    // The finished row's object is the same, so its memoised table row does not render again.
    expect(both.results['temp']).toBe(first)
    expect(Object.keys(both.results)).toEqual(['temp', 'city'])
  })

  it('says when a correction rule decides each verdict at the end', () => {
    const live = applyPartials(emptyLiveReport('j1'), [
      schema,
      { ...plan, rule: 'bonferroni' },
      { stage: 'column', result: result('city', true), done: 1, total: 2 }
    ])
    expect(progressSentence(live)).toBe(
      "1 of 2 columns tested; the Bonferroni correction decides each column's verdict once all are tested."
    )
  })

  it('ignores a profile that comes before its schema', () => {
    const live = applyPartials(emptyLiveReport('j1'), [
      { stage: 'profile', side: 'current', rows: 5, columns: [] }
    ])
    expect(live.current).toBeNull()
  })
})

describe('schemaRows', () => {
  it("lists the reference's columns in order, then the current batch's own, with each side's type", () => {
    const live = applyPartials(emptyLiveReport('j1'), [
      schema,
      {
        stage: 'profile',
        side: 'current',
        rows: 100,
        columns: [profile('temp', 'categorical', 40)]
      }
    ])
    const rows = schemaRows(live.reference, live.current)
    expect(rows.map((r) => r.column)).toEqual(['datetime', 'temp', 'city', 'count', 'source'])
    const temp = rows[1]
    expect(temp?.reference).toEqual({
      sqlType: 'DOUBLE',
      kind: 'numeric',
      missing: null,
      rows: null
    })
    expect(temp?.current).toEqual({
      sqlType: 'VARCHAR',
      kind: 'categorical',
      missing: 40,
      rows: 100
    })
    expect(rows[3]?.current).toBeNull()
    expect(rows[4]?.reference).toBeNull()
  })

  it('is empty before the files are open', () => {
    expect(schemaRows(null, null)).toEqual([])
  })
})

describe('phases', () => {
  const progress = (phase: JobProgress['phase'], done: number, total: number): JobProgress => ({
    jobId: 'j1',
    phase,
    done,
    total,
    message: `${phase} ${done}`
  })

  it('keeps the last update of each phase', () => {
    const phases = applyProgress({}, [progress('open', 0, 2), progress('open', 1, 2)])
    expect(phases.open?.done).toBe(1)
    expect(applyProgress(phases, [])).toBe(phases)
  })

  it('marks earlier phases done, a phase never reported before a later one skipped', () => {
    const phases = applyProgress({}, [
      progress('open', 1, 2),
      progress('profile', 1, 2),
      progress('drift', 3, 10)
    ])
    expect(phaseState(phases, 'open')).toBe('done')
    expect(phaseState(phases, 'profile')).toBe('done')
    expect(phaseState(phases, 'validate')).toBe('skipped')
    expect(phaseState(phases, 'drift')).toBe('running')
    expect(phaseState(phases, 'report')).toBe('waiting')
    expect(phaseState({}, 'open')).toBe('waiting')
  })
})

describe('formatElapsed', () => {
  it('reads as seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatElapsed(0)).toBe('0 s')
    expect(formatElapsed(59_999)).toBe('59 s')
    expect(formatElapsed(65_000)).toBe('1 min 05 s')
    expect(formatElapsed(3_600_000 + 7 * 60_000)).toBe('1 h 07 min')
    expect(formatElapsed(-5)).toBe('0 s')
  })
})
