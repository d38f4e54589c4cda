import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { parseTaskStat } from '../src/main/workers/threadPriority'
import {
  busiestThreads,
  describeBusy,
  processKind,
  startThreadSampler,
  type ThreadSample
} from './threadSampler'

/** A stat line as Linux writes it: pid, name, state, then 49 numbers (utime, stime and nice set). */
function statLine(name: string, user: number, system: number, nice: number): string {
  const numbers = Array.from({ length: 49 }, (_, i) => i + 100)
  // Fields counted after the state: utime is the 11th of them, stime the 12th, nice the 16th.
  numbers[10] = user
  numbers[11] = system
  numbers[15] = nice
  return `4242 (${name}) R ${numbers.join(' ')}\n`
}

describe('thread sampler', () => {
  it('reads user and system ticks and the nice value of a stat line, whatever the name holds', () => {
    expect(parseTaskStat(statLine('VizCompositorTh', 120, 30, 0))).toEqual({
      name: 'VizCompositorTh',
      state: 'R',
      userTicks: 120,
      systemTicks: 30,
      nice: 0
    })
    expect(parseTaskStat(statLine('a (b) c', 1, 2, 10))).toMatchObject({
      name: 'a (b) c',
      userTicks: 1,
      systemTicks: 2,
      nice: 10
    })
    expect(parseTaskStat(statLine('x', 1, 2, -8))?.nice).toBe(-8)
    expect(parseTaskStat('4242 (short) R 1 2 3')).toBeNull()
    expect(parseTaskStat('no parentheses here')).toBeNull()
  })

  it('names a process by what it is', () => {
    const args = (...a: string[]): string => `${a.join('\0')}\0`
    expect(
      processKind(args('/usr/lib/chromium/chromium', '--type=renderer', '--lang=en'), 'chromium')
    ).toBe('chromium renderer')
    expect(processKind(args('/usr/lib/chromium/chromium', '--type=gpu-process'), 'chromium')).toBe(
      'chromium gpu-process'
    )
    expect(processKind(args('/usr/lib/chromium/chromium', '--headless'), 'chromium')).toBe(
      'chromium browser'
    )
    expect(processKind(args('node', '/app/out/main/cli.js', 'serve', '--port', '0'), 'node')).toBe(
      'node cli.js serve'
    )
    expect(processKind(args('node', '--import', 'tsx', 'bench/dragDrop.bench.ts'), 'node')).toBe(
      'node dragDrop.bench.ts'
    )
    expect(processKind('', 'kswapd0')).toBe('kswapd0')
  })

  it('sums each thread over the samples within a window, busiest first', () => {
    const samples: ThreadSample[] = [
      { atMs: 1000, threads: [{ label: 'a / x', nice: 0, userTicks: 9, systemTicks: 0 }] },
      {
        atMs: 1100,
        threads: [
          { label: 'a / x', nice: 0, userTicks: 2, systemTicks: 1 },
          { label: 'b / y', nice: 10, userTicks: 1, systemTicks: 6 }
        ]
      },
      { atMs: 1200, threads: [{ label: 'b / y', nice: 10, userTicks: 0, systemTicks: 4 }] },
      { atMs: 1300, threads: [{ label: 'a / x', nice: 0, userTicks: 10, systemTicks: 0 }] }
    ]
    const busy = busiestThreads(samples, 1050, 1250)
    expect(busy).toEqual([
      { label: 'b / y', nice: 10, cpuMs: 110, systemMs: 100 },
      { label: 'a / x', nice: 0, cpuMs: 30, systemMs: 10 }
    ])
    expect(busiestThreads(samples, 1050, 1250, 1)).toHaveLength(1)
    expect(busiestThreads(samples, 2000, 3000)).toEqual([])
    expect(describeBusy(busy[0] as (typeof busy)[0])).toBe(
      'b / y (nice 10) 110 ms, 100 in the kernel'
    )
  })

  it.skipIf(process.platform !== 'linux')(
    "finds a process that keeps a core busy among the machine's threads",
    async () => {
      const sampler = startThreadSampler(50)
      const from = Date.now()
      const child = spawn(process.execPath, [
        '-e',
        'const end = Date.now() + 600; while (Date.now() < end);',
        'busy-marker.js'
      ])
      await new Promise<void>((resolve) => child.on('exit', () => resolve()))
      await new Promise((resolve) => setTimeout(resolve, 120))
      const samples = sampler.stop()
      const busy = busiestThreads(samples, from, Date.now(), 20)
      const spinner = busy.find((t) => t.label.startsWith('node busy-marker.js') && t.cpuMs >= 300)
      expect(spinner, JSON.stringify(busy)).toBeDefined()
      expect(samples.length).toBeGreaterThan(5)
    }
  )
})
