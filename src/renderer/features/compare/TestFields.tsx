import { SMALL_REFERENCE_MAX } from '../../../shared/drift'
import { useAppStore } from '../../store'
import { thresholdPlaceholder, type OptionsProblems } from './optionsForm'
import { OptionField } from './OptionField'
import { PerColumnList } from './PerColumnList'
import { KIND_GROUP_LABELS, KIND_GROUPS, testsForKind, type KindGroup } from './testChoices'
import { TestSelect } from './TestSelect'

const AUTOMATIC_HINT: Readonly<Record<KindGroup, string>> = {
  numeric: `K-S or chi-square up to ${SMALL_REFERENCE_MAX} reference values, Wasserstein or Jensen–Shannon above (Evidently’s rule).`,
  categorical: `z-test or chi-square up to ${SMALL_REFERENCE_MAX} reference values, Jensen–Shannon above (Evidently’s rule).`
}

/** Under a multiple-testing rule the engine takes the p-value tests at every size. */
const CORRECTED_HINT: Readonly<Record<KindGroup, string>> = {
  numeric: 'K-S, chi-square or z-test at every size: the multiple-testing rule needs p-values.',
  categorical: 'z-test or chi-square at every size: the multiple-testing rule needs p-values.'
}

/** The test and threshold for numeric and for categorical columns, and the columns with their own. */
export function TestFields({ problems }: Readonly<{ problems: OptionsProblems }>) {
  const form = useAppStore((s) => s.options)
  const setKindChoice = useAppStore((s) => s.setKindChoice)
  return (
    <fieldset className="option-group">
      <legend>Tests</legend>
      {KIND_GROUPS.map((group) => (
        <div className="option-row" key={group}>
          <TestSelect
            label={KIND_GROUP_LABELS[group]}
            value={form[group].test}
            tests={testsForKind(group)}
            onChange={(test) => setKindChoice(group, { test })}
            testId={`test-select-${group}`}
            automaticLabel="Automatic (Evidently’s choice)"
            automaticHint={form.rule === 'share' ? AUTOMATIC_HINT[group] : CORRECTED_HINT[group]}
          />
          <OptionField
            label="Threshold"
            value={form[group].threshold}
            onChange={(threshold) => setKindChoice(group, { threshold })}
            testId={`threshold-${group}`}
            placeholder={thresholdPlaceholder(form[group].test)}
            problem={problems[group]}
          />
        </div>
      ))}
      <PerColumnList problems={problems} />
    </fieldset>
  )
}
