import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix'

/** Below this Newton decrement the full Newton step is taken without a line search. */
const NEAR_OPTIMUM = 1e-6

export type LogisticRegressionModel = Readonly<{
  intercept: number
  coefficients: readonly number[]
  /** Newton steps taken. */
  iterations: number
  /** False when maxIterations ran out before the step became negligible. */
  converged: boolean
}>

export type LogisticRegressionOptions = Readonly<{
  /** Strength λ of the L2 penalty (λ/2)·‖w‖² on the coefficients (not the intercept). Default 1. */
  l2?: number
  /** Default 100. */
  maxIterations?: number
  /** Stop when no parameter moves by more than this in a step. Default 1e-10. */
  tolerance?: number
}>

/**
 * L2-regularised logistic regression, P(y = 1 | x) = 1 / (1 + e^{−(b + w·x)}), fitted by Newton's method
 * (iteratively reweighted least squares) on the penalised negative log-likelihood
 * Σ [log(1 + e^{η_i}) − y_i η_i] + (λ/2)‖w‖². Each step solves (Xᵀ W X + λD) Δ = Xᵀ(p − y) + λDβ with
 * W = diag(p(1 − p)) and D the identity without the intercept, by ml-matrix's Cholesky decomposition (or
 * an SVD-based solve when that matrix is singular, as with λ = 0 on separable data), and halves the step
 * until the objective decreases. No randomness: the same rows give the same model. λ = 1 matches
 * scikit-learn's `LogisticRegression(C=1)` (its default) up to its stopping rule; λ = 0 is plain maximum
 * likelihood.
 *
 * Reference: Hastie, Tibshirani & Friedman, "The Elements of Statistical Learning", 2nd ed. (2009),
 * §4.4.1 and §4.4.4; Nocedal & Wright, "Numerical Optimization" (2006), §3.1 (backtracking).
 * O(iterations · (n·q² + q³)) for q = features + 1.
 *
 * @example
 * // Odds 1:1 at x = 0 and 3:1 at x = 1: intercept 0, coefficient ln 3.
 * fitLogisticRegression([[0], [0], [1], [1], [1], [1]], [0, 1, 0, 1, 1, 1], { l2: 0 }).coefficients
 */
export function fitLogisticRegression(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: LogisticRegressionOptions = {}
): LogisticRegressionModel {
  const n = rows.length
  if (n === 0 || labels.length !== n) {
    throw new Error('fitLogisticRegression requires one label per row and at least one row')
  }
  if (labels.some((y) => y !== 0 && y !== 1)) {
    throw new Error('fitLogisticRegression requires labels 0 and 1')
  }
  const features = (rows[0] as readonly number[]).length
  if (rows.some((row) => row.length !== features)) {
    throw new Error('fitLogisticRegression requires rows of the same length')
  }
  const l2 = options.l2 ?? 1
  if (!(l2 >= 0) || !Number.isFinite(l2)) {
    throw new Error('fitLogisticRegression requires a finite, non-negative l2 penalty')
  }
  const maxIterations = options.maxIterations ?? 100
  const tolerance = options.tolerance ?? 1e-10
  const q = features + 1
  // The design matrix [1, x] row-major, and the weighted copy W·X of each step: flat arrays, so a step's
  // Xᵀ(WX) is a few tight loops rather than one accessor call per term.
  const design = new Float64Array(n * q)
  rows.forEach((row, i) => {
    design[i * q] = 1
    for (let j = 0; j < features; j += 1) design[i * q + j + 1] = row[j] as number
  })
  // Column-major copies for Xᵀ W X: each entry is then one dot product of two contiguous columns.
  const columns = new Float64Array(q * n)
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < q; j += 1) columns[j * n + i] = design[i * q + j] as number
  }
  const weighted = new Float64Array(q * n)

  let beta: Float64Array = new Float64Array(q)
  let objective = penalisedLoss(design, q, labels, beta, l2)
  let iterations = 0
  let converged = false
  while (iterations < maxIterations && !converged) {
    iterations += 1
    const eta = linearPredictor(design, q, beta)
    const gradient = new Matrix(q, 1)
    const sums = new Float64Array(q)
    for (let i = 0; i < n; i += 1) {
      const p = sigmoid(eta[i] as number)
      const w = p * (1 - p)
      const residual = p - (labels[i] as number)
      const at = i * q
      for (let j = 0; j < q; j += 1) {
        const x = design[at + j] as number
        sums[j] = (sums[j] as number) + x * residual
        weighted[j * n + i] = x * w
      }
    }
    for (let j = 0; j < q; j += 1) gradient.set(j, 0, sums[j] as number)
    // Xᵀ W X: entry (a, b) is Σ_i (w_i·x_ia)·x_ib over the rows in order. Only b ≥ a is summed and the
    // lower half mirrors it, so the matrix Cholesky gets is exactly symmetric.
    const hessian = new Matrix(q, q)
    for (let a = 0; a < q; a += 1) {
      const wa = a * n
      for (let b = a; b < q; b += 1) {
        const xb = b * n
        let sum = 0
        for (let i = 0; i < n; i += 1)
          sum += (weighted[wa + i] as number) * (columns[xb + i] as number)
        hessian.set(a, b, sum)
        hessian.set(b, a, sum)
      }
    }
    for (let j = 1; j < q; j += 1) {
      hessian.set(j, j, hessian.get(j, j) + l2)
      gradient.set(j, 0, gradient.get(j, 0) + l2 * (beta[j] as number))
    }
    const step = newtonStep(hessian, gradient)
    // The Newton decrement gᵀH⁻¹g: the predicted decrease of the objective is half of it.
    let decrement = 0
    for (let j = 0; j < q; j += 1) decrement += gradient.get(j, 0) * step.get(j, 0)
    let size = 1
    let next = beta.map((b, j) => b - step.get(j, 0))
    let nextObjective = penalisedLoss(design, q, labels, next, l2)
    // Far from the optimum, halve the step until the loss decreases enough (Armijo, c = 1e-4). Close to
    // it the full step is taken: the decrease is then below the rounding of the loss itself.
    if (decrement > NEAR_OPTIMUM) {
      for (let halvings = 0; halvings < 50; halvings += 1) {
        if (nextObjective <= objective - 1e-4 * size * decrement) break
        size /= 2
        next = beta.map((b, j) => b - size * step.get(j, 0))
        nextObjective = penalisedLoss(design, q, labels, next, l2)
      }
      if (!(nextObjective < objective)) break
    }
    let largestMove = 0
    for (let j = 0; j < q; j += 1) {
      largestMove = Math.max(largestMove, Math.abs((next[j] as number) - (beta[j] as number)))
    }
    beta = next
    objective = nextObjective
    converged = largestMove <= tolerance
  }
  return {
    intercept: beta[0] as number,
    coefficients: Array.from(beta.subarray(1)),
    iterations,
    converged
  }
}

/**
 * P(y = 1 | x) for each row under a {@link fitLogisticRegression} model.
 *
 * Reference: Hastie et al. (2009), eq. 4.18. O(n · features).
 *
 * @example predictLogisticRegression({ intercept: 0, coefficients: [1], iterations: 0, converged: true }, [[0]]) // [0.5]
 */
export function predictLogisticRegression(
  model: LogisticRegressionModel,
  rows: readonly (readonly number[])[]
): number[] {
  return rows.map((row) => {
    if (row.length !== model.coefficients.length) {
      throw new Error(
        `predictLogisticRegression requires rows of ${model.coefficients.length} values, as the model was fitted on`
      )
    }
    let eta = model.intercept
    for (let j = 0; j < row.length; j += 1) {
      eta += (model.coefficients[j] as number) * (row[j] as number)
    }
    return sigmoid(eta)
  })
}

function newtonStep(hessian: Matrix, gradient: Matrix): Matrix {
  const cholesky = new CholeskyDecomposition(hessian)
  return cholesky.isPositiveDefinite() ? cholesky.solve(gradient) : solve(hessian, gradient, true)
}

/** η = Xβ for the row-major design matrix of `q` columns. */
function linearPredictor(design: Float64Array, q: number, beta: Float64Array): Float64Array {
  const n = design.length / q
  const eta = new Float64Array(n)
  for (let i = 0; i < n; i += 1) {
    const at = i * q
    let sum = 0
    for (let j = 0; j < q; j += 1) sum += (design[at + j] as number) * (beta[j] as number)
    eta[i] = sum
  }
  return eta
}

/** Σ [log(1 + e^η) − y·η] + (λ/2)‖w‖², with log(1 + e^η) evaluated without overflow. */
function penalisedLoss(
  design: Float64Array,
  q: number,
  labels: readonly number[],
  beta: Float64Array,
  l2: number
): number {
  const eta = linearPredictor(design, q, beta)
  let loss = 0
  for (let i = 0; i < eta.length; i += 1) {
    const e = eta[i] as number
    const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))
    loss += softplus - (labels[i] as number) * e
  }
  let penalty = 0
  for (let j = 1; j < beta.length; j += 1) penalty += (beta[j] as number) ** 2
  return loss + (l2 / 2) * penalty
}

function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta))
  const e = Math.exp(eta)
  return e / (1 + e)
}
