/**
 * Webhook notifications: a Slack-compatible incoming-webhook message about a batch, and its delivery with
 * retries. The JSON is `{ text, blocks }`: Slack renders the blocks (a header, the verdict, the gate, the
 * most drifted columns, the file and its hash) and uses `text` for the notification itself; Mattermost,
 * Teams-style and other `text` consumers get the same content as lines of `text`.
 *
 * Everything that comes from data or the file system (file, column and project names, reasons) is escaped
 * for Slack (`&`, `<`, `>`), so a column named `<!channel>` cannot ping a channel, and the sections are
 * `verbatim` (no automatic mentions or links).
 *
 * Delivery retries with exponential backoff on network errors, timeouts, 429 (waiting what `Retry-After`
 * asks) and 5xx; any other answer is final. A webhook address is a secret (Slack's carries the token in
 * its path), so messages name only its host. `sendWebhook` never throws.
 *
 * Reference: https://api.slack.com/messaging/webhooks, https://api.slack.com/reference/block-kit/blocks
 */
import type { WebhookDelivery } from '../../shared/api'
import { toAppError } from '../../shared/errors'
import type { AppError } from '../../shared/errors'
import type { BatchResult, NotifyOn } from '../../shared/model'
import type { BatchNotice } from './notifications'
import {
  describeColumn,
  driftedCount,
  notificationTitle,
  sentence,
  TOP_COLUMNS,
  topDriftedColumns
} from './notifications'

export type { WebhookDelivery }

/** A text object of a block: plain text (headers) or Slack mrkdwn. */
export type SlackText =
  | Readonly<{ type: 'plain_text'; text: string; emoji?: boolean }>
  | Readonly<{ type: 'mrkdwn'; text: string; verbatim?: boolean }>

/** The blocks a Driftwatch message uses. */
export type SlackBlock =
  | Readonly<{ type: 'header'; text: Readonly<{ type: 'plain_text'; text: string }> }>
  | Readonly<{ type: 'section'; text: SlackText }>
  | Readonly<{ type: 'context'; elements: readonly SlackText[] }>
  | Readonly<{ type: 'divider' }>

/** The JSON body posted to the webhook. */
export type WebhookMessage = Readonly<{ text: string; blocks: readonly SlackBlock[] }>

/** What a webhook message is about: a settled batch and why it is worth a message. */
export type WebhookInput = BatchNotice & Readonly<{ kind: NotifyOn }>

export type WebhookOptions = Readonly<{
  /** Attempts in all, the first included; default 4. */
  attempts?: number
  /** The wait before the second attempt, doubled before each further one; default 1000 ms. */
  backoffMs?: number
  /**
   * The longest wait between two attempts; a `Retry-After` asking for longer ends the retries (the next
   * batch's message will try again). Default 60 000 ms.
   */
  maxDelayMs?: number
  /** How long one attempt may take, from connecting to the end of the answer; default 10 000 ms. */
  timeoutMs?: number
  /** Stops the delivery (the app is quitting): no further attempt, no further wait. */
  signal?: AbortSignal
}>

/**
 * A `Result` of the delivery: `value` when the webhook accepted the message (2xx), otherwise the error (a
 * sentence saying what happened and what to do; `detail` lists every attempt) and the same delivery facts.
 */
export type WebhookResult =
  | Readonly<{ ok: true; value: WebhookDelivery }>
  | Readonly<{ ok: false; error: AppError; delivery: WebhookDelivery }>

export const WEBHOOK_DEFAULTS = {
  attempts: 4,
  backoffMs: 1000,
  maxDelayMs: 60_000,
  timeoutMs: 10_000
} as const

/** Slack's limit on a header's text. */
const HEADER_MAX = 150
/** Slack's limit on a section's text. */
const SECTION_MAX = 3000
/** How much of an answer's body an error quotes. */
const QUOTE_MAX = 120
/** How much of an answer's body is read at all. */
const BODY_READ_MAX = 16 * 1024
/** Characters of the content hash a message shows. */
export const HASH_PREFIX = 12

/**
 * Escapes the three characters Slack reads as markup in `text` and mrkdwn. Markdown renderers (Mattermost,
 * Teams) decode the same entities, so the text reads the same there. O(n).
 * @example escapeSlack('a<b & c') // 'a&lt;b &amp; c'
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * The message about a batch: header, verdict sentence, gate, most drifted columns (for drift, when the
 * columns are given), a link to the report (when given) and the file with its hash prefix.
 */
export function webhookMessage(input: WebhookInput): WebhookMessage {
  const { batch, project, kind } = input
  const header = truncate(`${notificationTitle(kind, batch)} · ${project.name}`, HEADER_MAX)
  const lines: string[] = [verdictSentence(input)]
  const gate = batch.result === undefined ? null : gateSentence(batch.result)
  if (gate !== null) lines.push(gate)
  const top = kind === 'drift' ? topDriftedColumns(input.columns ?? [], TOP_COLUMNS) : []
  const more = Math.max(0, (batch.result?.driftedColumns ?? top.length) - top.length)
  const columnLines = top.map((c) => `• ${escapeSlack(describeColumn(c))}`)
  if (columnLines.length > 0 && more > 0) columnLines.push(`• and ${more} more`)
  const link =
    input.reportUrl === undefined ? null : `<${slackUrl(input.reportUrl)}|Open the report>`
  const file = fileLine(input)

  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: header } },
    mrkdwnSection(lines.join('\n'))
  ]
  if (columnLines.length > 0) {
    blocks.push(mrkdwnSection(`*Most drifted columns*\n${columnLines.join('\n')}`))
  }
  if (link !== null) blocks.push(mrkdwnSection(link))
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: file, verbatim: true }] })

  const text = [
    `*${escapeSlack(header)}*`,
    ...lines,
    ...(columnLines.length > 0 ? ['Most drifted columns:', ...columnLines] : []),
    ...(link === null ? [] : [link]),
    file
  ].join('\n')
  return { text, blocks }
}

/** The message of the settings' "Send a test" button. */
export function testWebhookMessage(): WebhookMessage {
  const line =
    'This is a test from Driftwatch. Messages about drifted, invalid and failed batches will arrive here.'
  return {
    text: `*Driftwatch test message*\n${line}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Driftwatch test message' } },
      mrkdwnSection(line)
    ]
  }
}

/**
 * Posts `message` to `url` as JSON, retrying network errors, timeouts, 429 and 5xx with exponential
 * backoff (or what `Retry-After` asks); resolves to what happened, never rejects. At most
 * `attempts` requests, each cut after `timeoutMs`.
 * @example await sendWebhook(url, webhookMessage(input), { attempts: 3 }) // { ok: true, value: { attempts: 1, status: 200, ms: 84 } }
 */
export async function sendWebhook(
  url: string,
  message: WebhookMessage,
  options: WebhookOptions = {}
): Promise<WebhookResult> {
  const started = Date.now()
  try {
    return await deliver(url, message, options, started)
  } catch (e) {
    return failure(toAppError(e), 0, null, started)
  }
}

async function deliver(
  url: string,
  message: WebhookMessage,
  options: WebhookOptions,
  started: number
): Promise<WebhookResult> {
  const attempts = Math.max(1, Math.floor(options.attempts ?? WEBHOOK_DEFAULTS.attempts))
  const backoffMs = Math.max(0, options.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs)
  const maxDelayMs = Math.max(0, options.maxDelayMs ?? WEBHOOK_DEFAULTS.maxDelayMs)
  const timeoutMs = Math.max(1, options.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs)
  const target = parseWebhookUrl(url)
  if (typeof target === 'string') {
    return failure({ code: 'INVALID_OPTIONS', message: target }, 0, null, started)
  }
  const host = target.host
  const body = JSON.stringify(message)
  const trail: string[] = []
  let last: Attempt = { kind: 'network', reason: 'not sent' }

  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (options.signal?.aborted === true) return stopped(host, attempt - 1, last, trail, started)
    const attemptStarted = Date.now()
    last = await postOnce(target, body, timeoutMs, options.signal)
    trail.push(
      `attempt ${attempt}: ${describeAttempt(last)} after ${Date.now() - attemptStarted} ms`
    )
    const status = last.kind === 'answer' ? last.status : null
    if (last.kind === 'answer' && last.status >= 200 && last.status < 300) {
      return { ok: true, value: { attempts: attempt, status, ms: Date.now() - started } }
    }
    if (last.kind === 'aborted') return stopped(host, attempt, last, trail, started)
    if (!isRetryable(last)) {
      return failure(finalError(host, last, attempt, trail), attempt, status, started)
    }
    if (attempt === attempts) break
    const asked =
      last.kind === 'answer' && last.status === 429 ? retryAfterMs(last.retryAfter) : null
    if (asked !== null && asked > maxDelayMs) {
      return failure(rateLimitError(host, asked, attempt, trail), attempt, status, started)
    }
    const wait = asked ?? Math.min(maxDelayMs, backoffMs * 2 ** (attempt - 1))
    if (!(await sleep(wait, options.signal))) {
      return stopped(host, attempt, last, trail, started)
    }
  }
  const status = last.kind === 'answer' ? last.status : null
  return failure(exhaustedError(host, last, attempts, timeoutMs, trail), attempts, status, started)
}

/**
 * Sends the test message to `url` with fewer, quicker retries than a batch's message (the person is
 * waiting for the answer): 2 attempts, 5 s each.
 */
export function testWebhook(url: string, options: WebhookOptions = {}): Promise<WebhookResult> {
  return sendWebhook(url, testWebhookMessage(), {
    attempts: 2,
    backoffMs: 500,
    maxDelayMs: 5000,
    timeoutMs: 5000,
    ...options
  })
}

/** A webhook address as a URL, or a sentence saying what is wrong with it. */
export function parseWebhookUrl(url: string): URL | string {
  const trimmed = url.trim()
  if (trimmed.length === 0) {
    return 'There is no webhook address. Paste the incoming-webhook URL from Slack, Mattermost or Teams.'
  }
  let parsed: URL
  try {
    parsed = new URL(trimmed)
  } catch {
    return 'The webhook address is not a URL. Paste the whole address, starting with https://.'
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `The webhook address must start with https:// (or http://), not ${parsed.protocol}//.`
  }
  return parsed
}

/**
 * How long `Retry-After` asks to wait, in ms: delta-seconds or an HTTP date; null when absent or
 * unreadable. O(1).
 * @example retryAfterMs('2', 0) // 2000
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null) return null
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}

/** One attempt's outcome: an answer, a network error or timeout, or a stop asked by the caller. */
type Attempt =
  | Readonly<{ kind: 'answer'; status: number; retryAfter: string | null; body: string }>
  | Readonly<{ kind: 'network'; reason: string }>
  | Readonly<{ kind: 'timeout' }>
  | Readonly<{ kind: 'aborted' }>

async function postOnce(
  target: URL,
  body: string,
  timeoutMs: number,
  stop: AbortSignal | undefined
): Promise<Attempt> {
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = stop === undefined ? timeout : AbortSignal.any([timeout, stop])
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Driftwatch' },
      body,
      redirect: 'manual',
      signal
    })
    const text = await readSome(response)
    return {
      kind: 'answer',
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: text
    }
  } catch (e) {
    if (stop?.aborted === true) return { kind: 'aborted' }
    if (timeout.aborted) return { kind: 'timeout' }
    return { kind: 'network', reason: networkReason(e) }
  }
}

/** The start of an answer's body (Slack explains refusals there: `invalid_payload`, `no_service`). */
async function readSome(response: Response): Promise<string> {
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  while (size < BODY_READ_MAX) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.byteLength
  }
  await reader.cancel().catch(() => undefined)
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(size, BODY_READ_MAX))
}

function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | null)?.cause
  if (typeof cause?.code === 'string') return cause.code
  if (typeof cause?.message === 'string') return cause.message
  return e instanceof Error ? e.message : String(e)
}

function isRetryable(attempt: Attempt): boolean {
  if (attempt.kind !== 'answer') return attempt.kind !== 'aborted'
  return attempt.status === 429 || attempt.status >= 500
}

/** Waits `ms`; false when `signal` stopped the wait. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(false)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      resolve(false)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function describeAttempt(attempt: Attempt): string {
  switch (attempt.kind) {
    case 'answer': {
      const quoted = quote(attempt.body)
      return `HTTP ${attempt.status}${quoted.length > 0 ? ` ${quoted}` : ''}`
    }
    case 'network':
      return `network error ${attempt.reason}`
    case 'timeout':
      return 'no answer in time'
    case 'aborted':
      return 'stopped'
    default:
      return assertNever(attempt)
  }
}

/** The first line of an answer's body, shortened, for an error message. */
function quote(body: string): string {
  const line = body.trim().split(/\r?\n/, 1)[0] ?? ''
  return truncate(line, QUOTE_MAX)
}

function finalError(host: string, attempt: Attempt, attempts: number, trail: string[]): AppError {
  const status = attempt.kind === 'answer' ? attempt.status : 0
  const said =
    attempt.kind === 'answer' && quote(attempt.body).length > 0 ? ` ${quote(attempt.body)}` : ''
  const what =
    status >= 300 && status < 400
      ? `The webhook at ${host} answered with a redirect (${status}). Use the address it redirects to in the project's notification settings.`
      : `The webhook at ${host} refused the message (${status}${said}). Check the webhook address in the project's notification settings; it may have been revoked.`
  return webhookError(what, attempts, trail)
}

function rateLimitError(host: string, waitMs: number, attempts: number, trail: string[]): AppError {
  return webhookError(
    `The webhook at ${host} is rate-limited and asked to wait ${Math.ceil(waitMs / 1000)} s, so Driftwatch stopped after ${attempts} attempt${attempts === 1 ? '' : 's'}. Later messages will try again.`,
    attempts,
    trail
  )
}

function exhaustedError(
  host: string,
  attempt: Attempt,
  attempts: number,
  timeoutMs: number,
  trail: string[]
): AppError {
  const times = `${attempts} attempt${attempts === 1 ? '' : 's'}`
  switch (attempt.kind) {
    case 'answer':
      return webhookError(
        attempt.status === 429
          ? `The webhook at ${host} is still rate-limited (429) after ${times}. Later messages will try again.`
          : `The webhook at ${host} failed with ${attempt.status} after ${times}. Try again later, or check the service's status.`,
        attempts,
        trail
      )
    case 'timeout':
      return webhookError(
        `The webhook at ${host} did not answer within ${timeoutMs / 1000} s, ${times} in a row. Check the address and the network connection.`,
        attempts,
        trail
      )
    case 'network':
    case 'aborted':
      return webhookError(
        `Driftwatch could not reach the webhook at ${host} after ${times} (${attempt.kind === 'network' ? attempt.reason : 'stopped'}). Check the address and the network connection.`,
        attempts,
        trail
      )
    default:
      return assertNever(attempt)
  }
}

function stopped(
  host: string,
  attempts: number,
  last: Attempt,
  trail: string[],
  started: number
): WebhookResult {
  const status = last.kind === 'answer' ? last.status : null
  const error: AppError = {
    code: 'CANCELLED',
    message: `The message to the webhook at ${host} was not sent: Driftwatch is stopping.`,
    detail: trail.join('; ')
  }
  return failure(error, attempts, status, started)
}

function webhookError(message: string, attempts: number, trail: string[]): AppError {
  return { code: 'WEBHOOK_FAILED', message, detail: `${attempts} attempts: ${trail.join('; ')}` }
}

function failure(
  error: AppError,
  attempts: number,
  status: number | null,
  started: number
): WebhookResult {
  return { ok: false, error, delivery: { attempts, status, ms: Date.now() - started } }
}

function verdictSentence(input: WebhookInput): string {
  const name = escapeSlack(input.batch.name)
  const result = input.batch.result
  switch (input.kind) {
    case 'drift':
      return result === undefined
        ? `*${name}* drifted.`
        : `*${name}* drifted: ${driftedCount(result)} changed beyond their thresholds.`
    case 'invalid':
      return `*${name}* failed validation: expectations of severity error failed, so its drift verdict is unreliable and it is no reason to retrain. Fix the data first.`
    case 'failed':
      return `Driftwatch could not process *${name}*. ${escapeSlack(sentence(input.batch.reason ?? 'The reason was not recorded.'))}`
    default:
      return assertNever(input.kind)
  }
}

/** The validation gate of a processed batch, in one sentence. */
export function gateSentence(result: Pick<BatchResult, 'gate' | 'validation'>): string {
  switch (result.gate) {
    case 'invalid':
      return '*Validation:* failed, so the data is invalid and the drift verdict unreliable.'
    case 'unchecked':
      return '*Validation:* not run, so the drift verdict stands on its own.'
    case 'valid':
      return result.validation === 'warning'
        ? '*Validation:* passed with warnings, so the drift verdict can be trusted.'
        : result.validation === 'error'
          ? '*Validation:* passed, though some expectations could not be checked.'
          : '*Validation:* passed, so the drift verdict can be trusted.'
    default:
      return assertNever(result.gate)
  }
}

function fileLine(input: WebhookInput): string {
  const { batch, project } = input
  const rows =
    batch.result === undefined ? '' : ` · ${batch.result.rows.toLocaleString('en-US')} rows`
  return escapeSlack(
    `File ${batch.path} · SHA-256 ${batch.sha256.slice(0, HASH_PREFIX)}${rows} · project ${project.folder}`
  )
}

function mrkdwnSection(text: string): SlackBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX), verbatim: true }
  }
}

/** A URL as Slack's `<url|label>` link syntax can hold it. */
function slackUrl(url: string): string {
  return url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c))
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value ${JSON.stringify(value)}.`)
}
