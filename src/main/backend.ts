/**
 * The contract between the backend (src/main/api.ts) and its hosts (Electron IPC, loopback HTTP, CLI/tests).
 * Hosts create one Backend, forward calls to `call`, forward events from `on`, and `grant` paths the person
 * opened through them (a native dialog, a drop, an upload, command-line arguments). `compare:run` refuses
 * any path that was not granted: the renderer may read only what the person opened.
 */
import type { AppApi, HostKind, ProjectOpenResult } from '../shared/api'
import type { Result } from '../shared/errors'
import type { DatasetRef, ProjectSummary } from '../shared/model'
import type { Notifier } from './notify/notifier'
import type { AppStateStore } from './project/appState'

export type BackendOptions = Readonly<{
  host: HostKind
  /** The demo comparison's folder (resources/demo by default). */
  demoDir?: string
  /**
   * The app's own data folder (the editable demo project lives here). Default: a folder inside `tempDir`,
   * gone with the backend; hosts pass a lasting one (the CLI: $DRIFTWATCH_HOME or ~/.driftwatch).
   */
  dataDir?: string
  /** Where uploads and other transient files live; created when missing. Default: a new folder in the OS temp dir. */
  tempDir?: string
  /** Worker threads for DuckDB. Default: 2. */
  workers?: number
  /** DuckDB's memory_limit of each worker, in MB. Default: 60% of RAM shared among the workers. */
  memoryLimitMb?: number
  /** DuckDB's threads setting of each worker. Default: the number of CPU cores. */
  threads?: number
  /** Native folder dialog, provided by the Electron host only. */
  pickFolder?: () => Promise<string | null>
  /**
   * Delivers a settled batch's notifications. Default: webhooks only (per each project's config); null:
   * the host delivers them itself from the `project:changed` events (the desktop app, with its tray).
   */
  notifier?: Pick<Notifier, 'notify'> | null
  /** Where the recent and watched projects are kept across sessions; absent: this session only. */
  appState?: AppStateStore
  /** Native file dialog, provided by the Electron host only. */
  pickFile?: (role: 'reference' | 'current') => Promise<string | null>
  /** Log sink; default writes to stderr. */
  log?: (level: 'info' | 'warn' | 'error', text: string) => void
}>

export type Backend = AppApi &
  Readonly<{
    /** Marks a file the person opened as readable by the renderer; returns its normalised ref. */
    grant: (path: string) => DatasetRef
    /** Marks a folder the person opened (a project) as readable and writable, with everything inside it. */
    grantFolder: (path: string) => string
    /** The temp folder for this backend's uploads. */
    tempDir: string
    /** Opens a project folder as `project:open` does. */
    openProject: (folder: string) => Promise<Result<ProjectOpenResult>>
    /** Opens again the projects that were watched when the app last stopped (per `appState`). */
    restoreProjects: () => Promise<void>
    /** The open projects. */
    projectSummaries: () => Promise<readonly ProjectSummary[]>
    /** Closes the projects, stops the workers and removes the temp folder. */
    dispose: () => Promise<void>
  }>
