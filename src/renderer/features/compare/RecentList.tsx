import type { RecentComparison } from '../../../shared/api'

type Props = Readonly<{
  recent: readonly RecentComparison[]
  isDisabled: boolean
  onShow: (recent: RecentComparison) => void
  onRerun: (recent: RecentComparison) => void
}>

const GATE_WORDS: Readonly<Record<RecentComparison['verdict']['gate'], string>> = {
  valid: 'data valid',
  invalid: 'data invalid',
  unchecked: 'not validated'
}

/** The last comparisons (newest first) with their verdicts: one click shows a report again or re-runs it. */
export function RecentList({ recent, isDisabled, onShow, onRerun }: Props) {
  if (recent.length === 0) return null
  return (
    <details className="recent" data-testid="recent-comparisons">
      <summary>Recent comparisons ({recent.length})</summary>
      <ul className="recent-list">
        {recent.map((r) => (
          <li key={r.reportId} className="recent-item" data-testid="recent-item">
            <span className="recent-pair" title={`${r.reference.path}\n${r.current.path}`}>
              {r.reference.name} <span className="muted">vs</span> {r.current.name}
            </span>
            <span
              className={r.verdict.drifted ? 'verdict verdict-drift' : 'verdict verdict-no_drift'}
            >
              {r.verdict.drifted ? 'Drift' : 'No drift'}: {r.verdict.numberOfDrifted} of{' '}
              {r.verdict.numberOfColumns} columns
            </span>
            <span className="muted">
              {GATE_WORDS[r.verdict.gate]} · {new Date(r.finishedAt).toLocaleString()}
            </span>
            <button
              type="button"
              className="button-quiet"
              data-testid="recent-show"
              disabled={isDisabled}
              onClick={() => onShow(r)}
            >
              Show report
            </button>
            <button
              type="button"
              className="button-quiet"
              data-testid="recent-rerun"
              disabled={isDisabled}
              onClick={() => onRerun(r)}
            >
              Run again
            </button>
          </li>
        ))}
      </ul>
    </details>
  )
}
