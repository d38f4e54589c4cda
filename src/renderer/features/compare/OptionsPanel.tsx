import { useMemo } from 'react'
import { parseIgnoreList, useAppStore } from '../../store'
import { describeOptions } from './describeOptions'
import { MultivariateFields } from './MultivariateFields'
import { buildDriftOptions, hasProblems, optionsProblems } from './optionsForm'
import { RuleFields } from './RuleFields'
import { TargetFields } from './TargetFields'
import { TestFields } from './TestFields'
import { ValidationFields } from './ValidationFields'

type Props = Readonly<{ isDisabled: boolean }>

/**
 * The run options, folded by default to one line saying what the next run will do. Everything starts
 * automatic, which is Evidently's default preset.
 */
export function OptionsPanel({ isDisabled }: Props) {
  const form = useAppStore((s) => s.options)
  const ignoreText = useAppStore((s) => s.ignoreText)
  const isOpen = useAppStore((s) => s.isOptionsOpen)
  const setOptionsOpen = useAppStore((s) => s.setOptionsOpen)
  const resetOptions = useAppStore((s) => s.resetOptions)
  const ignore = useMemo(() => parseIgnoreList(ignoreText), [ignoreText])
  const problems = useMemo(() => optionsProblems(form, ignore), [form, ignore])
  const summary = useMemo(() => {
    const built = buildDriftOptions(form, ignore)
    return built.ok ? describeOptions(built.options).join(' · ') : null
  }, [form, ignore])
  const problemCount = Object.keys(problems).length
  const validation = useAppStore((s) =>
    !s.isValidationOn
      ? 'Validation off'
      : s.pendingSuite !== null
        ? 'Validation: edited suite, not saved'
        : 'Validation on'
  )

  return (
    <div className={isOpen ? 'options is-open' : 'options'} data-testid="options-panel">
      <div className="options-head">
        <button
          type="button"
          className="options-toggle"
          data-testid="options-toggle"
          aria-expanded={isOpen}
          aria-controls="run-options"
          onClick={() => setOptionsOpen(!isOpen)}
        >
          <span className="options-caret" aria-hidden="true">
            {isOpen ? '▾' : '▸'}
          </span>
          Options
        </button>
        {hasProblems(problems) ? (
          <span className="options-alert" role="status" data-testid="options-alert">
            {problemCount === 1 ? 'One option needs' : `${problemCount} options need`} fixing before
            the comparison can run.
          </span>
        ) : (
          <span className="options-summary" data-testid="options-summary">
            {summary === null ? null : `${summary} · ${validation}`}
          </span>
        )}
      </div>
      {isOpen ? (
        <fieldset id="run-options" className="options-body" disabled={isDisabled}>
          <legend className="visually-hidden">Run options</legend>
          <TestFields problems={problems} />
          <RuleFields problems={problems} />
          <TargetFields problems={problems} />
          <MultivariateFields problems={problems} />
          <ValidationFields />
          <div className="options-foot">
            <button
              type="button"
              className="button-quiet"
              data-testid="options-reset"
              onClick={resetOptions}
            >
              Reset to defaults
            </button>
          </div>
        </fieldset>
      ) : null}
    </div>
  )
}
