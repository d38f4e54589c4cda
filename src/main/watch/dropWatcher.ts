/**
 * Drop watcher: watches a project's drop folders (and their subfolders) and reports each data file once it
 * is ready to be processed: it matches the folder's patterns and its size and modification time have not
 * changed for `stableMs`. It reads no content, hashes nothing and opens no database; deciding whether a
 * ready file is a new batch (by its content hash) is the pipeline's job, so a file is reported again when its
 * size or modification time changes later.
 *
 * What is left out, and how:
 * - silently: transient names (partial downloads, temp and swap files, Office lock files, dotfiles and
 *   dot-folders: {@link isTransientName}), names matching none of the patterns, folders named in
 *   `skipFolders` (e.g. the archive folder `processed`), which are never looked into;
 * - reported once per path and reason to `onIgnored`: a folder named like a data file (`week4.csv/`, not
 *   looked into either: its parts are not batches of their own), a file that stays empty for `stableMs`
 *   (reported as ready once it has content), a file that cannot be opened for reading, a pipe or device
 *   named like a data file.
 *
 * A drop folder that does not exist, or is removed while watched, is reported to `onError` and awaited: the
 * nearest existing parent is watched (one native watch), and watching starts as soon as the folder is
 * created, however many levels were missing. Problems of the watcher itself (limits on watches or open files)
 * are reported to `onError` once per folder and kind; whatever could be watched stays watched.
 *
 * Cost: one native watch per folder and per matching file (chokidar 4 over Node's fs.watch: inotify on
 * Linux, FSEvents and kqueue on macOS, ReadDirectoryChangesW on Windows; never polling). The initial scan
 * lists every folder once and stats the matching files; afterwards nothing runs unless the file system
 * reports a change, and then only the changed path is looked at (src/main/watch/dropTracker.ts, which also
 * has the rule for when a file counts as unchanged). Files whose names match no pattern are not watched,
 * so a folder full of other files costs one watch.
 *
 * Names are matched without regard to case (`*.csv` takes `DATA.CSV`, `processed` skips `Processed`), since
 * exporters and the file systems of Windows and macOS do not keep it reliably.
 *
 * @example
 * const watcher = watchDrops({
 *   folders: [{ path: '/data/project/data-drift', patterns: ['week*.csv'] }],
 *   stableMs: 2000,
 *   skipFolders: ['processed'],
 *   onReady: (file) => queue.add(file.path),
 *   onIgnored: (file) => log.info(file.reason),
 *   onError: (error) => log.warn(error.message)
 * })
 * await watcher.ready // the files already there are reported, oldest first
 * // ... later
 * await watcher.close()
 */
import { DEFAULT_DROP_PATTERNS, matchesPatterns } from '../../shared/project/dropPatterns'
import { type Dirent, type FSWatcher, type Stats, constants, watch as watchNative } from 'node:fs'
import { access, readdir, realpath, stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path'
import { watch as watchFolderTree } from 'chokidar'
import {
  byModified,
  createDropTracker,
  type DropTracker,
  mapLimited,
  callSafely
} from './dropTracker'

/** A file ready to be processed. `modifiedMs` is its mtime (`fs.Stats.mtimeMs`). */
export type DropFile = Readonly<{
  path: string /* absolute */
  sizeBytes: number
  modifiedMs: number
}>

/** A path left out, with the reason as a sentence naming the file (shown to the person as it is). */
export type IgnoredFile = Readonly<{ path: string; reason: string /* a sentence */ }>

/** A problem of the watcher itself; `message` is a sentence saying what happened and what to do. */
export type DropError = Readonly<{ message: string; detail?: string }>

/** A watched folder and the file-name patterns that count in it (default: every data file the engine reads). */
export type DropFolderWatch = Readonly<{
  path: string /* absolute */
  patterns?: readonly string[]
}>

export type DropWatcherOptions = Readonly<{
  folders: readonly DropFolderWatch[]
  /** A file counts once its size and mtime are unchanged this long. */
  stableMs: number
  /** Folder names inside drop folders never looked into (e.g. the archive folder 'processed'). */
  skipFolders?: readonly string[]
  /** A stable file matching the patterns (again when its content changes later). */
  onReady: (file: DropFile) => void
  /**
   * A file matching the patterns that was just created, written or renamed into place, with content,
   * before it is known to be stable: a chance to start reading it while its quiet period runs. Whatever is
   * read then is only good if the file is later reported ready with this very size and modification time.
   */
  onArriving?: (file: DropFile) => void
  /** Reported once per path and reason: a folder named like a data file, an empty or unreadable file. */
  onIgnored: (file: IgnoredFile) => void
  /** The watcher itself (a drop folder missing or deleted, a limit on watches reached); it keeps going. */
  onError: (error: DropError) => void
}>

export type DropWatcher = Readonly<{
  /** Resolves once the initial scan is done: existing files are reported too (the pipeline catches up on them). */
  ready: Promise<void>
  /** Stops every watch and timer; nothing is reported afterwards. */
  close: () => Promise<void>
}>

export type DropScanOptions = Omit<
  DropWatcherOptions,
  'onReady' | 'onArriving' | 'onIgnored' | 'onError'
> &
  Readonly<{
    /**
     * How long the scan waits for files that keep changing; default the larger of one minute and twice
     * `stableMs`. A file still changing then is returned as ignored, for the next scan.
     */
    maxWaitMs?: number
  }>

/** One scan: the ready files, oldest mtime first; what was left out; problems with the folders. */
export type DropScan = Readonly<{
  ready: DropFile[]
  ignored: IgnoredFile[]
  errors: DropError[]
}>

const TRANSIENT_SUFFIXES = [
  '.part',
  '.partial',
  '.crdownload',
  '.download',
  '.filepart',
  '.crswap',
  '.tmp',
  '.temp',
  '.swp',
  '.swo',
  '~'
]

/**
 * Whether a file name belongs to a file that is not finished or not data: partial downloads (`.part`,
 * `.partial`, `.crdownload`, `.download`, `.filepart`, `.crswap`), temp files (`.tmp`, `.temp`), editor swap
 * and backup files (`.swp`, `.swo`, a trailing `~`), Office lock files (`~$*`) and dotfiles (also rsync's
 * temp files and `.driftwatch/`). Case-insensitive.
 *
 * @example isTransientName('week4.csv.crdownload') // true
 * @example isTransientName('week4.csv') // false
 */
export function isTransientName(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~$')) return true
  const lower = name.toLowerCase()
  return TRANSIENT_SUFFIXES.some((suffix) => lower.endsWith(suffix))
}

/**
 * Whether a file name matches one of the glob patterns (`*` any run of characters, `?` one character),
 * regardless of case; no patterns (absent or an empty list) means every data file the engine reads
 * (DEFAULT_DROP_PATTERNS, shared with the config editor so both decide alike).
 *
 * @example fileNameMatches('Week4.CSV', ['week*.csv']) // true
 * @example fileNameMatches('week4.csv.bak', ['week*.csv']) // false
 */
export function fileNameMatches(name: string, patterns: readonly string[] | undefined): boolean {
  const list = patterns === undefined || patterns.length === 0 ? DEFAULT_DROP_PATTERNS : patterns
  return matchesPatterns(name, list, { caseSensitive: false })
}

/**
 * Watches the drop folders and reports ready files as they arrive, and those already there (oldest
 * modification first) before `ready` resolves. Missing folders are reported and awaited.
 * Throws only on malformed options (a relative folder path, a negative `stableMs`).
 */
export function watchDrops(options: DropWatcherOptions): DropWatcher {
  const rules = folderRules(options)
  const onError = (error: DropError): void =>
    callSafely(options, 'onError', () => options.onError(error))
  const tracker = createDropTracker({
    stableMs: options.stableMs,
    onReady: options.onReady,
    onIgnored: options.onIgnored,
    onError
  })
  /** What stops each folder's watching: its chokidar watcher, or the wait for it to be created. */
  const stoppers = new Map<string, () => Promise<void>>()
  const closing: Promise<void>[] = []
  const reportedFailures = new Set<string>()
  let closed = false
  let signalClosed = (): void => {}
  const whenClosed = new Promise<void>((resolve) => {
    signalClosed = resolve
  })

  const awaitCreation = (rule: FolderRule): void => {
    const stop = awaitFolder(
      rule.path,
      () => {
        stoppers.delete(rule.path)
        watchFolder(rule, true).catch((e: unknown) => onError(watchFailure(rule.path, e).error))
      },
      onError
    )
    stoppers.set(rule.path, async () => stop())
  }

  const folderRemoved = (rule: FolderRule): void => {
    if (closed) return
    onError({
      message: `The drop folder ${rule.path} was removed or renamed; Driftwatch starts watching it again when it is created.`
    })
    tracker.forgetInside(rule.path)
    const stop = stoppers.get(rule.path)
    if (stop !== undefined) {
      // Chokidar is still inside its own removal here; closing it now would leave one native watch open.
      closing.push(new Promise<void>((resolve) => setImmediate(() => void stop().then(resolve))))
    }
    awaitCreation(rule)
  }

  const watchFailed = (rule: FolderRule, error: unknown): void => {
    const failure = watchFailure(rule.path, error)
    const key = `${rule.path}\n${failure.key}`
    if (reportedFailures.has(key)) return
    reportedFailures.add(key)
    onError(failure.error)
  }

  /** Watches one folder; resolves after its initial scan (at once when it is missing and awaited). */
  const watchFolder = async (rule: FolderRule, live: boolean): Promise<void> => {
    const state = await folderState(rule.path)
    if (closed) return
    if (state === 'missing' || state === 'not a folder') {
      onError({ message: folderStateMessage(rule.path, state) })
      awaitCreation(rule)
      return
    }
    if (state !== 'folder') {
      onError({ message: folderStateMessage(rule.path, state) })
      return
    }
    const watcher = watchFolderTree(rule.path, {
      ignoreInitial: false,
      persistent: true,
      // Unreadable files are reported by the tracker (it tries to open them) instead of skipped unseen.
      ignorePermissionErrors: true,
      ignored: (path, stats) => {
        const native = normalize(path)
        const verdict = classify(rule, native, stats === undefined ? undefined : kindOfStats(stats))
        if (typeof verdict === 'string') return verdict === 'skip'
        tracker.ignore(native, verdict.ignore)
        return true
      }
    })
    stoppers.set(rule.path, () => watcher.close())
    let fresh = live
    const arriving = (path: string, stats: Stats | undefined): void => {
      const onArriving = options.onArriving
      if (onArriving === undefined || stats === undefined || !stats.isFile() || stats.size === 0)
        return
      const file = { path, sizeBytes: stats.size, modifiedMs: stats.mtimeMs }
      callSafely(options, 'onArriving', () => onArriving(file))
    }
    watcher
      .on('add', (path, stats) => {
        tracker.observe(normalize(path), stats, fresh)
        if (fresh) arriving(normalize(path), stats)
      })
      .on('change', (path, stats) => {
        tracker.observe(normalize(path), stats, true)
        arriving(normalize(path), stats)
      })
      .on('unlink', (path) => tracker.forget(normalize(path)))
      .on('unlinkDir', (path) => {
        const native = normalize(path)
        if (native === rule.path) folderRemoved(rule)
        else tracker.forgetInside(native)
      })
      .on('error', (error) => watchFailed(rule, error))
    await Promise.race([new Promise<void>((resolve) => watcher.once('ready', resolve)), whenClosed])
    fresh = true
  }

  const ready = (async (): Promise<void> => {
    try {
      await Promise.all(rules.map((rule) => watchFolder(rule, false)))
      await tracker.start()
    } catch (e) {
      onError(watchFailure(rules.map((r) => r.path).join(', '), e).error)
    }
  })()

  let closedAll: Promise<void> | undefined
  const close = (): Promise<void> => {
    if (closedAll === undefined) {
      closed = true
      signalClosed()
      tracker.close()
      closedAll = Promise.all([...[...stoppers.values()].map((stop) => stop()), ...closing]).then(
        () => undefined
      )
    }
    return closedAll
  }

  return { ready, close }
}

/**
 * Scans the drop folders once without watching them (for `driftwatch run` and catch-up): the ready files,
 * oldest modification first, and what was left out. Files that changed less than `stableMs` ago are waited
 * for until they have been unchanged for `stableMs` (up to `maxWaitMs`). Missing folders are in `errors`.
 */
export async function scanDrops(options: DropScanOptions): Promise<DropScan> {
  const rules = folderRules(options)
  const ready = new Map<string, DropFile>()
  const ignored: IgnoredFile[] = []
  const errors: DropError[] = []
  const tracker = createDropTracker({
    stableMs: options.stableMs,
    onReady: (file) => ready.set(file.path, file),
    onIgnored: (file) => ignored.push(file),
    onError: (error) => errors.push(error)
  })
  for (const rule of rules) await scanFolder(rule, tracker, errors)
  await tracker.start()
  const maxWaitMs = options.maxWaitMs ?? Math.max(60_000, 2 * options.stableMs)
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([
    tracker.settled(),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, maxWaitMs)
    })
  ])
  clearTimeout(timer)
  for (const path of tracker.pending()) {
    ready.delete(path)
    ignored.push({
      path,
      reason: `${basename(path)} was still changing after ${Math.round(maxWaitMs / 1000)} s of waiting; it is left for the next scan.`
    })
  }
  tracker.close()
  return { ready: [...ready.values()].sort(byModified), ignored, errors }
}

// ---------------------------------------------------------------------------------------------------

/** A drop folder with everything needed to decide about a path inside it. */
type FolderRule = Readonly<{
  /** Absolute and normalised. */
  path: string
  patterns: readonly string[] | undefined
  /** Lower-case folder names never looked into. */
  skip: ReadonlySet<string>
  /** Other drop folders inside this one: each is watched with its own patterns, so this one leaves it. */
  inner: ReadonlySet<string>
}>

/** What a path is, when known: a regular file, a folder, or something else (a pipe, a socket, a device). */
type EntryKind = 'file' | 'folder' | 'other'

/** keep: watch the folder or track the file; skip: leave it silently; ignore: leave it with a reason. */
type Verdict = 'keep' | 'skip' | Readonly<{ ignore: string }>

function folderRules(options: DropScanOptions): FolderRule[] {
  if (!Number.isFinite(options.stableMs) || options.stableMs < 0) {
    throw new Error(
      `stableMs must be a number of milliseconds from 0 up; got ${String(options.stableMs)}`
    )
  }
  const patterns = new Map<string, string[] | undefined>()
  for (const folder of options.folders) {
    if (!isAbsolute(folder.path)) {
      throw new Error(`drop folder paths must be absolute; got "${folder.path}"`)
    }
    const path = resolve(folder.path)
    const own =
      folder.patterns !== undefined && folder.patterns.length > 0 ? folder.patterns : undefined
    // The same folder listed twice counts files matching either list; no list means every data file.
    if (!patterns.has(path)) patterns.set(path, own === undefined ? undefined : [...own])
    else {
      const merged = patterns.get(path)
      patterns.set(
        path,
        merged === undefined || own === undefined ? undefined : [...merged, ...own]
      )
    }
  }
  const skip = new Set((options.skipFolders ?? []).map((name) => name.toLowerCase()))
  const paths = [...patterns.keys()]
  return paths.map((path) => ({
    path,
    patterns: patterns.get(path),
    skip,
    inner: new Set(
      paths.filter((other) => other.startsWith(path.endsWith(sep) ? path : path + sep))
    )
  }))
}

/** The decision about one path inside a drop folder (`kind` undefined: not known yet, decided again later). */
function classify(rule: FolderRule, path: string, kind: EntryKind | undefined): Verdict {
  if (path === rule.path) return 'keep'
  if (rule.inner.has(path)) return 'skip'
  const name = basename(path)
  if (isTransientName(name) || rule.skip.has(name.toLowerCase())) return 'skip'
  if (kind === undefined) return 'keep'
  const matches = fileNameMatches(name, rule.patterns)
  if (kind === 'folder') return matches ? { ignore: folderReason(name) } : 'keep'
  if (!matches) return 'skip'
  return kind === 'file' ? 'keep' : { ignore: notRegularReason(name) }
}

function kindOfStats(stats: Stats | Dirent): EntryKind | undefined {
  // A symbolic link seen by lstat is decided once it is followed.
  if (stats.isSymbolicLink()) return undefined
  if (stats.isDirectory()) return 'folder'
  return stats.isFile() ? 'file' : 'other'
}

function folderReason(name: string): string {
  return `${name} is a folder, not a data file; Driftwatch does not look inside it. Move the data file out of it, or rename the folder.`
}

function notRegularReason(name: string): string {
  return `${name} is not a regular file (a pipe, socket or device); Driftwatch reads only regular files.`
}

type FolderState = 'folder' | 'missing' | 'not a folder' | Readonly<{ unreadable: string }>

async function folderState(path: string): Promise<FolderState> {
  try {
    if (!(await stat(path)).isDirectory()) return 'not a folder'
    await access(path, constants.R_OK | constants.X_OK)
    return 'folder'
  } catch (e) {
    const code = errorCode(e)
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : { unreadable: code }
  }
}

function folderStateMessage(path: string, state: Exclude<FolderState, 'folder'>): string {
  if (state === 'missing') {
    return `The drop folder ${path} does not exist; Driftwatch starts watching it as soon as it is created.`
  }
  if (state === 'not a folder') {
    return `The drop folder ${path} is a file, not a folder; Driftwatch starts watching it once a folder takes its place. Check the drop folders in driftwatch.yaml.`
  }
  return `The drop folder ${path} cannot be read (${state.unreadable}); it is not watched. Check its permissions, then open the project again.`
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException | undefined)?.code ?? 'error'
}

/** The sentence for an error of the watcher, and the key that reports each kind once per folder. */
function watchFailure(folder: string, e: unknown): { key: string; error: DropError } {
  const code = errorCode(e)
  const text = e instanceof Error ? e.message : String(e)
  const detail = e instanceof Error ? (e.stack ?? e.message) : text
  if (code === 'ENOSPC') {
    return {
      key: code,
      error: {
        message: `Driftwatch cannot watch more files in ${folder}: the system's limit on watched files was reached (ENOSPC). Raise it (on Linux, fs.inotify.max_user_watches) or keep fewer files there; what is already watched stays watched.`,
        detail
      }
    }
  }
  if (code === 'EMFILE' || code === 'ENFILE') {
    return {
      key: code,
      error: {
        message: `Driftwatch cannot watch more files in ${folder}: too many files are open (${code}). Raise the open-file limit (ulimit -n) or keep fewer files there; what is already watched stays watched.`,
        detail
      }
    }
  }
  return {
    key: code === 'error' ? text : code,
    error: {
      message: `Watching ${folder} failed (${code}): ${text}. Driftwatch keeps watching what it can.`,
      detail
    }
  }
}

/**
 * Calls `onCreated` once `folder` exists as a folder. Until then it watches the nearest existing ancestor
 * (one native watch, no polling), moving down as the missing levels are created and up if that ancestor is
 * removed. Returns the function that stops waiting.
 */
function awaitFolder(
  folder: string,
  onCreated: () => void,
  onError: (error: DropError) => void
): () => void {
  let stopped = false
  let watched: Readonly<{ path: string; ino: number }> | undefined
  let watcher: FSWatcher | undefined
  let looking = false
  let again = false
  const stop = (): void => {
    stopped = true
    watcher?.close()
    watcher = undefined
  }
  const look = async (): Promise<void> => {
    if (looking) {
      again = true
      return
    }
    looking = true
    try {
      do {
        again = false
        const nearest = await nearestFolder(folder)
        if (stopped) return
        if (nearest.path === folder) {
          stop()
          onCreated()
          return
        }
        // A new ancestor, or the same path removed and made again (a new inode): watch that one.
        if (nearest.path !== watched?.path || nearest.ino !== watched.ino) {
          watcher?.close()
          watched = nearest
          watcher = watchNative(nearest.path, { persistent: true }, () => void look())
          watcher.on('error', () => void look())
          // A level may have been created between the look and the watch.
          again = true
        }
      } while (again && !stopped)
    } catch (e) {
      stop()
      onError({
        message: `Driftwatch cannot wait for the drop folder ${folder} to be created (${errorCode(e)}); create it, then open the project again.`,
        detail: e instanceof Error ? (e.stack ?? e.message) : String(e)
      })
    } finally {
      looking = false
    }
  }
  void look()
  return stop
}

/** The nearest folder that exists among `folder` and its ancestors, with its inode. */
async function nearestFolder(folder: string): Promise<{ path: string; ino: number }> {
  let current = folder
  for (;;) {
    try {
      const found = await stat(current)
      if (found.isDirectory()) return { path: current, ino: found.ino }
    } catch {
      // Missing (or not searchable): try the parent.
    }
    const parent = dirname(current)
    if (parent === current) return { path: current, ino: -1 }
    current = parent
  }
}

/** Lists one drop folder and its subfolders, as the watcher's initial scan would, into `tracker`. */
async function scanFolder(
  rule: FolderRule,
  tracker: DropTracker,
  errors: DropError[]
): Promise<void> {
  const state = await folderState(rule.path)
  if (state !== 'folder') {
    errors.push({
      message:
        state === 'missing'
          ? `The drop folder ${rule.path} does not exist; nothing was found there.`
          : folderStateMessage(rule.path, state)
    })
    return
  }
  // Real paths of the folders listed, so that a symbolic link to a parent folder is not followed forever.
  const listed = new Set<string>()
  const list = async (folder: string): Promise<void> => {
    let entries: Dirent[]
    try {
      const real = await realpath(folder)
      if (listed.has(real)) return
      listed.add(real)
      entries = await readdir(folder, { withFileTypes: true })
    } catch (e) {
      const code = errorCode(e)
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        errors.push({
          message: `The folder ${folder} cannot be read (${code}); its files are left out of this scan. Check its permissions.`
        })
      }
      return
    }
    await mapLimited(entries, async (entry) => {
      const path = join(folder, entry.name)
      let stats: Stats | undefined
      let kind = kindOfStats(entry)
      let verdict = classify(rule, path, kind)
      if (verdict === 'keep' && kind !== 'folder') {
        try {
          stats = await stat(path)
        } catch {
          return // gone meanwhile, or a link to nothing
        }
        kind = kindOfStats(stats)
        verdict = classify(rule, path, kind)
      }
      if (typeof verdict !== 'string') tracker.ignore(path, verdict.ignore)
      else if (verdict === 'keep' && kind === 'folder') await list(path)
      else if (verdict === 'keep' && kind === 'file') tracker.observe(path, stats, false)
    })
  }
  await list(rule.path)
}
