import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import {
  HELPER_THREAD_NICE,
  helperNiceFromEnv,
  lowerHelperThreads,
  niceOfStatLine
} from './threadPriority'

const MODULE = fileURLToPath(new URL('./threadPriority.ts', import.meta.url))

/** A stat line as Linux writes it, with the nice value (field 19) given. */
function statLine(comm: string, nice: number): string {
  const after = ['S', 1, 1, 1, 0, -1, 4194560, 100, 0, 0, 0, 5, 3, 0, 0, 20, nice, 16, 0, 42]
  return `4242 (${comm}) ${after.join(' ')}\n`
}

describe('niceOfStatLine', () => {
  it('reads field 19, counting after the last parenthesis of the thread name', () => {
    expect(niceOfStatLine(statLine('node', 0))).toBe(0)
    expect(niceOfStatLine(statLine('odd) (name ) 7', 10))).toBe(10)
    expect(niceOfStatLine(statLine('x', -5))).toBe(-5)
  })

  it('says null for a line that is not a stat line', () => {
    expect(niceOfStatLine('')).toBeNull()
    expect(niceOfStatLine('4242 (node) S 1')).toBeNull()
  })
})

describe('helperNiceFromEnv', () => {
  it('takes 0 to 19 from DRIFTWATCH_HELPER_NICE, else the default', () => {
    expect(helperNiceFromEnv({})).toBe(HELPER_THREAD_NICE)
    expect(helperNiceFromEnv({ DRIFTWATCH_HELPER_NICE: '0' })).toBe(0)
    expect(helperNiceFromEnv({ DRIFTWATCH_HELPER_NICE: '19' })).toBe(19)
    expect(helperNiceFromEnv({ DRIFTWATCH_HELPER_NICE: '20' })).toBe(HELPER_THREAD_NICE)
    expect(helperNiceFromEnv({ DRIFTWATCH_HELPER_NICE: '-3' })).toBe(HELPER_THREAD_NICE)
    expect(helperNiceFromEnv({ DRIFTWATCH_HELPER_NICE: 'low' })).toBe(HELPER_THREAD_NICE)
  })
})

describe('lowerHelperThreads', () => {
  let dir: string | null = null
  afterEach(() => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true })
    dir = null
  })

  it('changes nothing where a thread has no priority of its own', () => {
    expect(lowerHelperThreads({ platform: 'darwin' })).toEqual({
      kind: 'unsupported',
      reason: "a thread's priority is not its own on darwin"
    })
  })

  it('says so when the thread folder cannot be read', () => {
    const outcome = lowerHelperThreads({ platform: 'linux', taskDir: '/nonexistent/task' })
    expect(outcome.kind).toBe('unsupported')
  })

  it('skips threads that end while it runs', () => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-tasks-'))
    // A thread listed without its stat file: it ended after the folder was read.
    mkdirSync(join(dir, '999999999'))
    expect(lowerHelperThreads({ platform: 'linux', taskDir: dir, mainThreadId: 1 })).toEqual({
      kind: 'lowered',
      threads: 0
    })
  })

  it.runIf(process.platform === 'linux')(
    'lowers every thread of a real process but its main one; threads the main thread starts later, at the next call',
    () => {
      dir = mkdtempSync(join(tmpdir(), 'driftwatch-nice-'))
      const script = join(dir, 'child.mjs')
      // The child lowers its helper threads, then starts a worker thread (created by the main thread, so
      // at normal priority) and reports each thread's nice value before and after a second call.
      writeFileSync(
        script,
        `
import { readdirSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { lowerHelperThreads, threadNice } from ${JSON.stringify(MODULE)}
const nices = () => readdirSync('/proc/self/task').map((id) => [Number(id), threadNice('/proc/self/task/' + id + '/stat')])
const first = lowerHelperThreads()
const afterFirst = nices()
const worker = new Worker('setInterval(() => {}, 1000)', { eval: true })
await new Promise((resolve) => worker.once('online', resolve))
const beforeSecond = nices()
const second = lowerHelperThreads()
const afterSecond = nices()
await worker.terminate()
console.log(JSON.stringify({ pid: process.pid, first, afterFirst, beforeSecond, second, afterSecond }))
`
      )
      const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' })
      expect(child.stderr).toBe('')
      expect(child.status).toBe(0)
      type Seen = [number, number | null][]
      const out = JSON.parse(child.stdout) as {
        pid: number
        first: { kind: string; threads: number }
        afterFirst: Seen
        beforeSecond: Seen
        second: { kind: string; threads: number }
        afterSecond: Seen
      }
      const main = (seen: Seen) => seen.find(([id]) => id === out.pid)?.[1]
      const helpers = (seen: Seen) => seen.filter(([id]) => id !== out.pid).map(([, n]) => n)

      expect(out.first.kind).toBe('lowered')
      expect(out.first.threads).toBeGreaterThan(0)
      expect(main(out.afterFirst)).toBe(0)
      expect(new Set(helpers(out.afterFirst))).toEqual(new Set([HELPER_THREAD_NICE]))
      // The worker's threads were started by the main thread: normal until the next call.
      expect(helpers(out.beforeSecond)).toContain(0)
      expect(out.second.threads).toBeGreaterThan(0)
      expect(main(out.afterSecond)).toBe(0)
      expect(new Set(helpers(out.afterSecond))).toEqual(new Set([HELPER_THREAD_NICE]))
    }
  )
})
