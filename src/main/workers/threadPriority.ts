/**
 * The window has the cores first. A comparison of large files keeps every core busy for minutes (DuckDB's
 * threads, and the thread pool that runs its queries); on a machine with few cores the window's renderer
 * then waits its turn for a core, and a render of a few milliseconds takes a few hundred on the wall
 * clock, which the person sees as a freeze. So every thread of the backend's process except its main
 * thread (the event loop that answers the window) runs at a lower priority: with the window idle the
 * comparison loses nothing, and when the window has work it gets a core at once.
 *
 * On Linux a thread's nice value is its own (setpriority on a thread id changes that thread alone) and a
 * new thread inherits its creator's; elsewhere the nice value belongs to the whole process, and lowering
 * it would slow the main thread as well, so nothing is changed there.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { setPriority } from 'node:os'

/** The nice value given to the backend's helper threads (0 is normal, 19 the lowest priority). */
export const HELPER_THREAD_NICE = 10

/**
 * The helper threads' nice value: `DRIFTWATCH_HELPER_NICE` (0 to 19; 0 leaves them as they are, for
 * measuring what the lowering buys) or `HELPER_THREAD_NICE`. A value out of range is not used.
 *
 * @example helperNiceFromEnv({ DRIFTWATCH_HELPER_NICE: '0' }) // 0
 */
export function helperNiceFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.DRIFTWATCH_HELPER_NICE
  if (text === undefined || text.trim() === '') return HELPER_THREAD_NICE
  const value = Number(text)
  return Number.isInteger(value) && value >= 0 && value <= 19 ? value : HELPER_THREAD_NICE
}

export type PriorityOutcome =
  Readonly<{ kind: 'lowered'; threads: number }> | Readonly<{ kind: 'unsupported'; reason: string }>

type Options = Readonly<{
  /** The process's thread folder; /proc/self/task unless a test says otherwise. */
  taskDir?: string
  /** The main thread's id (on Linux, the process id). */
  mainThreadId?: number
  platform?: NodeJS.Platform
  nice?: number
}>

/**
 * Gives every thread of this process but the main one the nice value `HELPER_THREAD_NICE` when its own is
 * lower (a thread already set lower is left alone). Cheap enough to call before every job (it reads one
 * small file per thread), which catches threads started since: a thread that ends meanwhile is skipped.
 *
 * @example lowerHelperThreads() // { kind: 'lowered', threads: 14 } on Linux
 */
export function lowerHelperThreads(options: Options = {}): PriorityOutcome {
  const platform = options.platform ?? process.platform
  if (platform !== 'linux') {
    return { kind: 'unsupported', reason: `a thread's priority is not its own on ${platform}` }
  }
  const taskDir = options.taskDir ?? '/proc/self/task'
  const mainThreadId = options.mainThreadId ?? process.pid
  const nice = options.nice ?? HELPER_THREAD_NICE
  let ids: number[]
  try {
    ids = readdirSync(taskDir)
      .map(Number)
      .filter((id) => Number.isInteger(id) && id > 0)
  } catch (e) {
    return { kind: 'unsupported', reason: `${taskDir} cannot be read: ${String(e)}` }
  }
  let lowered = 0
  for (const id of ids) {
    if (id === mainThreadId) continue
    const current = threadNice(`${taskDir}/${id}/stat`)
    if (current === null || current >= nice) continue
    try {
      setPriority(id, nice)
      lowered += 1
    } catch {
      // The thread ended after the folder was read: nothing to lower.
    }
  }
  return { kind: 'lowered', threads: lowered }
}

/**
 * A thread's nice value from its /proc stat line, or null when the thread is gone. The line is
 * "pid (comm) state ..." where comm may hold spaces and parentheses, so the fields are counted after
 * the last ")": nice is field 19, the 17th after comm.
 */
export function threadNice(statPath: string): number | null {
  let line: string
  try {
    line = readFileSync(statPath, 'utf8')
  } catch {
    return null
  }
  return niceOfStatLine(line)
}

/** The nice value in a /proc/<pid>/task/<tid>/stat line, or null when the line is not one. */
export function niceOfStatLine(line: string): number | null {
  return parseTaskStat(line)?.nice ?? null
}

/** One thread's line of /proc/<pid>/task/<tid>/stat (or a process's /proc/<pid>/stat), the fields used. */
export type TaskStat = Readonly<{
  name: string
  state: string
  userTicks: number
  systemTicks: number
  nice: number
}>

/**
 * The fields of a stat line. The name sits in parentheses and may itself hold spaces and parentheses, so
 * the fields are counted from the last ")". Null for a line that does not parse.
 *
 * @example parseTaskStat('12 (VizCompositorTh) S 1 ... ') // { name: 'VizCompositorTh', state: 'S', ... }
 */
export function parseTaskStat(line: string): TaskStat | null {
  const open = line.indexOf('(')
  const close = line.lastIndexOf(')')
  if (open < 0 || close < open) return null
  const fields = line
    .slice(close + 1)
    .trim()
    .split(/\s+/)
  // After the name: state (0), ..., utime (11), stime (12), ..., nice (16).
  const [state, user, system, nice] = [fields[0], fields[11], fields[12], fields[16]]
  if (state === undefined || user === undefined || system === undefined || nice === undefined)
    return null
  const numbers = [Number(user), Number(system), Number(nice)]
  if (!numbers.every((n) => Number.isInteger(n))) return null
  return {
    name: line.slice(open + 1, close),
    state,
    userTicks: numbers[0] as number,
    systemTicks: numbers[1] as number,
    nice: numbers[2] as number
  }
}
