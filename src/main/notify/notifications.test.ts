import { describe, expect, it } from 'vitest'
import {
  batchRecord,
  batchResult,
  columnResult,
  driftedBatch,
  failedBatch
} from '../../../test/batches'
import type { BatchRecord } from '../../shared/model'
import {
  batchVerdict,
  createNotificationLog,
  describeColumn,
  namesWithMore,
  notificationFor,
  notifyKind,
  sentence,
  topDriftedColumns
} from './notifications'
import type { BatchNotice } from './notifications'

const PROJECT = { folder: '/projects/churn', name: 'Churn' }

function notice(batch: BatchRecord, extra: Partial<BatchNotice> = {}): BatchNotice {
  return { project: PROJECT, batch, ...extra }
}

const invalidBatch = batchRecord({
  result: batchResult({ validation: 'fail', gate: 'invalid', drifted: true, driftedColumns: 7 })
})

describe('batchVerdict', () => {
  it('says a batch in one word', () => {
    const { result: _result, ...pending } = batchRecord()
    expect(batchVerdict({ ...pending, status: 'queued' })).toBe('processing')
    expect(batchVerdict({ ...pending, status: 'running' })).toBe('processing')
    expect(batchVerdict(failedBatch())).toBe('failed')
    expect(batchVerdict(invalidBatch)).toBe('invalid')
    expect(batchVerdict(driftedBatch())).toBe('drift')
    expect(batchVerdict(batchRecord())).toBe('no drift')
  })
})

describe('notifyKind', () => {
  it('drift only when the batch drifted on data that is not invalid', () => {
    expect(notifyKind(driftedBatch())).toBe('drift')
    expect(notifyKind(driftedBatch({ gate: 'unchecked', validation: null }))).toBe('drift')
    expect(notifyKind(driftedBatch({ validation: 'warning' }))).toBe('drift')
    expect(notifyKind(batchRecord())).toBeNull()
  })

  it('invalid when the validation gate failed, drifted or not', () => {
    expect(notifyKind(invalidBatch)).toBe('invalid')
    const calm = batchResult({ validation: 'fail', gate: 'invalid', drifted: false })
    expect(notifyKind(batchRecord({ result: calm }))).toBe('invalid')
  })

  it('failed when the batch could not be processed; nothing while it waits or runs', () => {
    expect(notifyKind(failedBatch())).toBe('failed')
    const { result: _result, ...pending } = batchRecord()
    expect(notifyKind({ ...pending, status: 'queued', reason: 'The file is locked.' })).toBeNull()
    expect(notifyKind({ ...pending, status: 'running' })).toBeNull()
    expect(notifyKind({ ...pending, status: 'done' })).toBeNull()
  })
})

describe('notificationFor', () => {
  it('by default: an OS notification for each kind, no webhook', () => {
    const drift = notificationFor(undefined, notice(driftedBatch()))
    expect(drift).toEqual({
      key: '/projects/churn\nbatch-3',
      kind: 'drift',
      title: 'Drift in week3.csv',
      body: 'Churn: 4 of 10 columns drifted. Open the report to see how.',
      target: { view: 'report', folder: '/projects/churn', runId: 'run-3' },
      desktop: true,
      webhookUrl: null
    })
    expect(notificationFor({}, notice(invalidBatch))?.kind).toBe('invalid')
    expect(notificationFor({}, notice(failedBatch()))?.kind).toBe('failed')
  })

  it('says nothing about a calm batch', () => {
    expect(notificationFor(undefined, notice(batchRecord()))).toBeNull()
  })

  it('names the most drifted columns and how many more', () => {
    const columns = [
      columnResult({ column: 'temp', score: 0.001, drifted: true }),
      columnResult({ column: 'wind', score: 1e-9, drifted: true }),
      columnResult({ column: 'rain', score: 0.2, drifted: false }),
      columnResult({ column: 'humidity', score: 0.01, drifted: true })
    ]
    const result = notificationFor(undefined, notice(driftedBatch(), { columns }))
    expect(result?.body).toBe(
      'Churn: 4 of 10 columns drifted (wind, temp, humidity and 1 more). Open the report to see how.'
    )
  })

  it('tells why an invalid batch matters and opens its report', () => {
    const result = notificationFor(undefined, notice(invalidBatch))
    expect(result?.title).toBe('week3.csv failed validation')
    expect(result?.body).toMatch(/^Churn: expectations of severity error failed, so its drift/)
    expect(result?.target).toEqual({ view: 'report', folder: '/projects/churn', runId: 'run-3' })
  })

  it('gives the reason of a failed batch and opens the project, which has no report of it', () => {
    const result = notificationFor(
      undefined,
      notice(failedBatch('The file has no read permission'))
    )
    expect(result?.title).toBe('Could not process week3.csv')
    expect(result?.body).toBe(
      'Churn: The file has no read permission. Open the project to see the batch.'
    )
    expect(result?.target).toEqual({ view: 'project', folder: '/projects/churn' })
  })

  it('follows notifications.on for both channels', () => {
    const settings = { on: ['failed' as const], webhook: { url: 'https://hooks.example/x' } }
    expect(notificationFor(settings, notice(driftedBatch()))).toBeNull()
    const failed = notificationFor(settings, notice(failedBatch()))
    expect(failed?.desktop).toBe(true)
    expect(failed?.webhookUrl).toBe('https://hooks.example/x')
  })

  it('lets webhook.on differ from the OS notifications', () => {
    const settings = {
      desktop: true,
      on: ['drift' as const],
      webhook: { url: ' https://hooks.example/x ', on: ['invalid' as const] }
    }
    const drift = notificationFor(settings, notice(driftedBatch()))
    expect(drift).toMatchObject({ desktop: true, webhookUrl: null })
    const invalid = notificationFor(settings, notice(invalidBatch))
    expect(invalid).toMatchObject({ desktop: false, webhookUrl: 'https://hooks.example/x' })
    expect(notificationFor(settings, notice(failedBatch()))).toBeNull()
  })

  it('only the webhook when OS notifications are off; nothing when it has no address either', () => {
    const webhookOnly = { desktop: false, webhook: { url: 'https://hooks.example/x' } }
    expect(notificationFor(webhookOnly, notice(driftedBatch()))).toMatchObject({
      desktop: false,
      webhookUrl: 'https://hooks.example/x'
    })
    const blank = { desktop: false, webhook: { url: '   ' } }
    expect(notificationFor(blank, notice(driftedBatch()))).toBeNull()
  })
})

describe('topDriftedColumns', () => {
  it('orders p-values and distances by how far past their threshold they are', () => {
    const columns = [
      columnResult({ column: 'a', score: 0.04, threshold: 0.05, drifted: true }),
      columnResult({
        column: 'b',
        scoreKind: 'distance',
        test: 'wasserstein',
        score: 0.5,
        threshold: 0.1,
        drifted: true
      }),
      columnResult({ column: 'c', score: null, drifted: true }),
      columnResult({ column: 'd', score: 0, drifted: true }),
      columnResult({ column: 'e', score: 0.9, drifted: false })
    ]
    expect(topDriftedColumns(columns, 10).map((c) => c.column)).toEqual(['d', 'b', 'a', 'c'])
    expect(topDriftedColumns(columns, 2).map((c) => c.column)).toEqual(['d', 'b'])
    expect(topDriftedColumns(columns, 0)).toEqual([])
  })

  it('breaks ties by name', () => {
    const columns = ['z', 'm', 'a'].map((column) =>
      columnResult({ column, score: 0.01, drifted: true })
    )
    expect(topDriftedColumns(columns, 3).map((c) => c.column)).toEqual(['a', 'm', 'z'])
  })
})

describe('wording helpers', () => {
  it('describes a column with its test, score and threshold', () => {
    expect(describeColumn(columnResult({ score: 0.00001, drifted: true }))).toBe(
      'temp: K-S p_value 1.000e-5 (threshold 0.05)'
    )
    const custom = columnResult({ test: 'my_test', scoreKind: 'distance', score: 0.25 })
    expect(describeColumn(custom)).toBe('temp: my_test 0.2500 (threshold 0.05)')
  })

  it('lists names in words', () => {
    expect(namesWithMore([], 0)).toBe('')
    expect(namesWithMore(['a'], 0)).toBe('a')
    expect(namesWithMore(['a', 'b', 'c'], 0)).toBe('a, b and c')
    expect(namesWithMore(['a', 'b'], 3)).toBe('a, b and 3 more')
  })

  it('ends a reason with a full stop', () => {
    expect(sentence(' The file is locked ')).toBe('The file is locked.')
    expect(sentence('Is it there?')).toBe('Is it there?')
  })
})

describe('createNotificationLog', () => {
  it('lets each key through once', () => {
    const log = createNotificationLog()
    expect(log.isNew('/p\nb1')).toBe(true)
    expect(log.isNew('/p\nb1')).toBe(false)
    expect(log.isNew('/q\nb1')).toBe(true)
  })

  it('forgets the oldest keys beyond its capacity', () => {
    const log = createNotificationLog(2)
    log.isNew('a')
    log.isNew('b')
    log.isNew('c')
    expect(log.isNew('a')).toBe(true)
    expect(log.isNew('c')).toBe(false)
  })
})
