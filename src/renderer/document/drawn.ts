/**
 * When a document counts as drawn (see DOCUMENT_MARKS): after its first render, at the first frame in
 * which every chart has its canvas or waits far from the viewport (`<html data-state="drawn">`: the first
 * screen is complete), then at the first frame in which every chart has its canvas (`data-state=
 * "complete"`). The charts further down are deferred (src/renderer/charts/drawQueue.ts).
 */
import { isWaitingFar } from '../charts/drawQueue'
import { DOCUMENT_MARKS } from '../../shared/model'

/** Watches frame by frame and marks the document drawn, then complete. */
export function markWhenDrawn(page: Document = document): void {
  let isFirstScreen = true
  const check = (): void => {
    const charts = [...page.querySelectorAll('.echart')]
    const isDrawn = (chart: Element): boolean =>
      chart.querySelector('canvas') !== null || (isFirstScreen && isWaitingFar(chart))
    if (charts.every(isDrawn)) {
      performance.mark(isFirstScreen ? DOCUMENT_MARKS.drawn : DOCUMENT_MARKS.complete)
      page.documentElement.dataset['state'] = isFirstScreen ? 'drawn' : 'complete'
      if (!isFirstScreen) return
      isFirstScreen = false
    }
    requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
}
