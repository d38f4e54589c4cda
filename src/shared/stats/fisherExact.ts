import type { HypergeometricParams } from './hypergeometric'
import {
  hypergeometricCdf,
  hypergeometricLogPmf,
  hypergeometricMode,
  hypergeometricSfInclusive,
  hypergeometricSupport
} from './hypergeometric'

export type FisherAlternative = 'two-sided' | 'less' | 'greater'

export type FisherExactResult = Readonly<{
  /** The sample odds ratio a·d/(b·c): +∞ when b·c = 0, NaN when a row or column is empty. */
  oddsRatio: number
  pvalue: number
}>

/** Two probabilities within this relative distance count as equal (SciPy's rule). */
const RELATIVE_TIE = 1e-14

/**
 * Fisher's exact test of a 2×2 table [[a, b], [c, d]]: given the margins, a follows the hypergeometric
 * distribution with total = a + b + c + d, good = a + b (first row), draws = a + c (first column).
 *
 * `two-sided` sums the probabilities of every a' no more probable than the observed a, within a relative
 * 1e-14 (so that ties broken by rounding still count), and is 1 when a is as probable as the mode; `less`
 * is P(X ≤ a), `greater` P(X ≥ a). A table with an empty row or column gives odds ratio NaN and p = 1.
 * These are the rules of SciPy 1.10's `fisher_exact`, including its sample odds ratio (not the conditional
 * maximum-likelihood estimate) and the cap of the p-value at 1. Tails are summed from the inside out with
 * the ratio of neighbouring probabilities (see `hypergeometricTail`), starting from log-factorials.
 *
 * Reference: Fisher, Statistical Methods for Research Workers (1925/1934), §21.02; Agresti, Categorical
 * Data Analysis (3rd ed., 2013), §3.5. O(log n + terms summed), at most O(n) with n = a + b + c + d.
 *
 * @example fisherExact([[8, 2], [1, 5]]) // { oddsRatio: 20, pvalue: ≈ 0.03497 }
 */
export function fisherExact(
  table: readonly (readonly number[])[],
  alternative: FisherAlternative = 'two-sided'
): FisherExactResult {
  const [a, b, c, d] = checkTable(table)
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) {
    return { oddsRatio: Number.NaN, pvalue: 1 }
  }
  const oddsRatio = c > 0 && b > 0 ? (a * d) / (c * b) : Number.POSITIVE_INFINITY
  const params: HypergeometricParams = { total: a + b + c + d, good: a + b, draws: a + c }
  let pvalue: number
  if (alternative === 'less') pvalue = hypergeometricCdf(a, params)
  else if (alternative === 'greater') pvalue = hypergeometricSfInclusive(a, params)
  else pvalue = twoSided(a, params)
  return { oddsRatio, pvalue: Math.min(pvalue, 1) }
}

function twoSided(a: number, params: HypergeometricParams): number {
  const mode = hypergeometricMode(params)
  const [low, high] = hypergeometricSupport(params)
  const pmf = (k: number): number => Math.exp(logPmf(k, params))
  const exact = pmf(a)
  const atMode = pmf(mode)
  if (Math.abs(exact - atMode) / Math.max(exact, atMode) <= RELATIVE_TIE) return 1
  const threshold = exact * (1 + RELATIVE_TIE)
  if (a < mode) {
    // The tail beyond the mode: the first k above the mode whose probability is below the threshold.
    let lo = mode
    let hi = high + 1
    while (lo < hi) {
      const mid = lo + Math.floor((hi - lo) / 2)
      if (pmf(mid) < threshold) hi = mid
      else lo = mid + 1
    }
    return hypergeometricCdf(a, params) + (lo > high ? 0 : hypergeometricSfInclusive(lo, params))
  }
  // The tail below the mode: the last k under the mode whose probability is at most the threshold.
  let lo = low - 1
  let hi = mode
  while (lo < hi) {
    const mid = hi - Math.floor((hi - lo) / 2)
    if (pmf(mid) <= threshold) lo = mid
    else hi = mid - 1
  }
  return hypergeometricSfInclusive(a, params) + (lo < low ? 0 : hypergeometricCdf(lo, params))
}

/**
 * The log-probability, with the one tie that log-factorials cannot see: when (draws + 1)(good + 1) is a
 * multiple of total + 2 the distribution has two modes, mode − 1 and mode, whose probabilities are equal.
 * (Ties by symmetry are already bit-identical, see `hypergeometricLogPmf`.)
 */
function logPmf(k: number, params: HypergeometricParams): number {
  const { total, good, draws } = params
  const mode = hypergeometricMode(params)
  if (k === mode - 1 && ((draws + 1) * (good + 1)) % (total + 2) === 0) {
    return hypergeometricLogPmf(mode, params)
  }
  return hypergeometricLogPmf(k, params)
}

function checkTable(table: readonly (readonly number[])[]): [number, number, number, number] {
  const cells = table.length === 2 && table.every((row) => row.length === 2) ? table.flat() : []
  if (cells.length !== 4 || !cells.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new Error('fisherExact requires a 2x2 table of non-negative integer counts')
  }
  return cells as [number, number, number, number]
}
