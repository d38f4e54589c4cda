import { beforeEach, describe, expect, it, vi } from 'vitest'

const fakes = vi.hoisted(() => {
  class FakeNotification {
    static supported = true
    static created: FakeNotification[] = []
    static isSupported(): boolean {
      return FakeNotification.supported
    }
    readonly listeners = new Map<string, () => void>()
    isShown = false
    isClosed = false
    constructor(readonly options: { title: string; body: string; icon?: string }) {
      FakeNotification.created.push(this)
    }
    on(name: string, listener: () => void): this {
      this.listeners.set(name, listener)
      return this
    }
    show(): void {
      this.isShown = true
    }
    close(): void {
      this.isClosed = true
      this.listeners.get('close')?.()
    }
  }
  return { FakeNotification }
})

vi.mock('electron', () => ({ Notification: fakes.FakeNotification }))

const { createDesktopNotifications, KEPT_NOTIFICATIONS } = await import('./desktopNotifications')

const REPORT = { view: 'report' as const, folder: '/projects/churn', runId: 'run-3' }

beforeEach(() => {
  fakes.FakeNotification.supported = true
  fakes.FakeNotification.created = []
})

describe('createDesktopNotifications', () => {
  it('shows the title and body; a click leads to the report', () => {
    const onClick = vi.fn()
    const notifications = createDesktopNotifications(onClick, '/icons/tray@2x.png')
    const shown = notifications.show({
      title: 'Drift in week3.csv',
      body: 'Churn: 4 of 10 columns drifted.',
      target: REPORT
    })
    expect(shown).toBe(true)
    const notification = fakes.FakeNotification.created[0]
    expect(notification?.options).toEqual({
      title: 'Drift in week3.csv',
      body: 'Churn: 4 of 10 columns drifted.',
      icon: '/icons/tray@2x.png'
    })
    expect(notification?.isShown).toBe(true)
    notification?.listeners.get('click')?.()
    expect(onClick).toHaveBeenCalledWith(REPORT)
  })

  it('shows nothing where the system has no notifications', () => {
    fakes.FakeNotification.supported = false
    const notifications = createDesktopNotifications(vi.fn())
    expect(notifications.show({ title: 't', body: 'b', target: REPORT })).toBe(false)
    expect(fakes.FakeNotification.created).toEqual([])
  })

  it('closes what is still shown on dispose, and keeps a bounded number', () => {
    const notifications = createDesktopNotifications(vi.fn())
    for (let i = 0; i < KEPT_NOTIFICATIONS + 5; i++) {
      notifications.show({ title: `t${i}`, body: 'b', target: REPORT })
    }
    notifications.dispose()
    const closed = fakes.FakeNotification.created.filter((n) => n.isClosed)
    expect(closed).toHaveLength(KEPT_NOTIFICATIONS)
    expect(closed[0]?.options.title).toBe('t5')
  })
})
