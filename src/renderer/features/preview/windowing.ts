/**
 * The windowing arithmetic of the preview grid: which rows to render for a scroll position, where each goes,
 * and which pages hold them. Rows have one fixed height and are positioned absolutely inside a spacer as
 * tall as all rows, so only the rows on screen (and a few beyond, the overscan) exist in the page.
 *
 * Browsers cap an element's height (about 33 million pixels in Chromium, 17.9 million in Firefox), and ten
 * million rows of 28 px need 280 million. Beyond `maxScrollHeight` the spacer stays at that height and the
 * scroll position maps to a row proportionally: the rows on screen are still laid out at their own height
 * around the scroll position, so a row moves smoothly under the wheel while the scrollbar spans every row.
 */

export type WindowInput = Readonly<{
  scrollTop: number
  viewportHeight: number
  rowHeight: number
  rowCount: number
  /** Rows rendered beyond each edge of the viewport, so a quick scroll does not show a gap. */
  overscan: number
  /** The tallest spacer to make; default 8 000 000 px (well within every browser's limit). */
  maxScrollHeight?: number
}>

export type RowWindow = Readonly<{
  /** Height of the spacer that holds the rows. */
  scrollHeight: number
  /** First row to render (0-based). */
  first: number
  /** One past the last row to render. */
  end: number
  /** The row at the top edge of the viewport, with its fraction (the position a scroll maps to). */
  topRow: number
  /** Top of `row` inside the spacer, px. */
  topOf: (row: number) => number
}>

export const DEFAULT_MAX_SCROLL_HEIGHT = 8_000_000

/**
 * The rows to render and their positions. O(1).
 *
 * @example
 * const w = rowWindow({ scrollTop: 280, viewportHeight: 280, rowHeight: 28, rowCount: 1000, overscan: 5 })
 * // w.first === 5, w.end === 25, w.topOf(10) === 280
 */
export function rowWindow(input: WindowInput): RowWindow {
  const { viewportHeight, rowHeight, overscan } = input
  const rowCount = Math.max(0, Math.floor(input.rowCount))
  if (!(rowHeight > 0)) throw new Error('rowWindow requires a positive row height')
  const contentHeight = rowCount * rowHeight
  const scrollHeight = Math.min(contentHeight, input.maxScrollHeight ?? DEFAULT_MAX_SCROLL_HEIGHT)
  const scrollable = Math.max(0, scrollHeight - viewportHeight)
  const scrollTop = Math.min(Math.max(0, input.scrollTop), scrollable)
  const rowsOnScreen = viewportHeight / rowHeight
  const lastTopRow = Math.max(0, rowCount - rowsOnScreen)
  const topRow =
    scrollHeight === contentHeight
      ? scrollTop / rowHeight
      : scrollable === 0
        ? 0
        : (scrollTop / scrollable) * lastTopRow
  const first = Math.max(0, Math.floor(topRow) - overscan)
  const end = Math.min(rowCount, Math.ceil(topRow + rowsOnScreen) + overscan)
  return {
    scrollHeight,
    first,
    end: Math.max(first, end),
    topRow,
    topOf: (row) => scrollTop + (row - topRow) * rowHeight
  }
}

/**
 * The indexes of the pages of `pageSize` rows that hold rows first … end − 1, in order.
 * O(pages). @example pagesOf(450, 1020, 500) // [0, 1, 2]
 */
export function pagesOf(first: number, end: number, pageSize: number): number[] {
  if (end <= first) return []
  const pages: number[] = []
  for (let p = Math.floor(first / pageSize); p * pageSize < end; p++) pages.push(p)
  return pages
}

/**
 * The pages to forget when `cached` (most recently used last) holds more than `keep`: the least recently
 * used ones that are not `wanted` now. O(cached).
 * @example pagesToDrop([0, 1, 2, 3], [3], 2) // [0, 1]
 */
export function pagesToDrop(
  cached: readonly number[],
  wanted: readonly number[],
  keep: number
): number[] {
  const excess = cached.length - keep
  if (excess <= 0) return []
  return cached.filter((p) => !wanted.includes(p)).slice(0, excess)
}
