import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM, RTOL_PVALUE } from '../../../test/golden'
import { ks2samp, ks2sampPvalue, type KsMethod } from './ks2samp'

type Outcome = { statistic: number; pvalue: number; method_used: string }
type Expected = {
  exact: Outcome
  asymp: Outcome
  auto: Outcome
  statistic_location: number
  statistic_sign: number
  en: number
}

const golden = loadGolden<{ x: number[]; y: number[] }, { alternative: string }, Expected>(
  'ks_2samp.json'
)

describe('ks2samp against SciPy ks_2samp', () => {
  for (const c of golden.cases) {
    for (const method of ['exact', 'asymp', 'auto'] as const satisfies readonly KsMethod[]) {
      it(`${c.id} ${method} (${c.note ?? ''})`, () => {
        const expected = c.expected[method]
        const actual = ks2samp(c.inputs.x, c.inputs.y, { method })
        expectClose(actual.statistic, expected.statistic, { rtol: RTOL_CLOSED_FORM }, 'statistic')
        expectClose(actual.pvalue, expected.pvalue, { rtol: RTOL_PVALUE }, 'pvalue')
        expect(actual.methodUsed).toBe(expected.method_used)
      })
    }
    it(`${c.id} location and sign (${c.note ?? ''})`, () => {
      const actual = ks2samp(c.inputs.x, c.inputs.y)
      expect(actual.statisticSign).toBe(c.expected.statistic_sign)
      expectClose(actual.statisticLocation, c.expected.statistic_location, { rtol: 0 }, 'location')
      const n1 = c.inputs.x.length
      const n2 = c.inputs.y.length
      expectClose((n1 * n2) / (n1 + n2), c.expected.en, { rtol: RTOL_CLOSED_FORM }, 'en')
    })
  }
})

describe('ks2sampPvalue', () => {
  it('gives p = 1 when the statistic rounds to no lattice step', () => {
    expect(ks2sampPvalue({ statistic: 1e-12, n1: 10, n2: 12, method: 'exact' }).pvalue).toBe(1)
  })
  it('uses the asymptotic distribution above 10 000 values in auto mode', () => {
    const r = ks2sampPvalue({ statistic: 0.02, n1: 20_000, n2: 15_000 })
    expect(r.methodUsed).toBe('asymp')
    expect(r.pvalue).toBeGreaterThan(0)
    expect(r.pvalue).toBeLessThan(0.01)
  })
  it('refuses empty samples with a clear message', () => {
    expect(() => ks2sampPvalue({ statistic: 0.5, n1: 0, n2: 3 })).toThrow(
      'ks2sampPvalue requires at least one value in each sample'
    )
    expect(() => ks2samp([], [1])).toThrow('ks2samp requires at least one value in each sample')
  })
})
