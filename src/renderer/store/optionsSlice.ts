import type { StateCreator } from 'zustand'
import {
  buildDriftOptions,
  DEFAULT_OPTIONS_FORM,
  hasProblems,
  optionsProblems,
  type ChoiceForm,
  type OptionsForm
} from '../features/compare/optionsForm'
import type { KindGroup } from '../features/compare/testChoices'
import type { Report } from '../../shared/model'
import { parseIgnoreList } from './compareSlice'
import type { AppStore } from './index'

/** The run options as typed, whether their panel is open, and the column names the last report showed. */
export type OptionsState = {
  options: OptionsForm
  isOptionsOpen: boolean
  /** Column names of the last report's inputs, offered for the target and prediction fields. */
  knownColumns: readonly string[]
}

export type OptionsActions = {
  setOptionsOpen: (isOpen: boolean) => void
  /** Changes top-level fields (rule, share, alpha, target, prediction, task, multivariate, seed). */
  updateOptions: (
    patch: Partial<Omit<OptionsForm, 'numeric' | 'categorical' | 'perColumn'>>
  ) => void
  setKindChoice: (group: KindGroup, patch: Partial<ChoiceForm>) => void
  /** A column's own test and threshold; null removes it (the column follows its kind again). */
  setColumnChoice: (column: string, choice: ChoiceForm | null) => void
  resetOptions: () => void
  rememberColumns: (report: Report) => void
}

export type OptionsSlice = OptionsState & OptionsActions

export const initialOptionsState: OptionsState = {
  options: DEFAULT_OPTIONS_FORM,
  isOptionsOpen: false,
  knownColumns: []
}

export const createOptionsSlice: StateCreator<AppStore, [], [], OptionsSlice> = (set) => ({
  ...initialOptionsState,
  setOptionsOpen: (isOptionsOpen) => set({ isOptionsOpen }),
  updateOptions: (patch) => set((s) => ({ options: { ...s.options, ...patch } })),
  setKindChoice: (group, patch) =>
    set((s) => ({ options: { ...s.options, [group]: { ...s.options[group], ...patch } } })),
  setColumnChoice: (column, choice) =>
    set((s) => {
      const perColumn = { ...s.options.perColumn }
      if (choice === null) delete perColumn[column]
      else perColumn[column] = choice
      return { options: { ...s.options, perColumn } }
    }),
  resetOptions: () => set({ options: DEFAULT_OPTIONS_FORM }),
  rememberColumns: (report) => set({ knownColumns: reportColumnNames(report) })
})

/** Every column name of either input, in the reference's order, then the current's new ones. */
export function reportColumnNames(report: Report): string[] {
  const names = [
    ...report.inputs.reference.columns.map((c) => c.name),
    ...report.inputs.current.columns.map((c) => c.name)
  ]
  return [...new Set(names)]
}

export const optionsSelectors = {
  /** Whether the options can be sent (each selector returns a primitive, so it is safe in a hook). */
  isValid: (s: AppStore) => !hasProblems(optionsProblems(s.options, parseIgnoreList(s.ignoreText))),
  /** The options of the next 'compare:run' request, or the messages that stop it (a new object: not for hooks). */
  built: (s: AppStore) => buildDriftOptions(s.options, parseIgnoreList(s.ignoreText)),
  columnChoice: (column: string) => (s: AppStore) => s.options.perColumn[column] ?? null
}
