import { describe, expect, it } from 'vitest'
import { fitPca, pcaReconstructionErrors } from './pca'

// Four points whose standardised columns have correlation 0.6: eigenvalues 1.6 and 0.4 of the
// correlation matrix, axes (1, 1)/√2 and (1, −1)/√2. Each column has sd √2.5 (ddof 0) and mean 0.
const ROWS = [
  [2, 2],
  [-2, -2],
  [1, -1],
  [-1, 1]
]

describe('fitPca', () => {
  it('keeps the fewest components that explain 65% of the variance', () => {
    const model = fitPca(ROWS)
    expect(model.mean).toEqual([0, 0])
    expect(model.scale[0]).toBeCloseTo(Math.sqrt(2.5), 14)
    expect(model.explainedVarianceRatio[0]).toBeCloseTo(0.8, 14)
    expect(model.explainedVarianceRatio[1]).toBeCloseTo(0.2, 14)
    expect(model.explainedVariance).toBeCloseTo(0.8, 14)
    expect(model.components).toHaveLength(1)
    const axis = model.components[0]!
    expect(Math.abs(axis[0]!)).toBeCloseTo(Math.SQRT1_2, 14)
    expect(axis[1]! / axis[0]!).toBeCloseTo(1, 14)
  })

  it('keeps more components for a higher share', () => {
    const model = fitPca(ROWS, { varianceToKeep: 0.9 })
    expect(model.components).toHaveLength(2)
    expect(model.explainedVariance).toBeCloseTo(1, 14)
    for (const e of pcaReconstructionErrors(model, [...ROWS, [5, -7]]))
      expect(e).toBeLessThan(1e-28)
  })

  it('sees a duplicated column as one axis', () => {
    // Columns a, a, b with a ⟂ b: correlation eigenvalues 2, 1, 0 (ratios 2/3, 1/3, 0).
    const a = [1, 1, -1, -1]
    const b = [1, -1, 1, -1]
    const rows = a.map((v, i) => [v, v, b[i]!])
    const one = fitPca(rows)
    expect(one.components).toHaveLength(1)
    expect(one.explainedVarianceRatio.map((r) => Number(r.toFixed(12)))).toEqual([
      Number((2 / 3).toFixed(12)),
      Number((1 / 3).toFixed(12)),
      0
    ])
    // The kept axis is (1, 1, 0)/√2, so b is what is lost: error b²/3 on every row.
    for (const e of pcaReconstructionErrors(one, rows)) expect(e).toBeCloseTo(1 / 3, 14)
    const two = fitPca(rows, { varianceToKeep: 0.7 })
    expect(two.components).toHaveLength(2)
    for (const e of pcaReconstructionErrors(two, rows)) expect(e).toBeLessThan(1e-28)
  })

  it('centres a constant column without scaling it', () => {
    const rows = ROWS.map((r) => [...r, 4])
    const model = fitPca(rows)
    expect(model.mean[2]).toBe(4)
    expect(model.scale[2]).toBe(1)
    expect(model.explainedVarianceRatio[2]).toBe(0)
    // (2, 2) is on the kept axis; the constant column off by 3 adds 3² over 3 columns.
    expect(pcaReconstructionErrors(model, [[2, 2, 7]])[0]).toBeCloseTo(3, 12)
  })

  it('refuses too few rows, ragged rows, constant data and a bad share', () => {
    expect(() => fitPca([[1, 2]])).toThrow('fitPca requires at least two rows')
    expect(() => fitPca([[1, 2], [3]])).toThrow('fitPca requires rows of the same, non-zero length')
    expect(() => fitPca([[1], [1]])).toThrow('fitPca requires at least one column that varies')
    expect(() => fitPca(ROWS, { varianceToKeep: 0 })).toThrow(
      'fitPca requires varianceToKeep in (0, 1]'
    )
  })
})

describe('pcaReconstructionErrors', () => {
  it('is the mean squared distance from the kept axis, in standardised units', () => {
    const model = fitPca(ROWS)
    const errors = pcaReconstructionErrors(model, [...ROWS, [3, -3], [3, 3]])
    // (1, −1)/√2.5 lies along the dropped axis: error (0.4 + 0.4) / 2; (3, −3) gives (3.6 + 3.6) / 2.
    const expected = [0, 0, 0.4, 0.4, 3.6, 0]
    errors.forEach((e, i) => expect(e).toBeCloseTo(expected[i]!, 13))
  })

  it('does not depend on the units of a column', () => {
    const scaled = ROWS.map(([u, v]) => [u! * 1000 + 7, v!])
    const errors = pcaReconstructionErrors(fitPca(scaled), [[3007, -3]])
    expect(errors[0]).toBeCloseTo(3.6, 12)
  })

  it('refuses rows of another width', () => {
    expect(() => pcaReconstructionErrors(fitPca(ROWS), [[1, 2, 3]])).toThrow(
      'pcaReconstructionErrors requires rows of 2 values, as the model was fitted on'
    )
  })
})
