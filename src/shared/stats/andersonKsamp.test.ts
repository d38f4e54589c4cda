import { describe, expect, it } from 'vitest'
import {
  expectAllClose,
  expectClose,
  loadGolden,
  RTOL_CLOSED_FORM,
  RTOL_PVALUE
} from '../../../test/golden'
import { andersonKsamp, andersonKsampFromA2 } from './andersonKsamp'

type Outcome = {
  statistic: number
  critical_values: number[]
  significance_level: number
  significance_level_bound: 'capped' | 'floored' | null
}

const golden = loadGolden<
  { samples: number[][] },
  Record<string, never>,
  { midrank_true: Outcome; midrank_false: Outcome }
>('anderson_ksamp.json')

describe('andersonKsamp against SciPy anderson_ksamp', () => {
  for (const c of golden.cases) {
    for (const midrank of [true, false]) {
      it(`${c.id} midrank=${midrank} (${c.note ?? ''})`, () => {
        const expected = midrank ? c.expected.midrank_true : c.expected.midrank_false
        const actual = andersonKsamp(c.inputs.samples, midrank)
        expectClose(actual.statistic, expected.statistic, { rtol: RTOL_CLOSED_FORM }, 'statistic')
        expectAllClose(
          actual.criticalValues,
          expected.critical_values,
          { rtol: RTOL_CLOSED_FORM },
          'critical values'
        )
        expectClose(
          actual.significanceLevel,
          expected.significance_level,
          { rtol: RTOL_PVALUE },
          'significance level'
        )
        expect(actual.significanceLevelBound).toBe(expected.significance_level_bound)
      })
    }
  }
})

describe('andersonKsampFromA2', () => {
  it('standardizes with h and g from their series above a million values', () => {
    // σN² of Scholz & Stephens with h and g summed term by term, for k = 2 and N = 2·10⁶.
    const ns = [1_200_000, 800_000]
    const N = 2_000_000
    let h = 0
    let squares = 0
    for (let i = N - 1; i >= 1; i -= 1) {
      h += 1 / i
      squares += 1 / (i * i)
    }
    // g = Σ_{i<j<N} 1/((N − i)·j), summed as Σ_{s=2}^{N−1} (Σ_{j=N−s+1}^{N−1} 1/j) / s.
    let g = 0
    let tail = 0
    for (let s = 2; s <= N - 1; s += 1) {
      tail += 1 / (N - s + 1)
      g += tail / s
    }
    expect(Math.abs(g - (squares - (2 * h) / N))).toBeLessThan(1e-12)
    const H = 1 / ns[0]! + 1 / ns[1]!
    const k = 2
    const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H
    const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6
    const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h
    const d = (2 * h + 6) * k ** 2 - 4 * h * k
    const sigmasq = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3))
    const r = andersonKsampFromA2(3.5, ns)
    expectClose(r.statistic, 2.5 / Math.sqrt(sigmasq), { rtol: 1e-12 }, 'statistic')
  })
  it('gives the tabulated critical values for two samples', () => {
    const r = andersonKsampFromA2(1, [10, 10])
    expectAllClose(
      r.criticalValues,
      [0.325, 1.226, 1.961, 2.718, 3.752, 4.592, 6.546],
      { rtol: 1e-12 },
      'critical values'
    )
  })
  it('refuses inputs SciPy cannot standardize, with clear messages', () => {
    expect(() => andersonKsamp([[1, 2, 3]])).toThrow('andersonKsamp requires at least two samples')
    expect(() => andersonKsamp([[1, 2, 3], []])).toThrow(
      'andersonKsamp requires at least one value in each sample'
    )
    expect(() =>
      andersonKsamp([
        [1, 1],
        [1, 1]
      ])
    ).toThrow('andersonKsamp requires at least two distinct values')
    expect(() => andersonKsamp([[1, 2], [3]])).toThrow(
      'andersonKsamp requires at least four values in total'
    )
    expect(() => andersonKsampFromA2(1, [2])).toThrow(
      'andersonKsampFromA2 requires at least two samples'
    )
  })
})
