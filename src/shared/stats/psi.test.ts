import { describe, expect, it } from 'vitest'
import { klDivergence } from './klDivergence'
import { fillZeroShares, psi } from './psi'

describe('fillZeroShares', () => {
  it('fills with 1e-4 when the smallest nonzero share is above 1e-4', () => {
    expect(fillZeroShares([0.5, 0.5, 0])).toEqual([0.5, 0.5, 0.0001])
  })
  it('fills with a millionth of the smallest share when that is at most 1e-4', () => {
    // 1 of 100 000 rows: 1e-5 ≤ 1e-4, so zeros become 1e-5/10⁶ = 1e-11.
    expect(fillZeroShares([0.99999, 0.00001, 0])).toEqual([0.99999, 0.00001, 0.00001 / 1e6])
    // The boundary 1e-4 itself takes the millionth.
    expect(fillZeroShares([0, 0.9999, 0.0001])[0]).toBe(0.0001 / 1e6)
  })
  it('leaves shares without zeros alone and refuses an all-zero vector', () => {
    expect(fillZeroShares([0.25, 0.75])).toEqual([0.25, 0.75])
    expect(() => fillZeroShares([0, 0])).toThrow(
      'fillZeroShares requires at least one positive share'
    )
  })
})

describe('psi', () => {
  it('computes a two-bin case by hand', () => {
    // r = (½, ½), c = (¼, ¾): ¼ ln 2 + (−¼) ln(⅔) = ¼ (ln 2 + ln 1.5) = ¼ ln 3.
    expect(psi([50, 50], [25, 75])).toBeCloseTo(0.25 * Math.log(3), 15)
  })
  it('fills an empty reference bin before taking the log', () => {
    // r = (0.6, 0.4, 0 → 1e-4), c = (0.5, 0.3, 0.2):
    // 0.1 ln 1.2 + 0.1 ln(4/3) + (1e-4 − 0.2) ln(1e-4/0.2) = 0.0182322 + 0.0287682 + 1.5194204.
    const expected = 0.1 * Math.log(1.2) + 0.1 * Math.log(4 / 3) + 0.1999 * Math.log(2000)
    expect(psi([60, 40, 0], [50, 30, 20])).toBeCloseTo(expected, 13)
    expect(psi([60, 40, 0], [50, 30, 20])).toBeCloseTo(1.566420764587036, 13)
  })
  it('is 0 for proportional counts and symmetric in its arguments', () => {
    expect(psi([1, 2, 3], [10, 20, 30])).toBe(0)
    expect(psi([5, 0, 7], [5, 0, 7])).toBe(0)
    const a = [30, 12, 0, 58]
    const b = [25, 20, 9, 46]
    expect(psi(a, b)).toBeCloseTo(psi(b, a), 14)
    expect(psi(a, b)).toBeGreaterThan(0)
  })
  it('is KL(r‖c) + KL(c‖r) when no share is zero', () => {
    const r = [40, 35, 25]
    const c = [20, 30, 50]
    expect(psi(r, c)).toBeCloseTo(klDivergence(r, c) + klDivergence(c, r), 14)
  })
  it('gives Evidently’s kl_div as klDivergence on filled shares', () => {
    // r = (0.5, 0.5, 0 → 1e-4) renormalised by 1.0001; c = (0.25, 0.25, 0.5).
    const r = fillZeroShares([0.5, 0.5, 0])
    const c = fillZeroShares([0.25, 0.25, 0.5])
    const s = 1.0001
    const expected =
      2 * (0.5 / s) * Math.log(0.5 / s / 0.25) + (0.0001 / s) * Math.log(0.0001 / s / 0.5)
    expect(klDivergence(r, c)).toBeCloseTo(expected, 14)
  })
  it('refuses mismatched, empty or negative inputs', () => {
    expect(() => psi([1, 2], [1])).toThrow(
      'psi requires as many reference counts as current counts'
    )
    expect(() => psi([], [])).toThrow('psi requires at least one category')
    expect(() => psi([0, 0], [1, 1])).toThrow('psi requires a positive total on each side')
    expect(() => psi([-1, 2], [1, 1])).toThrow('psi requires non-negative finite counts')
  })
})
