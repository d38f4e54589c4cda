/**
 * A comparison's partial results (`job:partial`) through a real backend: real files, the worker's DuckDB,
 * the pool. They come in the promised order (schema, profiles, plan, validation, then each column), say
 * the same as the report they precede, stop when the job is cancelled, and the finished comparison joins
 * the recent ones, which a later session (the app state on disk) can open again.
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvents, ComparePartial, JobFinished, JobPartial } from '../../src/shared/api'
import type { DriftOptions } from '../../src/shared/model'
import { createBackend } from '../../src/main/api'
import type { Backend } from '../../src/main/backend'
import { openAppStateStore } from '../../src/main/project/appState'
import { DEMO_REFERENCE, demoWeek } from '../paths'
import { useBackend } from './harness'

const harness = useBackend('partial')
let reference: string
let week1: string
/** Two files of 40 numeric columns: long enough a run to be cancelled while its columns are tested. */
let wide: Readonly<{ reference: string; current: string }>

/** A CSV of `rows` rows of `columns` numeric columns, shifted by `shift`, the same on every run. */
function wideCsv(rows: number, columns: number, shift: number): string {
  const header = Array.from({ length: columns }, (_, c) => `x${c}`).join(',')
  const lines = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) =>
      (((r * 7919 + c * 104729) % 1000) / 10 + shift).toFixed(1)
    ).join(',')
  )
  return `${header}\n${lines.join('\n')}\n`
}

beforeAll(() => {
  reference = harness.path('reference.csv')
  week1 = harness.path('week1.csv')
  copyFileSync(DEMO_REFERENCE, reference)
  copyFileSync(demoWeek(1), week1)
  wide = {
    reference: harness.file('wide-reference.csv', wideCsv(20_000, 40, 0)),
    current: harness.file('wide-current.csv', wideCsv(20_000, 40, 0.5))
  }
})

type Run = Readonly<{ partials: readonly JobPartial[]; finished: JobFinished }>

/**
 * Starts a comparison through the backend's API and gathers its partial results until it finishes;
 * `onPartial` sees each as it arrives (and may act, e.g. cancel).
 */
async function run(
  backend: Backend,
  options: DriftOptions,
  onPartial: (partial: JobPartial, jobId: string) => void = () => undefined,
  files: Readonly<{ reference: string; current: string }> = { reference, current: week1 }
): Promise<Run> {
  const partials: JobPartial[] = []
  let jobId: string | null = null
  let markFinished: (f: JobFinished) => void = () => undefined
  const finished = new Promise<JobFinished>((resolve) => (markFinished = resolve))
  const early: Array<ApiEvents['job:partial']> = []
  const offPartial = backend.on('job:partial', (p) => {
    if (jobId === null) early.push(p)
    else if (p.jobId === jobId) {
      partials.push(p)
      onPartial(p, jobId)
    }
  })
  const offFinished = backend.on('job:finished', (f) => {
    if (f.jobId === jobId) markFinished(f)
  })
  try {
    const ticket = await backend.call('compare:run', {
      reference: backend.grant(files.reference),
      current: backend.grant(files.current),
      options
    })
    if (!ticket.ok) throw new Error(ticket.error.message)
    const id = ticket.value.jobId
    jobId = id
    for (const p of early.filter((e) => e.jobId === id)) {
      partials.push(p)
      onPartial(p, id)
    }
    return { partials, finished: await finished }
  } finally {
    offPartial()
    offFinished()
  }
}

function ofStage<S extends ComparePartial['stage']>(
  partials: readonly JobPartial[],
  stage: S
): Array<Extract<JobPartial, { stage: S }>> {
  return partials.filter((p): p is Extract<JobPartial, { stage: S }> => p.stage === stage)
}

describe('job:partial', () => {
  it('comes in order and says what the report then says', async () => {
    const backend = harness.backend()
    const { partials, finished } = await run(backend, { ignore: ['count'] })
    expect(finished.outcome).toBe('done')
    const got = await backend.call('report:get', { reportId: finished.reportId ?? '' })
    if (!got.ok) throw new Error(got.error.message)
    const report = got.value

    expect(partials.slice(0, 5).map((p) => p.stage)).toEqual([
      'schema',
      'profile',
      'profile',
      'plan',
      'validation'
    ])
    const [schema] = ofStage(partials, 'schema')
    expect(schema?.reference.columns.map((c) => c.name)).toEqual(
      report.inputs.reference.columns.map((c) => c.name)
    )
    expect(schema?.current.sizeBytes).toBe(report.inputs.current.sizeBytes)
    const [referenceProfile, currentProfile] = ofStage(partials, 'profile')
    expect(referenceProfile?.side).toBe('reference')
    expect(referenceProfile?.rows).toBe(report.inputs.reference.rows)
    expect(currentProfile?.side).toBe('current')
    expect(currentProfile?.rows).toBe(report.inputs.current.rows)
    expect(currentProfile?.columns.map((c) => c.name)).toEqual(
      report.inputs.current.columns.map((c) => c.name)
    )

    const [plan] = ofStage(partials, 'plan')
    expect(plan?.timeColumn).toBe('datetime')
    expect(plan?.schema).toEqual(report.schema)
    expect(plan?.ignored).toEqual(['count'])
    expect(plan?.tested.map((t) => t.column).sort()).toEqual(
      report.columns
        .filter((c) => c.status === 'tested')
        .map((c) => c.column)
        .sort()
    )

    const [validation] = ofStage(partials, 'validation')
    expect(validation?.status).toBe(report.validation?.result.status)
    expect(validation?.summary).toMatch(/expectations passed/)

    // Under the share rule each column's test is final as it arrives: the same as in the report, which
    // adds only the values over time (read in one pass over the batch once every column is tested).
    const columns = ofStage(partials, 'column')
    expect(columns).toHaveLength(plan?.tested.length ?? -1)
    expect(columns.map((c) => c.done)).toEqual(columns.map((_, i) => i + 1))
    for (const c of columns) {
      expect(c.total).toBe(columns.length)
      const inReport = report.columns.find((r) => r.column === c.result.column)
      const { overTime, ...tested } = inReport ?? { overTime: undefined }
      expect(tested).toEqual(c.result)
      if (c.result.kind === 'numeric')
        expect(overTime).toHaveLength(report.timeline?.times.length ?? -1)
    }
  })

  it('under a correction gives each column its score, the verdict coming with the report', async () => {
    const backend = harness.backend()
    const { partials, finished } = await run(backend, {
      ignore: ['count'],
      rule: 'bonferroni',
      multivariate: { enabled: false }
    })
    const got = await backend.call('report:get', { reportId: finished.reportId ?? '' })
    if (!got.ok) throw new Error(got.error.message)
    expect(ofStage(partials, 'plan')[0]?.rule).toBe('bonferroni')
    for (const { result } of ofStage(partials, 'column')) {
      const final = got.value.columns.find((c) => c.column === result.column)
      expect(result.score).toBe(final?.score)
      expect(result.adjustedScore).toBeUndefined()
      expect(final?.adjustedScore).toBeDefined()
    }
  })

  it('stops when the job is cancelled', async () => {
    const backend = harness.backend()
    let seen = 0
    let atCancel = -1
    const { partials, finished } = await run(
      backend,
      { multivariate: { enabled: false } },
      (partial, jobId) => {
        seen += 1
        if (partial.stage !== 'column' || atCancel >= 0) return
        // The cancel is passed on before the call returns; nothing of the job may follow it.
        void backend.call('job:cancel', { jobId })
        atCancel = seen
      },
      wide
    )
    expect(finished.outcome).toBe('cancelled')
    expect(atCancel).toBeGreaterThan(0)
    expect(partials).toHaveLength(atCancel)
    expect(ofStage(partials, 'column').length).toBeLessThan(40)
  })
})

describe('recent comparisons', () => {
  it('lists a finished comparison with its verdict, and a later session opens it again', async () => {
    const dataDir = harness.path('app-data')
    const log = (): void => undefined
    const first = createBackend({
      host: 'inprocess',
      workers: 1,
      appState: await openAppStateStore(dataDir, log),
      tempDir: harness.path('first-temp'),
      log
    })
    let reportId = ''
    try {
      const { finished } = await run(first, { ignore: ['count'], multivariate: { enabled: false } })
      reportId = finished.reportId ?? ''
      const recent = await first.call('compare:recent', {})
      if (!recent.ok) throw new Error(recent.error.message)
      expect(recent.value).toHaveLength(1)
      expect(recent.value[0]).toMatchObject({
        reportId,
        reference: { path: reference, name: 'reference.csv' },
        current: { path: week1, name: 'week1.csv' },
        verdict: { drifted: true, gate: 'valid' }
      })
      const reopened = await first.call('compare:reopen', { reportId })
      expect(reopened.ok && reopened.value.report?.id).toBe(reportId)
    } finally {
      await first.dispose()
    }

    const appState = await openAppStateStore(dataDir, log)
    const later = createBackend({
      host: 'inprocess',
      workers: 1,
      appState,
      tempDir: join(harness.root(), 'later-temp'),
      log
    })
    try {
      const recent = await later.call('compare:recent', {})
      expect(recent.ok && recent.value.map((r) => r.reportId)).toEqual([reportId])
      // Nothing is readable before the person opens the comparison again.
      const refused = await later.call('compare:run', {
        reference: { path: reference },
        current: { path: week1 }
      })
      expect(!refused.ok && refused.error.code).toBe('PATH_NOT_GRANTED')
      const reopened = await later.call('compare:reopen', { reportId })
      if (!reopened.ok) throw new Error(reopened.error.message)
      // The report was not kept across sessions; the files can be compared again.
      expect(reopened.value.report).toBeNull()
      const again = await later.call('compare:run', {
        reference: reopened.value.reference,
        current: reopened.value.current,
        options: { multivariate: { enabled: false } }
      })
      expect(again.ok).toBe(true)
    } finally {
      await later.dispose()
    }
  })
})
