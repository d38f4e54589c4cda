/**
 * The project pipeline with real workers, a real history database and real files: three weekly drops are
 * each processed once into the history (verdicts, reports, per-column results) and a second run finds
 * nothing new; the same content under another name is recognised; an empty file and a file that is not a
 * table are failed for good with their reasons; archiving moves a drop only after its result is stored;
 * a second service on the same project opens read-only and still reads the history.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ProjectConfig } from '../../src/shared/model'
import {
  createProjectService,
  type DropFile,
  type DropWatching
} from '../../src/main/project/projectService'
import { DEMO_REFERENCE, demoWeek } from '../paths'
import { useTempFolder, useWorkerPool } from './harness'

const temp = useTempFolder('project-service')
const workers = useWorkerPool(temp)

/** A drop scan by directory listing (the pipeline's own watcher is tested on its own). */
const listing: DropWatching = {
  watch: () => ({ ready: Promise.resolve(), close: async () => undefined }),
  scan: async ({ folders, skipFolders }) => {
    const ready: DropFile[] = []
    for (const folder of folders) {
      if (!existsSync(folder.path)) continue
      for (const name of readdirSync(folder.path)) {
        if (skipFolders?.includes(name)) continue
        const path = join(folder.path, name)
        const s = statSync(path)
        if (s.isFile()) ready.push({ path, sizeBytes: s.size, modifiedMs: s.mtimeMs })
      }
    }
    ready.sort((a, b) => a.modifiedMs - b.modifiedMs || a.path.localeCompare(b.path))
    return { ready, ignored: [] }
  }
}

function project(
  name: string,
  extra: Partial<ProjectConfig> = {}
): { folder: string; config: ProjectConfig } {
  const folder = join(temp.root(), name)
  mkdirSync(join(folder, 'reference'), { recursive: true })
  mkdirSync(join(folder, 'data-drift'), { recursive: true })
  copyFileSync(DEMO_REFERENCE, join(folder, 'reference', 'ref.csv'))
  const config: ProjectConfig = {
    version: 1,
    reference: 'reference/ref.csv',
    drops: [{ path: 'data-drift' }],
    ignore: ['count'],
    drift: { multivariate: { enabled: false } },
    ...extra
  }
  return { folder, config }
}

function service(folder: string, config: ProjectConfig) {
  return createProjectService({
    folder,
    config,
    pool: workers(),
    drops: listing,
    appVersion: 'test',
    log: () => undefined,
    retryBaseMs: 50
  })
}

function dropWeek(
  folder: string,
  week: 1 | 2 | 3,
  as = `week${week}.csv`,
  at: number = week
): string {
  const path = join(folder, 'data-drift', as)
  copyFileSync(demoWeek(week), path)
  const time = new Date(Date.UTC(2024, 0, at))
  // Modification times in week order: the pipeline processes drops oldest first.
  utimesSync(path, time, time)
  return path
}

describe('the project pipeline', () => {
  it('processes each drop once, in time order, and a second run finds nothing new', async () => {
    const { folder, config } = project('weeks')
    for (const week of [3, 1, 2] as const) dropWeek(folder, week)
    const first = service(folder, config)
    const run = await first.runOnce()
    expect(run.ok).toBe(true)
    if (!run.ok) return
    expect(run.value.processed.map((b) => [b.name, b.status])).toEqual([
      ['week1.csv', 'done'],
      ['week2.csv', 'done'],
      ['week3.csv', 'done']
    ])
    for (const b of run.value.processed) {
      expect(b.result).toMatchObject({ drifted: true, gate: 'valid', countsTowardRetraining: true })
    }
    expect(run.value.processed.map((b) => b.result?.driftedColumns)).toEqual([7, 8, 9])
    // The history folder keeps itself out of version control.
    expect(readFileSync(join(folder, '.driftwatch', '.gitignore'), 'utf8')).toMatch(/^\*$/m)
    await first.close()

    const second = service(folder, config)
    const again = await second.runOnce()
    expect(again.ok && again.value.processed).toEqual([])
    const history = await second.history()
    expect(history.ok).toBe(true)
    if (!history.ok) return
    expect(history.value.batches).toHaveLength(3)
    expect(new Set(history.value.columns.map((c) => c.batchId)).size).toBe(3)
    expect(
      history.value.columns.filter((c) => c.column === 'humidity').map((c) => c.drifted)
    ).toEqual([true, true, true])
    const runId = history.value.batches[0]?.result?.runId as string
    const report = await second.report(runId)
    expect(report.ok && report.value.inputs.current.name).toBe('week1.csv')
    await second.close()
  })

  it('the same content under another name is recognised; empty and unreadable files fail with reasons', async () => {
    const { folder, config } = project('odd')
    dropWeek(folder, 1)
    dropWeek(folder, 1, 'week1-copy.csv', 5)
    writeFileSync(join(folder, 'data-drift', 'empty.csv'), '')
    writeFileSync(
      join(folder, 'data-drift', 'garbage.csv'),
      Buffer.from([0, 159, 146, 150, 0, 1, 2])
    )
    const s = service(folder, config)
    const run = await s.runOnce()
    expect(run.ok).toBe(true)
    if (!run.ok) return
    const byName = new Map(run.value.processed.map((b) => [b.name, b]))
    expect(byName.get('week1.csv')?.status).toBe('done')
    expect(byName.has('week1-copy.csv')).toBe(false)
    expect(byName.get('empty.csv')).toMatchObject({ status: 'failed' })
    expect(byName.get('empty.csv')?.reason).toMatch(/empty/i)
    expect(byName.get('garbage.csv')?.status).toBe('failed')
    const history = await s.history()
    const events = history.ok ? history.value.events.map((e) => e.message) : []
    expect(events.some((m) => /week1-copy\.csv has the same content as week1\.csv/.test(m))).toBe(
      true
    )
    await s.close()
  })

  it('archiving moves a drop into processed/ once its result is stored, never deleting it', async () => {
    const { folder, config } = project('archive', { archive: { enabled: true } })
    dropWeek(folder, 2)
    const s = service(folder, config)
    const run = await s.runOnce()
    expect(run.ok && run.value.processed[0]?.result?.archivedTo).toBe(
      'data-drift/processed/week2.csv'
    )
    expect(existsSync(join(folder, 'data-drift', 'week2.csv'))).toBe(false)
    expect(existsSync(join(folder, 'data-drift', 'processed', 'week2.csv'))).toBe(true)
    await s.close()
    const again = await service(folder, config).runOnce()
    expect(again.ok && again.value.processed).toEqual([])
  })

  it('a batch run again gets a new result in place of the old, from its archive too', async () => {
    const { folder, config } = project('rerun', { archive: { enabled: true } })
    dropWeek(folder, 3)
    const s = service(folder, config)
    expect((await s.runOnce()).ok).toBe(true)
    const started = await s.start()
    expect(started.ok).toBe(true)
    const before = await s.history()
    const batch = before.ok ? before.value.batches[0] : undefined
    expect(batch?.result?.archivedTo).toBe('data-drift/processed/week3.csv')
    const requeued = await s.rerun(batch?.id ?? '')
    expect(requeued.ok && requeued.value.status).toBe('queued')
    await s.idle()
    const after = await s.history()
    const again = after.ok ? after.value.batches : []
    expect(again).toHaveLength(1)
    expect(again[0]?.reason).toBeUndefined()
    expect(again[0]?.status).toBe('done')
    expect(again[0]?.result?.runId).not.toBe(batch?.result?.runId)
    expect(again[0]?.result?.archivedTo).toBe('data-drift/processed/week3.csv')
    const old = await s.report(batch?.result?.runId ?? '')
    expect(old.ok).toBe(false)
    const unknown = await s.rerun('no-such-batch')
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND')
    await s.close()
  })

  it('a second service on a watched project opens read-only and reads the history', async () => {
    const { folder, config } = project('shared')
    dropWeek(folder, 1)
    const owner = service(folder, config)
    const started = await owner.start()
    expect(started.ok && started.value.mode).toBe('watching')
    await owner.idle()
    const viewer = service(folder, config)
    const opened = await viewer.start()
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    expect(opened.value.mode).toBe('read-only')
    expect(opened.value.heldBy).toMatch(/another Driftwatch \(pid \d+ on /)
    const refused = await viewer.runOnce()
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.message).toMatch(/already watched by another Driftwatch/)
    await viewer.close()
    await owner.close()
  })
})
