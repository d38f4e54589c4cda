/**
 * Drop tracker: decides when a file in a drop folder is ready (its size and modification time unchanged for
 * `stableMs`) from what the folder watcher, or a one-off scan, says about each path, and reports it once per
 * content: again only when its size or modification time changes. The drop watcher and `scanDrops` share it,
 * so a file counts as ready by the same rule whether it is watched arriving or found by a catch-up scan.
 *
 * A path's life: observed (a watcher event, or found by a scan) → pending until its quiet period ends →
 * looked at (one stat): changed meanwhile (pending again), gone (forgotten, never reported), empty (ignored,
 * reported once), not readable (ignored, reported once), or ready (reported, unless this very size and
 * modification time were reported already).
 *
 * When the quiet period starts:
 * - an event (the file was just created, written, renamed into place): now, whatever its timestamps say;
 * - a file found by a scan: its last change, the later of its mtime and ctime (a rename or a copy that keeps
 *   the mtime still moves the ctime), so a file untouched for a while is ready at once; a timestamp in the
 *   future (another machine's clock) counts as now;
 * - a look that finds the size or mtime changed since the previous one: now.
 *
 * It polls nothing and holds no file open: one timer, armed for the earliest pending path and only while a
 * path is pending; a file at rest costs nothing. Paths that become ready in the same round are reported oldest
 * modification first, which is what puts the files found at start in time order. The tracker starts paused,
 * so the watcher can collect the whole initial scan before the first round.
 *
 * Cost: O(1) per observation; a round is one stat per due path (and one open per file about to be reported,
 * to check it can be read), 16 at a time, plus a sort of the ready ones.
 *
 * @example
 * const tracker = createDropTracker({ stableMs: 2000, onReady: enqueue, onIgnored: log, onError: log })
 * tracker.observe('/p/drops/week4.csv', await stat('/p/drops/week4.csv'), false)
 * await tracker.start() // week4.csv reported now if it has not changed for 2 s
 */
import { open, stat } from 'node:fs/promises'
import { basename, sep } from 'node:path'
import type { DropError, DropFile, IgnoredFile } from './dropWatcher'

/** The part of `fs.Stats` the tracker reads. */
export type FileState = Readonly<{ size: number; mtimeMs: number; ctimeMs: number }>

export type DropTrackerOptions = Readonly<{
  stableMs: number
  onReady: (file: DropFile) => void
  onIgnored: (file: IgnoredFile) => void
  onError: (error: DropError) => void
}>

export type DropTracker = Readonly<{
  /**
   * Something happened to the file at `path` (`state`: its stats when known). `fresh`: a live event, the
   * file changed just now; otherwise it was found by a scan and its timestamps say when it last changed.
   */
  observe: (path: string, state: FileState | undefined, fresh: boolean) => void
  /** The file was deleted (or moved away): it is forgotten and not reported unless it comes back. */
  forget: (path: string) => void
  /** Forgets every path inside `folder` (the folder was deleted). */
  forgetInside: (folder: string) => void
  /** Reports `path` as ignored for `reason`, unless that path was already reported for that reason. */
  ignore: (path: string, reason: string) => void
  /** Begins the rounds (the tracker is created paused); resolves once the paths due now are reported. */
  start: () => Promise<void>
  /** The paths still waiting for their quiet period to end. */
  pending: () => string[]
  /** Resolves once no path is pending and no round is running. */
  settled: () => Promise<void>
  /** Stops the rounds and clears the timer; nothing is reported afterwards. */
  close: () => void
}>

/** How many stats or opens a round runs at once. */
const CONCURRENCY = 16

/** A file that keeps changing, or is held by another program, is looked at no more often than this. */
const MIN_RECHECK_MS = 50

type Entry = {
  /** `size:mtimeMs` at the last look, or undefined before the first. */
  signature: string | undefined
  /** Since when the file is known to have kept `signature`. */
  since: number
  /** Changes with every observation: a look started before the latest observation is stale. */
  generation: number
  /** The signature last reported ready. */
  reported: string | undefined
  /** The reasons this path was reported ignored for. */
  reasons: Set<string>
}

type Look =
  | Readonly<{ kind: 'file'; state: FileState }>
  | Readonly<{ kind: 'gone' }>
  | Readonly<{ kind: 'busy' }>
  | Readonly<{ kind: 'failed'; code: string }>

/** Creates a tracker, paused until `start()`. */
export function createDropTracker(options: DropTrackerOptions): DropTracker {
  const { stableMs } = options
  const recheckMs = Math.max(stableMs, MIN_RECHECK_MS)
  const entries = new Map<string, Entry>()
  /** Pending paths and when each is due to be looked at. */
  const due = new Map<string, number>()
  /** Ignored reasons of paths not tracked as files (folders named like data files, pipes). */
  const otherReasons = new Map<string, Set<string>>()
  let generations = 0
  let paused = true
  let closed = false
  let running = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  let waiters: (() => void)[] = []

  const schedule = (path: string, at: number): void => {
    due.set(path, at)
    if (!paused && !closed && at < timerAt) arm(at)
  }

  const arm = (at: number): void => {
    if (timer !== undefined) clearTimeout(timer)
    timerAt = at
    timer = setTimeout(
      () => {
        timer = undefined
        timerAt = Infinity
        void runRound()
      },
      Math.max(0, at - Date.now())
    )
  }

  /** After a round: arms the timer for the earliest pending path, or wakes those waiting for quiet. */
  const rearm = (): void => {
    if (paused || closed || running) return
    let next = Infinity
    for (const at of due.values()) if (at < next) next = at
    if (next === Infinity) {
      const woken = waiters
      waiters = []
      for (const wake of woken) wake()
    } else if (next < timerAt) {
      arm(next)
    }
  }

  const reportIgnored = (path: string, reason: string, reasons: Set<string>): void => {
    if (reasons.has(reason)) return
    reasons.add(reason)
    callSafely(options, 'onIgnored', () => options.onIgnored({ path, reason }))
  }

  const runRound = async (): Promise<void> => {
    if (running || closed) return
    running = true
    try {
      await round()
    } catch (e) {
      callSafely(options, 'checking files', () => options.onError(unexpected('checking files', e)))
    } finally {
      running = false
      rearm()
    }
  }

  const round = async (): Promise<void> => {
    const now = Date.now()
    const batch: { path: string; generation: number }[] = []
    for (const [path, at] of due) {
      const entry = entries.get(path)
      if (at > now || entry === undefined) continue
      due.delete(path)
      batch.push({ path, generation: entry.generation })
    }
    if (batch.length === 0) return
    const looks = await mapLimited(batch, ({ path }) => look(path))
    if (closed) return
    const checkedAt = Date.now()
    const candidates: { path: string; generation: number; state: FileState }[] = []
    batch.forEach(({ path, generation }, i) => {
      const entry = entries.get(path)
      const seen = looks[i]
      // A newer observation scheduled its own look; this one is stale.
      if (entry === undefined || entry.generation !== generation || seen === undefined) return
      switch (seen.kind) {
        case 'gone':
          entries.delete(path)
          return
        case 'busy':
          schedule(path, checkedAt + recheckMs)
          return
        case 'failed':
          reportIgnored(path, unreadableReason(path, seen.code), entry.reasons)
          return
        case 'file': {
          const signature = signatureOf(seen.state)
          if (signature !== entry.signature) {
            entry.signature = signature
            entry.since = checkedAt
            schedule(path, checkedAt + recheckMs)
          } else if (checkedAt - entry.since < stableMs) {
            schedule(path, entry.since + stableMs)
          } else if (seen.state.size === 0) {
            reportIgnored(path, emptyReason(path), entry.reasons)
          } else if (signature !== entry.reported) {
            candidates.push({ path, generation, state: seen.state })
          }
          return
        }
        default:
          return assertNever(seen)
      }
    })
    const readable = await mapLimited(candidates, ({ path }) => readability(path))
    if (closed) return
    const ready: DropFile[] = []
    candidates.forEach(({ path, generation, state }, i) => {
      const entry = entries.get(path)
      const result = readable[i]
      if (entry === undefined || entry.generation !== generation || result === undefined) return
      if (result === 'ok') {
        entry.reported = signatureOf(state)
        ready.push({ path, sizeBytes: state.size, modifiedMs: state.mtimeMs })
      } else if (result === 'gone') {
        entries.delete(path)
      } else if (result === 'busy') {
        schedule(path, Date.now() + recheckMs)
      } else {
        reportIgnored(path, unreadableReason(path, result), entry.reasons)
      }
    })
    ready.sort(byModified)
    for (const file of ready) {
      if (closed) return
      callSafely(options, 'onReady', () => options.onReady(file))
    }
  }

  const observe = (path: string, state: FileState | undefined, fresh: boolean): void => {
    if (closed) return
    const now = Date.now()
    let entry = entries.get(path)
    if (entry === undefined) {
      entry = {
        signature: undefined,
        since: now,
        generation: 0,
        reported: undefined,
        reasons: new Set()
      }
      entries.set(path, entry)
    }
    entry.generation = ++generations
    const signature = state === undefined ? undefined : signatureOf(state)
    if (fresh || state === undefined) {
      entry.since = now
    } else if (signature !== entry.signature) {
      entry.since = Math.min(now, Math.max(state.mtimeMs, state.ctimeMs))
    }
    entry.signature = signature
    schedule(path, entry.since + stableMs)
  }

  const forget = (path: string): void => {
    entries.delete(path)
    due.delete(path)
    otherReasons.delete(path)
  }

  return {
    observe,
    forget,
    forgetInside: (folder) => {
      const prefix = folder.endsWith(sep) ? folder : folder + sep
      for (const path of [...entries.keys(), ...otherReasons.keys()]) {
        if (path.startsWith(prefix)) forget(path)
      }
    },
    ignore: (path, reason) => {
      if (closed) return
      let reasons = entries.get(path)?.reasons ?? otherReasons.get(path)
      if (reasons === undefined) {
        reasons = new Set()
        otherReasons.set(path, reasons)
      }
      reportIgnored(path, reason, reasons)
    },
    start: async () => {
      if (!paused) return
      paused = false
      await runRound()
    },
    pending: () => [...due.keys()],
    settled: () =>
      new Promise<void>((resolve) => {
        if (closed || (due.size === 0 && !running)) resolve()
        else waiters.push(resolve)
      }),
    close: () => {
      closed = true
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      const woken = waiters
      waiters = []
      for (const wake of woken) wake()
    }
  }
}

/** The sentence for a file that stayed empty for the whole quiet period. */
export function emptyReason(path: string): string {
  return `${basename(path)} is empty (0 bytes); it is processed once it has content.`
}

/** The sentence for a file that cannot be opened for reading. */
export function unreadableReason(path: string, code: string): string {
  return `${basename(path)} cannot be read (${code}). Check its permissions; it is looked at again when the folder is next scanned or watched.`
}

function signatureOf(state: FileState): string {
  return `${state.size}:${state.mtimeMs}`
}

/** Orders files oldest modification first, then by path. */
export function byModified(a: DropFile, b: DropFile): number {
  if (a.modifiedMs !== b.modifiedMs) return a.modifiedMs - b.modifiedMs
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException | undefined)?.code ?? 'error'
}

/** Errors that mean "another program holds the file right now" (Windows locks): look again later. */
const BUSY_CODES = new Set(['EBUSY', 'EAGAIN'])

async function look(path: string): Promise<Look> {
  try {
    const state = await stat(path)
    // Replaced by a folder or something else: the watcher reports what it became.
    return state.isFile() ? { kind: 'file', state } : { kind: 'gone' }
  } catch (e) {
    const code = errorCode(e)
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'gone' }
    if (BUSY_CODES.has(code)) return { kind: 'busy' }
    return { kind: 'failed', code }
  }
}

/** Opens the file for reading and closes it: 'ok', 'gone', 'busy', or the error code. */
async function readability(path: string): Promise<string> {
  try {
    const handle = await open(path, 'r')
    await handle.close()
    return 'ok'
  } catch (e) {
    const code = errorCode(e)
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'gone'
    if (BUSY_CODES.has(code)) return 'busy'
    return code
  }
}

/** `f` over `items`, at most CONCURRENCY at a time, results in the order of `items`. */
export async function mapLimited<T, R>(
  items: readonly T[],
  f: (item: T) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await f(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker))
  return results
}

/**
 * Runs a caller's callback (`what` names it); an exception in it is reported through onError and never
 * stops the tracker.
 */
export function callSafely(
  options: Pick<DropTrackerOptions, 'onError'>,
  what: string,
  f: () => void
): void {
  try {
    f()
  } catch (e) {
    try {
      options.onError(unexpected(what, e))
    } catch {
      // onError itself failed: there is nowhere left to report to, and the watcher must keep going.
    }
  }
}

function unexpected(what: string, e: unknown): DropError {
  const text = e instanceof Error ? (e.stack ?? e.message) : String(e)
  return {
    message: `The drop watcher hit an unexpected error in ${what}; it keeps watching.`,
    detail: text
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}
