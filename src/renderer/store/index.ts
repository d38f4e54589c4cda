import { create } from 'zustand'
import { createCompareSlice, initialCompareState, type CompareSlice } from './compareSlice'
import { createReportSlice, initialReportState, type ReportSlice } from './reportSlice'

export type AppStore = CompareSlice & ReportSlice

export const useAppStore = create<AppStore>()((...a) => ({
  ...createCompareSlice(...a),
  ...createReportSlice(...a)
}))

/** Back to the first-launch state (tests call it after each case). */
export function resetStore(): void {
  useAppStore.setState({ ...initialCompareState, ...initialReportState })
}

export * from './compareSlice'
export * from './reportSlice'
