/**
 * A sampler of every thread's CPU time on the machine (Linux), so a benchmark can say which threads ran
 * at a given moment: when a renderer's long task fell, what held the cores. Every `intervalMs` it reads
 * /proc/<pid>/task/<tid>/stat of every process (user and system clock ticks, nice value, thread name) and
 * keeps, per sample, the ticks each thread used since the previous one. A process is named by what it is
 * (`chromium renderer`, `chromium gpu-process`, `node serve`, ...) from its command line, read once.
 *
 * The sampling process counts itself too: about 4% of a core on an idle machine, reading every process's
 * stat file and the threads of the processes that ran.
 *
 * @example
 * const sampler = startThreadSampler(100)
 * // ... the run ...
 * const samples = sampler.stop()
 * busiestThreads(samples, longTaskStartEpochMs - 100, longTaskEndEpochMs + 100) // [{ label, nice, ... }]
 */
import { readdirSync, readFileSync } from 'node:fs'
import { parseTaskStat, type TaskStat } from '../src/main/workers/threadPriority'

/**
 * What a process is, from its command line (arguments separated by NUL): a Chromium process by its
 * `--type=` (the browser itself has none), a Node process by its script, anything else by its program.
 *
 * @example processKind('/usr/lib/chromium/chromium\0--type=renderer\0--lang=en') // 'chromium renderer'
 */
export function processKind(cmdline: string, comm: string): string {
  const args = cmdline.split('\0').filter((a) => a !== '')
  const program = (args[0] ?? comm).split('/').pop() ?? comm
  if (/chrom/i.test(program) || /chrom/i.test(comm)) {
    const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length)
    return `chromium ${type ?? 'browser'}`
  }
  if (program === 'node' || comm === 'node') {
    const script = args.slice(1).find((a) => !a.startsWith('-') && /\.(m?[jt]s)$/.test(a))
    const name = script?.split('/').pop()
    const serve = args.includes('serve') ? ' serve' : ''
    return `node ${name ?? ''}${serve}`.trim()
  }
  return comm || program
}

/** The ticks one thread used in one interval. */
export type ThreadTicks = Readonly<{
  label: string
  nice: number
  userTicks: number
  systemTicks: number
}>

/** One sample: when it was taken (epoch ms) and the ticks each thread used since the previous sample. */
export type ThreadSample = Readonly<{ atMs: number; threads: readonly ThreadTicks[] }>

/** A thread's CPU time within a window, for a report. */
export type BusyThread = Readonly<{
  label: string
  nice: number
  /** CPU milliseconds in the window: user and system time. */
  cpuMs: number
  systemMs: number
}>

/** Milliseconds per clock tick of /proc (USER_HZ, 100 on Linux). */
export const TICK_MS = 10

type Reading = Readonly<{
  threads: Map<string, Readonly<{ pid: string; label: string; stat: TaskStat }>>
  /** Each process's user and system ticks, all its threads together. */
  processes: Map<string, number>
}>

/**
 * Every thread's stat. A process whose own total has not moved since `previous` keeps its threads' last
 * readings without reading them again: most processes are idle in any 100 ms, and reading only the busy
 * ones' threads keeps the sampler light (it runs at normal priority beside what it measures).
 */
function readAll(kinds: Map<string, string>, previous: Reading | null): Reading {
  const reading: Reading = { threads: new Map(), processes: new Map() }
  let pids: string[] = []
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return reading
  }
  const kept = new Set<string>()
  for (const pid of pids) {
    let total: number
    try {
      const stat = parseTaskStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))
      if (stat === null) continue
      total = stat.userTicks + stat.systemTicks
    } catch {
      continue
    }
    reading.processes.set(pid, total)
    if (previous !== null && previous.processes.get(pid) === total) kept.add(pid)
  }
  if (previous !== null) {
    for (const [key, entry] of previous.threads)
      if (kept.has(entry.pid)) reading.threads.set(key, entry)
  }
  for (const pid of reading.processes.keys()) {
    if (kept.has(pid)) continue
    let kind = kinds.get(pid)
    if (kind === undefined) {
      try {
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
        kind = processKind(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), comm)
      } catch {
        continue
      }
      kinds.set(pid, kind)
    }
    let tids: string[] = []
    try {
      tids = readdirSync(`/proc/${pid}/task`)
    } catch {
      continue
    }
    for (const tid of tids) {
      let stat: TaskStat | null = null
      try {
        stat = parseTaskStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'))
      } catch {
        continue
      }
      if (stat !== null)
        reading.threads.set(`${pid}/${tid}`, { pid, label: `${kind} / ${stat.name}`, stat })
    }
  }
  return reading
}

/**
 * Starts sampling every `intervalMs`; `stop()` ends it and returns the samples, each holding only the
 * threads that used CPU time in its interval. Off Linux (no /proc) the samples are empty.
 */
export function startThreadSampler(intervalMs = 100): {
  stop: () => ThreadSample[]
  /** Milliseconds the sampler itself has spent reading and counting (its own cost, on this thread). */
  ownMs: () => number
} {
  const kinds = new Map<string, string>()
  const samples: ThreadSample[] = []
  let own = 0
  let previous = readAll(kinds, null)
  const timer = setInterval(() => {
    const began = performance.now()
    const current = readAll(kinds, previous)
    const threads: ThreadTicks[] = []
    for (const [key, { label, stat }] of current.threads) {
      const before = previous.threads.get(key)?.stat
      const user = stat.userTicks - (before?.userTicks ?? stat.userTicks)
      const system = stat.systemTicks - (before?.systemTicks ?? stat.systemTicks)
      if (user + system > 0)
        threads.push({ label, nice: stat.nice, userTicks: user, systemTicks: system })
    }
    samples.push({ atMs: Date.now(), threads })
    previous = current
    own += performance.now() - began
  }, intervalMs)
  return {
    stop: () => {
      clearInterval(timer)
      return samples
    },
    ownMs: () => own
  }
}

/**
 * The threads that used the most CPU time in the samples taken within [fromMs, toMs] (epoch ms; a sample
 * covers the interval before it), summed by label and nice value, busiest first.
 */
export function busiestThreads(
  samples: readonly ThreadSample[],
  fromMs: number,
  toMs: number,
  top = 6
): BusyThread[] {
  const sums = new Map<string, { label: string; nice: number; cpu: number; system: number }>()
  for (const sample of samples) {
    if (sample.atMs < fromMs || sample.atMs > toMs) continue
    for (const t of sample.threads) {
      const key = `${t.label}\0${t.nice}`
      const sum = sums.get(key) ?? { label: t.label, nice: t.nice, cpu: 0, system: 0 }
      sum.cpu += t.userTicks + t.systemTicks
      sum.system += t.systemTicks
      sums.set(key, sum)
    }
  }
  return [...sums.values()]
    .sort((a, b) => b.cpu - a.cpu || a.label.localeCompare(b.label))
    .slice(0, top)
    .map((s) => ({
      label: s.label,
      nice: s.nice,
      cpuMs: s.cpu * TICK_MS,
      systemMs: s.system * TICK_MS
    }))
}

/** A BusyThread as one short phrase: `chromium renderer / Compositor (nice 0) 40 ms, 10 in the kernel`. */
export function describeBusy(thread: BusyThread): string {
  const kernel = thread.systemMs > 0 ? `, ${thread.systemMs} in the kernel` : ''
  return `${thread.label} (nice ${thread.nice}) ${thread.cpuMs} ms${kernel}`
}
