import { useAppStore } from '../../store'

/** Whether the batch is checked against expectations before it is compared, and which suite. */
export function ValidationFields() {
  const isOn = useAppStore((s) => s.isValidationOn)
  const suitePath = useAppStore((s) => s.suitePath)
  const pending = useAppStore((s) => s.pendingSuite)
  const setValidationOn = useAppStore((s) => s.setValidationOn)
  const setPendingSuite = useAppStore((s) => s.setPendingSuite)
  return (
    <fieldset className="option-group">
      <legend>Validation</legend>
      <label className="toggle option-toggle">
        <input
          type="checkbox"
          data-testid="validation-toggle"
          checked={isOn}
          onChange={(e) => setValidationOn(e.target.checked)}
        />
        <span>
          Check the batch against expectations first
          <span className="field-hint">
            When an expectation of severity error fails, the data is invalid: the batch is still
            compared, but its drift verdict is marked unreliable.
          </span>
        </span>
      </label>
      {isOn ? (
        <p className="field-hint" data-testid="suite-source">
          {validationSourceText(pending !== null, suitePath)}{' '}
          {pending !== null ? (
            <button type="button" className="button-quiet" onClick={() => setPendingSuite(null)}>
              Drop the unsaved edits
            </button>
          ) : null}
        </p>
      ) : null}
    </fieldset>
  )
}

/** Which suite the next run checks, in words (also the options' folded summary). */
export function validationSourceText(hasPending: boolean, suitePath: string | null): string {
  if (hasPending) return 'Expectations: the edited suite, not saved.'
  if (suitePath !== null)
    return `Expectations: ${suitePath} when it exists, else inferred from the reference.`
  return 'Expectations: inferred from the reference (ignored columns may be missing).'
}
