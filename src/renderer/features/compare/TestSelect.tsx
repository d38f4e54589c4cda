import { useId } from 'react'
import { DRIFT_TESTS, type DriftTestInfo } from '../../../shared/drift'
import type { TestSetting } from './optionsForm'
import { testOptionLabel } from './testChoices'

type Props = Readonly<{
  label: string
  value: TestSetting
  tests: readonly DriftTestInfo[]
  onChange: (value: TestSetting) => void
  testId: string
  /** The first entry's text, e.g. "Automatic (Evidently's choice)". */
  automaticLabel: string
  /** What automatic means here, shown under the select while it is chosen. */
  automaticHint?: string
}>

/** A test picker: automatic first, then the p-value tests and the distances in the catalogue's order. */
export function TestSelect(props: Props) {
  const { label, value, tests, onChange, testId, automaticLabel } = props
  const id = useId()
  const pValues = tests.filter((t) => t.scoreKind === 'p_value')
  const distances = tests.filter((t) => t.scoreKind === 'distance')
  const summary = value === 'auto' ? (props.automaticHint ?? null) : DRIFT_TESTS[value].summary
  return (
    <div className="option-field option-field-select">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={testId}
        value={value}
        aria-describedby={summary === null ? undefined : `${id}-summary`}
        onChange={(e) => onChange(e.target.value as TestSetting)}
      >
        <option value="auto">{automaticLabel}</option>
        {pValues.length > 0 ? (
          <optgroup label="p-value tests: drift when p is below the threshold">
            {pValues.map((t) => (
              <option key={t.id} value={t.id}>
                {testOptionLabel(t)}
              </option>
            ))}
          </optgroup>
        ) : null}
        {distances.length > 0 ? (
          <optgroup label="Distances: drift when the distance reaches the threshold">
            {distances.map((t) => (
              <option key={t.id} value={t.id}>
                {testOptionLabel(t)}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
      {summary === null ? null : (
        <p id={`${id}-summary`} className="field-hint">
          {summary}
        </p>
      )}
    </div>
  )
}
