/**
 * Charts drawn later: a document with dozens of charts (a report of 200 columns, 80 of them drifted) would
 * spend seconds drawing them all before showing anything. A deferred chart is drawn as soon as it comes
 * near the viewport, or in the browser's idle time (a few per idle slice, top of the page first), or, at the
 * latest, all at once before printing, so the first screen appears at once and the rest follows without
 * blocking a scroll. Drawing is synchronous (ECharts paints in `setOption`), so `beforeprint` is enough.
 */

/** How far outside the viewport a chart counts as near: about a screen. */
const NEAR = '800px 0px'

/** Idle time kept for the browser in each idle slice, in ms; a chart takes about 5–15 ms to draw. */
const SPARE_MS = 4

/** A busy page still draws a chart this often, in ms. */
const IDLE_TIMEOUT_MS = 500

/** Where requestIdleCallback is missing (Safari): a timer, and this much time per slice, in ms. */
const FALLBACK_DELAY_MS = 50
const FALLBACK_SLICE_MS = 12

const pending = new Map<Element, () => void>()
/** Pending charts whose first visibility check found them far from the viewport. */
const far = new WeakSet<Element>()
let visibility: IntersectionObserver | null = null
let isIdleScheduled = false
let isPrintWatched = false

/**
 * Draws `element`'s chart with `draw` later (see above); returns a function that cancels it (the chart
 * left the page first). O(1).
 */
export function deferDraw(element: Element, draw: () => void): () => void {
  pending.set(element, draw)
  watchVisibility()?.observe(element)
  watchPrint()
  scheduleIdle()
  return () => {
    pending.delete(element)
    visibility?.unobserve(element)
  }
}

/** How many deferred charts are not drawn yet. */
export function pendingDraws(): number {
  return pending.size
}

/**
 * Whether `element`'s chart waits because it was found far from the viewport (false until its first
 * visibility check, and once drawn). Asks nothing of the layout.
 */
export function isWaitingFar(element: Element): boolean {
  return pending.has(element) && far.has(element)
}

/** Draws every deferred chart now (before printing). */
export function drawAll(): void {
  for (const element of [...pending.keys()]) drawNow(element)
}

function drawNow(element: Element): void {
  const draw = pending.get(element)
  if (draw === undefined) return
  pending.delete(element)
  visibility?.unobserve(element)
  draw()
}

function watchVisibility(): IntersectionObserver | null {
  if (visibility === null && typeof IntersectionObserver !== 'undefined') {
    visibility = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) drawNow(entry.target)
          else far.add(entry.target)
        }
      },
      { rootMargin: NEAR }
    )
  }
  return visibility
}

function watchPrint(): void {
  if (isPrintWatched) return
  isPrintWatched = true
  window.addEventListener('beforeprint', drawAll)
}

function scheduleIdle(): void {
  if (isIdleScheduled) return
  isIdleScheduled = true
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback((deadline) => drawWhile(() => deadline.timeRemaining() > SPARE_MS), {
      timeout: IDLE_TIMEOUT_MS
    })
  } else {
    setTimeout(() => {
      const end = performance.now() + FALLBACK_SLICE_MS
      drawWhile(() => performance.now() < end)
    }, FALLBACK_DELAY_MS)
  }
}

/** Draws pending charts in page order, one at least and more while `hasTime`, then schedules the rest. */
function drawWhile(hasTime: () => boolean): void {
  isIdleScheduled = false
  do {
    const [first] = pending.keys()
    if (first !== undefined) drawNow(first)
  } while (pending.size > 0 && hasTime())
  if (pending.size > 0) scheduleIdle()
}
