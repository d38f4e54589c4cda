import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM, RTOL_PVALUE } from '../../../test/golden'
import {
  type CramervonmisesMethod,
  cramervonmises2samp,
  cramervonmisesFromU
} from './cramervonmises2samp'
import { midranks } from './midranks'

type Outcome = { statistic: number; pvalue: number; method_used?: string }

const golden = loadGolden<
  { x: number[]; y: number[] },
  { methods: CramervonmisesMethod[] },
  Partial<Record<CramervonmisesMethod, Outcome>>
>('cramervonmises_2samp.json')

/** The golden README: asymptotic p-values come from a series truncated at 1e-7, compare with atol 1e-6. */
const ASYMPTOTIC_ATOL = 1e-6

function check(actual: Outcome, expected: Outcome, methodUsed: string, label: string): void {
  expectClose(
    actual.statistic,
    expected.statistic,
    { rtol: RTOL_CLOSED_FORM },
    `${label} statistic`
  )
  const tolerance =
    methodUsed === 'asymptotic' ? { rtol: 0, atol: ASYMPTOTIC_ATOL } : { rtol: RTOL_PVALUE }
  expectClose(actual.pvalue, expected.pvalue, tolerance, `${label} pvalue`)
}

/** 4U as an exact integer, from the midranks of the pooled sorted samples. */
function uTimes4(x: readonly number[], y: readonly number[]): bigint {
  const sx = [...x].sort((a, b) => a - b)
  const sy = [...y].sort((a, b) => a - b)
  const { ranks } = midranks([...sx, ...sy])
  let fx = 0n
  sx.forEach((_, i) => {
    const d = BigInt(2 * (ranks[i] as number) - 2 * (i + 1))
    fx += d * d
  })
  let fy = 0n
  sy.forEach((_, j) => {
    const d = BigInt(2 * (ranks[sx.length + j] as number) - 2 * (j + 1))
    fy += d * d
  })
  return BigInt(sx.length) * fx + BigInt(sy.length) * fy
}

describe('cramervonmises2samp against SciPy cramervonmises_2samp', () => {
  for (const c of golden.cases) {
    const { x, y } = c.inputs
    for (const method of c.params.methods) {
      it(`${c.id} ${method} (${c.note ?? ''})`, () => {
        const expected = c.expected[method]
        expect(expected).toBeDefined()
        if (!expected) return
        const actual = cramervonmises2samp(x, y, method)
        check(actual, expected, actual.methodUsed, method)
        expect(actual.methodUsed).toBe(method === 'auto' ? expected.method_used : method)
      })
    }
    it(`${c.id} finished from an exact 4U`, () => {
      const fromU = cramervonmisesFromU({ times4: uTimes4(x, y) }, x.length, y.length)
      const expected = c.expected.auto
      expect(expected).toBeDefined()
      if (!expected) return
      check(fromU, expected, fromU.methodUsed, 'auto')
      expect(fromU.methodUsed).toBe(expected.method_used)
    })
  }
})

describe('cramervonmisesFromU', () => {
  it('has the exact distribution of U over all splits of the ranks 1..N (no ties)', () => {
    for (const [m, n] of [
      [2, 3],
      [3, 4],
      [5, 5],
      [4, 7]
    ] as const) {
      // U of every way to give m of the ranks 1..m+n to x.
      const us: number[] = []
      const visit = (next: number, chosen: number[]): void => {
        if (chosen.length === m) {
          const ys = Array.from({ length: m + n }, (_, i) => i + 1).filter(
            (r) => !chosen.includes(r)
          )
          const u =
            m * chosen.reduce((s, r, i) => s + (r - i - 1) ** 2, 0) +
            n * ys.reduce((s, r, j) => s + (r - j - 1) ** 2, 0)
          us.push(u)
          return
        }
        for (let r = next; r <= m + n; r += 1) visit(r + 1, [...chosen, r])
      }
      visit(1, [])
      for (const u of new Set(us)) {
        const expected = us.filter((w) => w >= u).length / us.length
        const actual = cramervonmisesFromU(u, m, n, 'exact').pvalue
        expect(Math.abs(actual - expected), `m=${m} n=${n} U=${u}`).toBeLessThan(1e-15)
      }
    }
  })
  it('computes T from an exact 4U without losing the small difference of large terms', () => {
    // nx = ny = 1e8 and U at its mean under the null: E[T] = (1 + 1/N)/6, so U = kN·E[T] + kN(4k − 1)/(6N).
    const n = 100_000_000n
    const k = n * n
    const N = 2n * n
    // 24·k·N·E[T] = 4k(N + 1); so 6·4U = 4k(N + 1) + 4k(4k − 1), 4U = (4k(N + 1) + 4k(4k − 1)) / 6.
    const times4 = (4n * k * (N + 1n) + 4n * k * (4n * k - 1n)) / 6n
    const r = cramervonmisesFromU({ times4 }, 1e8, 1e8)
    expect(r.methodUsed).toBe('asymptotic')
    expectClose(r.statistic, (1 + 1 / 2e8) / 6, { rtol: 1e-15 }, 'statistic')
  })
  it('gives p = 1 for identical samples and nearly the exact p-value for n = 20', () => {
    const x = Array.from({ length: 20 }, (_, i) => 2 * i)
    const y = Array.from({ length: 20 }, (_, i) => 2 * i + 1)
    expect(cramervonmises2samp(x, [...x], 'asymptotic').pvalue).toBe(1)
    const shifted = y.map((v) => v + 9)
    const exact = cramervonmises2samp(x, shifted, 'exact').pvalue
    const asymptotic = cramervonmises2samp(x, shifted, 'asymptotic').pvalue
    expect(Math.abs(exact - asymptotic)).toBeLessThan(0.01)
  })
  it('refuses samples of fewer than two values with a clear message', () => {
    expect(() => cramervonmises2samp([1], [1, 2])).toThrow(
      'cramervonmises2samp requires at least two values in each sample'
    )
    expect(() => cramervonmisesFromU(1, 2, 1)).toThrow(
      'cramervonmisesFromU requires at least two values in each sample'
    )
  })
})
