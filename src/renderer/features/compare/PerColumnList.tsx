import { DRIFT_TESTS } from '../../../shared/drift'
import { useAppStore } from '../../store'
import type { ChoiceForm, OptionsProblems } from './optionsForm'

function choiceText(choice: ChoiceForm): string {
  const test = choice.test === 'auto' ? 'automatic test' : DRIFT_TESTS[choice.test].label
  return choice.threshold.trim() === '' ? test : `${test}, threshold ${choice.threshold.trim()}`
}

/** Columns given their own test or threshold (from a column's "Change test…" in the report). */
export function PerColumnList({ problems }: Readonly<{ problems: OptionsProblems }>) {
  const perColumn = useAppStore((s) => s.options.perColumn)
  const setColumnChoice = useAppStore((s) => s.setColumnChoice)
  const entries = Object.entries(perColumn)
  if (entries.length === 0) {
    return (
      <p className="field-hint per-column-empty">
        Per column: none. To give one column its own test, open it in the report and choose “Change
        test…”.
      </p>
    )
  }
  return (
    <div className="per-column">
      <span className="per-column-title">Per column</span>
      <ul data-testid="per-column-list">
        {entries.map(([column, choice]) => (
          <li key={column}>
            <span className="per-column-name" title={column}>
              {column}
            </span>
            <span className="per-column-choice">{choiceText(choice)}</span>
            <button
              type="button"
              className="button-quiet"
              aria-label={`Remove the choice for ${column}`}
              onClick={() => setColumnChoice(column, null)}
            >
              Remove
            </button>
            {problems[`column:${column}`] ? (
              <p className="field-problem">{problems[`column:${column}`]}</p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}
