import { describe, expect, it, vi } from 'vitest'
import { batchRecord, driftedBatch, failedBatch } from '../../../test/batches'
import { createNotifier } from './notifier'
import type { BatchNotification } from './notifications'
import type { WebhookMessage, WebhookOptions, WebhookResult } from './webhook'

const PROJECT = { folder: '/projects/churn', name: 'Churn' }
const WEBHOOK = { url: 'https://hooks.example/services/T/B/secret' }

type Post = (
  url: string,
  message: WebhookMessage,
  options: WebhookOptions
) => Promise<WebhookResult>

function delivered(): Promise<WebhookResult> {
  return Promise.resolve({ ok: true, value: { attempts: 1, status: 200, ms: 3 } })
}

function setup(post = vi.fn<Post>(delivered)) {
  const shown: BatchNotification[] = []
  const logged: string[] = []
  const failures: string[] = []
  const notifier = createNotifier({
    showDesktop: (n) => shown.push(n),
    post,
    webhook: { attempts: 2 },
    onWebhookFailed: (notice, error) => failures.push(`${notice.batch.id}: ${error.code}`),
    log: (_level, text) => logged.push(text)
  })
  return { notifier, shown, logged, failures, post }
}

describe('createNotifier', () => {
  it('shows an OS notification and posts the webhook message for a drifted batch', async () => {
    const { notifier, shown, post } = setup()
    const result = await notifier.notify(
      { webhook: WEBHOOK },
      { project: PROJECT, batch: driftedBatch() }
    )
    expect(result?.kind).toBe('drift')
    expect(shown.map((n) => n.title)).toEqual(['Drift in week3.csv'])
    expect(post).toHaveBeenCalledTimes(1)
    const [url, message, options] = post.mock.calls[0] ?? []
    expect(url).toBe(WEBHOOK.url)
    expect(message?.text).toMatch(/^\*Drift in week3\.csv · Churn\*/)
    expect(options?.attempts).toBe(2)
    expect(options?.signal).toBeInstanceOf(AbortSignal)
  })

  it('notifies each batch of a project once', async () => {
    const { notifier, shown, post } = setup()
    const notice = { project: PROJECT, batch: driftedBatch() }
    await notifier.notify({ webhook: WEBHOOK }, notice)
    expect(await notifier.notify({ webhook: WEBHOOK }, notice)).toBeNull()
    await notifier.notify(
      { webhook: WEBHOOK },
      { ...notice, project: { ...PROJECT, folder: '/p2' } }
    )
    expect(shown).toHaveLength(2)
    expect(post).toHaveBeenCalledTimes(2)
  })

  it('does nothing for a calm batch or when the settings turn both channels off', async () => {
    const { notifier, shown, post } = setup()
    expect(await notifier.notify(undefined, { project: PROJECT, batch: batchRecord() })).toBeNull()
    const off = { desktop: false, on: ['failed' as const] }
    expect(await notifier.notify(off, { project: PROJECT, batch: driftedBatch() })).toBeNull()
    expect(shown).toEqual([])
    expect(post).not.toHaveBeenCalled()
  })

  it('logs and reports an undelivered webhook message without throwing', async () => {
    const post = vi.fn((): Promise<WebhookResult> =>
      Promise.resolve({
        ok: false,
        error: {
          code: 'WEBHOOK_FAILED',
          message: 'The webhook at hooks.example refused the message (404).'
        },
        delivery: { attempts: 1, status: 404, ms: 5 }
      })
    )
    const { notifier, logged, failures, shown } = setup(post)
    const result = await notifier.notify(
      { webhook: WEBHOOK },
      { project: PROJECT, batch: failedBatch() }
    )
    expect(result?.kind).toBe('failed')
    expect(shown).toHaveLength(1)
    expect(failures).toEqual(['batch-3: WEBHOOK_FAILED'])
    expect(logged).toEqual([
      'Churn, week3.csv: The webhook at hooks.example refused the message (404).'
    ])
  })

  it('keeps going when the OS notification throws', async () => {
    const logged: string[] = []
    const notifier = createNotifier({
      showDesktop: () => {
        throw new Error('no notification server')
      },
      log: (_level, text) => logged.push(text)
    })
    const result = await notifier.notify(undefined, { project: PROJECT, batch: driftedBatch() })
    expect(result?.kind).toBe('drift')
    expect(logged[0]).toMatch(
      /could not show a notification about week3\.csv: Error: no notification server/
    )
  })

  it('stops webhook deliveries on dispose, silently', async () => {
    let seen: AbortSignal | undefined
    const post = vi.fn<Post>((_url, _message, options) => {
      seen = options.signal
      return new Promise<WebhookResult>((resolve) => {
        options.signal?.addEventListener('abort', () =>
          resolve({
            ok: false,
            error: { code: 'CANCELLED', message: 'stopping' },
            delivery: { attempts: 1, status: null, ms: 1 }
          })
        )
      })
    })
    const { notifier, failures, logged } = setup(post)
    const pending = notifier.notify(
      { webhook: WEBHOOK },
      { project: PROJECT, batch: driftedBatch() }
    )
    notifier.dispose()
    await pending
    expect(seen?.aborted).toBe(true)
    expect(failures).toEqual([])
    expect(logged).toEqual([])
    const later = { project: PROJECT, batch: { ...driftedBatch(), id: 'batch-4' } }
    await notifier.notify({ webhook: WEBHOOK }, later)
    expect(post).toHaveBeenCalledTimes(1)
  })
})
