import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM, RTOL_PVALUE } from '../../../test/golden'
import { mannwhitneyu, mannwhitneyuFromRanks } from './mannwhitneyu'
import { midranks } from './midranks'

type Outcome = { statistic: number; pvalue: number }
type Expected = {
  asymptotic_continuity: Outcome
  asymptotic_no_continuity: Outcome
  auto: Outcome & { method_used: string }
  U1: number
  U2: number
}

const golden = loadGolden<
  { x: number[]; y: number[] },
  { alternative: string; use_continuity: boolean },
  Expected
>('mannwhitneyu.json')

function check(actual: Outcome, expected: Outcome, label: string): void {
  expectClose(
    actual.statistic,
    expected.statistic,
    { rtol: RTOL_CLOSED_FORM },
    `${label} statistic`
  )
  expectClose(actual.pvalue, expected.pvalue, { rtol: RTOL_PVALUE }, `${label} pvalue`)
}

describe('mannwhitneyu against SciPy mannwhitneyu (two-sided)', () => {
  for (const c of golden.cases) {
    const { x, y } = c.inputs
    it(`${c.id} (${c.note ?? ''})`, () => {
      expect(c.params.alternative).toBe('two-sided')
      const withContinuity = mannwhitneyu(x, y, { useContinuity: true, method: 'asymptotic' })
      check(withContinuity, c.expected.asymptotic_continuity, 'asymptotic, continuity')
      expect(withContinuity.methodUsed).toBe('asymptotic')
      const without = mannwhitneyu(x, y, { useContinuity: false, method: 'asymptotic' })
      check(without, c.expected.asymptotic_no_continuity, 'asymptotic, no continuity')
      const auto = mannwhitneyu(x, y, { useContinuity: c.params.use_continuity })
      check(auto, c.expected.auto, 'auto')
      expect(auto.methodUsed).toBe(c.expected.auto.method_used)
      expectClose(auto.U1, c.expected.U1, { rtol: RTOL_CLOSED_FORM }, 'U1')
      expectClose(auto.U2, c.expected.U2, { rtol: RTOL_CLOSED_FORM }, 'U2')
    })
    it(`${c.id} finished from the rank sum and tie sum`, () => {
      const { ranks, tieSizes } = midranks([...x, ...y])
      const r1 = ranks.slice(0, x.length).reduce((s, r) => s + r, 0)
      const tieSum = tieSizes.reduce((s, t) => s + t ** 3 - t, 0)
      const base = { r1, n1: x.length, n2: y.length, tieSum }
      check(
        mannwhitneyuFromRanks({ ...base, method: 'asymptotic' }),
        c.expected.asymptotic_continuity,
        'asymptotic, continuity'
      )
      check(
        mannwhitneyuFromRanks({ ...base, method: 'asymptotic', useContinuity: false }),
        c.expected.asymptotic_no_continuity,
        'asymptotic, no continuity'
      )
      const auto = mannwhitneyuFromRanks(base)
      check(auto, c.expected.auto, 'auto')
      expect(auto.methodUsed).toBe(c.expected.auto.method_used)
    })
  }
})

describe('mannwhitneyu exact distribution', () => {
  it('matches a full enumeration of the permutations for small samples', () => {
    for (const [n1, n2] of [
      [1, 1],
      [2, 5],
      [5, 6],
      [7, 4]
    ] as const) {
      for (let u = 0; u <= n1 * n2; u += 1) {
        const r1 = u + (n1 * (n1 + 1)) / 2
        const p = mannwhitneyuFromRanks({ r1, n1, n2, tieSum: 0, method: 'exact' }).pvalue
        const expected = Math.min(1, 2 * onesided(Math.max(u, n1 * n2 - u), n1, n2))
        expect(Math.abs(p - expected)).toBeLessThan(1e-15)
      }
    }
  })

  /** P(U1 ≥ u) by listing every split of the pooled ranks 1..n1+n2 into the two samples. */
  function onesided(u: number, n1: number, n2: number): number {
    let total = 0
    let atLeast = 0
    const visit = (next: number, chosen: number, rankSum: number): void => {
      if (chosen === n1) {
        total += 1
        if (rankSum - (n1 * (n1 + 1)) / 2 >= u) atLeast += 1
        return
      }
      for (let r = next; r <= n1 + n2; r += 1) visit(r + 1, chosen + 1, rankSum + r)
    }
    visit(1, 0, 0)
    return atLeast / total
  }

  it('keeps tiny p-values when the counts exceed 2^53 (8 vs 400, values from SciPy 1.17)', () => {
    const y = Array.from({ length: 400 }, (_, i) => i)
    const spread = Array.from({ length: 8 }, (_, i) => i * 50 + 3.5)
    const r = mannwhitneyu(spread, y, { method: 'exact' })
    expect(r.statistic).toBe(1432)
    expectClose(r.pvalue, 0.6182316965984035, { rtol: 1e-12 }, 'pvalue')
    const low = Array.from({ length: 8 }, (_, i) => i * 10 - 30.5)
    const auto = mannwhitneyu(low, y)
    expect(auto.methodUsed).toBe('exact')
    expect(auto.statistic).toBe(100)
    expectClose(auto.pvalue, 2.6005403617643363e-9, { rtol: 1e-12 }, 'tail pvalue')
  })

  it('falls back to the normal approximation in auto mode when the exact distribution is too large', () => {
    const r = mannwhitneyuFromRanks({ r1: 4 * 1e7 + 10, n1: 8, n2: 10_000_000, tieSum: 0 })
    expect(r.methodUsed).toBe('asymptotic')
    expect(() =>
      mannwhitneyuFromRanks({ r1: 4 * 1e7 + 10, n1: 8, n2: 10_000_000, tieSum: 0, method: 'exact' })
    ).toThrow('mannwhitneyu cannot compute the exact distribution')
  })

  it('refuses empty samples with a clear message', () => {
    expect(() => mannwhitneyu([], [1])).toThrow(
      'mannwhitneyu requires at least one value in each sample'
    )
    expect(() => mannwhitneyuFromRanks({ r1: 0, n1: 0, n2: 2, tieSum: 0 })).toThrow(
      'mannwhitneyuFromRanks requires at least one value in each sample'
    )
  })
})
