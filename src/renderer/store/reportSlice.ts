import type { StateCreator } from 'zustand'
import type { ColumnDrift, Report } from '../../shared/model'
import type { AppStore } from './index'

export type SortKey = 'column' | 'kind' | 'test' | 'score' | 'threshold' | 'adjusted' | 'verdict'
export type SortDirection = 'asc' | 'desc'
export type SortOrder = Readonly<{ key: SortKey; direction: SortDirection }> | null

export type ReportState = {
  report: Report | null
  /** The screen that opened the report: a comparison, or a batch of the project overview. */
  reportOrigin: 'compare' | 'project'
  selectedColumn: string | null
  sort: SortOrder
  filterText: string
  driftedOnly: boolean
  /** The column whose "Change test…" editor is open in the detail pane. */
  testEditorColumn: string | null
}

export type ReportActions = {
  showReport: (report: Report, origin?: 'compare' | 'project') => void
  clearReport: () => void
  selectColumn: (column: string | null) => void
  /** Sorts by `key`; the same key again flips the direction. */
  toggleSort: (key: SortKey) => void
  setFilterText: (text: string) => void
  setDriftedOnly: (value: boolean) => void
  openTestEditor: (column: string | null) => void
}

export type ReportSlice = ReportState & ReportActions

export const initialReportState: ReportState = {
  report: null,
  reportOrigin: 'compare',
  selectedColumn: null,
  sort: null,
  filterText: '',
  driftedOnly: false,
  testEditorColumn: null
}

export const createReportSlice: StateCreator<AppStore, [], [], ReportSlice> = (set) => ({
  ...initialReportState,
  showReport: (report, origin = 'compare') =>
    set({
      report,
      reportOrigin: origin,
      selectedColumn: null,
      testEditorColumn: null,
      preview: null
    }),
  clearReport: () =>
    set({ report: null, selectedColumn: null, testEditorColumn: null, preview: null }),
  selectColumn: (selectedColumn) => set({ selectedColumn, testEditorColumn: null }),
  toggleSort: (key) =>
    set((s) => ({
      sort:
        s.sort?.key === key
          ? { key, direction: s.sort.direction === 'asc' ? 'desc' : 'asc' }
          : { key, direction: 'asc' }
    })),
  setFilterText: (filterText) => set({ filterText }),
  setDriftedOnly: (driftedOnly) => set({ driftedOnly }),
  openTestEditor: (testEditorColumn) => set({ testEditorColumn })
})

/** The features, then the target and the prediction (reported apart, opened in the same detail pane). */
export function allColumns(report: Report): ColumnDrift[] {
  const extra = [report.targets?.target, report.targets?.prediction].filter(
    (c): c is ColumnDrift => c !== undefined
  )
  return [...report.columns, ...extra]
}

export const reportSelectors = {
  selected: (s: AppStore) => {
    if (s.report === null || s.selectedColumn === null) return null
    return allColumns(s.report).find((c) => c.column === s.selectedColumn) ?? null
  },
  /** Whether the report's dataset rule adjusts p-values (Bonferroni or Benjamini–Hochberg). */
  isCorrected: (s: AppStore) => s.report !== null && s.report.dataset.rule !== 'share'
}
