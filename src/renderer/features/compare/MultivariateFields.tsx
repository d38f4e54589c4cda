import { useAppStore } from '../../store'
import { DEFAULT_MULTIVARIATE_SAMPLE, DEFAULT_SEED } from '../../../shared/drift'
import { MAX_SAMPLE_SIZE, MIN_SAMPLE_SIZE, type OptionsProblems } from './optionsForm'
import { OptionField } from './OptionField'

/** Whether to check the joint distribution (MMD², PCA error, classifier), on how many rows, and the seed. */
export function MultivariateFields({ problems }: Readonly<{ problems: OptionsProblems }>) {
  const isOn = useAppStore((s) => s.options.isMultivariateOn)
  const sampleSize = useAppStore((s) => s.options.sampleSize)
  const seed = useAppStore((s) => s.options.seed)
  const updateOptions = useAppStore((s) => s.updateOptions)
  return (
    <fieldset className="option-group">
      <legend>Multivariate</legend>
      <label className="toggle option-toggle">
        <input
          type="checkbox"
          data-testid="multivariate-toggle"
          checked={isOn}
          onChange={(e) => updateOptions({ isMultivariateOn: e.target.checked })}
        />
        <span>
          Check the joint distribution
          <span className="field-hint">
            MMD², PCA reconstruction error and a domain classifier, when two or more numeric columns
            are tested.
          </span>
        </span>
      </label>
      {isOn ? (
        <OptionField
          label="Sample rows per side"
          value={sampleSize}
          onChange={(text) => updateOptions({ sampleSize: text })}
          testId="sample-size-input"
          placeholder={String(DEFAULT_MULTIVARIATE_SAMPLE)}
          inputMode="numeric"
          hint={`${MIN_SAMPLE_SIZE} to ${MAX_SAMPLE_SIZE}; seeded, stratified over the time axis. Memory and time grow with its square.`}
          problem={problems.sampleSize}
        />
      ) : null}
      <OptionField
        label="Seed"
        value={seed}
        onChange={(text) => updateOptions({ seed: text })}
        testId="seed-input"
        placeholder={String(DEFAULT_SEED)}
        inputMode="numeric"
        hint="Every random draw (samples, permutations, splits) follows it."
        problem={problems.seed}
      />
    </fieldset>
  )
}
