import { describe, expect, it } from 'vitest'
import { fitLogisticRegression, predictLogisticRegression } from './logisticRegression'
import { seededRandom } from './random'

/** Rows of two standard normal features and labels drawn from a known logistic model. */
function simulate(count: number, seed: number): { rows: number[][]; labels: number[] } {
  const random = seededRandom(seed)
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
  const rows = Array.from({ length: count }, () => [normal(), normal()])
  const labels = rows.map(([a, b]) =>
    random.next() < 1 / (1 + Math.exp(-(0.5 + 1.5 * a! - 1 * b!))) ? 1 : 0
  )
  return { rows, labels }
}

describe('fitLogisticRegression', () => {
  it('finds the closed-form maximum likelihood of a 2 × 2 table', () => {
    // Odds 1:1 at x = 0 and 3:1 at x = 1, so the intercept is 0 and the coefficient ln 3.
    const model = fitLogisticRegression([[0], [0], [1], [1], [1], [1]], [0, 1, 0, 1, 1, 1], {
      l2: 0
    })
    expect(model.converged).toBe(true)
    expect(Math.abs(model.intercept)).toBeLessThan(1e-12)
    expect(model.coefficients[0]).toBeCloseTo(Math.log(3), 12)
  })

  it('fits the log-odds of the mean without features', () => {
    const model = fitLogisticRegression([[], [], [], [], []], [1, 1, 0, 1, 1])
    expect(model.intercept).toBeCloseTo(Math.log(4), 12)
    expect(model.coefficients).toEqual([])
  })

  it('sets the penalised gradient to zero', () => {
    const { rows, labels } = simulate(300, 4)
    const l2 = 2.5
    const model = fitLogisticRegression(rows, labels, { l2 })
    expect(model.converged).toBe(true)
    const p = predictLogisticRegression(model, rows)
    const gradient = [0, 0, 0]
    rows.forEach((row, i) => {
      const residual = p[i]! - labels[i]!
      gradient[0]! += residual
      gradient[1]! += row[0]! * residual
      gradient[2]! += row[1]! * residual
    })
    expect(Math.abs(gradient[0]!)).toBeLessThan(1e-9)
    expect(Math.abs(gradient[1]! + l2 * model.coefficients[0]!)).toBeLessThan(1e-9)
    expect(Math.abs(gradient[2]! + l2 * model.coefficients[1]!)).toBeLessThan(1e-9)
    // The simulated model had coefficients 1.5 and −1; 300 rows recover them roughly.
    expect(model.coefficients[0]).toBeGreaterThan(1)
    expect(model.coefficients[1]).toBeLessThan(-0.5)
  })

  it('shrinks the coefficients as the penalty grows', () => {
    const { rows, labels } = simulate(200, 8)
    const norms = [0.1, 10, 1000].map((l2) => {
      const c = fitLogisticRegression(rows, labels, { l2 }).coefficients
      return Math.hypot(...c)
    })
    expect(norms[0]).toBeGreaterThan(norms[1]!)
    expect(norms[1]).toBeGreaterThan(norms[2]!)
  })

  it('stays finite on separable data when penalised, and does not throw without a penalty', () => {
    const rows = [[-2], [-1], [1], [2]]
    const labels = [0, 0, 1, 1]
    const penalised = fitLogisticRegression(rows, labels)
    expect(penalised.converged).toBe(true)
    expect(Number.isFinite(penalised.coefficients[0]!)).toBe(true)
    const plain = fitLogisticRegression(rows, labels, { l2: 0, maxIterations: 30 })
    const p = predictLogisticRegression(plain, rows)
    expect(p[0]).toBeLessThan(0.01)
    expect(p[3]).toBeGreaterThan(0.99)
  })

  it('refuses bad input', () => {
    expect(() => fitLogisticRegression([[1]], [1, 0])).toThrow(
      'fitLogisticRegression requires one label per row and at least one row'
    )
    expect(() => fitLogisticRegression([[1], [2]], [1, 2])).toThrow(
      'fitLogisticRegression requires labels 0 and 1'
    )
    expect(() => fitLogisticRegression([[1], [2, 3]], [1, 0])).toThrow(
      'fitLogisticRegression requires rows of the same length'
    )
    expect(() => fitLogisticRegression([[1], [2]], [1, 0], { l2: -1 })).toThrow(
      'fitLogisticRegression requires a finite, non-negative l2 penalty'
    )
  })
})

describe('predictLogisticRegression', () => {
  it('is the logistic function of the linear predictor', () => {
    const model = { intercept: -1, coefficients: [2, 0.5], iterations: 0, converged: true }
    const [a, b] = predictLogisticRegression(model, [
      [1, 2],
      [-400, 0]
    ])
    expect(a).toBeCloseTo(1 / (1 + Math.exp(-2)), 15)
    expect(b).toBeGreaterThanOrEqual(0)
    expect(b).toBeLessThan(1e-300)
    expect(() => predictLogisticRegression(model, [[1]])).toThrow(
      'predictLogisticRegression requires rows of 2 values, as the model was fitted on'
    )
  })
})
