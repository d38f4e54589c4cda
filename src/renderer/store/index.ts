import { create } from 'zustand'
import { createCompareSlice, initialCompareState, type CompareSlice } from './compareSlice'
import { createOptionsSlice, initialOptionsState, type OptionsSlice } from './optionsSlice'
import { createReportSlice, initialReportState, type ReportSlice } from './reportSlice'

export type AppStore = CompareSlice & OptionsSlice & ReportSlice

export const useAppStore = create<AppStore>()((...a) => ({
  ...createCompareSlice(...a),
  ...createOptionsSlice(...a),
  ...createReportSlice(...a)
}))

/** Back to the first-launch state (tests call it after each case). */
export function resetStore(): void {
  useAppStore.setState({ ...initialCompareState, ...initialOptionsState, ...initialReportState })
}

export * from './compareSlice'
export * from './optionsSlice'
export * from './reportSlice'
