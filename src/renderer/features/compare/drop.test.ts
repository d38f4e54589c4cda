import { afterEach, describe, expect, it } from 'vitest'
import type { ApiName, ProjectOpenResult } from '../../../shared/api'
import { ok, type Result } from '../../../shared/errors'
import type { DatasetRef } from '../../../shared/model'
import { fakeClient, type Handler } from '../../fakeClient'
import { resetStore, useAppStore } from '../../store'
import {
  chooseDropRole,
  dropOnSlot,
  droppedItems,
  dropOnWindow,
  type DroppedItem,
  folderInBrowserNotice,
  forgetDropRole,
  orderDroppedPair
} from './drop'

afterEach(() => resetStore())

const file = (name: string): File => new File(['a,b\n1,2\n'], name, { type: 'text/csv' })
const dropped = (name: string, isDirectory = false): DroppedItem => ({
  file: file(name),
  isDirectory
})

/** A browser-like client whose uploads answer with a path under /uploads, and which runs comparisons. */
function browserClient(handlers: Partial<Record<ApiName, Handler>> = {}) {
  const fake = fakeClient({ 'compare:run': () => ok({ jobId: 'j1' }), ...handlers })
  const uploads: string[] = []
  const client = {
    ...fake.client,
    openFile: async (f: File): Promise<Result<DatasetRef>> => {
      uploads.push(f.name)
      return ok({ path: `/uploads/${f.name}` })
    }
  }
  return { ...fake, client, uploads }
}

describe('droppedItems', () => {
  it('keeps files, tells folders apart by their entry, and skips text items', () => {
    const a = file('a.csv')
    const folder = file('project')
    const items = droppedItems([
      { kind: 'file', getAsFile: () => a, webkitGetAsEntry: () => ({ isDirectory: false }) },
      { kind: 'string', getAsFile: () => null },
      { kind: 'file', getAsFile: () => folder, webkitGetAsEntry: () => ({ isDirectory: true }) },
      { kind: 'file', getAsFile: () => a }
    ])
    expect(items).toEqual([
      { file: a, isDirectory: false },
      { file: folder, isDirectory: true },
      { file: a, isDirectory: false }
    ])
  })
})

describe('orderDroppedPair', () => {
  it('puts the file named as a reference first, whatever the drop order', () => {
    const [reference, current] = orderDroppedPair(file('week9.csv'), file('train_2024.csv'))
    expect([reference.name, current.name]).toEqual(['train_2024.csv', 'week9.csv'])
    expect(orderDroppedPair(file('b.csv'), file('ref.parquet'))[0].name).toBe('ref.parquet')
    // "prefer" only contains the letters of "ref": it names no reference.
    expect(orderDroppedPair(file('prefer.csv'), file('a.csv'))[0].name).toBe('a.csv')
  })

  it('otherwise puts the name that sorts first as the reference, numbers as numbers', () => {
    expect(orderDroppedPair(file('week10.csv'), file('week9.csv')).map((f) => f.name)).toEqual([
      'week9.csv',
      'week10.csv'
    ])
    // Both named as references: the name decides again.
    expect(orderDroppedPair(file('ref_b.csv'), file('ref_a.csv')).map((f) => f.name)).toEqual([
      'ref_a.csv',
      'ref_b.csv'
    ])
  })
})

describe('dropOnWindow', () => {
  it('two files fill both slots and the comparison runs at once, from the Project screen too', async () => {
    const fake = browserClient()
    expect(useAppStore.getState().view).toBe('project')
    await dropOnWindow(fake.client, [dropped('week4.csv'), dropped('week3.csv')])
    const s = useAppStore.getState()
    expect(s.view).toBe('compare')
    expect(s.reference?.name).toBe('week3.csv')
    expect(s.current?.name).toBe('week4.csv')
    expect(fake.uploads.sort()).toEqual(['week3.csv', 'week4.csv'])
    const run = fake.calls.find((c) => c.name === 'compare:run')
    expect(run?.req).toMatchObject({
      reference: { path: '/uploads/week3.csv' },
      current: { path: '/uploads/week4.csv' }
    })
    expect(s.status).toBe('running')
  })

  it('compares two of more files, and says which', async () => {
    const fake = browserClient()
    await dropOnWindow(fake.client, [dropped('c.csv'), dropped('a.csv'), dropped('b.csv')])
    expect(fake.calls.filter((c) => c.name === 'compare:run')).toHaveLength(1)
    expect(useAppStore.getState().notice).toBe(
      '3 files were dropped; a comparison takes two, so a.csv (reference) and c.csv (current) are compared.'
    )
  })

  it('does not run when an upload fails', async () => {
    const fake = browserClient()
    const client = {
      ...fake.client,
      openFile: async (f: File): Promise<Result<DatasetRef>> =>
        f.name === 'b.csv'
          ? { ok: false, error: { code: 'UPLOAD_FAILED', message: 'The disk is full.' } }
          : ok({ path: `/uploads/${f.name}` })
    }
    await dropOnWindow(client, [dropped('a.csv'), dropped('b.csv')])
    expect(fake.calls.map((c) => c.name)).not.toContain('compare:run')
    expect(useAppStore.getState().error?.message).toBe('The disk is full.')
  })

  it('asks once which side a single file is, then puts later single files there', async () => {
    const fake = browserClient()
    await dropOnWindow(fake.client, [dropped('week4.csv')])
    expect(useAppStore.getState().pendingDrop?.name).toBe('week4.csv')
    expect(fake.uploads).toEqual([])

    await chooseDropRole(fake.client, 'current')
    let s = useAppStore.getState()
    expect(s.pendingDrop).toBeNull()
    expect(s.singleDropRole).toBe('current')
    expect(s.current?.name).toBe('week4.csv')
    expect(s.reference).toBeNull()

    await dropOnWindow(fake.client, [dropped('week5.csv')])
    s = useAppStore.getState()
    expect(s.pendingDrop).toBeNull()
    expect(s.current?.name).toBe('week5.csv')
    // A single file never starts a comparison by itself.
    expect(fake.calls.map((c) => c.name)).not.toContain('compare:run')

    forgetDropRole()
    await dropOnWindow(fake.client, [dropped('week6.csv')])
    expect(useAppStore.getState().pendingDrop?.name).toBe('week6.csv')
  })

  it('opens a dropped folder as a project where its path is known (the desktop app)', async () => {
    const opened: ProjectOpenResult = {
      kind: 'proposal',
      folder: '/home/me/churn',
      proposal: {} as never
    }
    const fake = browserClient({ 'project:open': () => ok(opened) })
    const client = { ...fake.client, pathOf: (f: File) => `/home/me/${f.name}` }
    await dropOnWindow(client, [dropped('churn', true), dropped('week1.csv')])
    expect(useAppStore.getState().view).toBe('project')
    expect(fake.calls.find((c) => c.name === 'project:open')?.req).toEqual({
      folder: '/home/me/churn'
    })
    expect(fake.uploads).toEqual([])
  })

  it('says why a folder dropped on a browser window cannot be opened, on the Project screen', async () => {
    const fake = browserClient()
    useAppStore.getState().setView('compare')
    await dropOnWindow(fake.client, [dropped('churn', true)])
    const s = useAppStore.getState()
    expect(s.view).toBe('project')
    expect(s.projectNotice).toBe(folderInBrowserNotice('churn'))
    expect(s.projectNotice).toMatch(/Type its path in "Open a project folder"/)
    expect(fake.calls.map((c) => c.name)).toEqual([])
  })

  it('changes nothing while a comparison runs, and says so', async () => {
    const fake = browserClient()
    useAppStore.getState().startRun()
    await dropOnWindow(fake.client, [dropped('a.csv'), dropped('b.csv')])
    expect(fake.uploads).toEqual([])
    expect(useAppStore.getState().notice).toMatch(/A comparison is running/)
  })
})

describe('dropOnSlot', () => {
  it('replaces that slot, whatever side single drops go to', async () => {
    const fake = browserClient()
    useAppStore.getState().setSingleDropRole('current')
    await dropOnSlot(fake.client, 'reference', dropped('base.csv'))
    expect(useAppStore.getState().reference?.name).toBe('base.csv')
    expect(useAppStore.getState().current).toBeNull()
  })

  it('refuses a folder with a sentence', async () => {
    const fake = browserClient()
    await dropOnSlot(fake.client, 'current', dropped('drops', true))
    expect(useAppStore.getState().current).toBeNull()
    expect(useAppStore.getState().notice).toMatch(/^drops is a folder\. Drop a data file on a slot/)
  })
})
