import { describe, expect, it } from 'vitest'
import type { ApiEventName, ApiEvents, Subscribe } from '../../../shared/api'
import { formatLoopLine, parseLoopLine, watchLoopDelay } from './loopStats'

/** A backend whose events the test fires by hand. */
function fakeBackend() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const on: Subscribe = (event, listener) => {
    const set = listeners.get(event) ?? new Set()
    set.add(listener as (payload: unknown) => void)
    listeners.set(event, set)
    return () => set.delete(listener as (payload: unknown) => void)
  }
  const emit = <E extends ApiEventName>(event: E, payload: ApiEvents[E]): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload)
  }
  const count = (): number => [...listeners.values()].reduce((n, s) => n + s.size, 0)
  return { on, emit, count }
}

describe('loop lines', () => {
  it('are read back as they were written', () => {
    const figures = {
      jobId: '5f0c-1',
      outcome: 'done',
      p50Ms: 10.1,
      p99Ms: 12.4,
      maxMs: 19.8,
      seconds: 41.2,
      samples: 4012,
      utilisationPercent: 0.4
    }
    const line = formatLoopLine(figures)
    expect(line).toBe(
      'loop: job 5f0c-1 done: event-loop delay p50 10.1 ms, p99 12.4 ms, max 19.8 ms over 41.2 s (4012 samples), utilisation 0.4%'
    )
    expect(parseLoopLine(`${line}\n`)).toEqual(figures)
    expect(parseLoopLine('Driftwatch is serving on http://127.0.0.1:1/')).toBeNull()
  })
})

describe('watchLoopDelay', () => {
  it('writes one line per comparison, from its first event to its end', async () => {
    const backend = fakeBackend()
    const lines: string[] = []
    const stop = watchLoopDelay(backend, (line) => lines.push(line))
    backend.emit('job:finished', { jobId: 'never-started', outcome: 'done' })
    backend.emit('job:progress', { jobId: 'j1', phase: 'open', done: 0, total: 2, message: '' })
    await new Promise((resolve) => setTimeout(resolve, 60))
    // Another job's events while j1 runs are not measured apart.
    backend.emit('job:progress', { jobId: 'j2', phase: 'open', done: 0, total: 2, message: '' })
    backend.emit('job:finished', { jobId: 'j1', outcome: 'cancelled' })
    expect(lines).toHaveLength(1)
    const figures = parseLoopLine(lines[0] as string)
    expect(figures?.jobId).toBe('j1')
    expect(figures?.outcome).toBe('cancelled')
    expect(figures?.seconds).toBeGreaterThanOrEqual(0)
    expect(figures?.samples).toBeGreaterThan(0)
    expect(figures?.utilisationPercent).toBeGreaterThanOrEqual(0)
    expect(figures?.utilisationPercent).toBeLessThanOrEqual(100)
    stop()
    expect(backend.count()).toBe(0)
  })
})
