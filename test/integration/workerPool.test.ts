/**
 * The worker pool's start: an eager pool starts its workers at once, a lazy one (the backend's history
 * pool) with its first job. Real worker threads; each worker makes its own spill folder as it is started,
 * which is how the test sees whether one was.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createWorkerPool } from '../../src/main/workers/pool'
import { useTempFolder } from './harness'

const temp = useTempFolder('worker-pool')

describe('a worker pool', () => {
  it('started lazily has no worker until its first job, then runs it', async () => {
    const spill = temp.path('lazy-spill')
    const pool = createWorkerPool({
      lazy: true,
      size: 1,
      tempDirectory: spill,
      log: () => undefined
    })
    try {
      expect(existsSync(join(spill, 'duckdb-0'))).toBe(false)
      const file = temp.csv(
        'lazy.csv',
        ['a', 'b'],
        [
          [1, 'x'],
          [2, 'y']
        ]
      )
      const described = await pool.submit({ op: 'describe', args: { path: file } }).result
      expect(described.ok).toBe(true)
      if (described.ok) expect(described.value.map((c) => c.name)).toEqual(['a', 'b'])
      expect(existsSync(join(spill, 'duckdb-0'))).toBe(true)
    } finally {
      await pool.close()
    }
  })

  it('started lazily and closed before any job closes without starting a worker', async () => {
    const spill = temp.path('idle-spill')
    const pool = createWorkerPool({
      lazy: true,
      size: 1,
      tempDirectory: spill,
      log: () => undefined
    })
    await pool.close()
    expect(existsSync(join(spill, 'duckdb-0'))).toBe(false)
    const late = await pool.submit({ op: 'describe', args: { path: temp.path('none.csv') } }).result
    expect(late.ok).toBe(false)
    if (!late.ok) expect(late.error.message).toMatch(/shutting down/)
  })

  it('started eagerly has its workers before any job', async () => {
    const spill = temp.path('eager-spill')
    const pool = createWorkerPool({ size: 2, tempDirectory: spill, log: () => undefined })
    try {
      expect(existsSync(join(spill, 'duckdb-0'))).toBe(true)
      expect(existsSync(join(spill, 'duckdb-1'))).toBe(true)
    } finally {
      await pool.close()
    }
  })
})
