import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_PVALUE } from '../../../test/golden'
import { kstwobignSf } from './kstwobign'

type Outcome = { statistic: number; pvalue: number; method_used: string }
type Expected = { asymp: Outcome; en: number; kstwobign_pvalue: number }

const golden = loadGolden<{ x: number[]; y: number[] }, { alternative: string }, Expected>(
  'ks_2samp.json'
)

describe('kstwobignSf against SciPy kstwobign.sf(√en·D)', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    const x = Math.sqrt(c.expected.en) * c.expected.asymp.statistic
    expectClose(kstwobignSf(x), c.expected.kstwobign_pvalue, { rtol: RTOL_PVALUE }, 'sf')
  })
})

describe('kstwobignSf', () => {
  it('gives the textbook 5% critical value and its limits', () => {
    expect(kstwobignSf(1.3580986393225507)).toBeCloseTo(0.05, 14)
    expect(kstwobignSf(0)).toBe(1)
    expect(kstwobignSf(Number.POSITIVE_INFINITY)).toBe(0)
    expect(kstwobignSf(Number.NaN)).toBeNaN()
  })
  it('agrees across the switch between its two series', () => {
    expect(Math.abs(kstwobignSf(1 - 1e-12) - kstwobignSf(1 + 1e-12))).toBeLessThan(1e-11)
  })
})
