import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  batchRecord,
  batchResult,
  columnResult,
  driftedBatch,
  failedBatch,
  SHA
} from '../../../test/batches'
import { createBackend } from '../api'
import {
  escapeSlack,
  gateSentence,
  parseWebhookUrl,
  retryAfterMs,
  sendWebhook,
  testWebhook,
  webhookMessage
} from './webhook'
import type { SlackBlock, WebhookInput, WebhookMessage } from './webhook'

type Received = { path: string; contentType: string | undefined; body: string }

/** Answers each path with a script of statuses; `hang` never answers. */
const scripts = new Map<string, (number | 'hang')[]>()
const retryAfter = new Map<string, string>()
const received: Received[] = []
let server: Server
let base = ''

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  const path = req.url ?? '/'
  received.push({ path, contentType: req.headers['content-type'], body })
  const next = scripts.get(path)?.shift() ?? 200
  if (next === 'hang') return
  const headers: Record<string, string> = { 'Content-Type': 'text/plain' }
  const after = retryAfter.get(path)
  if (next === 429 && after !== undefined) headers['Retry-After'] = after
  res.writeHead(next, headers)
  res.end(next === 200 ? 'ok' : next === 404 ? 'no_service\nmore text' : 'try later')
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  scripts.clear()
  retryAfter.clear()
  received.length = 0
})

const FAST = { backoffMs: 5, timeoutMs: 2000 } as const
const message: WebhookMessage = { text: 'hello', blocks: [] }

function paths(): string[] {
  return received.map((r) => r.path)
}

describe('sendWebhook', () => {
  it('posts the message as JSON and reports one attempt', async () => {
    const result = await sendWebhook(`${base}/ok`, message, FAST)
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.value).toMatchObject({ attempts: 1, status: 200 })
    expect(received).toHaveLength(1)
    expect(received[0]?.contentType).toMatch(/^application\/json/)
    expect(JSON.parse(received[0]?.body ?? '')).toEqual(message)
  })

  it('retries 500 twice with backoff, then delivers', async () => {
    scripts.set('/flaky', [500, 500, 200])
    const started = Date.now()
    const result = await sendWebhook(`${base}/flaky`, message, { ...FAST, backoffMs: 40 })
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.value).toMatchObject({ attempts: 3, status: 200 })
    // Waits of 40 ms then 80 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(110)
    expect(paths()).toEqual(['/flaky', '/flaky', '/flaky'])
    expect(new Set(received.map((r) => r.body)).size).toBe(1)
  })

  it('gives up after the last attempt on a lasting 5xx, saying so', async () => {
    scripts.set('/down', [503, 503, 503])
    const result = await sendWebhook(`${base}/down`, message, { ...FAST, attempts: 3 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.delivery).toMatchObject({ attempts: 3, status: 503 })
    expect(result.error.code).toBe('WEBHOOK_FAILED')
    expect(result.error.message).toBe(
      'The webhook at 127.0.0.1:' +
        new URL(base).port +
        " failed with 503 after 3 attempts. Try again later, or check the service's status."
    )
    expect(result.error.detail).toMatch(/attempt 1: HTTP 503 try later after \d+ ms/)
  })

  it('waits what Retry-After asks on 429, then delivers', async () => {
    scripts.set('/limited', [429, 200])
    retryAfter.set('/limited', '1')
    const started = Date.now()
    const result = await sendWebhook(`${base}/limited`, message, FAST)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.value).toMatchObject({ attempts: 2, status: 200 })
  })

  it('stops at once when Retry-After asks for longer than it may wait', async () => {
    scripts.set('/slow-down', [429])
    retryAfter.set('/slow-down', '120')
    const result = await sendWebhook(`${base}/slow-down`, message, { ...FAST, maxDelayMs: 1000 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.delivery).toMatchObject({ attempts: 1, status: 429 })
    expect(result.error.message).toMatch(/rate-limited and asked to wait 120 s/)
    expect(received).toHaveLength(1)
  })

  it('does not retry a 404, and quotes what the service said without the secret path', async () => {
    scripts.set('/services/T000/B000/secret-token', [404])
    const result = await sendWebhook(`${base}/services/T000/B000/secret-token`, message, FAST)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.delivery).toMatchObject({ attempts: 1, status: 404 })
    expect(result.error.message).toMatch(
      /refused the message \(404 no_service\)\. Check the webhook/
    )
    expect(result.error.message).not.toMatch(/secret-token/)
    expect(received).toHaveLength(1)
  })

  it('cuts an attempt that hangs, retries, and reports the timeout', async () => {
    scripts.set('/hang', ['hang', 'hang'])
    const started = Date.now()
    const result = await sendWebhook(`${base}/hang`, message, {
      attempts: 2,
      backoffMs: 5,
      timeoutMs: 150
    })
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.delivery).toMatchObject({ attempts: 2, status: null })
    expect(result.error.message).toMatch(/did not answer within 0.15 s, 2 attempts in a row/)
    expect(paths()).toEqual(['/hang', '/hang'])
  })

  it('retries network errors', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const result = await sendWebhook(`http://127.0.0.1:${port}/x`, message, {
      ...FAST,
      attempts: 2
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.delivery).toMatchObject({ attempts: 2, status: null })
    expect(result.error.message).toMatch(
      /could not reach the webhook .* after 2 attempts \(ECONNREFUSED\)/
    )
  })

  it('stops waiting and retrying when the caller aborts', async () => {
    scripts.set('/down', [500, 500, 500])
    const stop = new AbortController()
    setTimeout(() => stop.abort(), 100)
    const started = Date.now()
    const result = await sendWebhook(`${base}/down`, message, {
      backoffMs: 10_000,
      signal: stop.signal
    })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('CANCELLED')
      expect(result.delivery.attempts).toBe(1)
    }
  })

  it('refuses an address that is not a web URL, without sending', async () => {
    for (const url of ['', 'hooks.slack.com/services/x', 'file:///etc/passwd']) {
      const result = await sendWebhook(url, message, FAST)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('INVALID_OPTIONS')
        expect(result.delivery.attempts).toBe(0)
      }
    }
    expect(received).toHaveLength(0)
  })

  it('never throws, even on a message that cannot be serialised', async () => {
    const circular = { text: 'x', blocks: [] } as {
      text: string
      blocks: SlackBlock[]
      self?: unknown
    }
    circular.self = circular
    const result = await sendWebhook(`${base}/ok`, circular, FAST)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('INTERNAL')
  })
})

describe('testWebhook', () => {
  it('answers the webhook:test channel of the backend', async () => {
    const backend = createBackend({ host: 'inprocess', workers: 1, log: () => undefined })
    try {
      const sent = await backend.call('webhook:test', { url: `${base}/from-settings` })
      expect(sent).toMatchObject({ ok: true, value: { attempts: 1, status: 200 } })
      scripts.set('/revoked', [410])
      const refused = await backend.call('webhook:test', { url: `${base}/revoked` })
      expect(refused.ok).toBe(false)
      if (!refused.ok) expect(refused.error.message).toMatch(/refused the message \(410/)
      const missing = await backend.call('webhook:test', {} as { url: string })
      expect(missing.ok).toBe(false)
    } finally {
      await backend.dispose()
    }
    expect(paths()).toEqual(['/from-settings', '/revoked'])
  })

  it('sends the test message', async () => {
    const result = await testWebhook(`${base}/test`)
    expect(result.ok).toBe(true)
    const body = JSON.parse(received[0]?.body ?? '') as WebhookMessage
    expect(body.text).toMatch(/test from Driftwatch/)
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Driftwatch test message' }
    })
  })
})

const PROJECT = { folder: '/projects/churn', name: 'Churn' }

function input(overrides: Partial<WebhookInput> = {}): WebhookInput {
  return { project: PROJECT, batch: driftedBatch(), kind: 'drift', ...overrides }
}

function sectionTexts(msg: WebhookMessage): string[] {
  return msg.blocks.flatMap((b) =>
    b.type === 'section' ? [b.text.text] : b.type === 'context' ? b.elements.map((e) => e.text) : []
  )
}

describe('webhookMessage', () => {
  it('a drifted batch: header, verdict, gate, top columns, report link, file and hash', () => {
    const columns = [
      columnResult({ column: 'temp', score: 0.00001, drifted: true }),
      columnResult({ column: 'wind', score: 0.01, drifted: true }),
      columnResult({ column: 'rain', score: 0.5, drifted: false })
    ]
    const msg = webhookMessage(
      input({ columns, reportUrl: 'http://127.0.0.1:4173/#/report/run-3' })
    )
    expect(msg.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Drift in week3.csv · Churn' }
    })
    expect(sectionTexts(msg)).toEqual([
      '*week3.csv* drifted: 4 of 10 columns changed beyond their thresholds.\n' +
        '*Validation:* passed, so the drift verdict can be trusted.',
      '*Most drifted columns*\n' +
        '• temp: K-S p_value 1.000e-5 (threshold 0.05)\n' +
        '• wind: K-S p_value 0.01 (threshold 0.05)\n' +
        '• and 2 more',
      '<http://127.0.0.1:4173/#/report/run-3|Open the report>',
      `File data/incoming/week3.csv · SHA-256 ${SHA.slice(0, 12)} · 1,234 rows · project /projects/churn`
    ])
    for (const block of msg.blocks) {
      if (block.type === 'section')
        expect(block.text).toMatchObject({ type: 'mrkdwn', verbatim: true })
    }
    expect(msg.text.split('\n')).toEqual([
      '*Drift in week3.csv · Churn*',
      '*week3.csv* drifted: 4 of 10 columns changed beyond their thresholds.',
      '*Validation:* passed, so the drift verdict can be trusted.',
      'Most drifted columns:',
      '• temp: K-S p_value 1.000e-5 (threshold 0.05)',
      '• wind: K-S p_value 0.01 (threshold 0.05)',
      '• and 2 more',
      '<http://127.0.0.1:4173/#/report/run-3|Open the report>',
      `File data/incoming/week3.csv · SHA-256 ${SHA.slice(0, 12)} · 1,234 rows · project /projects/churn`
    ])
  })

  it('without columns or a report: no column list, no link', () => {
    const msg = webhookMessage(input())
    expect(msg.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context'])
  })

  it('an invalid batch: the gate and what to do, no column list', () => {
    const batch = batchRecord({
      result: batchResult({ validation: 'fail', gate: 'invalid', drifted: true })
    })
    const columns = [columnResult({ drifted: true, score: 0.001 })]
    const msg = webhookMessage(input({ batch, kind: 'invalid', columns }))
    expect(msg.blocks[0]).toMatchObject({ text: { text: 'week3.csv failed validation · Churn' } })
    const [verdict] = sectionTexts(msg)
    expect(verdict).toMatch(/^\*week3\.csv\* failed validation: .* Fix the data first\.\n/)
    expect(verdict).toMatch(
      /\*Validation:\* failed, so the data is invalid and the drift verdict unreliable\.$/
    )
    expect(msg.text).not.toMatch(/Most drifted/)
  })

  it('a failed batch: its reason, no gate, no rows', () => {
    const msg = webhookMessage(
      input({ batch: failedBatch('The file is locked by another program'), kind: 'failed' })
    )
    expect(msg.blocks[0]).toMatchObject({ text: { text: 'Could not process week3.csv · Churn' } })
    expect(sectionTexts(msg)).toEqual([
      'Driftwatch could not process *week3.csv*. The file is locked by another program.',
      `File data/incoming/week3.csv · SHA-256 ${SHA.slice(0, 12)} · project /projects/churn`
    ])
  })

  it('escapes names from the data so they cannot ping or link', () => {
    const batch = { ...driftedBatch(), name: 'a<b>&c.csv', path: 'in/<!channel>.csv' }
    const columns = [columnResult({ column: '<!here|x>', drifted: true, score: 0.001 })]
    const msg = webhookMessage(input({ batch, columns, project: { ...PROJECT, name: 'R&D' } }))
    const all = JSON.stringify(msg.blocks.filter((b) => b.type !== 'header')) + msg.text
    expect(all).not.toMatch(/<!/)
    expect(all).toMatch(/&lt;!here\|x&gt;/)
    expect(all).toMatch(/a&lt;b&gt;&amp;c\.csv/)
    // Headers are plain text: Slack shows them as they are.
    expect(msg.blocks[0]).toMatchObject({ text: { text: 'Drift in a<b>&c.csv · R&D' } })
  })

  it('keeps the header within Slack’s 150 characters', () => {
    const batch = { ...driftedBatch(), name: `${'x'.repeat(200)}.csv` }
    const header = webhookMessage(input({ batch })).blocks[0]
    expect(header?.type === 'header' && header.text.text.length).toBe(150)
  })

  it('keeps a report address inside the link syntax', () => {
    const msg = webhookMessage(input({ reportUrl: 'http://x.example/a|b c>' }))
    expect(sectionTexts(msg)).toContain('<http://x.example/a%7Cb%20c%3E|Open the report>')
  })
})

describe('helpers', () => {
  it('escapeSlack escapes the three control characters', () => {
    expect(escapeSlack('<a> & <b>')).toBe('&lt;a&gt; &amp; &lt;b&gt;')
  })

  it('retryAfterMs reads seconds and dates', () => {
    expect(retryAfterMs('3', 0)).toBe(3000)
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(
      30_000
    )
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T08:00:00Z'))).toBe(
      0
    )
    expect(retryAfterMs('soon', 0)).toBeNull()
    expect(retryAfterMs(null, 0)).toBeNull()
  })

  it('parseWebhookUrl accepts web addresses only', () => {
    expect(parseWebhookUrl(' https://hooks.slack.com/services/x ')).toBeInstanceOf(URL)
    expect(parseWebhookUrl('ftp://x.example/')).toMatch(/must start with https:\/\//)
  })

  it('gateSentence covers every gate', () => {
    expect(gateSentence({ gate: 'unchecked', validation: null })).toMatch(/not run/)
    expect(gateSentence({ gate: 'valid', validation: 'warning' })).toMatch(/with warnings/)
    expect(gateSentence({ gate: 'valid', validation: 'error' })).toMatch(/could not be checked/)
  })
})
