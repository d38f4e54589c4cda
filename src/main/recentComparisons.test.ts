import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Report } from '../shared/model'
import { fixtureReport } from '../../test/reportFixture'
import { createAppStateStore, DEFAULT_APP_STATE } from './project/appState'
import { createRecentComparisons } from './recentComparisons'

let root = ''

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'driftwatch-recent-'))
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

/** The fixture report as a run of `reference` against `current`, with its own id. */
function reportOf(id: string, reference: string, current: string): Report {
  const base = fixtureReport()
  return {
    ...base,
    id,
    inputs: {
      reference: {
        ...base.inputs.reference,
        path: reference,
        name: reference.split('/').pop() ?? ''
      },
      current: { ...base.inputs.current, path: current, name: current.split('/').pop() ?? '' }
    }
  }
}

function store() {
  return createAppStateStore(join(root, 'data'), DEFAULT_APP_STATE, () => undefined)
}

describe('createRecentComparisons', () => {
  it('keeps the newest first, one per pair, at most ten', () => {
    const recent = createRecentComparisons({ transientDir: join(root, 'temp') })
    for (let i = 0; i < 12; i++) recent.record(reportOf(`r${i}`, '/d/ref.csv', `/d/week${i}.csv`))
    recent.record(reportOf('again', '/d/ref.csv', '/d/week5.csv'))
    const list = recent.list()
    expect(list).toHaveLength(10)
    expect(list[0]?.reportId).toBe('again')
    expect(list.filter((r) => r.current.path === '/d/week5.csv')).toHaveLength(1)
    expect(list[1]?.verdict).toEqual({
      drifted: fixtureReport().dataset.drifted,
      numberOfDrifted: fixtureReport().dataset.numberOfDrifted,
      numberOfColumns: fixtureReport().dataset.numberOfColumns,
      gate: fixtureReport().gate.status
    })
  })

  it("saves comparisons of the person's files in the app state, not of uploaded copies", async () => {
    const appState = store()
    const temp = join(root, 'temp')
    const recent = createRecentComparisons({ appState, transientDir: temp })
    recent.record(reportOf('kept', '/d/ref.csv', '/d/week1.csv'))
    recent.record(reportOf('upload', join(temp, 'uploads', 'x', 'ref.csv'), '/d/week2.csv'))
    await appState.flush()
    expect(recent.list().map((r) => r.reportId)).toEqual(['upload', 'kept'])
    expect(appState.get().recentComparisons.map((r) => r.reportId)).toEqual(['kept'])
    // A later session starts from what was saved.
    const later = createRecentComparisons({ appState, transientDir: join(root, 'other') })
    expect(later.list().map((r) => r.reportId)).toEqual(['kept'])
  })

  it('finds a comparison whose files are still there, and says which file is gone', async () => {
    const reference = join(root, 'ref.csv')
    const current = join(root, 'week1.csv')
    await writeFile(reference, 'a\n1\n')
    await writeFile(current, 'a\n2\n')
    const recent = createRecentComparisons({ transientDir: join(root, 'temp') })
    recent.record(reportOf('r1', reference, current))
    recent.record(reportOf('r2', reference, join(root, 'gone.csv')))
    const found = await recent.find('r1')
    expect(found.ok && found.value.current.path).toBe(current)
    const gone = await recent.find('r2')
    expect(gone.ok).toBe(false)
    if (!gone.ok) {
      expect(gone.error.code).toBe('FILE_NOT_FOUND')
      expect(gone.error.message).toMatch(/^gone\.csv is no longer at .*gone\.csv/)
    }
    const unknown = await recent.find('nope')
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND')
  })
})
