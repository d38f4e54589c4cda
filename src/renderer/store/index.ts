import { create } from 'zustand'
import { createCompareSlice, initialCompareState, type CompareSlice } from './compareSlice'
import { createLiveSlice, initialLiveState, type LiveSlice } from './liveSlice'
import { createOptionsSlice, initialOptionsState, type OptionsSlice } from './optionsSlice'
import { createProjectSlice, initialProjectState, type ProjectSlice } from './projectSlice'
import { createReportSlice, initialReportState, type ReportSlice } from './reportSlice'
import {
  createValidationSlice,
  initialValidationState,
  type ValidationSlice
} from './validationSlice'

export type AppStore = CompareSlice &
  OptionsSlice &
  ReportSlice &
  ValidationSlice &
  ProjectSlice &
  LiveSlice

export const useAppStore = create<AppStore>()((...a) => ({
  ...createCompareSlice(...a),
  ...createOptionsSlice(...a),
  ...createReportSlice(...a),
  ...createValidationSlice(...a),
  ...createProjectSlice(...a),
  ...createLiveSlice(...a)
}))

/** Back to the first-launch state (tests call it after each case). */
export function resetStore(): void {
  useAppStore.setState({
    ...initialCompareState,
    ...initialOptionsState,
    ...initialReportState,
    ...initialValidationState,
    ...initialProjectState,
    ...initialLiveState
  })
}

export * from './compareSlice'
export * from './optionsSlice'
export * from './reportSlice'
export * from './validationSlice'
export * from './projectSlice'
export * from './liveSlice'
