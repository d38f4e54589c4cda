import type { StateCreator } from 'zustand'
import type { ComparePartial, JobProgress, RecentComparison } from '../../shared/api'
import type { FileRole } from '../api'
import {
  applyPartials,
  applyProgress,
  emptyLiveReport,
  type LiveReport,
  type PhaseProgress
} from '../features/compare/liveReport'
import type { AppStore } from './index'

/** One frame's worth of a running job's events, applied together. */
export type JobUpdates = Readonly<{
  progress: readonly JobProgress[]
  partials: readonly ComparePartial[]
}>

export type LiveState = {
  /** The running comparison's report so far; null when no comparison runs. */
  live: LiveReport | null
  /** Each phase's last progress of the running comparison. */
  phases: PhaseProgress
  /** When the running comparison started, ms since the epoch; null when none runs. */
  startedAt: number | null
  /** The recent comparisons, newest first (as the backend keeps them). */
  recentComparisons: readonly RecentComparison[]
  /** A file dropped alone on the window, waiting for the person to say which side it is. */
  pendingDrop: File | null
  /** The side a file dropped alone goes to, once the person has said (for this session). */
  singleDropRole: FileRole | null
}

export type LiveActions = {
  /** A comparison starts: an empty live report and no phase yet. */
  startLive: () => void
  /** The job's events of one frame: progress per phase, partial results into the live report. */
  applyJobUpdates: (updates: JobUpdates) => void
  endLive: () => void
  setRecentComparisons: (recent: readonly RecentComparison[]) => void
  setPendingDrop: (file: File | null) => void
  setSingleDropRole: (role: FileRole | null) => void
}

export type LiveSlice = LiveState & LiveActions

export const initialLiveState: LiveState = {
  live: null,
  phases: {},
  startedAt: null,
  recentComparisons: [],
  pendingDrop: null,
  singleDropRole: null
}

export const createLiveSlice: StateCreator<AppStore, [], [], LiveSlice> = (set) => ({
  ...initialLiveState,
  startLive: () => set({ live: emptyLiveReport(null), phases: {}, startedAt: Date.now() }),
  applyJobUpdates: ({ progress, partials }) =>
    set((s) => {
      const last = progress[progress.length - 1]
      return {
        phases: applyProgress(s.phases, progress),
        ...(last === undefined ? {} : { progress: last }),
        ...(s.live === null || partials.length === 0
          ? {}
          : { live: applyPartials(s.live, partials) })
      }
    }),
  endLive: () => set({ live: null, phases: {}, startedAt: null }),
  setRecentComparisons: (recentComparisons) => set({ recentComparisons }),
  setPendingDrop: (pendingDrop) => set({ pendingDrop }),
  setSingleDropRole: (singleDropRole) => set({ singleDropRole })
})

export const liveSelectors = {
  isLive: (s: AppStore) => s.live !== null
}
