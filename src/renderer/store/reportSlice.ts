import type { StateCreator } from 'zustand'
import type { Report } from '../../shared/model'
import type { AppStore } from './index'

export type SortKey = 'column' | 'kind' | 'test' | 'score' | 'threshold' | 'verdict'
export type SortDirection = 'asc' | 'desc'
export type SortOrder = Readonly<{ key: SortKey; direction: SortDirection }> | null

export type ReportState = {
  report: Report | null
  selectedColumn: string | null
  sort: SortOrder
  filterText: string
  driftedOnly: boolean
}

export type ReportActions = {
  showReport: (report: Report) => void
  clearReport: () => void
  selectColumn: (column: string | null) => void
  /** Sorts by `key`; the same key again flips the direction. */
  toggleSort: (key: SortKey) => void
  setFilterText: (text: string) => void
  setDriftedOnly: (value: boolean) => void
}

export type ReportSlice = ReportState & ReportActions

export const initialReportState: ReportState = {
  report: null,
  selectedColumn: null,
  sort: null,
  filterText: '',
  driftedOnly: false
}

export const createReportSlice: StateCreator<AppStore, [], [], ReportSlice> = (set) => ({
  ...initialReportState,
  showReport: (report) => set({ report, selectedColumn: null }),
  clearReport: () => set({ report: null, selectedColumn: null }),
  selectColumn: (selectedColumn) => set({ selectedColumn }),
  toggleSort: (key) =>
    set((s) => ({
      sort:
        s.sort?.key === key
          ? { key, direction: s.sort.direction === 'asc' ? 'desc' : 'asc' }
          : { key, direction: 'asc' }
    })),
  setFilterText: (filterText) => set({ filterText }),
  setDriftedOnly: (driftedOnly) => set({ driftedOnly })
})

export const reportSelectors = {
  selected: (s: AppStore) => s.report?.columns.find((c) => c.column === s.selectedColumn) ?? null
}
