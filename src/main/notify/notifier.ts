/**
 * Delivers the notifications of settled batches: decides with `notificationFor`, lets each batch through
 * once, shows the OS notification through the host (the desktop app has one, `driftwatch watch` has not)
 * and posts the webhook message. A webhook that cannot be reached is logged and reported to
 * `onWebhookFailed` (the project service records it as a `notify:failed` event); it never fails the batch.
 */
import type { AppError } from '../../shared/errors'
import type { BatchNotice, BatchNotification, NotificationSettings } from './notifications'
import { createNotificationLog, notificationFor } from './notifications'
import { sendWebhook, webhookMessage } from './webhook'
import type { WebhookMessage, WebhookOptions, WebhookResult } from './webhook'

export type LogSink = (level: 'info' | 'warn' | 'error', text: string) => void

export type NotifierOptions = Readonly<{
  /** Shows an OS notification; absent where the host has none. */
  showDesktop?: (notification: BatchNotification) => void
  /** Posts a webhook message; default `sendWebhook`. */
  post?: (url: string, message: WebhookMessage, options: WebhookOptions) => Promise<WebhookResult>
  /** Retry and timeout settings of webhook deliveries (the defaults of `sendWebhook` otherwise). */
  webhook?: Omit<WebhookOptions, 'signal'>
  /** Told when a webhook message could not be delivered, after its retries. */
  onWebhookFailed?: (notice: BatchNotice, error: AppError) => void
  log: LogSink
}>

export type Notifier = Readonly<{
  /**
   * Notifies about a settled batch, once per batch of a project; resolves once the webhook delivery (if
   * any) is over, to the notification delivered, or null when there was nothing (new) to deliver.
   */
  notify: (settings: NotificationSettings, notice: BatchNotice) => Promise<BatchNotification | null>
  /** Stops the webhook deliveries under way (the app is quitting). */
  dispose: () => void
}>

export function createNotifier(options: NotifierOptions): Notifier {
  const delivered = createNotificationLog()
  const stop = new AbortController()
  const post = options.post ?? sendWebhook
  const { log } = options

  return {
    async notify(settings, notice) {
      const notification = notificationFor(settings, notice)
      if (notification === null || !delivered.isNew(notification.key)) return null
      if (notification.desktop && options.showDesktop !== undefined) {
        try {
          options.showDesktop(notification)
        } catch (e) {
          log(
            'warn',
            `Driftwatch could not show a notification about ${notice.batch.name}: ${String(e)}`
          )
        }
      }
      if (notification.webhookUrl !== null && !stop.signal.aborted) {
        const message = webhookMessage({ ...notice, kind: notification.kind })
        const result = await post(notification.webhookUrl, message, {
          ...options.webhook,
          signal: stop.signal
        })
        if (!result.ok && result.error.code !== 'CANCELLED') {
          log('warn', `${notice.project.name}, ${notice.batch.name}: ${result.error.message}`)
          options.onWebhookFailed?.(notice, result.error)
        }
      }
      return notification
    },
    dispose() {
      stop.abort()
    }
  }
}
