import type { DatasetDrift, Gate } from '../../../shared/model'
import { decisionText, ruleText, verdictHeadline } from './verdict'

/**
 * The dataset's verdict, the rule that decided it and the engine's sentence on how; marked unreliable
 * when the gate says the data is invalid.
 */
export function VerdictBanner({ dataset, gate }: Readonly<{ dataset: DatasetDrift; gate?: Gate }>) {
  const isUnreliable = gate !== undefined && !gate.isDriftReliable
  const tone = isUnreliable ? 'is-unreliable' : dataset.drifted ? 'is-drift' : 'is-ok'
  return (
    <div className={`banner verdict-banner ${tone}`} data-testid="verdict-banner" role="status">
      <span className="banner-icon" aria-hidden="true">
        {dataset.drifted ? '▲' : '✓'}
      </span>
      <div className="banner-body">
        <div className="verdict-line">
          <span className="verdict-headline">{verdictHeadline(dataset)}</span>
          <span className="rule-chip" data-testid="verdict-rule">
            {ruleText(dataset)}
          </span>
          {isUnreliable ? (
            <span className="rule-chip is-unreliable" data-testid="verdict-unreliable">
              Unreliable: the data is invalid
            </span>
          ) : null}
        </div>
        <p className="verdict-decision" data-testid="verdict-decision">
          {decisionText(dataset)}
        </p>
      </div>
    </div>
  )
}
