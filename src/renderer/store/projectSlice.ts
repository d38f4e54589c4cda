import type { StateCreator } from 'zustand'
import type { ProjectChanged } from '../../shared/api'
import type { AppError } from '../../shared/errors'
import type {
  ConfigProblem,
  ConfigProposal,
  ProjectHistory,
  ProjectSummary
} from '../../shared/model'
import type { AppStore } from './index'

/** Which screen the window shows. */
export type AppView = 'project' | 'compare'

export type ProjectState = {
  view: AppView
  /** The projects open in the app, in the order they were opened. */
  projects: readonly ProjectSummary[]
  recent: readonly string[]
  /** The project the overview shows. */
  activeFolder: string | null
  /** The active project's history (batches, per-column results, events). */
  history: ProjectHistory | null
  /** A config inferred for a folder without driftwatch.yaml, waiting for the person. */
  proposal: Readonly<{ folder: string; proposal: ConfigProposal }> | null
  /** Problems of the active project's driftwatch.yaml (the rest of it is used). */
  configProblems: readonly ConfigProblem[]
  /** The run whose report the overview shows, if any. */
  openRunId: string | null
  /** The column whose trend is drawn. */
  trendColumn: string | null
  projectError: AppError | null
  projectNotice: string | null
  isProjectBusy: boolean
}

export type ProjectActions = {
  setView: (view: AppView) => void
  setProjects: (projects: readonly ProjectSummary[], recent: readonly string[]) => void
  /** A project was opened (or reopened): it becomes the active one (the screen shown stays). */
  showProject: (summary: ProjectSummary, problems: readonly ConfigProblem[]) => void
  /** An event of an open project: its summary is replaced. */
  applyProjectChange: (change: ProjectChanged) => void
  /** A project's summary as an answer gave it (pause, resume). */
  replaceSummary: (summary: ProjectSummary) => void
  setHistory: (history: ProjectHistory) => void
  setProposal: (proposal: ProjectState['proposal']) => void
  setOpenRun: (runId: string | null) => void
  setTrendColumn: (column: string | null) => void
  setProjectError: (error: AppError | null) => void
  setProjectNotice: (notice: string | null) => void
  setProjectBusy: (isBusy: boolean) => void
}

export type ProjectSlice = ProjectState & ProjectActions

export const initialProjectState: ProjectState = {
  view: 'project',
  projects: [],
  recent: [],
  activeFolder: null,
  history: null,
  proposal: null,
  configProblems: [],
  openRunId: null,
  trendColumn: null,
  projectError: null,
  projectNotice: null,
  isProjectBusy: false
}

export const createProjectSlice: StateCreator<AppStore, [], [], ProjectSlice> = (set) => ({
  ...initialProjectState,
  setView: (view) => set({ view }),
  setProjects: (projects, recent) => set({ projects, recent }),
  showProject: (summary, problems) =>
    set((s) => ({
      projects: [...s.projects.filter((p) => p.folder !== summary.folder), summary],
      activeFolder: summary.folder,
      configProblems: problems,
      proposal: null,
      openRunId: null,
      history: s.activeFolder === summary.folder ? s.history : null,
      trendColumn: s.activeFolder === summary.folder ? s.trendColumn : null,
      projectError: null
    })),
  applyProjectChange: (change) =>
    set((s) => ({
      projects: s.projects.some((p) => p.folder === change.folder)
        ? s.projects.map((p) => (p.folder === change.folder ? change.summary : p))
        : s.projects
    })),
  replaceSummary: (summary) =>
    set((s) => ({
      projects: s.projects.map((p) => (p.folder === summary.folder ? summary : p))
    })),
  setHistory: (history) => set({ history }),
  setProposal: (proposal) => set({ proposal, projectError: null }),
  setOpenRun: (openRunId) => set({ openRunId }),
  setTrendColumn: (trendColumn) => set({ trendColumn }),
  setProjectError: (projectError) => set({ projectError }),
  setProjectNotice: (projectNotice) => set({ projectNotice }),
  setProjectBusy: (isProjectBusy) => set({ isProjectBusy })
})

export const projectSelectors = {
  active: (s: AppStore): ProjectSummary | null =>
    s.projects.find((p) => p.folder === s.activeFolder) ?? null
}
