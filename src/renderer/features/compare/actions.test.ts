import { afterEach, describe, expect, it } from 'vitest'
import type { ApiName } from '../../../shared/api'
import { err, ok } from '../../../shared/errors'
import type { DatasetRef } from '../../../shared/model'
import { fakeClient, type Handler } from '../../fakeClient'
import { resetStore, useAppStore } from '../../store'
import { fixtureReport } from '../report/fixtureReport'
import { cancelRun, loadStartup, runCompare } from './actions'
import { FRAME_MS } from './frameBatcher'

const ref = (path: string): DatasetRef => ({ path })

/** Waits past the frame in which the store applies a job's events (a timer in Node). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, FRAME_MS + 5))
}
const report = fixtureReport()

function demoHandlers(): Partial<Record<ApiName, Handler>> {
  return {
    'app:info': () =>
      ok({ name: 'Driftwatch', version: '0.1.0', host: 'http', canPickFiles: false }),
    'demo:get': () =>
      ok({
        reference: ref('/demo/reference/weather.csv'),
        current: ref('/demo/drops/week1.csv'),
        drops: [
          ref('/demo/drops/week1.csv'),
          ref('/demo/drops/week2.csv'),
          ref('/demo/drops/week3.csv')
        ],
        ignore: ['count'],
        suitePath: '/data/demo/driftwatch/expectations.yaml'
      })
  }
}

afterEach(() => resetStore())

describe('loadStartup', () => {
  it('fills both slots with the demo, ready to run', async () => {
    const { client, calls } = fakeClient(demoHandlers())
    await loadStartup(client)
    const s = useAppStore.getState()
    expect(s.reference?.name).toBe('weather.csv')
    expect(s.current?.name).toBe('week1.csv')
    expect(s.ignoreText).toBe('count')
    expect(s.quickDrops.map((d) => d.name)).toEqual(['week2.csv', 'week3.csv'])
    expect(calls.map((c) => c.name)).toEqual(['app:info', 'compare:recent', 'demo:get'])
  })

  it('shows the error when the host fails', async () => {
    const { client } = fakeClient({ 'app:info': () => err('INTERNAL', 'Host down.') })
    await loadStartup(client)
    expect(useAppStore.getState().error?.message).toBe('Host down.')
  })
})

describe('runCompare', () => {
  it('keeps events that arrive before the job id and shows the report', async () => {
    let fake: ReturnType<typeof fakeClient> | null = null
    fake = fakeClient({
      ...demoHandlers(),
      'compare:run': () => {
        // The job finishes before the reply reaches the renderer; another job's event is ignored.
        fake?.emit('job:progress', {
          jobId: 'other',
          phase: 'drift',
          done: 1,
          total: 2,
          message: ''
        })
        fake?.emit('job:finished', { jobId: 'j1', outcome: 'done', reportId: 'r1' })
        return ok({ jobId: 'j1' })
      },
      'report:get': (req) =>
        (req as { reportId: string }).reportId === 'r1' ? ok(report) : err('NOT_FOUND', 'no')
    })
    await loadStartup(fake.client)
    await runCompare(fake.client)
    await new Promise((r) => setTimeout(r, 0))
    const s = useAppStore.getState()
    expect(s.report).toBe(report)
    expect(s.status).toBe('idle')
    expect(s.error).toBeNull()
    expect(fake.listenerCount()).toBe(0)
    const run = fake.calls.find((c) => c.name === 'compare:run')
    expect(run?.req).toEqual({
      reference: ref('/demo/reference/weather.csv'),
      current: ref('/demo/drops/week1.csv'),
      options: { ignore: ['count'] },
      // The demo project's suite file: read when saved, else the suite is inferred and saved there.
      validation: { suitePath: '/data/demo/driftwatch/expectations.yaml' }
    })
    // The report's column names become suggestions for the target and prediction fields.
    expect(s.knownColumns).toEqual(['temp', 'wind', '<b>city</b>', 'flat', 'label', 'predicted'])
  })

  it('sends the options of the panel', async () => {
    const fake = fakeClient({ ...demoHandlers(), 'compare:run': () => ok({ jobId: 'j4' }) })
    await loadStartup(fake.client)
    const s = useAppStore.getState()
    s.updateOptions({ rule: 'bonferroni' })
    s.setKindChoice('numeric', { test: 'anderson' })
    s.setColumnChoice('humidity', { test: 'mannw', threshold: '0.01' })
    s.setOptionsOpen(true)
    await runCompare(fake.client)
    // The panel folds to its summary line so the report gets the room.
    expect(useAppStore.getState().isOptionsOpen).toBe(false)
    const run = fake.calls.find((c) => c.name === 'compare:run')
    expect(run?.req).toMatchObject({
      options: {
        ignore: ['count'],
        rule: 'bonferroni',
        alpha: 0.05,
        perKind: { numeric: { test: 'anderson' } },
        perColumn: { humidity: { test: 'mannw', threshold: 0.01 } }
      }
    })
    expect(useAppStore.getState().status).toBe('running')
  })

  it('does not run with an invalid option and opens the panel to show it', async () => {
    const fake = fakeClient({ ...demoHandlers(), 'compare:run': () => ok({ jobId: 'j5' }) })
    await loadStartup(fake.client)
    useAppStore.getState().updateOptions({ driftShare: '1.5' })
    await runCompare(fake.client)
    expect(fake.calls.map((c) => c.name)).not.toContain('compare:run')
    expect(useAppStore.getState().isOptionsOpen).toBe(true)
    expect(useAppStore.getState().status).toBe('idle')
  })

  it('shows progress, then the engine sentence when the job fails', async () => {
    const fake = fakeClient({ ...demoHandlers(), 'compare:run': () => ok({ jobId: 'j2' }) })
    await loadStartup(fake.client)
    await runCompare(fake.client)
    fake.emit('job:progress', { jobId: 'j2', phase: 'profile', done: 1, total: 4, message: 'temp' })
    // Progress is applied once per frame.
    expect(useAppStore.getState().progress).toBeNull()
    await nextFrame()
    expect(useAppStore.getState().progress?.done).toBe(1)
    expect(useAppStore.getState().phases.profile?.message).toBe('temp')
    fake.emit('job:finished', {
      jobId: 'j2',
      outcome: 'failed',
      error: { code: 'CSV_PARSE_FAILED', message: 'week1.csv is not a valid CSV.' }
    })
    await new Promise((r) => setTimeout(r, 0))
    expect(useAppStore.getState().error?.message).toBe('week1.csv is not a valid CSV.')
    expect(useAppStore.getState().status).toBe('idle')
  })

  it('cancels and ends with a neutral note', async () => {
    const fake = fakeClient({
      ...demoHandlers(),
      'compare:run': () => ok({ jobId: 'j3' }),
      'job:cancel': () => ok({ cancelled: true })
    })
    await loadStartup(fake.client)
    await runCompare(fake.client)
    await cancelRun(fake.client)
    expect(useAppStore.getState().status).toBe('cancelling')
    expect(fake.calls.at(-1)).toEqual({ name: 'job:cancel', req: { jobId: 'j3' } })
    fake.emit('job:finished', { jobId: 'j3', outcome: 'cancelled' })
    await new Promise((r) => setTimeout(r, 0))
    expect(useAppStore.getState().notice).toMatch(/cancelled/)
    expect(useAppStore.getState().error).toBeNull()
  })

  it('fills the live report from partial results once per frame, then shows the report', async () => {
    const fake = fakeClient({
      ...demoHandlers(),
      'compare:run': () => ok({ jobId: 'j6' }),
      'report:get': () => ok(report),
      'compare:recent': () =>
        ok([
          {
            reportId: report.id,
            reference: { path: '/demo/reference/weather.csv', name: 'weather.csv' },
            current: { path: '/demo/drops/week1.csv', name: 'week1.csv' },
            finishedAt: report.createdAt,
            verdict: { drifted: true, numberOfDrifted: 2, numberOfColumns: 4, gate: 'valid' }
          }
        ])
    })
    await loadStartup(fake.client)
    await runCompare(fake.client)
    expect(useAppStore.getState().live?.reference).toBeNull()
    const columns = [{ name: 'temp', sqlType: 'DOUBLE', kind: 'numeric' as const }]
    const side = { name: 'a.csv', format: 'csv' as const, sizeBytes: 10, columns }
    fake.emit('job:partial', { jobId: 'j6', stage: 'schema', reference: side, current: side })
    fake.emit('job:partial', { jobId: 'other', stage: 'schema', reference: side, current: side })
    fake.emit('job:progress', { jobId: 'j6', phase: 'open', done: 1, total: 2, message: 'b' })
    fake.emit('job:partial', {
      jobId: 'j6',
      stage: 'plan',
      tested: [{ column: 'temp', kind: 'numeric', role: 'feature' }],
      untested: [],
      schema: { referenceOnly: [], currentOnly: [], kindMismatches: [] },
      ignored: [],
      rule: 'share'
    })
    const renders: unknown[] = []
    const stop = useAppStore.subscribe((state) => renders.push(state.live))
    await nextFrame()
    stop()
    // Three events of this job, one store update.
    expect(renders).toHaveLength(1)
    let live = useAppStore.getState().live
    expect(live?.reference?.schema.name).toBe('a.csv')
    expect(live?.plan?.tested).toHaveLength(1)
    expect(useAppStore.getState().phases.open?.done).toBe(1)

    const temp = report.columns[0] as (typeof report.columns)[number]
    fake.emit('job:partial', { jobId: 'j6', stage: 'column', result: temp, done: 1, total: 1 })
    await nextFrame()
    live = useAppStore.getState().live
    expect(live?.results['temp']).toBe(temp)
    // A column opened while the results come in stays open in the report.
    useAppStore.getState().selectColumn('temp')

    fake.emit('job:finished', { jobId: 'j6', outcome: 'done', reportId: report.id })
    await new Promise((r) => setTimeout(r, 0))
    const s = useAppStore.getState()
    expect(s.live).toBeNull()
    expect(s.phases).toEqual({})
    expect(s.report).toBe(report)
    expect(s.selectedColumn).toBe('temp')
    expect(s.recentComparisons).toHaveLength(1)
    expect(fake.listenerCount()).toBe(0)
  })

  it('clears the live report when the run is cancelled', async () => {
    const fake = fakeClient({ ...demoHandlers(), 'compare:run': () => ok({ jobId: 'j7' }) })
    await loadStartup(fake.client)
    await runCompare(fake.client)
    fake.emit('job:partial', {
      jobId: 'j7',
      stage: 'validation',
      status: null,
      summary: 'The batch was not checked against expectations: validation was turned off.'
    })
    fake.emit('job:finished', { jobId: 'j7', outcome: 'cancelled' })
    await nextFrame()
    expect(useAppStore.getState().live).toBeNull()
    expect(useAppStore.getState().notice).toMatch(/cancelled/)
  })

  it('shows a failing compare:run and stays usable', async () => {
    const fake = fakeClient({
      ...demoHandlers(),
      'compare:run': () => err('PATH_NOT_GRANTED', 'Choose the file again.')
    })
    await loadStartup(fake.client)
    await runCompare(fake.client)
    const s = useAppStore.getState()
    expect(s.error?.message).toBe('Choose the file again.')
    expect(s.status).toBe('idle')
    expect(fake.listenerCount()).toBe(0)
  })
})
