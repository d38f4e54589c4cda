import { create, type StoreApi, type UseBoundStore } from 'zustand'
import { createCompareSlice, initialCompareState, type CompareSlice } from './compareSlice'
import { createLiveSlice, initialLiveState, type LiveSlice } from './liveSlice'
import { createOptionsSlice, initialOptionsState, type OptionsSlice } from './optionsSlice'
import { createPreviewSlice, initialPreviewState, type PreviewSlice } from './previewSlice'
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
  PreviewSlice &
  LiveSlice

/** A store as `create` makes it: a hook that is also the store's API (getState, setState, subscribe). */
export type AppStoreHook = UseBoundStore<StoreApi<AppStore>>

/**
 * A new store in the first-launch state. The app has one (`useAppStore`); a standalone document gives each
 * report it shows its own, so their selections and sorting stay apart (see StoreScope).
 */
export function createAppStore(): AppStoreHook {
  return create<AppStore>()((...a) => ({
    ...createCompareSlice(...a),
    ...createOptionsSlice(...a),
    ...createReportSlice(...a),
    ...createValidationSlice(...a),
    ...createProjectSlice(...a),
    ...createPreviewSlice(...a),
    ...createLiveSlice(...a)
  }))
}

/** The app's store. */
export const useAppStore = createAppStore()

/** Back to the first-launch state (tests call it after each case). */
export function resetStore(): void {
  useAppStore.setState({
    ...initialCompareState,
    ...initialOptionsState,
    ...initialReportState,
    ...initialValidationState,
    ...initialProjectState,
    ...initialPreviewState,
    ...initialLiveState
  })
}

export * from './compareSlice'
export * from './optionsSlice'
export * from './reportSlice'
export * from './validationSlice'
export * from './projectSlice'
export * from './previewSlice'
export * from './liveSlice'
