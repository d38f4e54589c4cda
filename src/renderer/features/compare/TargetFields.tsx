import { useId } from 'react'
import { useAppStore } from '../../store'
import type { OptionsProblems, TaskSetting } from './optionsForm'
import { OptionField } from './OptionField'

const TASKS: ReadonlyArray<Readonly<{ value: TaskSetting; label: string }>> = [
  { value: 'auto', label: 'Automatic' },
  { value: 'classification', label: 'Classification' },
  { value: 'regression', label: 'Regression' }
]

/** The target and prediction columns (reported apart from the features) and the task. */
export function TargetFields({ problems }: Readonly<{ problems: OptionsProblems }>) {
  const target = useAppStore((s) => s.options.target)
  const prediction = useAppStore((s) => s.options.prediction)
  const task = useAppStore((s) => s.options.task)
  const knownColumns = useAppStore((s) => s.knownColumns)
  const updateOptions = useAppStore((s) => s.updateOptions)
  const taskId = useId()
  const hasColumns = target.trim() !== '' || prediction.trim() !== ''
  return (
    <fieldset className="option-group">
      <legend>Target and prediction</legend>
      <OptionField
        label="Target column"
        value={target}
        onChange={(text) => updateOptions({ target: text })}
        testId="target-input"
        placeholder="none"
        suggestions={knownColumns}
        size="wide"
        inputMode="text"
        problem={problems.target}
      />
      <OptionField
        label="Prediction column"
        value={prediction}
        onChange={(text) => updateOptions({ prediction: text })}
        testId="prediction-input"
        placeholder="none"
        suggestions={knownColumns}
        size="wide"
        inputMode="text"
        problem={problems.prediction}
      />
      <div className="option-field option-field-select">
        <label htmlFor={taskId}>Task</label>
        <select
          id={taskId}
          data-testid={taskId}
          value={task}
          disabled={!hasColumns}
          onChange={(e) => updateOptions({ task: e.target.value as TaskSetting })}
        >
          {TASKS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
        <p className="field-hint">
          Automatic: a numeric target with 5 or more distinct values is a regression.
        </p>
      </div>
    </fieldset>
  )
}
