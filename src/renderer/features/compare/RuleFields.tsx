import type { DatasetRule } from '../../../shared/model'
import { useAppStore } from '../../store'
import { RULE_HELP, RULE_LABELS, type OptionsProblems } from './optionsForm'
import { OptionField } from './OptionField'

const RULES: readonly DatasetRule[] = ['share', 'bonferroni', 'bh']

/** How the columns' verdicts become the dataset's: the share rule or a multiple-testing correction. */
export function RuleFields({ problems }: Readonly<{ problems: OptionsProblems }>) {
  const rule = useAppStore((s) => s.options.rule)
  const driftShare = useAppStore((s) => s.options.driftShare)
  const alpha = useAppStore((s) => s.options.alpha)
  const updateOptions = useAppStore((s) => s.updateOptions)
  return (
    <fieldset className="option-group">
      <legend>Dataset verdict</legend>
      <div className="rule-list" role="radiogroup" aria-label="Rule that decides dataset drift">
        {RULES.map((r) => (
          <label key={r} className={r === rule ? 'rule is-chosen' : 'rule'}>
            <input
              type="radio"
              name="dataset-rule"
              value={r}
              data-testid={`rule-${r}`}
              checked={r === rule}
              onChange={() => updateOptions({ rule: r })}
            />
            <span className="rule-text">
              <span className="rule-name">{RULE_LABELS[r]}</span>
              <span className="rule-help">{RULE_HELP[r]}</span>
            </span>
          </label>
        ))}
      </div>
      {rule === 'share' ? (
        <OptionField
          label="Share of drifted columns"
          value={driftShare}
          onChange={(text) => updateOptions({ driftShare: text })}
          testId="drift-share-input"
          placeholder="0.5"
          hint="Greater than 0, at most 1."
          problem={problems.driftShare}
        />
      ) : (
        <OptionField
          label="Level α"
          value={alpha}
          onChange={(text) => updateOptions({ alpha: text })}
          testId="alpha-input"
          placeholder="0.05"
          hint="Between 0 and 1. Columns tested with a distance have no p-value and are left out."
          problem={problems.alpha}
        />
      )}
    </fieldset>
  )
}
