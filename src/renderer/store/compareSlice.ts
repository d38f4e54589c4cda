import type { StateCreator } from 'zustand'
import type { AppInfo, JobProgress } from '../../shared/api'
import type { AppError } from '../../shared/errors'
import type { DatasetRef } from '../../shared/model'
import type { FileRole } from '../api'
import type { AppStore } from './index'

/** A file chosen for one side of the comparison. */
export type SlotFile = Readonly<{ ref: DatasetRef; name: string }>

export type RunStatus = 'idle' | 'running' | 'cancelling'

export type CompareState = {
  /** Startup (app:info, demo:get) has answered, successfully or not. */
  isStarted: boolean
  info: AppInfo | null
  reference: SlotFile | null
  current: SlotFile | null
  /** Comma-separated column names not to test, as typed. */
  ignoreText: string
  /** Other files offered as quick choices for the current slot (the demo's weekly drops). */
  quickDrops: readonly SlotFile[]
  status: RunStatus
  jobId: string | null
  progress: JobProgress | null
  /** Slots a file is being uploaded to or resolved for. */
  opening: readonly FileRole[]
  error: AppError | null
  /** A neutral remark, e.g. that the run was cancelled. */
  notice: string | null
}

export type CompareActions = {
  markStarted: () => void
  setInfo: (info: AppInfo) => void
  setSlot: (role: FileRole, file: SlotFile | null) => void
  /** The reference becomes the current file and the current the reference. */
  swapSlots: () => void
  setIgnoreText: (text: string) => void
  setQuickDrops: (drops: readonly SlotFile[]) => void
  setOpening: (role: FileRole, isOpening: boolean) => void
  startRun: () => void
  setJob: (jobId: string) => void
  setProgress: (progress: JobProgress) => void
  setCancelling: () => void
  endRun: (outcome: Readonly<{ error?: AppError; notice?: string }>) => void
  showError: (error: AppError) => void
  /** A neutral remark for the person (what a drop did, why it did nothing). */
  showNotice: (notice: string) => void
  dismissError: () => void
}

export type CompareSlice = CompareState & CompareActions

export const initialCompareState: CompareState = {
  isStarted: false,
  info: null,
  reference: null,
  current: null,
  ignoreText: '',
  quickDrops: [],
  status: 'idle',
  jobId: null,
  progress: null,
  opening: [],
  error: null,
  notice: null
}

export const createCompareSlice: StateCreator<AppStore, [], [], CompareSlice> = (set) => ({
  ...initialCompareState,
  markStarted: () => set({ isStarted: true }),
  setInfo: (info) => set({ info }),
  setSlot: (role, file) =>
    set(role === 'reference' ? { reference: file, error: null } : { current: file, error: null }),
  swapSlots: () => set((s) => ({ reference: s.current, current: s.reference })),
  setIgnoreText: (ignoreText) => set({ ignoreText }),
  setQuickDrops: (quickDrops) => set({ quickDrops }),
  setOpening: (role, isOpening) =>
    set((s) => ({
      opening: isOpening
        ? [...s.opening.filter((r) => r !== role), role]
        : s.opening.filter((r) => r !== role)
    })),
  startRun: () =>
    set({ status: 'running', jobId: null, progress: null, error: null, notice: null }),
  setJob: (jobId) => set({ jobId }),
  setProgress: (progress) => set({ progress }),
  setCancelling: () => set((s) => (s.status === 'running' ? { status: 'cancelling' } : {})),
  endRun: ({ error, notice }) =>
    set({
      status: 'idle',
      jobId: null,
      progress: null,
      error: error ?? null,
      notice: notice ?? null
    }),
  showError: (error) => set({ error, notice: null }),
  showNotice: (notice) => set({ notice }),
  dismissError: () => set({ error: null })
})

/** Splits the ignore field into column names: commas separate, blanks are dropped, duplicates kept once. */
export function parseIgnoreList(text: string): string[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  return [...new Set(names)]
}

/** The file name of a path, for either separator. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}

/** A file name without its last extension: `week2.csv` -> `week2`. */
export function stem(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(0, dot) : name
}

export const compareSelectors = {
  isRunning: (s: AppStore) => s.status !== 'idle',
  canRun: (s: AppStore) =>
    s.status === 'idle' && s.opening.length === 0 && s.reference !== null && s.current !== null,
  ignoreList: (s: AppStore) => parseIgnoreList(s.ignoreText)
}
