import { afterEach, describe, expect, it } from 'vitest'
import { fixtureReport } from '../features/report/fixtureReport'
import {
  optionsSelectors,
  reportColumnNames,
  reportSelectors,
  resetStore,
  useAppStore
} from './index'

afterEach(() => resetStore())

describe('optionsSlice', () => {
  it('keeps a column’s own choice until it is removed', () => {
    const s = useAppStore.getState()
    s.setColumnChoice('temp', { test: 'anderson', threshold: '' })
    expect(optionsSelectors.columnChoice('temp')(useAppStore.getState())).toEqual({
      test: 'anderson',
      threshold: ''
    })
    s.setColumnChoice('temp', null)
    expect(useAppStore.getState().options.perColumn).toEqual({})
  })

  it('changes one kind’s choice without touching the other', () => {
    useAppStore.getState().setKindChoice('numeric', { threshold: '0.2' })
    const { numeric, categorical } = useAppStore.getState().options
    expect(numeric).toEqual({ test: 'auto', threshold: '0.2' })
    expect(categorical).toEqual({ test: 'auto', threshold: '' })
  })

  it('is invalid while a field is, and valid again after a reset', () => {
    const s = useAppStore.getState()
    s.updateOptions({ rule: 'bh', alpha: '2' })
    expect(optionsSelectors.isValid(useAppStore.getState())).toBe(false)
    s.resetOptions()
    expect(optionsSelectors.isValid(useAppStore.getState())).toBe(true)
    expect(optionsSelectors.built(useAppStore.getState())).toEqual({
      ok: true,
      options: { ignore: [] }
    })
  })

  it('checks the target against the ignore field', () => {
    const s = useAppStore.getState()
    s.setIgnoreText('id, count')
    s.updateOptions({ target: 'count' })
    expect(optionsSelectors.isValid(useAppStore.getState())).toBe(false)
  })

  it('remembers the column names of both inputs once', () => {
    expect(reportColumnNames(fixtureReport())).toEqual([
      'temp',
      'wind',
      '<b>city</b>',
      'flat',
      'label',
      'predicted'
    ])
  })
})

describe('reportSlice', () => {
  it('opens a feature, the target or the prediction in the detail pane', () => {
    const s = useAppStore.getState()
    s.showReport(fixtureReport())
    s.selectColumn('label')
    expect(reportSelectors.selected(useAppStore.getState())?.role).toBe('target')
    s.selectColumn('wind')
    expect(reportSelectors.selected(useAppStore.getState())?.test).toBe('mannw')
    s.selectColumn('nope')
    expect(reportSelectors.selected(useAppStore.getState())).toBeNull()
  })

  it('knows when the rule adjusts p-values', () => {
    expect(reportSelectors.isCorrected(useAppStore.getState())).toBe(false)
    const report = fixtureReport()
    useAppStore.getState().showReport(report)
    expect(reportSelectors.isCorrected(useAppStore.getState())).toBe(true)
    useAppStore.getState().showReport({ ...report, dataset: { ...report.dataset, rule: 'share' } })
    expect(reportSelectors.isCorrected(useAppStore.getState())).toBe(false)
  })

  it('closes the test editor when another column is opened', () => {
    const s = useAppStore.getState()
    s.showReport(fixtureReport())
    s.selectColumn('temp')
    s.openTestEditor('temp')
    expect(useAppStore.getState().testEditorColumn).toBe('temp')
    s.selectColumn('wind')
    expect(useAppStore.getState().testEditorColumn).toBeNull()
  })
})
