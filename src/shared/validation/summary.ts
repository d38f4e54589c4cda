/**
 * A validation's verdict and counts in words, as every rendering says them (the CLI's summary line, the
 * Markdown summary of CI).
 *
 * @example
 * validationSummary('week1.csv', result, 0)
 * // 'Validation failed: 36 of 38 expectations passed, 2 failed (1 error, 1 warning); 165 rows of week1.csv.'
 */
import type { ValidationResult } from '../model'

/**
 * The verdict: failed (an error-severity expectation failed), incomplete (some could not be checked, or
 * `problems` entries of the suite file were not run), passed with warnings, or passed.
 */
export function validationHeadline(v: ValidationResult, problems: number): string {
  if (v.status === 'fail') return 'Validation failed'
  if (v.status === 'error' || problems > 0) return 'Validation incomplete'
  return v.status === 'warning' ? 'Validation passed with warnings' : 'Validation passed'
}

/** The counts: passed of checked, failed by severity, not checked, not run, skipped. */
export function validationCounts(v: ValidationResult, problems: number): string {
  const failed = v.results.filter((r) => r.status === 'fail')
  const errors = failed.filter((r) => r.severity === 'error').length
  const warnings = failed.length - errors
  const checked = v.counts.pass + v.counts.fail
  return [
    `${v.counts.pass} of ${checked} expectations passed`,
    ...(failed.length > 0
      ? [
          `${failed.length} failed (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`
        ]
      : []),
    ...(v.counts.error > 0 ? [`${v.counts.error} could not be checked`] : []),
    ...(problems > 0 ? [`${problems} not run (problems in the suite file)`] : []),
    ...(v.counts.skipped > 0 ? [`${v.counts.skipped} skipped`] : [])
  ].join(', ')
}

/** The verdict and counts in one sentence, naming the batch and its rows. */
export function validationSummary(name: string, v: ValidationResult, problems: number): string {
  return `${validationHeadline(v, problems)}: ${validationCounts(v, problems)}; ${v.rows} row${v.rows === 1 ? '' : 's'} of ${name}.`
}
