/**
 * The expectations of a validation that did not pass, worst first: failed errors (they make the batch
 * invalid), then those that could not be checked, then failed warnings; in suite order within each group.
 * The order every rendering shows them in (the CLI, the app's Validation view, exports).
 *
 * @example notPassed(result.results).map((r) => r.id) // ['temp-range', 'bad-regex', 'median-band']
 */
import type { ExpectationResult } from '../model'

export function notPassed(results: readonly ExpectationResult[]): ExpectationResult[] {
  const rank = (r: ExpectationResult): number =>
    r.status === 'fail' && r.severity === 'error' ? 0 : r.status === 'error' ? 1 : 2
  return results
    .filter((r) => r.status === 'fail' || r.status === 'error')
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r)
}
