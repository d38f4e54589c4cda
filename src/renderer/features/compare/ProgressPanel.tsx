import type { JobPhase, JobProgress } from '../../../shared/api'

const PHASE_LABELS: Readonly<Record<JobPhase, string>> = {
  open: 'Opening files',
  profile: 'Profiling columns',
  validate: 'Checking the expectations',
  drift: 'Testing for drift',
  report: 'Writing the report'
}

type Props = Readonly<{
  progress: JobProgress | null
  isCancelling: boolean
  onCancel: () => void
}>

/** The running job: phase, message, done/total and a Cancel button. */
export function ProgressPanel({ progress, isCancelling, onCancel }: Props) {
  const total = progress?.total ?? 0
  const done = progress?.done ?? 0
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null
  const phase = progress ? PHASE_LABELS[progress.phase] : 'Starting'
  return (
    <div className="progress-panel" data-testid="progress" aria-live="polite">
      <div className="progress-text">
        <strong>{isCancelling ? 'Cancelling…' : phase}</strong>
        {progress?.message ? <span className="progress-message">{progress.message}</span> : null}
        {total > 0 ? (
          <span className="progress-count">
            {done} / {total}
          </span>
        ) : null}
      </div>
      <div
        className={percent === null ? 'progress-track is-indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={phase}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div
          className="progress-fill"
          style={{ width: percent === null ? '30%' : `${percent}%` }}
        />
      </div>
      <button
        type="button"
        className="button"
        data-testid="cancel-button"
        onClick={onCancel}
        disabled={isCancelling}
      >
        Cancel
      </button>
    </div>
  )
}
