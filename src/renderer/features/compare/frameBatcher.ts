/**
 * Gathers events that arrive between two frames and hands them over together, once per frame: a job's
 * progress and partial results can come faster than the screen redraws, and applying each on its own would
 * re-render the report for every one of them. The schedule is requestAnimationFrame while the window is
 * visible, a 100 ms timer while it is hidden (hidden windows get no frames), and a 16 ms timer where there
 * are no frames at all (tests in Node).
 *
 * @example
 * const batcher = createFrameBatcher<number>((items) => console.log(items))
 * batcher.push(1); batcher.push(2) // next frame: [1, 2]
 */

/** Runs `callback` soon; returns nothing the batcher needs. */
export type Schedule = (callback: () => void) => void

/** How long a hidden window waits between flushes, in ms. */
export const HIDDEN_FLUSH_MS = 100

/** A frame's length at 60 Hz, in ms: the wait where there is no requestAnimationFrame. */
export const FRAME_MS = 16

export type FrameBatcher<T> = Readonly<{
  push: (item: T) => void
  /** Hands over what is waiting now (e.g. before the job's last event), instead of at the next frame. */
  flush: () => void
  /** Drops what is waiting and stops; later pushes are ignored. */
  dispose: () => void
}>

/** The default schedule: the next animation frame when the page is visible, else a timer. */
export function nextFrame(callback: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(callback, FRAME_MS)
    return
  }
  const isHidden = typeof document !== 'undefined' && document.visibilityState === 'hidden'
  if (isHidden) setTimeout(callback, HIDDEN_FLUSH_MS)
  else requestAnimationFrame(callback)
}

export function createFrameBatcher<T>(
  deliver: (items: readonly T[]) => void,
  schedule: Schedule = nextFrame
): FrameBatcher<T> {
  let waiting: T[] = []
  let isScheduled = false
  let isDisposed = false

  function flush(): void {
    isScheduled = false
    if (isDisposed || waiting.length === 0) return
    const items = waiting
    waiting = []
    deliver(items)
  }

  return {
    push(item) {
      if (isDisposed) return
      waiting.push(item)
      if (isScheduled) return
      isScheduled = true
      schedule(flush)
    },
    flush,
    dispose() {
      isDisposed = true
      waiting = []
    }
  }
}
