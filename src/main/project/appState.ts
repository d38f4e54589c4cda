/**
 * The app's own settings, kept between launches in `app-state.json` in the app's data folder: the recent
 * projects, the projects being watched (re-opened at start), the recent comparisons of two files, start at
 * login and the window's bounds. Shared by the desktop host and `driftwatch serve`.
 *
 * Reading never fails: a missing file gives the defaults; an unreadable one (not JSON, not an object, a
 * newer version) gives the defaults with a logged warning and is kept aside as `app-state.json.corrupt`; a
 * field of the wrong type falls back to its default alone. Folders that no longer exist are dropped, and so
 * are recent comparisons whose files no longer exist.
 * Writing is atomic (a temporary file in the same folder, flushed, then renamed over the old one), so a
 * crash mid-write leaves the previous settings, never half a file.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { RecentComparison } from '../../shared/api'

/** The window's position and size (its normal bounds when maximized), in screen pixels. */
export type WindowBounds = Readonly<{
  x: number
  y: number
  width: number
  height: number
  isMaximized: boolean
}>

export type AppState = Readonly<{
  version: 1
  /** Project folders the person opened, most recent first, at most RECENT_MAX, existing ones only. */
  recentProjects: readonly string[]
  /** Project folders being watched, re-opened at start. */
  watchedProjects: readonly string[]
  /** Comparisons of two files that finished, newest first, at most RECENT_MAX (uploads are not kept). */
  recentComparisons: readonly RecentComparison[]
  /** Whether the person asked the app to start at login (in the background). */
  openAtLogin: boolean
  /** Where the window was; null: the default size, centred. */
  windowBounds: WindowBounds | null
}>

export type LogSink = (level: 'info' | 'warn' | 'error', text: string) => void

export const APP_STATE_FILE = 'app-state.json'
export const RECENT_MAX = 10
/** Bounds smaller than this are not a window anyone meant to keep. */
const MIN_WINDOW_SIDE = 200

export const DEFAULT_APP_STATE: AppState = {
  version: 1,
  recentProjects: [],
  watchedProjects: [],
  recentComparisons: [],
  openAtLogin: false,
  windowBounds: null
}

/**
 * The settings in a parsed file, each field checked on its own: a field of the wrong type takes its
 * default and is named in `problems`. Null when the whole value is unusable (not an object, another
 * version). Paths are resolved and deduplicated; existence is checked by `readAppState`. O(n).
 */
export function parseAppState(
  value: unknown
): Readonly<{ state: AppState; problems: readonly string[] }> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const record = value as Record<string, unknown>
  if (record['version'] !== 1) return null
  const problems: string[] = []
  const folders = (key: 'recentProjects' | 'watchedProjects'): readonly string[] => {
    const list = record[key]
    if (list === undefined) return []
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' && v.length > 0)) {
      problems.push(key)
      return []
    }
    return uniqueFolders(list as string[])
  }
  const recentProjects = folders('recentProjects').slice(0, RECENT_MAX)
  const watchedProjects = folders('watchedProjects')
  const comparisons = record['recentComparisons']
  let recentComparisons: RecentComparison[] = []
  if (comparisons !== undefined) {
    if (Array.isArray(comparisons) && comparisons.every(isRecentComparison)) {
      recentComparisons = comparisons.slice(0, RECENT_MAX)
    } else {
      problems.push('recentComparisons')
    }
  }
  const openAtLogin = record['openAtLogin']
  if (openAtLogin !== undefined && typeof openAtLogin !== 'boolean') problems.push('openAtLogin')
  const bounds = record['windowBounds']
  const windowBounds = bounds === undefined || bounds === null ? null : parseBounds(bounds)
  if (bounds !== undefined && bounds !== null && windowBounds === null)
    problems.push('windowBounds')
  return {
    state: {
      version: 1,
      recentProjects,
      watchedProjects,
      recentComparisons,
      openAtLogin: openAtLogin === true,
      windowBounds
    },
    problems
  }
}

function parseBounds(value: unknown): WindowBounds | null {
  if (typeof value !== 'object' || value === null) return null
  const { x, y, width, height, isMaximized } = value as Record<string, unknown>
  const numbers = [x, y, width, height]
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return null
  if ((width as number) < MIN_WINDOW_SIDE || (height as number) < MIN_WINDOW_SIDE) return null
  return {
    x: Math.round(x as number),
    y: Math.round(y as number),
    width: Math.round(width as number),
    height: Math.round(height as number),
    isMaximized: isMaximized === true
  }
}

/** Whether a value read from the file is a well-formed recent comparison. O(1). */
export function isRecentComparison(value: unknown): value is RecentComparison {
  if (typeof value !== 'object' || value === null) return false
  const { reportId, reference, current, finishedAt, verdict } = value as Record<string, unknown>
  const isFile = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null) return false
    const { path, name } = v as Record<string, unknown>
    return typeof path === 'string' && path.length > 0 && typeof name === 'string'
  }
  if (typeof reportId !== 'string' || typeof finishedAt !== 'string') return false
  if (!isFile(reference) || !isFile(current)) return false
  if (typeof verdict !== 'object' || verdict === null) return false
  const { drifted, numberOfDrifted, numberOfColumns, gate } = verdict as Record<string, unknown>
  return (
    typeof drifted === 'boolean' &&
    typeof numberOfDrifted === 'number' &&
    typeof numberOfColumns === 'number' &&
    (gate === 'valid' || gate === 'invalid' || gate === 'unchecked')
  )
}

function uniqueFolders(folders: readonly string[]): string[] {
  return [...new Set(folders.map((folder) => resolve(folder)))]
}

/**
 * Reads the settings in `dataDir`: the defaults when there are none; the defaults and a warning when the
 * file is unreadable (kept aside as `app-state.json.corrupt`). Drops folders that no longer exist.
 */
export async function readAppState(dataDir: string, log: LogSink): Promise<AppState> {
  const file = join(dataDir, APP_STATE_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      log(
        'warn',
        `Driftwatch could not read its settings in ${file} (${String(e)}); it starts with the default settings.`
      )
    }
    return DEFAULT_APP_STATE
  }
  let parsed: ReturnType<typeof parseAppState> = null
  let why = 'it is not a Driftwatch settings file of this version'
  try {
    parsed = parseAppState(JSON.parse(text))
  } catch (e) {
    why = `it is not valid JSON: ${e instanceof Error ? e.message : String(e)}`
  }
  if (parsed === null) {
    const aside = `${file}.corrupt`
    const kept = await rename(file, aside).then(
      () => true,
      () => false
    )
    log(
      'warn',
      `Driftwatch's settings in ${file} could not be used (${why}); it starts with the default settings${kept ? ` and kept the old file as ${aside}` : ''}.`
    )
    return DEFAULT_APP_STATE
  }
  if (parsed.problems.length > 0) {
    log(
      'warn',
      `Some of Driftwatch's settings in ${file} were not readable (${parsed.problems.join(', ')}); those start from their defaults.`
    )
  }
  const state = parsed.state
  return {
    ...state,
    recentProjects: await existingFolders(state.recentProjects),
    watchedProjects: await existingFolders(state.watchedProjects),
    recentComparisons: await existingComparisons(state.recentComparisons)
  }
}

async function existingComparisons(
  comparisons: readonly RecentComparison[]
): Promise<RecentComparison[]> {
  const isFile = (path: string): Promise<boolean> =>
    stat(path).then(
      (s) => s.isFile(),
      () => false
    )
  const checks = await Promise.all(
    comparisons.map(async (c) => (await isFile(c.reference.path)) && (await isFile(c.current.path)))
  )
  return comparisons.filter((_, i) => checks[i] === true)
}

async function existingFolders(folders: readonly string[]): Promise<string[]> {
  const checks = await Promise.all(
    folders.map((folder) =>
      stat(folder).then(
        (s) => s.isDirectory(),
        () => false
      )
    )
  )
  return folders.filter((_, i) => checks[i] === true)
}

/**
 * Writes the settings to `dataDir` atomically (creating the folder): a temporary file beside the target,
 * flushed to disk, renamed over it. Rejects when the disk refuses; the old settings then stay as they were.
 */
export async function writeAppState(dataDir: string, state: AppState): Promise<void> {
  await mkdir(dataDir, { recursive: true })
  const file = join(dataDir, APP_STATE_FILE)
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const handle = await open(temporary, 'w')
  try {
    await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temporary, file)
  } catch (e) {
    await rm(temporary, { force: true })
    throw e
  }
}

/** The settings with `folder` as the most recent project (moved to the front, at most RECENT_MAX). */
export function withRecentProject(state: AppState, folder: string): AppState {
  const resolved = resolve(folder)
  const others = state.recentProjects.filter((f) => f !== resolved)
  return { ...state, recentProjects: [resolved, ...others].slice(0, RECENT_MAX) }
}

/**
 * The settings with `comparison` as the most recent comparison: an earlier run of the same two files is
 * replaced, and at most RECENT_MAX are kept.
 */
export function withRecentComparison(state: AppState, comparison: RecentComparison): AppState {
  const others = state.recentComparisons.filter((c) => !isSamePair(c, comparison))
  return { ...state, recentComparisons: [comparison, ...others].slice(0, RECENT_MAX) }
}

/** Whether two comparisons are of the same reference and current files. */
export function isSamePair(a: RecentComparison, b: RecentComparison): boolean {
  return a.reference.path === b.reference.path && a.current.path === b.current.path
}

/** The settings without `folder` among the recent and the watched projects (the person removed it). */
export function withoutProject(state: AppState, folder: string): AppState {
  const resolved = resolve(folder)
  return {
    ...state,
    recentProjects: state.recentProjects.filter((f) => f !== resolved),
    watchedProjects: state.watchedProjects.filter((f) => f !== resolved)
  }
}

/** The settings with `folder` watched at the next start, or not. */
export function withWatchedProject(state: AppState, folder: string, isWatched: boolean): AppState {
  const resolved = resolve(folder)
  const others = state.watchedProjects.filter((f) => f !== resolved)
  return { ...state, watchedProjects: isWatched ? [...others, resolved] : others }
}

/** The settings in memory, saved after each change. */
export type AppStateStore = Readonly<{
  get: () => AppState
  /**
   * Applies `change` at once (so `get` sees it) and saves; resolves once saved, to false (with a logged
   * warning) when the disk refused. Saves run one at a time; changes made meanwhile go in the next save.
   */
  update: (change: (state: AppState) => AppState) => Promise<boolean>
  /** Resolves once every change so far is saved (or failed to save). */
  flush: () => Promise<boolean>
}>

/** Reads the settings in `dataDir` and keeps them, saving every change. */
export async function openAppStateStore(dataDir: string, log: LogSink): Promise<AppStateStore> {
  return createAppStateStore(dataDir, await readAppState(dataDir, log), log)
}

/** A store over `initial`, saving to `dataDir`. */
export function createAppStateStore(
  dataDir: string,
  initial: AppState,
  log: LogSink
): AppStateStore {
  let state = initial
  let saved: AppState = initial
  let saving: Promise<boolean> = Promise.resolve(true)

  function save(): Promise<boolean> {
    saving = saving.then(async () => {
      if (state === saved) return true
      const snapshot = state
      try {
        await writeAppState(dataDir, snapshot)
        saved = snapshot
        return true
      } catch (e) {
        log(
          'warn',
          `Driftwatch could not save its settings in ${dataDir} (${String(e)}); they will be saved with the next change.`
        )
        return false
      }
    })
    return saving
  }

  return {
    get: () => state,
    update(change) {
      state = change(state)
      return save()
    },
    flush: () => save()
  }
}
