import type { StateCreator } from 'zustand'
import type { RowFilter } from '../../shared/model'
import type { AppStore } from './index'

/** Which of a report's two datasets a preview shows. */
export type PreviewSide = 'reference' | 'current'

/**
 * The open data preview: the report's side it shows, the rows it keeps (all without a filter), and a column
 * to show first (the one it was opened from; a filter's own column comes first otherwise).
 */
export type PreviewTarget = Readonly<{
  side: PreviewSide
  filter: RowFilter | null
  column?: string
}>

export type PreviewState = {
  /** The data preview over the report on screen, or null when it is closed. */
  preview: PreviewTarget | null
}

export type PreviewActions = {
  /** Opens the preview (or changes what the open one shows). */
  openPreview: (target: PreviewTarget) => void
  closePreview: () => void
  setPreviewSide: (side: PreviewSide) => void
  /** Shows every row again. */
  clearPreviewFilter: () => void
}

export type PreviewSlice = PreviewState & PreviewActions

export const initialPreviewState: PreviewState = { preview: null }

export const createPreviewSlice: StateCreator<AppStore, [], [], PreviewSlice> = (set) => ({
  ...initialPreviewState,
  openPreview: (preview) => set({ preview }),
  closePreview: () => set({ preview: null }),
  setPreviewSide: (side) => set((s) => (s.preview ? { preview: { ...s.preview, side } } : {})),
  clearPreviewFilter: () =>
    set((s) => (s.preview ? { preview: { ...s.preview, filter: null } } : {}))
})
