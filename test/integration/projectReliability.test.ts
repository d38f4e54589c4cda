/**
 * The project pipeline under stress, with real files, the real drop watcher, real workers and real
 * processes: a burst of 200 drops is processed exactly once each, in time order; a headless watcher killed
 * with SIGKILL twenty times at random moments leaves a history that opens, with exactly one result per
 * batch once a later run has caught up; a file deleted before it is read, a file written for seconds, a
 * 0-byte file and a folder named like a drop are each recorded with a reason while the watcher goes on;
 * a second Driftwatch on a watched project opens it read-only and reads its history.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import type { BatchRecord, ProjectConfig, ProjectEvent } from '../../src/shared/model'
import { HISTORY_FILE, HISTORY_FOLDER } from '../../src/main/project/history'
import { createProjectService, type ProjectService } from '../../src/main/project/projectService'
import { scanDrops, watchDrops } from '../../src/main/watch/dropWatcher'
import { REPO_ROOT } from '../paths'
import { useTempFolder, useWorkerPool } from './harness'

const temp = useTempFolder('project-reliability')
const workers = useWorkerPool(temp)
const CLI = join(REPO_ROOT, 'src', 'main', 'hosts', 'cli', 'index.ts')

const HEADER = 'x,y,label'

/** A small table whose content (and so its hash) is told apart by `n`. */
function smallTable(n: number, rows = 40): string {
  const lines = [HEADER]
  for (let i = 0; i < rows; i++) lines.push(`${(i * 7 + n) % 50},${(i * 13 + 2 * n) % 31},${i % 3}`)
  return `${lines.join('\n')}\n`
}

function makeProject(
  name: string,
  extra: Partial<ProjectConfig> = {}
): { folder: string; config: ProjectConfig } {
  const folder = join(temp.root(), name)
  mkdirSync(join(folder, 'drops'), { recursive: true })
  writeFileSync(join(folder, 'reference.csv'), smallTable(0, 200))
  const config: ProjectConfig = {
    version: 1,
    reference: 'reference.csv',
    drops: [{ path: 'drops', patterns: ['*.csv'] }],
    drift: { multivariate: { enabled: false } },
    validation: { enabled: false },
    watch: { stableMs: 300 },
    ...extra
  }
  writeFileSync(join(folder, 'driftwatch.yaml'), configYaml(config))
  return { folder, config }
}

/** driftwatch.yaml for the child processes (the subset of keys these tests use). */
function configYaml(config: ProjectConfig): string {
  return [
    'version: 1',
    `reference: ${config.reference}`,
    'drops:',
    ...config.drops.map((d) => `  - path: ${d.path}\n    patterns: ["*.csv"]`),
    'drift:',
    '  multivariate:',
    '    enabled: false',
    'validation:',
    `  enabled: ${config.validation?.enabled !== false}`,
    'watch:',
    `  stableMs: ${config.watch?.stableMs ?? 300}`,
    ''
  ].join('\n')
}

function service(
  folder: string,
  config: ProjectConfig,
  events: ProjectEvent[] = []
): ProjectService {
  return createProjectService({
    folder,
    config,
    pool: workers(),
    drops: { watch: watchDrops, scan: scanDrops },
    appVersion: 'test',
    log: () => undefined,
    onEvent: (_summary, event) => events.push(event),
    retryBaseMs: 50
  })
}

/** Resolves once `check` holds, polling; fails after `ms`. */
async function until(
  check: () => Promise<boolean> | boolean,
  ms: number,
  what: string
): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function batchesOf(s: ProjectService): Promise<BatchRecord[]> {
  const history = await s.history()
  if (!history.ok) throw new Error(history.error.message)
  return [...history.value.batches]
}

describe('a burst of 200 drops', () => {
  it('processes every drop exactly once, none lost, in time order', async () => {
    const { folder, config } = makeProject('burst')
    const events: ProjectEvent[] = []
    const s = service(folder, config, events)
    const started = await s.start()
    expect(started.ok && started.value.mode).toBe('watching')
    const base = Date.UTC(2024, 0, 1) / 1000
    for (let i = 0; i < 200; i++) {
      const name = `batch-${String(i).padStart(3, '0')}.csv`
      const partial = join(folder, 'drops', `.${name}.part`)
      writeFileSync(partial, smallTable(i + 1))
      utimesSync(partial, base + i, base + i)
      renameSync(partial, join(folder, 'drops', name))
    }
    await until(
      async () => (await batchesOf(s)).filter((b) => b.status === 'done').length === 200,
      240_000,
      '200 processed batches'
    )
    const batches = await batchesOf(s)
    expect(batches).toHaveLength(200)
    expect(new Set(batches.map((b) => b.sha256)).size).toBe(200)
    const startedOrder = events.filter((e) => e.kind === 'batch:started').map((e) => e.path)
    expect(startedOrder).toEqual(
      Array.from({ length: 200 }, (_, i) => `drops/batch-${String(i).padStart(3, '0')}.csv`)
    )
    await s.close()
  }, 300_000)
})

describe('bad drops are recorded with a reason and the watcher goes on', () => {
  it('a deleted file, a file written for seconds, an empty file and a folder named like a drop', async () => {
    const { folder, config } = makeProject('bad-drops', { watch: { stableMs: 500 } })
    const events: ProjectEvent[] = []
    const s = service(folder, config, events)
    await s.start()
    const drops = join(folder, 'drops')

    mkdirSync(join(drops, 'week4.csv'))
    writeFileSync(join(drops, 'empty.csv'), '')
    // Written over 3 seconds, a line every 300 ms: processed once, whole, after the writing stops.
    const slow = join(drops, 'slow.csv')
    writeFileSync(slow, `${HEADER}\n`)
    for (let i = 0; i < 10; i++) {
      appendFileSync(slow, `${i},${i * 2},${i % 3}\n`)
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    // Appears whole, then is deleted before anything reads it.
    const vanishing = join(drops, 'vanishing.csv')
    writeFileSync(vanishing, smallTable(99))
    rmSync(vanishing)
    copyFileSync(join(folder, 'reference.csv'), join(drops, 'after.csv'))

    await until(
      async () => (await batchesOf(s)).some((b) => b.name === 'after.csv' && b.status === 'done'),
      60_000,
      'the good drop after the bad ones'
    )
    await until(
      () =>
        events.some((e) => e.kind === 'file:ignored' && /week4\.csv/.test(e.message)) &&
        events.some((e) => e.kind === 'file:ignored' && /empty\.csv/.test(e.message)),
      20_000,
      'the folder and the empty file recorded'
    )
    const batches = await batchesOf(s)
    const slowBatch = batches.filter((b) => b.name === 'slow.csv')
    expect(slowBatch).toHaveLength(1)
    expect(slowBatch[0]?.status).toBe('done')
    expect(slowBatch[0]?.result?.rows).toBe(10)
    expect(batches.some((b) => b.name === 'vanishing.csv' && b.status === 'done')).toBe(false)
    const ignored = events.filter((e) => e.kind === 'file:ignored').map((e) => e.message)
    expect(ignored.find((m) => m.includes('week4.csv'))).toMatch(/folder/i)
    expect(ignored.find((m) => m.includes('empty.csv'))).toMatch(/empty/i)
    await s.close()
  }, 120_000)
})

describe('a headless watcher killed at random moments', () => {
  function startWatcher(folder: string): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', CLI, 'watch', folder, '--quiet'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
  }

  it('leaves a history that opens and, once caught up, exactly one result per batch', async () => {
    const { folder, config } = makeProject('killed')
    const drops = join(folder, 'drops')
    let seed = 12345
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let round = 0; round < 20; round++) {
      const child = startWatcher(folder)
      writeFileSync(
        join(drops, `drop-${String(round).padStart(2, '0')}.csv`),
        smallTable(1000 + round)
      )
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.floor(random() * 2500)))
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    }
    // A clean run catches up on whatever the kills interrupted.
    const s = service(folder, config)
    const run = await s.runOnce()
    expect(run.ok).toBe(true)
    await s.close()

    const instance = await DuckDBInstance.create(join(folder, HISTORY_FOLDER, HISTORY_FILE), {
      access_mode: 'READ_ONLY'
    })
    const connection = await instance.connect()
    const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson()
    const batches = await read(`SELECT name, status FROM batches ORDER BY name`)
    expect(batches.map((b) => b['name'])).toEqual(
      Array.from({ length: 20 }, (_, i) => `drop-${String(i).padStart(2, '0')}.csv`)
    )
    expect(batches.every((b) => b['status'] === 'done')).toBe(true)
    const runs = await read(
      `SELECT b.name, count(r.id)::INTEGER AS n FROM batches b LEFT JOIN runs r ON r.batch_id = b.id GROUP BY b.name HAVING count(r.id) <> 1`
    )
    expect(runs).toEqual([])
    connection.closeSync()
    instance.closeSync()
  }, 300_000)
})

describe('a second Driftwatch on a watched project', () => {
  it('opens it read-only, says who holds it, and still reads its history', async () => {
    const { folder, config } = makeProject('second')
    writeFileSync(join(folder, 'drops', 'one.csv'), smallTable(7))
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'watch', folder], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    try {
      await until(() => /one\.csv: /.test(output), 60_000, 'the child to process one.csv')
      const viewer = service(folder, config)
      const opened = await viewer.start()
      expect(opened.ok).toBe(true)
      if (!opened.ok) return
      expect(opened.value.mode).toBe('read-only')
      expect(opened.value.heldBy).toContain(`pid ${child.pid}`)
      const batches = await batchesOf(viewer)
      expect(batches.map((b) => [b.name, b.status])).toEqual([['one.csv', 'done']])
      await viewer.close()
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    expect(output).toMatch(/Stopping/)
    expect(readFileSync(join(folder, 'driftwatch.yaml'), 'utf8')).toContain('reference.csv')
  }, 120_000)
})
