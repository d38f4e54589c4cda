import type { Distribution } from '../../shared/model'
import { categoryBars } from './categoryBars'
import { histogramOverlay } from './histogramOverlay'
import type { ChartOption, SideNames } from './options'

/** The chart for a column's distribution, whichever kind it is. */
export function distributionChart(distribution: Distribution, names: SideNames): ChartOption {
  return distribution.kind === 'bins'
    ? histogramOverlay(distribution, names)
    : categoryBars(distribution, names)
}
