import type { StateCreator } from 'zustand'
import type { CompareValidationRequest } from '../../shared/api'
import type { Report, Suite, SuiteEdit, SuiteSource } from '../../shared/model'
import { applySuiteEdit } from '../../shared/validation/applySuiteEdit'
import type { AppStore } from './index'

/** The suite editor's work: the suite as the report checked it, the edits since, and the result of both. */
export type SuiteDraft = Readonly<{
  base: Suite
  source: SuiteSource
  edits: readonly SuiteEdit[]
  /** `base` with `edits` applied. */
  suite: Suite
}>

export type ValidationState = {
  /** Whether the next comparison validates the batch first. */
  isValidationOn: boolean
  /** The suite file the next comparison reads (the demo's or the project's), when there is one. */
  suitePath: string | null
  /** A suite the next comparisons check as it is (edits run without saving). */
  pendingSuite: Suite | null
  /** The open suite editor, or null. */
  draft: SuiteDraft | null
  editorMessage: Readonly<{ tone: 'error' | 'info'; text: string }> | null
  isSavingSuite: boolean
}

export type ValidationActions = {
  setValidationOn: (isOn: boolean) => void
  setSuitePath: (path: string | null) => void
  setPendingSuite: (suite: Suite | null) => void
  /** Opens the editor on the suite the report checked. */
  openSuiteEditor: (report: Report) => void
  closeSuiteEditor: () => void
  /** Applies one edit to the draft; refused edits leave the draft as it was and say why. */
  editSuite: (edit: SuiteEdit) => boolean
  /** The draft after a save: the file as read back is the new base, with no edits pending. */
  rebaseDraft: (suite: Suite, source: SuiteSource) => void
  setEditorMessage: (message: ValidationState['editorMessage']) => void
  setSavingSuite: (isSaving: boolean) => void
}

export type ValidationSlice = ValidationState & ValidationActions

export const initialValidationState: ValidationState = {
  isValidationOn: true,
  suitePath: null,
  pendingSuite: null,
  draft: null,
  editorMessage: null,
  isSavingSuite: false
}

export const createValidationSlice: StateCreator<AppStore, [], [], ValidationSlice> = (
  set,
  get
) => ({
  ...initialValidationState,
  setValidationOn: (isValidationOn) => set({ isValidationOn }),
  setSuitePath: (suitePath) => set({ suitePath }),
  setPendingSuite: (pendingSuite) => set({ pendingSuite }),
  openSuiteEditor: (report) => {
    const validation = report.validation
    if (validation === undefined) return
    set({
      draft: {
        base: validation.suite,
        source: validation.source,
        edits: [],
        suite: validation.suite
      },
      editorMessage: null
    })
  },
  closeSuiteEditor: () => set({ draft: null, editorMessage: null }),
  editSuite: (edit) => {
    const draft = get().draft
    if (draft === null) return false
    const applied = applySuiteEdit(draft.suite, edit)
    if (!applied.ok) {
      set({ editorMessage: { tone: 'error', text: applied.error.message } })
      return false
    }
    set({
      draft: { ...draft, edits: [...draft.edits, edit], suite: applied.value },
      editorMessage: null
    })
    return true
  },
  rebaseDraft: (suite, source) => set({ draft: { base: suite, source, edits: [], suite } }),
  setEditorMessage: (editorMessage) => set({ editorMessage }),
  setSavingSuite: (isSavingSuite) => set({ isSavingSuite })
})

export const validationSelectors = {
  /** The validation part of the next 'compare:run' request. */
  request: (s: AppStore): CompareValidationRequest | undefined => {
    if (!s.isValidationOn) return { enabled: false }
    if (s.pendingSuite !== null) return { suite: s.pendingSuite }
    if (s.suitePath !== null) return { suitePath: s.suitePath }
    return undefined
  },
  /** Where the editor can save: the suite file it came from, or the one an inferred suite would be saved as. */
  savePath: (s: AppStore): string | null => {
    const source = s.draft?.source
    if (source === undefined) return null
    if (source.kind === 'file') return source.path
    if (source.kind === 'inferred') return source.savePath ?? null
    return s.suitePath
  },
  hasEdits: (s: AppStore) => (s.draft?.edits.length ?? 0) > 0
}
