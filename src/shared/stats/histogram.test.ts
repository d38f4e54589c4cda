import { describe, expect, it } from 'vitest'
import { expectAllClose, loadGolden, RTOL_CLOSED_FORM } from '../../../test/golden'
import {
  binEdgesFromRange,
  type BinRule,
  histogramBinEdges,
  histogramCounts,
  sturgesBins
} from './histogram'

type Result = {
  bins: BinRule
  n_bins: number
  edges: number[]
  counts_a: number[]
  counts_b: number[]
}
type Inputs = { a: number[]; b: number[] }

const golden = loadGolden<Inputs, { bins: BinRule[] }, { results: Result[] }>('histogram.json')

describe('histogram against NumPy histogram_bin_edges and histogram', () => {
  for (const c of golden.cases) {
    for (const r of c.expected.results) {
      it(`${c.id} bins=${String(r.bins)} (${c.note ?? ''})`, () => {
        const pooled = [...c.inputs.a, ...c.inputs.b]
        const edges = histogramBinEdges(pooled, r.bins)
        expect(edges.length - 1).toBe(r.n_bins)
        expectAllClose(edges, r.edges, { rtol: RTOL_CLOSED_FORM }, 'edges')
        expect(histogramCounts(c.inputs.a, edges)).toEqual(r.counts_a)
        expect(histogramCounts(c.inputs.b, edges)).toEqual(r.counts_b)
        if (r.bins === 'sturges') {
          const min = Math.min(...pooled)
          const max = Math.max(...pooled)
          expect(sturgesBins(pooled.length, min, max)).toBe(r.n_bins)
          expect(binEdgesFromRange(min, max, r.n_bins)).toEqual(edges)
        }
      })
    }
  }
  it('refuses no values and a bad bin count', () => {
    expect(() => histogramBinEdges([], 'sturges')).toThrow(
      'histogramBinEdges requires at least one value'
    )
    expect(() => histogramBinEdges([1, 2], 0)).toThrow(
      'histogramBinEdges requires a positive whole number of bins'
    )
  })
})
