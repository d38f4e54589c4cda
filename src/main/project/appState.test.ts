import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  APP_STATE_FILE,
  createAppStateStore,
  DEFAULT_APP_STATE,
  openAppStateStore,
  parseAppState,
  readAppState,
  RECENT_MAX,
  withoutProject,
  withRecentComparison,
  withRecentProject,
  withWatchedProject,
  writeAppState
} from './appState'
import type { AppState } from './appState'
import type { RecentComparison } from '../../shared/api'

let root = ''
let dataDir = ''
let warnings: string[] = []
const log = (level: 'info' | 'warn' | 'error', text: string): void => {
  if (level !== 'info') warnings.push(text)
}

/** A recent comparison of two files (not created on disk). */
function comparison(
  reference: string,
  current: string,
  reportId = `r-${current}`
): RecentComparison {
  return {
    reportId,
    reference: { path: reference, name: reference.split('/').pop() ?? reference },
    current: { path: current, name: current.split('/').pop() ?? current },
    finishedAt: '2026-12-01T10:00:00.000Z',
    verdict: { drifted: true, numberOfDrifted: 3, numberOfColumns: 10, gate: 'valid' }
  }
}

async function project(name: string): Promise<string> {
  const folder = join(root, 'projects', name)
  await mkdir(folder, { recursive: true })
  return folder
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'driftwatch-appstate-'))
  dataDir = join(root, 'data')
  warnings = []
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('readAppState', () => {
  it('gives the defaults, silently, when there is no file yet', async () => {
    expect(await readAppState(dataDir, log)).toEqual(DEFAULT_APP_STATE)
    expect(warnings).toEqual([])
  })

  it('reads back what was written, keeping existing folders only', async () => {
    const churn = await project('churn')
    const demand = await project('demand')
    const reference = join(churn, 'reference.csv')
    const week1 = join(churn, 'week1.csv')
    await writeFile(reference, 'a\n1\n')
    await writeFile(week1, 'a\n2\n')
    const kept = comparison(reference, week1)
    const state: AppState = {
      version: 1,
      recentProjects: [demand, join(root, 'projects', 'gone'), churn],
      watchedProjects: [churn, join(root, 'projects', 'gone')],
      recentComparisons: [kept, comparison(reference, join(churn, 'gone.csv'))],
      openAtLogin: true,
      windowBounds: { x: 10, y: 20, width: 1200, height: 800, isMaximized: true }
    }
    await writeAppState(dataDir, state)
    expect(await readAppState(dataDir, log)).toEqual({
      ...state,
      recentProjects: [demand, churn],
      watchedProjects: [churn],
      recentComparisons: [kept]
    })
    expect(warnings).toEqual([])
  })

  it('drops a path that is a file, not a folder', async () => {
    const file = join(root, 'week1.csv')
    await writeFile(file, 'a\n1\n')
    await writeAppState(dataDir, { ...DEFAULT_APP_STATE, recentProjects: [file] })
    expect((await readAppState(dataDir, log)).recentProjects).toEqual([])
  })

  it('replaces a corrupt file by the defaults, warns, and keeps the old file aside', async () => {
    await mkdir(dataDir, { recursive: true })
    await writeFile(join(dataDir, APP_STATE_FILE), '{"version": 1, "recentProj')
    expect(await readAppState(dataDir, log)).toEqual(DEFAULT_APP_STATE)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /could not be used \(it is not valid JSON: .*\); it starts with the default settings and kept the old file as .*app-state\.json\.corrupt\.$/
    )
    expect(await readFile(join(dataDir, `${APP_STATE_FILE}.corrupt`), 'utf8')).toMatch(/recentProj/)
    // The next save writes a good file in its place.
    const store = await openAppStateStore(dataDir, log)
    await store.update((s) => ({ ...s, openAtLogin: true }))
    expect((await readAppState(dataDir, log)).openAtLogin).toBe(true)
  })

  it('treats another version or a non-object as unusable', async () => {
    await mkdir(dataDir, { recursive: true })
    for (const text of ['{"version": 2}', '[]', 'null', '"x"']) {
      await writeFile(join(dataDir, APP_STATE_FILE), text)
      expect(await readAppState(dataDir, log)).toEqual(DEFAULT_APP_STATE)
    }
    expect(warnings).toHaveLength(4)
    expect(warnings[0]).toMatch(/not a Driftwatch settings file of this version/)
  })

  it('keeps the good fields of a file with a bad one, and names the bad one', async () => {
    const churn = await project('churn')
    await mkdir(dataDir, { recursive: true })
    await writeFile(
      join(dataDir, APP_STATE_FILE),
      JSON.stringify({
        version: 1,
        recentProjects: [churn],
        watchedProjects: 'churn',
        recentComparisons: [{ reportId: 'r1', reference: '/a.csv' }],
        openAtLogin: 'yes',
        windowBounds: { x: 0, y: 0, width: 10, height: 10 }
      })
    )
    expect(await readAppState(dataDir, log)).toEqual({
      ...DEFAULT_APP_STATE,
      recentProjects: [churn]
    })
    expect(warnings).toEqual([
      expect.stringMatching(
        /not readable \(watchedProjects, recentComparisons, openAtLogin, windowBounds\); those start from their defaults\.$/
      )
    ])
  })
})

describe('writeAppState', () => {
  it('leaves no temporary file behind, and replaces the previous settings whole', async () => {
    await writeAppState(dataDir, { ...DEFAULT_APP_STATE, openAtLogin: true })
    await writeAppState(dataDir, DEFAULT_APP_STATE)
    expect(await readdir(dataDir)).toEqual([APP_STATE_FILE])
    expect(JSON.parse(await readFile(join(dataDir, APP_STATE_FILE), 'utf8'))).toEqual(
      DEFAULT_APP_STATE
    )
  })
})

describe('parseAppState', () => {
  it('resolves and deduplicates folders, and keeps at most RECENT_MAX recent ones', () => {
    const many = Array.from({ length: 14 }, (_, i) => `/p/${i}`)
    const parsed = parseAppState({
      version: 1,
      recentProjects: ['/p/0', '/p/x/../0', ...many],
      watchedProjects: ['/p/1', '/p/1/']
    })
    expect(parsed?.state.recentProjects).toHaveLength(RECENT_MAX)
    expect(parsed?.state.recentProjects.slice(0, 2)).toEqual(['/p/0', '/p/1'])
    expect(parsed?.state.watchedProjects).toEqual(['/p/1'])
    expect(parsed?.problems).toEqual([])
  })
})

describe('changes', () => {
  it('withRecentProject moves a folder to the front and keeps ten', () => {
    let state = DEFAULT_APP_STATE
    for (let i = 0; i < 12; i++) state = withRecentProject(state, `/p/${i}`)
    state = withRecentProject(state, '/p/5')
    expect(state.recentProjects[0]).toBe('/p/5')
    expect(state.recentProjects).toHaveLength(RECENT_MAX)
    expect(state.recentProjects.filter((f) => f === '/p/5')).toHaveLength(1)
    expect(state.recentProjects).not.toContain('/p/0')
  })

  it('withRecentComparison puts a pair first, replaces its earlier run and keeps ten', () => {
    let state = DEFAULT_APP_STATE
    for (let i = 0; i < 12; i++)
      state = withRecentComparison(state, comparison('/r.csv', `/w${i}.csv`))
    expect(state.recentComparisons).toHaveLength(RECENT_MAX)
    expect(state.recentComparisons[0]?.current.path).toBe('/w11.csv')
    state = withRecentComparison(state, comparison('/r.csv', '/w5.csv', 'again'))
    expect(state.recentComparisons).toHaveLength(RECENT_MAX)
    expect(state.recentComparisons[0]?.reportId).toBe('again')
    expect(state.recentComparisons.filter((c) => c.current.path === '/w5.csv')).toHaveLength(1)
  })

  it('withWatchedProject adds once and removes; withoutProject forgets both', () => {
    let state = withWatchedProject(DEFAULT_APP_STATE, '/p/a', true)
    state = withWatchedProject(state, '/p/a', true)
    state = withWatchedProject(state, '/p/b', true)
    expect(state.watchedProjects).toEqual(['/p/a', '/p/b'])
    expect(withWatchedProject(state, '/p/a', false).watchedProjects).toEqual(['/p/b'])
    const forgotten = withoutProject(withRecentProject(state, '/p/a'), '/p/a')
    expect(forgotten.recentProjects).toEqual([])
    expect(forgotten.watchedProjects).toEqual(['/p/b'])
  })
})

describe('the store', () => {
  it('sees each change at once and saves the last of a burst', async () => {
    const store = createAppStateStore(dataDir, DEFAULT_APP_STATE, log)
    const saves = Array.from({ length: 5 }, (_, i) =>
      store.update((s) => withRecentProject(s, `/p/${i}`))
    )
    expect(store.get().recentProjects[0]).toBe('/p/4')
    expect(await Promise.all(saves)).toEqual([true, true, true, true, true])
    const written = JSON.parse(await readFile(join(dataDir, APP_STATE_FILE), 'utf8')) as AppState
    expect(written.recentProjects).toEqual(['/p/4', '/p/3', '/p/2', '/p/1', '/p/0'])
  })

  it('warns instead of failing when the disk refuses, and saves with the next change', async () => {
    // A file where the data folder should be: the folder cannot be created.
    await writeFile(dataDir, 'not a folder')
    const store = createAppStateStore(dataDir, DEFAULT_APP_STATE, log)
    expect(await store.update((s) => ({ ...s, openAtLogin: true }))).toBe(false)
    expect(warnings[0]).toMatch(
      /could not save its settings .*; they will be saved with the next change\.$/
    )
    await rm(dataDir)
    expect(await store.flush()).toBe(true)
    expect((await readAppState(dataDir, log)).openAtLogin).toBe(true)
  })
})
