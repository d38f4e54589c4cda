import type { Distribution } from '../../shared/model'
import { categoryCounts } from './categoryBars'
import { toShares } from './options'

export type SparkBar = Readonly<{ x: number; y: number; width: number; height: number }>

/** Both sides' shares per bar (bins or categories with the folded rest). */
export function sparkShares(distribution: Distribution): {
  reference: number[]
  current: number[]
} {
  if (distribution.kind === 'bins') {
    return { reference: toShares(distribution.reference), current: toShares(distribution.current) }
  }
  const { reference, current } = categoryCounts(distribution)
  return { reference: toShares(reference), current: toShares(current) }
}

/**
 * Bars of a tiny inline histogram in a `width` x `height` box. `scaleMax` is shared by both sides so their
 * heights compare; bars of a zero share still get a hairline so the support is visible.
 */
export function sparkBars(
  shares: readonly number[],
  width: number,
  height: number,
  scaleMax: number
): SparkBar[] {
  if (shares.length === 0) return []
  const step = width / shares.length
  const gap = step > 3 ? 1 : 0
  return shares.map((share, i) => {
    const h = scaleMax > 0 ? Math.max((share / scaleMax) * height, share > 0 ? 1 : 0.5) : 0.5
    return {
      x: round(i * step),
      y: round(height - h),
      width: round(Math.max(step - gap, 0.5)),
      height: round(h)
    }
  })
}

function round(v: number): number {
  return Math.round(v * 100) / 100
}
