/**
 * When a document counts as drawn: every chart has its canvas (the charts of column details load after
 * the first paint). Then `<html data-state="drawn">` is set and the performance mark DRAWN_MARK is made,
 * whose time since navigation the HTML export benchmark reports.
 */

export const DRAWN_MARK = 'driftwatch:drawn'

/** Watches frame by frame until every chart is drawn, then marks the document. */
export function markWhenDrawn(page: Document = document): void {
  const check = (): void => {
    const isLoading = page.querySelector('.chart-loading') !== null
    const charts = [...page.querySelectorAll('.echart')]
    if (isLoading || charts.some((chart) => chart.querySelector('canvas') === null)) {
      requestAnimationFrame(check)
      return
    }
    performance.mark(DRAWN_MARK)
    page.documentElement.dataset['state'] = 'drawn'
  }
  requestAnimationFrame(check)
}
