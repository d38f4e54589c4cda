import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type * as DrawQueue from './drawQueue'

type Entry = Readonly<{ target: Element; isIntersecting: boolean }>

/** The page the queue runs in: a window for `beforeprint`, an IntersectionObserver the test drives. */
function stubPage(): { report: (entries: Entry[]) => void; print: () => void } {
  let callback: ((entries: Entry[]) => void) | null = null
  const events = new EventTarget()
  vi.stubGlobal('window', events)
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      constructor(c: (entries: Entry[]) => void) {
        callback = c
      }
      observe(): void {}
      unobserve(): void {}
    }
  )
  return {
    report: (entries) => callback?.(entries),
    print: () => events.dispatchEvent(new Event('beforeprint'))
  }
}

/** A fresh copy of the queue (it keeps its charts in module state). */
async function freshQueue(): Promise<typeof DrawQueue> {
  vi.resetModules()
  return import('./drawQueue')
}

const element = (name: string): Element => ({ name }) as unknown as Element

beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('deferDraw', () => {
  it('draws a chart at once when it comes near the viewport, and says which wait far away', async () => {
    const page = stubPage()
    const queue = await freshQueue()
    const drawn: string[] = []
    const [top, bottom] = [element('top'), element('bottom')]
    queue.deferDraw(top, () => drawn.push('top'))
    queue.deferDraw(bottom, () => drawn.push('bottom'))
    expect(queue.isWaitingFar(bottom)).toBe(false)
    page.report([
      { target: top, isIntersecting: true },
      { target: bottom, isIntersecting: false }
    ])
    expect(drawn).toEqual(['top'])
    expect(queue.isWaitingFar(bottom)).toBe(true)
    expect(queue.pendingDraws()).toBe(1)
  })

  it('draws the rest in idle time, in page order, where there is no requestIdleCallback', async () => {
    stubPage()
    vi.stubGlobal('requestIdleCallback', undefined)
    const queue = await freshQueue()
    const drawn: number[] = []
    for (let i = 0; i < 5; i++) queue.deferDraw(element(`chart ${i}`), () => drawn.push(i))
    expect(drawn).toEqual([])
    await vi.runAllTimersAsync()
    expect(drawn).toEqual([0, 1, 2, 3, 4])
    expect(queue.pendingDraws()).toBe(0)
  })

  it('draws everything before printing, and nothing that was cancelled', async () => {
    const page = stubPage()
    const queue = await freshQueue()
    const drawn: string[] = []
    queue.deferDraw(element('kept'), () => drawn.push('kept'))
    const cancel = queue.deferDraw(element('gone'), () => drawn.push('gone'))
    cancel()
    page.print()
    expect(drawn).toEqual(['kept'])
    expect(queue.pendingDraws()).toBe(0)
  })
})
