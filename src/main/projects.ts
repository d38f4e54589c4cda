/**
 * The backend's open projects: opening a folder (its driftwatch.yaml, or a config inferred for the person to
 * accept), accepting a config (driftwatch.yaml and the suite inferred from the reference are written, then
 * the project opens), the demo project, pause and resume, history and reports, and each project's events
 * passed on as `project:changed`. Every project is watched by its own ProjectService; several can be open
 * at once. Opening a folder grants it to the renderer (the person chose it).
 */
import { constants, existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, rename, stat } from 'node:fs/promises'
import { basename, isAbsolute, join, resolve } from 'node:path'
import type { Handlers, ProjectChanged, ProjectOpenResult } from '../shared/api'
import { err, ok, type Result } from '../shared/errors'
import type { ProjectConfig, ProjectSummary } from '../shared/model'
import type { Notifier } from './notify/notifier'
import {
  type AppStateStore,
  RECENT_MAX,
  withRecentProject,
  withWatchedProject
} from './project/appState'
import { inferProjectConfig, readProjectConfig, writeProjectConfig } from './project/config'
import { DEMO_DROP_FOLDER, DEMO_DROPS, ensureDemoProject } from './project/demoProject'
import { createProjectService, type ProjectService } from './project/projectService'
import { DEFAULT_SUITE_FILE } from './project/projectSuite'
import { writeSuiteFile } from './project/suiteFile'
import { scanDrops, watchDrops } from './watch/dropWatcher'
import type { WorkerPool } from './workers/pool'

export type ProjectRegistryOptions = Readonly<{
  pool: WorkerPool
  /**
   * A pool of one worker that runs every project history's actions, keeping each history attached between
   * them: no other worker of this process may open project histories.
   */
  historyPool: WorkerPool
  appVersion: string
  /** The app's own data folder (the demo project lives in it). */
  dataDir: string
  /** The bundled demo (resources/demo). */
  demoDir: string
  grantFolder: (path: string) => string
  emit: (change: ProjectChanged) => void
  /**
   * Delivers the notifications of a settled batch (done, or failed for good) per the project's
   * `notifications`; null when the host delivers them itself from the events (the desktop app).
   */
  notifier: Pick<Notifier, 'notify'> | null
  /** Where the recent and the watched projects are kept; absent: this session only. */
  appState?: AppStateStore
  /** A native folder dialog (Electron only). */
  pickFolder?: () => Promise<string | null>
  log: (level: 'info' | 'warn' | 'error', text: string) => void
}>

export type ProjectHandlerName =
  | 'project:open'
  | 'project:accept'
  | 'project:update'
  | 'project:list'
  | 'project:close'
  | 'project:pause'
  | 'project:resume'
  | 'project:history'
  | 'project:report'
  | 'project:rerun'
  | 'demo:open'
  | 'demo:nextWeek'
  | 'folders:pick'

export type ProjectRegistry = Readonly<{
  handlers: Pick<Handlers, ProjectHandlerName>
  /** Opens a folder as the app does. */
  open: (folder: string) => Promise<Result<ProjectOpenResult>>
  /** Opens again the projects that were watched when the app last stopped. */
  restore: () => Promise<void>
  summaries: () => Promise<readonly ProjectSummary[]>
  closeAll: () => Promise<void>
}>

export function createProjectRegistry(options: ProjectRegistryOptions): ProjectRegistry {
  const { pool, log } = options
  const open = new Map<string, ProjectService>()
  const recent: string[] = [...(options.appState?.get().recentProjects ?? [])]
  let demoFolder: string | null = null

  /** A project was opened: first of the recent ones, and watched again at the next start. */
  function remember(folder: string, isWatched: boolean): void {
    const i = recent.indexOf(folder)
    if (i >= 0) recent.splice(i, 1)
    recent.unshift(folder)
    recent.splice(RECENT_MAX)
    void options.appState?.update((s) =>
      withWatchedProject(withRecentProject(s, folder), folder, isWatched)
    )
  }

  async function describe(file: string) {
    return pool.submit({ op: 'describe', args: { path: file } }).result
  }

  async function checkFolder(folder: unknown): Promise<Result<string>> {
    if (typeof folder !== 'string' || folder.trim() === '') {
      return err('INVALID_OPTIONS', 'Give the path of a project folder, e.g. /home/me/churn-model.')
    }
    if (!isAbsolute(folder.trim())) {
      return err(
        'INVALID_OPTIONS',
        `${folder} is not a full path. Give the folder's full path, e.g. /home/me/churn-model.`
      )
    }
    const absolute = resolve(folder.trim())
    const found = await stat(absolute).catch(() => null)
    if (found === null)
      return err('FILE_NOT_FOUND', `There is no folder at ${absolute}. Check the path.`)
    if (!found.isDirectory()) {
      return err('NOT_A_FILE', `${absolute} is a file, not a folder. Open the project's folder.`)
    }
    return ok(absolute)
  }

  async function startProject(
    folder: string,
    config: ProjectConfig
  ): Promise<Result<ProjectSummary>> {
    const service = createProjectService({
      folder,
      config,
      pool,
      history: { pool: options.historyPool, keepAttached: true },
      drops: { watch: watchDrops, scan: scanDrops },
      appVersion: options.appVersion,
      isDemo: folder === demoFolder,
      log,
      onEvent: (summary, event, batch) => {
        options.emit({ folder, summary, event, ...(batch === undefined ? {} : { batch }) })
        if (batch !== undefined && options.notifier !== null) {
          void options.notifier.notify(summary.config.notifications ?? {}, {
            project: { folder, name: summary.name },
            batch
          })
        }
        if (event.kind === 'watch:paused' || event.kind === 'watch:resumed') {
          void options.appState?.update((s) =>
            withWatchedProject(s, folder, event.kind === 'watch:resumed')
          )
        }
      }
    })
    const started = await service.start()
    if (!started.ok) {
      await service.close()
      return started
    }
    open.set(folder, service)
    return started
  }

  async function openFolder(input: unknown): Promise<Result<ProjectOpenResult>> {
    const checked = await checkFolder(input)
    if (!checked.ok) return checked
    const folder = checked.value
    options.grantFolder(folder)
    const existing = open.get(folder)
    if (existing !== undefined) {
      return ok({ kind: 'opened', summary: await existing.summary(), problems: [] })
    }
    const read = await readProjectConfig(folder)
    if (!read.ok) {
      if (read.error.code !== 'FILE_NOT_FOUND') return read
      const proposal = await inferProjectConfig(folder, describe)
      return ok({ kind: 'proposal', folder, proposal })
    }
    const started = await startProject(folder, read.value.config)
    if (!started.ok) return started
    remember(folder, started.value.mode === 'watching')
    return ok({ kind: 'opened', summary: started.value, problems: read.value.problems })
  }

  /** Writes the suite inferred from the reference, unless the project already has its suite file. */
  async function writeInferredSuite(folder: string, config: ProjectConfig): Promise<Result<void>> {
    if (config.validation?.enabled === false) return ok(undefined)
    const path = resolve(folder, config.validation?.suite ?? DEFAULT_SUITE_FILE)
    if (existsSync(path)) return ok(undefined)
    const inferred = await pool.submit({
      op: 'infer',
      args: {
        reference: resolve(folder, config.reference),
        inferOptions: {
          name: config.name ?? basename(folder),
          optionalColumns: [...(config.ignore ?? [])]
        }
      }
    }).result
    if (!inferred.ok) return inferred
    await mkdir(join(path, '..'), { recursive: true })
    return writeSuiteFile(path, inferred.value.suite)
  }

  function serviceOf(folder: unknown): Result<ProjectService> {
    const service = typeof folder === 'string' ? open.get(resolve(folder)) : undefined
    return service === undefined
      ? err('NOT_FOUND', `The project ${String(folder)} is not open. Open its folder first.`)
      : ok(service)
  }

  async function demoProject(): Promise<string> {
    const project = await ensureDemoProject(options.demoDir, options.dataDir)
    demoFolder = project.folder
    return project.folder
  }

  const handlers: Pick<Handlers, ProjectHandlerName> = {
    'project:open': async (request) => openFolder(request?.folder),

    'project:accept': async (request) => {
      const checked = await checkFolder(request?.folder)
      if (!checked.ok) return checked
      const folder = checked.value
      if (open.has(folder)) return openFolder(folder)
      const written = await writeProjectConfig(folder, request.config)
      if (!written.ok) return written
      const read = await readProjectConfig(folder)
      if (!read.ok) return read
      const suite = await writeInferredSuite(folder, read.value.config)
      if (!suite.ok) {
        log('warn', `${folder}: the suite could not be inferred: ${suite.error.message}`)
      }
      return openFolder(folder)
    },

    'project:update': async (request) => {
      const service = serviceOf(request?.folder)
      if (!service.ok) return service
      const folder = service.value.folder
      const written = await writeProjectConfig(folder, request.config)
      if (!written.ok) return written
      // The project is watched again with the config as written (and read back).
      open.delete(folder)
      await service.value.close()
      return openFolder(folder)
    },

    'project:list': async () => ok({ open: await summaries(), recent: [...recent] }),

    'project:close': async (request) => {
      const service = serviceOf(request?.folder)
      if (!service.ok) return ok({ closed: false })
      open.delete(service.value.folder)
      await service.value.close()
      void options.appState?.update((s) => withWatchedProject(s, service.value.folder, false))
      return ok({ closed: true })
    },

    'project:pause': async (request) => {
      const service = serviceOf(request?.folder)
      return service.ok ? ok(await service.value.pause()) : service
    },

    'project:resume': async (request) => {
      const service = serviceOf(request?.folder)
      return service.ok ? ok(await service.value.resume()) : service
    },

    'project:history': async (request) => {
      const service = serviceOf(request?.folder)
      return service.ok ? service.value.history() : service
    },

    'project:report': async (request) => {
      const service = serviceOf(request?.folder)
      if (!service.ok) return service
      if (typeof request.runId !== 'string' || request.runId === '') {
        return err('INVALID_OPTIONS', 'project:report needs the runId of a processed batch.')
      }
      return service.value.report(request.runId)
    },

    'project:rerun': async (request) => {
      const service = serviceOf(request?.folder)
      if (!service.ok) return service
      if (typeof request.batchId !== 'string' || request.batchId === '') {
        return err('INVALID_OPTIONS', 'project:rerun needs the id of a batch of the project.')
      }
      return service.value.rerun(request.batchId)
    },

    'demo:open': async () => openFolder(await demoProject()),

    'demo:nextWeek': async () => {
      const folder = await demoProject()
      const drops = join(folder, DEMO_DROP_FOLDER)
      const present = new Set([
        ...(await readdir(drops).catch(() => [] as string[])),
        ...(await readdir(join(drops, 'processed')).catch(() => [] as string[]))
      ])
      const next = DEMO_DROPS.find((name) => !present.has(name))
      if (next === undefined) return ok({ copied: null, remaining: 0 })
      // Copied under a name the watcher skips, then renamed: the drop appears whole, as a finished download.
      const partial = join(drops, `.${next}.part`)
      await copyFile(join(options.demoDir, 'drops', next), partial, constants.COPYFILE_FICLONE)
      await rename(partial, join(drops, next))
      const remaining = DEMO_DROPS.filter((name) => name !== next && !present.has(name)).length
      return ok({ copied: next, remaining })
    },

    'folders:pick': async () => {
      if (options.pickFolder === undefined) {
        return err(
          'UNSUPPORTED',
          'This window cannot open a folder dialog; type the folder’s full path instead.'
        )
      }
      const picked = await options.pickFolder()
      return ok(picked === null ? null : options.grantFolder(picked))
    }
  }

  async function summaries(): Promise<ProjectSummary[]> {
    return Promise.all([...open.values()].map((s) => s.summary()))
  }

  return {
    handlers,
    open: openFolder,
    restore: async () => {
      for (const folder of options.appState?.get().watchedProjects ?? []) {
        const opened = await openFolder(folder)
        if (!opened.ok) log('warn', `${folder} could not be watched again: ${opened.error.message}`)
      }
    },
    summaries,
    closeAll: async () => {
      const services = [...open.values()]
      open.clear()
      await Promise.all(services.map((s) => s.close()))
    }
  }
}
