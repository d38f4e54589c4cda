import type { DatasetDrift } from '../../../shared/model'
import { decisionText, ruleText, verdictHeadline } from './verdict'

/** The dataset's verdict, the rule that decided it and the engine's sentence on how. */
export function VerdictBanner({ dataset }: Readonly<{ dataset: DatasetDrift }>) {
  return (
    <div
      className={dataset.drifted ? 'banner verdict-banner is-drift' : 'banner verdict-banner is-ok'}
      data-testid="verdict-banner"
      role="status"
    >
      <span className="banner-icon" aria-hidden="true">
        {dataset.drifted ? '▲' : '✓'}
      </span>
      <div className="banner-body">
        <div className="verdict-line">
          <span className="verdict-headline">{verdictHeadline(dataset)}</span>
          <span className="rule-chip" data-testid="verdict-rule">
            {ruleText(dataset)}
          </span>
        </div>
        <p className="verdict-decision" data-testid="verdict-decision">
          {decisionText(dataset)}
        </p>
      </div>
    </div>
  )
}
