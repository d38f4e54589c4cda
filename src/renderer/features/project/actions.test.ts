import { afterEach, describe, expect, it } from 'vitest'
import { err, ok } from '../../../shared/errors'
import type { ConfigProposal } from '../../../shared/model'
import { fakeClient } from '../../fakeClient'
import { resetStore, useAppStore } from '../../store'
import { fixtureReport } from '../report/fixtureReport'
import { acceptProposal, closeRun, loadProjects, openFolder, openRun } from './actions'
import { fixtureBatch, fixtureHistory, fixtureSummary } from './projectFixtures'

afterEach(() => resetStore())

const proposal: ConfigProposal = {
  config: { version: 1, reference: 'reference/ref.csv', drops: [{ path: 'incoming' }] },
  reasons: ['reference: the only data file in reference/'],
  gaps: []
}

describe('loadProjects', () => {
  it('opens the demo project on a first start and reads its history', async () => {
    const fake = fakeClient({
      'project:list': () => ok({ open: [], recent: [] }),
      'demo:open': () =>
        ok({ kind: 'opened', summary: fixtureSummary({ isDemo: true }), problems: [] }),
      'project:history': () => ok(fixtureHistory())
    })
    const off = await loadProjects(fake.client)
    const s = useAppStore.getState()
    expect(fake.calls.map((c) => c.name)).toEqual(['project:list', 'demo:open', 'project:history'])
    expect(s.activeFolder).toBe('/p')
    expect(s.history?.batches).toHaveLength(4)
    expect(s.trendColumn).toBe('temp')
    off()
    expect(fake.listenerCount()).toBe(0)
  })

  it('reopens the most recent folder when none is open, and follows project events', async () => {
    const fake = fakeClient({
      'project:list': () => ok({ open: [], recent: ['/p', '/q'] }),
      'project:open': () => ok({ kind: 'opened', summary: fixtureSummary(), problems: [] }),
      'project:history': () => ok(fixtureHistory())
    })
    const off = await loadProjects(fake.client)
    expect(fake.calls[1]).toEqual({ name: 'project:open', req: { folder: '/p' } })
    fake.emit('project:changed', {
      folder: '/p',
      summary: fixtureSummary({ mode: 'paused' }),
      event: { at: '2024-01-01T00:00:00Z', kind: 'watch:paused', message: 'paused' }
    })
    expect(useAppStore.getState().projects[0]?.mode).toBe('paused')
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(fake.calls.filter((c) => c.name === 'project:history')).toHaveLength(2)
    off()
  })
})

describe('opening folders', () => {
  it('a folder without config shows the proposal; accepting it opens the project', async () => {
    const fake = fakeClient({
      'project:open': () => ok({ kind: 'proposal', folder: '/new', proposal }),
      'project:accept': () =>
        ok({ kind: 'opened', summary: fixtureSummary({ folder: '/new' }), problems: [] }),
      'project:history': () => ok({ ...fixtureHistory(), folder: '/new' })
    })
    await openFolder(fake.client, ' /new ')
    expect(useAppStore.getState().proposal?.folder).toBe('/new')
    await acceptProposal(fake.client, proposal.config)
    expect(fake.calls.find((c) => c.name === 'project:accept')?.req).toEqual({
      folder: '/new',
      config: proposal.config
    })
    const s = useAppStore.getState()
    expect(s.proposal).toBeNull()
    expect(s.activeFolder).toBe('/new')
  })

  it('an empty path or a refused folder is a sentence, not a crash', async () => {
    const fake = fakeClient({
      'project:open': () => err('FILE_NOT_FOUND', 'There is no folder at /nope. Check the path.')
    })
    await openFolder(fake.client, '  ')
    expect(useAppStore.getState().projectError?.message).toMatch(/Type the path/)
    await openFolder(fake.client, '/nope')
    expect(useAppStore.getState().projectError?.message).toMatch(/There is no folder/)
  })
})

describe('a batch report', () => {
  it('opens under the project with its column, and closes back to the overview', async () => {
    const report = fixtureReport()
    const fake = fakeClient({ 'project:report': () => ok(report) })
    useAppStore.getState().showProject(fixtureSummary({ latest: [fixtureBatch(3)] }), [])
    await openRun(fake.client, 'r3', 'temp')
    let s = useAppStore.getState()
    expect(fake.calls[0]).toEqual({ name: 'project:report', req: { folder: '/p', runId: 'r3' } })
    expect(s.report).toBe(report)
    expect(s.reportOrigin).toBe('project')
    expect(s.openRunId).toBe('r3')
    expect(s.selectedColumn).toBe('temp')
    closeRun()
    s = useAppStore.getState()
    expect(s.openRunId).toBeNull()
    expect(s.report).toBeNull()
  })
})

describe('a folder opened while the app starts', () => {
  it('is not replaced by the demo project when that answer comes later', async () => {
    let answerDemo: (value: unknown) => void = () => undefined
    const fake = fakeClient({
      'project:list': () => ok({ open: [], recent: [] }),
      'demo:open': () =>
        new Promise((resolve) => {
          answerDemo = resolve
        }) as never,
      'project:open': () => ok({ kind: 'proposal', folder: '/mine', proposal }),
      'project:history': () => ok(fixtureHistory())
    })
    const starting = loadProjects(fake.client)
    await new Promise((resolve) => setTimeout(resolve, 0))
    await openFolder(fake.client, '/mine')
    answerDemo(ok({ kind: 'opened', summary: fixtureSummary({ isDemo: true }), problems: [] }))
    const off = await starting
    expect(useAppStore.getState().proposal?.folder).toBe('/mine')
    expect(useAppStore.getState().activeFolder).toBeNull()
    off()
  })
})
