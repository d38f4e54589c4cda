/**
 * What to tell the person about a settled batch, and where: an OS notification, a webhook, both or neither,
 * per the project's `notifications` settings (driftwatch.yaml). Pure decisions over plain data; the hosts
 * show them (Electron's Notification, `sendWebhook`).
 *
 * A batch is worth a notification for one reason at most, decided by `notifyKind`:
 * - failed: it could not be processed (status `failed`: a permanent failure, never a retry);
 * - invalid: it was processed and its validation gate is `invalid` (an error-severity expectation failed),
 *   whether it drifted or not, since drift on broken data is unreliable;
 * - drift: it was processed, drifted, and its data is not invalid (gate `valid` or `unchecked`).
 *
 * Each batch of a project is notified once (`notificationKey`, `createNotificationLog`): a batch re-run after
 * a crash or reported twice does not notify twice.
 */
import type { NavigateTarget } from '../../shared/api'
import { DRIFT_TESTS, formatScore, isDriftTestId } from '../../shared/drift'
import type { BatchRecord, ColumnResult, NotifyOn, ProjectConfig } from '../../shared/model'

/** The `notifications` key of driftwatch.yaml (absent: OS notifications for all three kinds, no webhook). */
export type NotificationSettings = ProjectConfig['notifications']

/** Every kind, the default of `notifications.on`. */
export const NOTIFY_ON_ALL: readonly NotifyOn[] = ['drift', 'invalid', 'failed']

/** The project a notification is about: its folder (its identity) and its name. */
export type ProjectRef = Readonly<{ folder: string; name: string }>

/** A settled batch of a project, with what a message may say about it. */
export type BatchNotice = Readonly<{
  project: ProjectRef
  batch: BatchRecord
  /** The batch's per-column results, to name the most drifted columns; optional. */
  columns?: readonly ColumnResult[]
  /** A web address of the batch's report, linked from webhook messages; optional. */
  reportUrl?: string
}>

/** One notification to deliver, with the channels it goes to. */
export type BatchNotification = Readonly<{
  /** One per batch of a project: the deduplication key. */
  key: string
  kind: NotifyOn
  /** Short, for the OS notification's title. */
  title: string
  /** One or two sentences. */
  body: string
  /** What clicking it opens: the batch's report, or the project when the batch has no result. */
  target: NavigateTarget
  /** Whether to show an OS notification. */
  desktop: boolean
  /** The webhook to post to, or null. */
  webhookUrl: string | null
}>

/** How many drifted columns a notification names. */
export const TOP_COLUMNS = 3

/**
 * A batch in one word, as the tray and notifications say it: processing (queued or running), failed (could
 * not be processed), invalid (its validation gate failed), drift (drifted on data that is not invalid),
 * no drift. O(1).
 */
export type BatchVerdict = 'processing' | 'failed' | 'invalid' | 'drift' | 'no drift'

/** The verdict of a batch. @example batchVerdict({ ...batch, status: 'queued' }) // 'processing' */
export function batchVerdict(batch: BatchRecord): BatchVerdict {
  if (batch.status === 'failed') return 'failed'
  if (batch.status !== 'done' || batch.result === undefined) return 'processing'
  if (batch.result.gate === 'invalid') return 'invalid'
  return batch.result.drifted ? 'drift' : 'no drift'
}

/**
 * Why a batch is worth a notification, or null when it is not (still queued or running, or processed
 * without drift on data that is not invalid). O(1).
 * @example notifyKind({ ...batch, status: 'failed', reason: 'The file is empty.' }) // 'failed'
 */
export function notifyKind(batch: BatchRecord): NotifyOn | null {
  const verdict = batchVerdict(batch)
  return verdict === 'processing' || verdict === 'no drift' ? null : verdict
}

/** The deduplication key of a batch of a project: one notification per batch. */
export function notificationKey(folder: string, batch: Pick<BatchRecord, 'id'>): string {
  return `${folder}\n${batch.id}`
}

/**
 * The notification a settled batch deserves under `settings`, or null when it deserves none or every
 * channel is off for its kind. `settings.on` (default: all three kinds) filters both channels;
 * `settings.webhook.on`, when given, replaces it for the webhook. O(columns · log columns).
 * @example notificationFor({ on: ['failed'] }, driftedBatchNotice) // null
 */
export function notificationFor(
  settings: NotificationSettings,
  notice: BatchNotice
): BatchNotification | null {
  const kind = notifyKind(notice.batch)
  if (kind === null) return null
  const on = settings?.on ?? NOTIFY_ON_ALL
  const desktop = (settings?.desktop ?? true) && on.includes(kind)
  const webhook = settings?.webhook
  const webhookUrl =
    webhook !== undefined && webhook.url.trim().length > 0 && (webhook.on ?? on).includes(kind)
      ? webhook.url.trim()
      : null
  if (!desktop && webhookUrl === null) return null
  return {
    key: notificationKey(notice.project.folder, notice.batch),
    kind,
    title: notificationTitle(kind, notice.batch),
    body: `${notice.project.name}: ${notificationBody(kind, notice)}`,
    target: notificationTarget(notice.project.folder, notice.batch),
    desktop,
    webhookUrl
  }
}

/** The title of a notification: what happened to which file. */
export function notificationTitle(kind: NotifyOn, batch: Pick<BatchRecord, 'name'>): string {
  switch (kind) {
    case 'drift':
      return `Drift in ${batch.name}`
    case 'invalid':
      return `${batch.name} failed validation`
    case 'failed':
      return `Could not process ${batch.name}`
    default:
      return assertNever(kind)
  }
}

/** The report of a processed batch, or the project's overview for a batch without a result. */
export function notificationTarget(folder: string, batch: BatchRecord): NavigateTarget {
  return batch.result === undefined
    ? { view: 'project', folder }
    : { view: 'report', folder, runId: batch.result.runId }
}

function notificationBody(kind: NotifyOn, notice: BatchNotice): string {
  const result = notice.batch.result
  switch (kind) {
    case 'drift': {
      const counted = result === undefined ? '' : `${driftedCount(result)} drifted`
      const named = topDriftedColumns(notice.columns ?? [], TOP_COLUMNS).map((c) => c.column)
      const extra = result === undefined ? 0 : Math.max(0, result.driftedColumns - named.length)
      const list = named.length === 0 ? '' : ` (${namesWithMore(named, extra)})`
      return `${counted}${list}. Open the report to see how.`
    }
    case 'invalid':
      return 'expectations of severity error failed, so its drift verdict is unreliable. Fix the data first; open the report to see what failed.'
    case 'failed':
      return `${sentence(notice.batch.reason ?? 'The batch could not be processed.')} Open the project to see the batch.`
    default:
      return assertNever(kind)
  }
}

/** `4 of 12 columns`, `1 of 1 column`. */
export function driftedCount(
  result: Readonly<{ driftedColumns: number; testedColumns: number }>
): string {
  return `${result.driftedColumns} of ${result.testedColumns} column${result.testedColumns === 1 ? '' : 's'}`
}

/** `a, b and c`, or `a, b, c and 2 more` when `more` columns are left unnamed. */
export function namesWithMore(names: readonly string[], more: number): string {
  if (more > 0) return `${names.join(', ')} and ${more} more`
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/**
 * The drifted columns, most drifted first: by how far past its threshold the score is (distances:
 * score / threshold; p-values: threshold / score), columns without a score last, ties by name.
 * O(n log n).
 */
export function topDriftedColumns(
  columns: readonly ColumnResult[],
  limit: number
): readonly ColumnResult[] {
  return columns
    .filter((c) => c.drifted)
    .map((c) => ({ column: c, severity: severity(c) }))
    .sort((a, b) => b.severity - a.severity || a.column.column.localeCompare(b.column.column))
    .slice(0, Math.max(0, limit))
    .map((entry) => entry.column)
}

function severity(column: ColumnResult): number {
  const { score, threshold } = column
  if (score === null || !Number.isFinite(score)) return -1
  if (column.scoreKind === 'distance') return threshold > 0 ? score / threshold : score
  return score > 0 ? threshold / score : Number.MAX_VALUE
}

/** `temp: K-S p_value 1.000e-5 (threshold 0.05)`: a drifted column, as a notification names it. */
export function describeColumn(column: ColumnResult): string {
  const test = isDriftTestId(column.test) ? DRIFT_TESTS[column.test].name : column.test
  const score = formatScore(column.score, column.scoreKind)
  return `${column.column}: ${test} ${score} (threshold ${column.threshold})`
}

/** Ends a reason with a full stop when it has none. */
export function sentence(text: string): string {
  const trimmed = text.trim()
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
}

/** Remembers which notifications were delivered, so each is delivered once. */
export type NotificationLog = Readonly<{
  /** True the first time `key` is seen (and remembers it), false afterwards. */
  isNew: (key: string) => boolean
}>

/**
 * A log of the last `capacity` notification keys (the oldest forgotten first), so memory stays bounded
 * while a watched project receives batches for months. O(1) per key.
 */
export function createNotificationLog(capacity = 1000): NotificationLog {
  const seen = new Set<string>()
  return {
    isNew(key) {
      if (seen.has(key)) return false
      seen.add(key)
      if (seen.size > capacity) {
        const oldest = seen.values().next()
        if (oldest.done !== true) seen.delete(oldest.value)
      }
      return true
    }
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown notification kind ${String(value)}.`)
}
