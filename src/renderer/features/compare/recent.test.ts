import { afterEach, describe, expect, it } from 'vitest'
import type { RecentComparison } from '../../../shared/api'
import { err, ok } from '../../../shared/errors'
import { fakeClient } from '../../fakeClient'
import { resetStore, useAppStore } from '../../store'
import { fixtureReport } from '../report/fixtureReport'
import { rerunRecent, showRecent } from './recent'

afterEach(() => resetStore())

const recent: RecentComparison = {
  reportId: 'r1',
  reference: { path: '/data/week3.csv', name: 'week3.csv' },
  current: { path: '/data/week4.csv', name: 'week4.csv' },
  finishedAt: '2026-12-01T10:00:00.000Z',
  verdict: { drifted: true, numberOfDrifted: 4, numberOfColumns: 10, gate: 'valid' }
}

const reopened = (withReport: boolean) =>
  ok({
    reference: { path: '/data/week3.csv' },
    current: { path: '/data/week4.csv' },
    report: withReport ? fixtureReport() : null
  })

describe('showRecent', () => {
  it('puts the pair back in the slots and shows its report', async () => {
    const fake = fakeClient({ 'compare:reopen': () => reopened(true) })
    expect(await showRecent(fake.client, recent)).toBe(true)
    const s = useAppStore.getState()
    expect(s.reference).toEqual({ ref: { path: '/data/week3.csv' }, name: 'week3.csv' })
    expect(s.current?.name).toBe('week4.csv')
    expect(s.report?.id).toBe(fixtureReport().id)
    expect(fake.calls).toEqual([{ name: 'compare:reopen', req: { reportId: 'r1' } }])
  })

  it('says to run it again when the report is from an earlier session', async () => {
    const fake = fakeClient({ 'compare:reopen': () => reopened(false) })
    expect(await showRecent(fake.client, recent)).toBe(false)
    expect(useAppStore.getState().report).toBeNull()
    expect(useAppStore.getState().notice).toMatch(/from an earlier session.*"Run again"/)
    expect(useAppStore.getState().current?.name).toBe('week4.csv')
  })

  it("shows the backend's sentence when a file is gone", async () => {
    const fake = fakeClient({
      'compare:reopen': () => err('FILE_NOT_FOUND', 'week4.csv is no longer at /data/week4.csv.')
    })
    expect(await showRecent(fake.client, recent)).toBe(false)
    expect(useAppStore.getState().error?.code).toBe('FILE_NOT_FOUND')
  })

  it('does nothing while a comparison runs', async () => {
    const fake = fakeClient({ 'compare:reopen': () => reopened(true) })
    useAppStore.getState().startRun()
    expect(await showRecent(fake.client, recent)).toBe(false)
    expect(fake.calls).toEqual([])
  })
})

describe('rerunRecent', () => {
  it('runs the same two files again', async () => {
    const fake = fakeClient({
      'compare:reopen': () => reopened(false),
      'compare:run': () => ok({ jobId: 'j9' })
    })
    await rerunRecent(fake.client, recent)
    expect(fake.calls.find((c) => c.name === 'compare:run')?.req).toMatchObject({
      reference: { path: '/data/week3.csv' },
      current: { path: '/data/week4.csv' }
    })
    expect(useAppStore.getState().status).toBe('running')
  })
})
