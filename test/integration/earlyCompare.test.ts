/**
 * A drop is compared while its quiet period runs (the project service's early comparison), with the real
 * drop watcher, real workers and real files: a drop that stays as it arrived is compared once, and its
 * early report is the one stored; a drop still being written when its early comparison read it is compared
 * again once stable, and the stored report is of the whole file. The pool is the real one; only its
 * submissions are counted on the way through.
 */
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BatchRecord, ProjectConfig } from '../../src/shared/model'
import { createProjectService, type ProjectService } from '../../src/main/project/projectService'
import { scanDrops, watchDrops } from '../../src/main/watch/dropWatcher'
import type { WorkerPool } from '../../src/main/workers/pool'
import { useTempFolder, useWorkerPool } from './harness'

const temp = useTempFolder('early-compare')
const workers = useWorkerPool(temp)
/** The current file of every comparison submitted to the pool, in order. */
let compared: string[] = []

/** The pool, with its comparisons noted as they are submitted. */
function countingPool(): WorkerPool {
  return {
    size: workers().size,
    threads: workers().threads,
    close: () => workers().close(),
    submit: (job, listeners) => {
      if (job.op === 'compare') compared.push((job.args as { current: string }).current)
      return workers().submit(job, listeners)
    }
  }
}

function table(rows: number, shift: number): string {
  const lines = ['x,y,label']
  for (let i = 0; i < rows; i++) lines.push(`${(i * 7 + shift) % 50},${(i * 13) % 31},${i % 3}`)
  return `${lines.join('\n')}\n`
}

function makeProject(name: string): { folder: string; config: ProjectConfig } {
  const folder = join(temp.root(), name)
  mkdirSync(join(folder, 'drops'), { recursive: true })
  writeFileSync(join(folder, 'reference.csv'), table(300, 0))
  const config: ProjectConfig = {
    version: 1,
    reference: 'reference.csv',
    drops: [{ path: 'drops', patterns: ['*.csv'] }],
    drift: { multivariate: { enabled: false } },
    watch: { stableMs: 800 }
  }
  return { folder, config }
}

function service(folder: string, config: ProjectConfig): ProjectService {
  return createProjectService({
    folder,
    config,
    pool: countingPool(),
    drops: { watch: watchDrops, scan: scanDrops },
    appVersion: 'test',
    log: () => undefined,
    retryBaseMs: 50
  })
}

async function doneBatches(s: ProjectService, count: number): Promise<BatchRecord[]> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const history = await s.history()
    if (!history.ok) throw new Error(history.error.message)
    const done = history.value.batches.filter((b) => b.status === 'done')
    if (done.length >= count) return done
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} batches`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function rowsOf(s: ProjectService, batch: BatchRecord): Promise<number> {
  const report = await s.report(batch.result?.runId ?? '')
  if (!report.ok) throw new Error(report.error.message)
  return report.value.inputs.current.rows
}

describe('a drop compared while its quiet period runs', () => {
  it('is compared once when it stays as it arrived, and that report is stored', async () => {
    compared = []
    const { folder, config } = makeProject('steady')
    const s = service(folder, config)
    try {
      await s.start()
      const aside = join(folder, 'drops', '.batch.csv.part')
      writeFileSync(aside, table(250, 5))
      renameSync(aside, join(folder, 'drops', 'batch.csv'))
      const [batch] = await doneBatches(s, 1)
      expect(batch?.name).toBe('batch.csv')
      expect(await rowsOf(s, batch as BatchRecord)).toBe(250)
      expect(compared).toEqual([join(folder, 'drops', 'batch.csv')])
    } finally {
      await s.close()
    }
  })

  it('is compared again once stable when it was still being written', async () => {
    compared = []
    const { folder, config } = makeProject('growing')
    const s = service(folder, config)
    try {
      await s.start()
      const path = join(folder, 'drops', 'growing.csv')
      // The first half arrives and is compared early; the second half lands while that runs.
      writeFileSync(path, table(250, 5))
      await new Promise((resolve) => setTimeout(resolve, 300))
      appendFileSync(path, table(250, 9).split('\n').slice(1).join('\n'))
      const [batch] = await doneBatches(s, 1)
      expect(await rowsOf(s, batch as BatchRecord)).toBe(500)
      const history = await s.history()
      expect(history.ok && history.value.batches.length).toBe(1)
      expect(compared).toEqual([path, path])
    } finally {
      await s.close()
    }
  })
})
