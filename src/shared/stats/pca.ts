import { EVD, Matrix } from 'ml-matrix'
import { pairwiseSum } from './pairwiseSum'

/** A principal component model of standardised rows. */
export type PcaModel = Readonly<{
  /** Per column: the mean and standard deviation (ddof 0) the rows are standardised with. */
  mean: readonly number[]
  /** 1 where a column is constant, so that it is only centred. */
  scale: readonly number[]
  /** The kept principal axes, one unit vector of length p per component, largest variance first. */
  components: readonly (readonly number[])[]
  /** Share of the total variance along every axis (all p of them), largest first. */
  explainedVarianceRatio: readonly number[]
  /** Share of the variance the kept components explain together. */
  explainedVariance: number
}>

export type PcaOptions = Readonly<{
  /** Keep the fewest components whose cumulative explained variance reaches this. Default 0.65. */
  varianceToKeep?: number
}>

/**
 * Principal component analysis of rows after standardising each column (z = (x − mean) / sd, sd with
 * ddof 0 as scikit-learn's `StandardScaler`), keeping the fewest components whose cumulative explained
 * variance is at least `varianceToKeep` (0.65 by default, as NannyML's data reconstruction drift). The
 * axes are the eigenvectors of the correlation matrix Zᵀ Z / (n − 1), from ml-matrix's symmetric
 * eigendecomposition; explained variance ratios are eigenvalue / sum of eigenvalues (negative rounding
 * residue counts as 0). Use {@link pcaReconstructionErrors} to measure how far rows leave the kept
 * subspace: a change in how the columns move together shows up there even when each column alone does
 * not change.
 *
 * Reference: Jolliffe, "Principal Component Analysis", 2nd ed., Springer 2002, ch. 2 and 6.1; NannyML
 * "Data reconstruction with PCA" (multivariate drift). O(n·p² + p³).
 *
 * @example fitPca([[2, 2], [-2, -2], [1, -1], [-1, 1]]).components.length // 1 (80% of the variance)
 */
export function fitPca(rows: readonly (readonly number[])[], options: PcaOptions = {}): PcaModel {
  const n = rows.length
  if (n < 2) {
    throw new Error('fitPca requires at least two rows')
  }
  const p = (rows[0] as readonly number[]).length
  if (p === 0 || rows.some((row) => row.length !== p)) {
    throw new Error('fitPca requires rows of the same, non-zero length')
  }
  const varianceToKeep = options.varianceToKeep ?? 0.65
  if (!(varianceToKeep > 0 && varianceToKeep <= 1)) {
    throw new Error('fitPca requires varianceToKeep in (0, 1]')
  }
  const mean: number[] = []
  const scale: number[] = []
  for (let c = 0; c < p; c += 1) {
    const column = Float64Array.from(rows, (row) => row[c] as number)
    const m = pairwiseSum(column) / n
    const sd = Math.sqrt(pairwiseSum(column.map((v) => (v - m) ** 2)) / n)
    mean.push(m)
    scale.push(sd > 0 ? sd : 1)
  }
  const z = new Matrix(rows.map((row) => standardise(row, mean, scale)))
  const covariance = z
    .transpose()
    .mmul(z)
    .div(n - 1)
  const evd = new EVD(covariance, { assumeSymmetric: true })
  const eigenvalues = evd.realEigenvalues.map((v) => Math.max(0, v))
  const order = eigenvalues
    .map((_, i) => i)
    .sort((a, b) => (eigenvalues[b] as number) - (eigenvalues[a] as number))
  const total = eigenvalues.reduce((s, v) => s + v, 0)
  if (!(total > 0)) {
    throw new Error('fitPca requires at least one column that varies')
  }
  const explainedVarianceRatio = order.map((i) => (eigenvalues[i] as number) / total)
  let kept = 0
  let explainedVariance = 0
  while (kept < p && explainedVariance < varianceToKeep) {
    explainedVariance += explainedVarianceRatio[kept] as number
    kept += 1
  }
  const vectors = evd.eigenvectorMatrix
  const components = order.slice(0, kept).map((i) => vectors.getColumn(i))
  return { mean, scale, components, explainedVarianceRatio, explainedVariance }
}

/**
 * Reconstruction error of each row under a {@link fitPca} model: the row is standardised with the
 * model's mean and scale, projected onto the kept components and mapped back, and the error is the mean
 * over the p columns of the squared difference, in standardised units. Rows like the ones the model was
 * fitted on have small errors; rows whose columns relate differently (a correlation that changed sign)
 * fall off the kept subspace and get large ones.
 *
 * Reference: Jolliffe (2002), §10.1 (residuals from a reduced set of components). O(n·p·k).
 *
 * @example pcaReconstructionErrors(fitPca([[2, 2], [-2, -2], [1, -1], [-1, 1]]), [[3, 3]]) // [0]
 */
export function pcaReconstructionErrors(
  model: PcaModel,
  rows: readonly (readonly number[])[]
): number[] {
  const p = model.mean.length
  return rows.map((row) => {
    if (row.length !== p) {
      throw new Error(
        `pcaReconstructionErrors requires rows of ${p} values, as the model was fitted on`
      )
    }
    const z = standardise(row, model.mean, model.scale)
    const reconstruction = new Float64Array(p)
    for (const axis of model.components) {
      let score = 0
      for (let c = 0; c < p; c += 1) score += (z[c] as number) * (axis[c] as number)
      for (let c = 0; c < p; c += 1)
        reconstruction[c] = (reconstruction[c] as number) + score * (axis[c] as number)
    }
    let squared = 0
    for (let c = 0; c < p; c += 1)
      squared += ((z[c] as number) - (reconstruction[c] as number)) ** 2
    return squared / p
  })
}

function standardise(
  row: readonly number[],
  mean: readonly number[],
  scale: readonly number[]
): number[] {
  return row.map((v, c) => (v - (mean[c] as number)) / (scale[c] as number))
}
