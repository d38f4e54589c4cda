import { DRIFT_TESTS } from '../../../shared/drift'
import type { ColumnDrift } from '../../../shared/model'
import { OptionField } from '../compare/OptionField'
import {
  AUTOMATIC,
  thresholdPlaceholder,
  thresholdProblem,
  type ChoiceForm
} from '../compare/optionsForm'
import { testsForColumn } from '../compare/testChoices'
import { TestSelect } from '../compare/TestSelect'
import { compareSelectors, optionsSelectors, useAppStore } from '../../store'

type Props = Readonly<{ column: ColumnDrift; onCompareAgain: () => void }>

/**
 * "Change test…" for one column: its own test and threshold for the next run, kept with the run options
 * (the options panel lists them), and a button to compare again with them.
 */
export function ChangeTest({ column, onCompareAgain }: Props) {
  const name = column.column
  const isOpen = useAppStore((s) => s.testEditorColumn === name)
  const choice = useAppStore(optionsSelectors.columnChoice(name))
  const canRun = useAppStore((s) => compareSelectors.canRun(s) && optionsSelectors.isValid(s))
  const openTestEditor = useAppStore((s) => s.openTestEditor)
  const setColumnChoice = useAppStore((s) => s.setColumnChoice)
  const tests = testsForColumn(column)
  if (tests.length === 0) return null

  const current = choice ?? AUTOMATIC
  const update = (patch: Partial<ChoiceForm>): void => {
    const next = { ...current, ...patch }
    setColumnChoice(name, next.test === 'auto' && next.threshold.trim() === '' ? null : next)
  }
  const problem = thresholdProblem(current.threshold, current.test)

  if (!isOpen) {
    return (
      <div className="change-test">
        <button
          type="button"
          className="button"
          data-testid="change-test"
          onClick={() => openTestEditor(name)}
        >
          Change test…
        </button>
        {choice ? (
          <span className="muted" data-testid="change-test-pending">
            Next run: {choice.test === 'auto' ? 'automatic test' : DRIFT_TESTS[choice.test].label}
            {choice.threshold.trim() === '' ? '' : `, threshold ${choice.threshold.trim()}`}
          </span>
        ) : null}
      </div>
    )
  }

  return (
    <div className="change-test is-open" data-testid="change-test-editor">
      <TestSelect
        label={`Test for ${name}`}
        value={current.test}
        tests={tests}
        onChange={(test) => update({ test })}
        testId="column-test-select"
        automaticLabel="Same as its kind (options panel)"
      />
      <OptionField
        label="Threshold"
        value={current.threshold}
        onChange={(threshold) => update({ threshold })}
        testId="column-threshold"
        placeholder={thresholdPlaceholder(current.test)}
        problem={problem ?? undefined}
      />
      <p className="field-hint">Applies from the next comparison; the options panel lists it.</p>
      <div className="change-test-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="compare-again"
          disabled={!canRun}
          onClick={onCompareAgain}
        >
          Compare again
        </button>
        {choice ? (
          <button
            type="button"
            className="button-quiet"
            onClick={() => setColumnChoice(name, null)}
          >
            Remove this choice
          </button>
        ) : null}
        <button type="button" className="button-quiet" onClick={() => openTestEditor(null)}>
          Done
        </button>
      </div>
    </div>
  )
}
