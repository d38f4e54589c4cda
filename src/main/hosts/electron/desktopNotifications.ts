/**
 * OS notifications through Electron's `Notification`, where the system supports them. Clicking one calls
 * `onClick` with the place it is about (the host shows the window and tells the renderer to go there).
 * The shown notifications are referenced until they close: a notification object that is garbage-collected
 * loses its click handler on some systems.
 */
import { Notification } from 'electron'
import type { NavigateTarget } from '../../../shared/api'

/** What an OS notification shows and where clicking it leads. */
export type DesktopNotice = Readonly<{ title: string; body: string; target: NavigateTarget }>

export type DesktopNotifications = Readonly<{
  /** Shows `notice`; false where the system has no notifications. */
  show: (notice: DesktopNotice) => boolean
  /** Closes the notifications still shown and forgets them. */
  dispose: () => void
}>

/** How many shown notifications are referenced at most (the oldest is let go first). */
export const KEPT_NOTIFICATIONS = 20

/** Notifications whose click calls `onClick(target)`; `iconPath`: the image beside the text, when given. */
export function createDesktopNotifications(
  onClick: (target: NavigateTarget) => void,
  iconPath?: string
): DesktopNotifications {
  const shown = new Set<Notification>()
  return {
    show(notice) {
      if (!Notification.isSupported()) return false
      const notification = new Notification({
        title: notice.title,
        body: notice.body,
        ...(iconPath === undefined ? {} : { icon: iconPath })
      })
      const forget = (): void => {
        shown.delete(notification)
      }
      notification.on('click', () => {
        forget()
        onClick(notice.target)
      })
      notification.on('close', forget)
      notification.on('failed', forget)
      shown.add(notification)
      if (shown.size > KEPT_NOTIFICATIONS) {
        const oldest = shown.values().next()
        if (oldest.done !== true) shown.delete(oldest.value)
      }
      notification.show()
      return true
    },
    dispose() {
      for (const notification of shown) notification.close()
      shown.clear()
    }
  }
}
