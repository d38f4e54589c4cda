/**
 * Counters of the machine's stalls (Linux), read before and after a run so a benchmark can say whether
 * the machine itself ran short: tasks waiting for a core or stalled for memory (pressure stall
 * information), threads reclaiming
 * memory themselves because none was free (direct reclaim, /proc/vmstat), major page faults, and time the
 * host took the virtual CPUs away (steal, /proc/stat). Where a file is missing its counter is null.
 */
import { readFileSync } from 'node:fs'

export type MachineCounters = Readonly<{
  /** Microseconds some runnable task waited for a core (PSI "some"), since boot. */
  cpuStallMicroseconds: number | null
  /** Microseconds some task was stalled waiting for memory (PSI "some": reclaim, refaults), since boot. */
  memoryStallMicroseconds: number | null
  /** Allocations that had to reclaim memory in the allocating thread (allocstall_*), since boot. */
  directReclaims: number | null
  /** Page faults that read from disk, since boot. */
  majorFaults: number | null
  /** Clock ticks the host ran something else on this machine's CPUs (steal), summed, since boot. */
  stealTicks: number | null
}>

/** The `total=` of the "some" line of a /proc/pressure file, or null. */
export function pressureSomeTotal(text: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith('some '))
  const total = line === undefined ? null : /total=(\d+)/.exec(line)
  return total ? Number(total[1]) : null
}

/** The sum of the allocstall_* counters and the pgmajfault counter of /proc/vmstat. */
export function vmstatCounters(text: string): {
  directReclaims: number | null
  majorFaults: number | null
} {
  let reclaims: number | null = null
  let faults: number | null = null
  for (const line of text.split('\n')) {
    const [name, value] = line.split(' ')
    if (name === undefined || value === undefined) continue
    if (name.startsWith('allocstall_')) reclaims = (reclaims ?? 0) + Number(value)
    if (name === 'pgmajfault') faults = Number(value)
  }
  return { directReclaims: reclaims, majorFaults: faults }
}

/** The steal ticks of the "cpu" line of /proc/stat (its eighth number), or null. */
export function stealTicks(text: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith('cpu '))
  const steal = line?.trim().split(/\s+/)[8]
  return steal === undefined ? null : Number(steal)
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

export function readMachineCounters(): MachineCounters {
  const cpu = read('/proc/pressure/cpu')
  const memory = read('/proc/pressure/memory')
  const vmstat = read('/proc/vmstat')
  const stat = read('/proc/stat')
  const vm = vmstat === null ? { directReclaims: null, majorFaults: null } : vmstatCounters(vmstat)
  return {
    cpuStallMicroseconds: cpu === null ? null : pressureSomeTotal(cpu),
    memoryStallMicroseconds: memory === null ? null : pressureSomeTotal(memory),
    ...vm,
    stealTicks: stat === null ? null : stealTicks(stat)
  }
}

/** What changed between two readings; null where either is missing. */
export function countersSince(start: MachineCounters, end: MachineCounters): MachineCounters {
  const delta = (k: keyof MachineCounters): number | null => {
    const a = start[k]
    const b = end[k]
    return a === null || b === null ? null : b - a
  }
  return {
    cpuStallMicroseconds: delta('cpuStallMicroseconds'),
    memoryStallMicroseconds: delta('memoryStallMicroseconds'),
    directReclaims: delta('directReclaims'),
    majorFaults: delta('majorFaults'),
    stealTicks: delta('stealTicks')
  }
}
