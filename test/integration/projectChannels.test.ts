/**
 * The project channels through a backend, as the app calls them, with real workers, files and watchers:
 * a folder without driftwatch.yaml gets a proposal (nothing written); accepting writes the config and the
 * suite inferred from the reference and starts watching; a drop is processed live, its webhook message
 * delivered to a local server; the config is updated (comments kept) and the project watched with it;
 * pause, resume, report and close; the demo project and its weeks; folders refused with sentences; the
 * watched projects opened again by a new backend on the same data folder.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProjectChanged, ProjectOpenResult } from '../../src/shared/api'
import type { Result } from '../../src/shared/errors'
import { createBackend } from '../../src/main/api'
import type { Backend } from '../../src/main/backend'
import { type AppStateStore, openAppStateStore } from '../../src/main/project/appState'
import { DEMO_REFERENCE, demoWeek } from '../paths'
import { useTempFolder } from './harness'

const temp = useTempFolder('project-channels')
let backend: Backend
let appState: AppStateStore
let server: Server
let webhookUrl = ''
const posts: unknown[] = []
const changes: ProjectChanged[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      posts.push(JSON.parse(body))
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  webhookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`
  const dataDir = join(temp.root(), 'data')
  appState = await openAppStateStore(dataDir, () => undefined)
  backend = createBackend({ host: 'inprocess', dataDir, appState, log: () => undefined })
  backend.on('project:changed', (change) => changes.push(change))
})
afterAll(async () => {
  await backend.dispose()
  await new Promise((resolve) => server.close(resolve))
})

function opened(result: Result<ProjectOpenResult>) {
  if (!result.ok) throw new Error(result.error.message)
  if (result.value.kind !== 'opened') throw new Error('expected an opened project')
  return result.value.summary
}

async function until(
  check: () => boolean | Promise<boolean>,
  ms: number,
  what: string
): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('a project from a folder', () => {
  let folder = ''

  it('a folder without driftwatch.yaml gets a proposal and nothing is written', async () => {
    folder = join(temp.root(), 'churn')
    mkdirSync(join(folder, 'reference'), { recursive: true })
    mkdirSync(join(folder, 'incoming'), { recursive: true })
    copyFileSync(DEMO_REFERENCE, join(folder, 'reference', 'ref.csv'))
    const result = await backend.call('project:open', { folder })
    expect(result.ok && result.value.kind).toBe('proposal')
    if (!result.ok || result.value.kind !== 'proposal') return
    expect(result.value.proposal.config).toMatchObject({
      reference: 'reference/ref.csv',
      drops: [{ path: 'incoming' }],
      timeColumn: 'datetime'
    })
    expect(existsSync(join(folder, 'driftwatch.yaml'))).toBe(false)
  })

  it('accepting writes the config and the inferred suite, watches, and processes a drop live', async () => {
    const summary = opened(
      await backend.call('project:accept', {
        folder,
        config: {
          version: 1,
          reference: 'reference/ref.csv',
          drops: [{ path: 'incoming', patterns: ['week*.csv'] }],
          ignore: ['count'],
          timeColumn: 'datetime',
          drift: { multivariate: { enabled: false } },
          notifications: { webhook: { url: webhookUrl } },
          watch: { stableMs: 200 }
        }
      })
    )
    expect(summary.mode).toBe('watching')
    expect(readFileSync(join(folder, 'driftwatch.yaml'), 'utf8')).toContain('reference/ref.csv')
    expect(readFileSync(join(folder, 'driftwatch', 'expectations.yaml'), 'utf8')).toContain(
      'kind: column_set_contains'
    )
    copyFileSync(demoWeek(2), join(folder, 'incoming', 'week2.csv'))
    await until(
      () => changes.some((c) => c.folder === folder && c.event.kind === 'batch:done'),
      60_000,
      'week2 processed'
    )
    const done = changes.find((c) => c.event.kind === 'batch:done')
    expect(done?.batch?.result).toMatchObject({ drifted: true, driftedColumns: 8, gate: 'valid' })
    await until(() => posts.length > 0, 20_000, 'the webhook message')
    expect(JSON.stringify(posts[0])).toContain('week2.csv')
    const history = await backend.call('project:history', { folder })
    expect(history.ok && history.value.batches.map((b) => b.status)).toEqual(['done'])
    const runId = history.ok ? (history.value.batches[0]?.result?.runId ?? '') : ''
    const report = await backend.call('project:report', { folder, runId })
    expect(report.ok && report.value.validation?.source.kind).toBe('file')
  })

  it('an update is written with the comments kept, and the project is watched with it', async () => {
    const path = join(folder, 'driftwatch.yaml')
    writeFileSync(path, `# our churn model\n${readFileSync(path, 'utf8')}`)
    const list = await backend.call('project:list', {})
    const config = list.ok ? list.value.open.find((p) => p.folder === folder)?.config : undefined
    if (config === undefined) throw new Error('the project is not listed')
    const summary = opened(
      await backend.call('project:update', {
        folder,
        config: { ...config, archive: { enabled: true } }
      })
    )
    expect(summary.config.archive).toEqual({ enabled: true })
    expect(summary.mode).toBe('watching')
    const text = readFileSync(path, 'utf8')
    expect(text).toContain('# our churn model')
    expect(text).toMatch(/archive:/)
  })

  it('pause and resume; close stops watching and keeps it among the recent ones', async () => {
    const paused = await backend.call('project:pause', { folder })
    expect(paused.ok && paused.value.mode).toBe('paused')
    const resumed = await backend.call('project:resume', { folder })
    expect(resumed.ok && resumed.value.mode).toBe('watching')
    const closed = await backend.call('project:close', { folder })
    expect(closed.ok && closed.value.closed).toBe(true)
    const list = await backend.call('project:list', {})
    expect(list.ok && list.value.open.map((p) => p.folder)).not.toContain(folder)
    expect(list.ok && list.value.recent[0]).toBe(folder)
    const gone = await backend.call('project:history', { folder })
    expect(!gone.ok && gone.error.code).toBe('NOT_FOUND')
  })
})

describe('the demo project', () => {
  it('opens from the app data folder; its weeks are dropped one at a time, then none is left', async () => {
    const summary = opened(await backend.call('demo:open', {}))
    expect(summary.isDemo).toBe(true)
    expect(summary.config.drops).toEqual([{ path: 'data-drift', patterns: ['week*.csv'] }])
    const copied: (string | null)[] = []
    for (let i = 0; i < 4; i++) {
      const next = await backend.call('demo:nextWeek', {})
      copied.push(next.ok ? next.value.copied : 'error')
    }
    expect(copied).toEqual(['week1.csv', 'week2.csv', 'week3.csv', null])
    expect(existsSync(join(summary.folder, 'data-drift', 'week3.csv'))).toBe(true)
  })
})

describe('folders that cannot be opened', () => {
  it('a relative path, a missing folder and a file are each refused with a sentence', async () => {
    const file = temp.file('note.txt', 'hello')
    for (const [folder, message] of [
      ['projects/churn', /not a full path/],
      [join(temp.root(), 'nope'), /There is no folder/],
      [file, /is a file, not a folder/]
    ] as const) {
      const result = await backend.call('project:open', { folder })
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message).toMatch(message)
    }
  })
})

describe('a new backend on the same data folder', () => {
  it('watches again the projects that were being watched', async () => {
    const folder = join(temp.root(), 'again')
    mkdirSync(join(folder, 'drops'), { recursive: true })
    copyFileSync(DEMO_REFERENCE, join(folder, 'ref.csv'))
    writeFileSync(
      join(folder, 'driftwatch.yaml'),
      'version: 1\nreference: ref.csv\ndrops:\n  - path: drops\nvalidation:\n  enabled: false\n'
    )
    opened(await backend.call('project:open', { folder }))
    const dataDir = join(temp.root(), 'data')
    await backend.dispose()
    await appState.flush()
    backend = createBackend({
      host: 'inprocess',
      dataDir,
      appState: await openAppStateStore(dataDir, () => undefined),
      log: () => undefined
    })
    await backend.restoreProjects()
    const list = await backend.call('project:list', {})
    expect(list.ok && list.value.open.map((p) => p.folder)).toContain(folder)
  })
})
