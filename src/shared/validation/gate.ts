/**
 * Validation gate: whether a batch's data can be trusted, and so whether its drift verdict means anything
 * and whether it may count as a reason to retrain. A batch whose validation failed at severity error is
 * still profiled and compared (the person wants to see how it differs), but drift measured on broken data
 * (a renamed column, 80% missing values, prices of 999,999,999) says more about the pipeline than about
 * the world: the fix is the data, not the model.
 *
 * - invalid: an error-severity expectation failed. Drift unreliable; never a reason to retrain.
 * - valid: nothing of severity error failed (failed warnings and expectations that could not be checked
 *   are reported in the validation, not here). A drifted valid batch counts toward retraining.
 * - unchecked: validation did not run; the drift verdict stands on its own, and counts as it is.
 *
 * @example
 * validationGate('fail', true).countsTowardRetraining // false
 * validationGate('warning', true).countsTowardRetraining // true
 */
import type { Gate, ValidationStatus } from '../model'

/**
 * The gate for a batch whose validation ended with `status` (null: it did not run; `why` says why) and
 * whose dataset drift verdict is `isDrifted`; `failed` names the error-severity expectations that failed.
 */
export function validationGate(
  status: ValidationStatus | null,
  isDrifted: boolean,
  why = 'validation was not run',
  failed: readonly string[] = []
): Gate {
  if (status === null) {
    return {
      status: 'unchecked',
      isDriftReliable: true,
      countsTowardRetraining: isDrifted,
      reason: `The data was not checked against expectations (${why}); the drift verdict stands on its own.`
    }
  }
  if (status === 'fail') {
    return {
      status: 'invalid',
      isDriftReliable: false,
      countsTowardRetraining: false,
      reason: `${failedText(failed)}, so the drift verdict is unreliable and this batch is no reason to retrain. Fix the data first, then compare again.`
    }
  }
  const caveat =
    status === 'warning'
      ? ' Some warnings failed; they are listed in the validation.'
      : status === 'error'
        ? ' Some expectations could not be checked; fix them in the suite.'
        : ''
  return {
    status: 'valid',
    isDriftReliable: true,
    countsTowardRetraining: isDrifted,
    reason: `The data passed its expectations of severity error, so the drift verdict can be trusted.${caveat}`
  }
}

function failedText(failed: readonly string[]): string {
  if (failed.length === 0) return 'Expectations of severity error failed'
  const shown = failed.slice(0, 3).join(', ')
  const more = failed.length > 3 ? ` and ${failed.length - 3} more` : ''
  return `${failed.length === 1 ? 'An expectation' : `${failed.length} expectations`} of severity error failed (${shown}${more})`
}
