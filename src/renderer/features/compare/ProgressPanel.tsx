import { useEffect, useState } from 'react'
import type { JobPhase, JobProgress } from '../../../shared/api'
import { formatElapsed, PHASES, type PhaseProgress, phaseState } from './liveReport'

const PHASE_LABELS: Readonly<Record<JobPhase, string>> = {
  open: 'Opening files',
  profile: 'Profiling columns',
  validate: 'Checking the expectations',
  drift: 'Testing for drift',
  report: 'Writing the report'
}

type Props = Readonly<{
  phases: PhaseProgress
  /** When the run started (ms since the epoch), for the time it has taken so far. */
  startedAt: number | null
  isCancelling: boolean
  onCancel: () => void
}>

/**
 * The running job, one bar per phase (opening, profiling, validation, drift tests, the report): finished
 * phases full, the running one at its done/total with its message, skipped and waiting ones empty; the
 * time taken so far, ticking each second (one long step, such as reading a large file, has no count to
 * move); and a Cancel button, usable at any time.
 */
export function ProgressPanel({ phases, startedAt, isCancelling, onCancel }: Props) {
  const running = PHASES.find((p) => phaseState(phases, p) === 'running')
  const current = running === undefined ? undefined : phases[running]
  return (
    <div className="progress-panel" data-testid="progress">
      <div className="progress-text" aria-live="polite">
        <strong>
          {isCancelling ? 'Cancelling…' : running ? PHASE_LABELS[running] : 'Starting'}
        </strong>
        {current?.message ? <span className="progress-message">{current.message}</span> : null}
        {startedAt === null ? null : <Elapsed since={startedAt} />}
      </div>
      <ol className="phase-list">
        {PHASES.map((phase) => (
          <PhaseBar key={phase} phase={phase} phases={phases} />
        ))}
      </ol>
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

function PhaseBar({ phase, phases }: Readonly<{ phase: JobPhase; phases: PhaseProgress }>) {
  const state = phaseState(phases, phase)
  const update: JobProgress | undefined = phases[phase]
  const percent =
    state === 'done'
      ? 100
      : state === 'running' && update !== undefined && update.total > 0
        ? Math.min(100, Math.round((update.done / update.total) * 100))
        : 0
  const count =
    state === 'skipped'
      ? 'skipped'
      : state === 'done'
        ? 'done'
        : state === 'running' && update !== undefined && update.total > 1
          ? `${update.done} / ${update.total}`
          : ''
  return (
    <li className={`phase is-${state}`} data-testid={`phase-${phase}`} data-state={state}>
      <span className="phase-label">{PHASE_LABELS[phase]}</span>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={PHASE_LABELS[phase]}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="phase-count">{count}</span>
    </li>
  )
}

/** The time since `since`, as "1 min 05 s", redrawn once a second (not read aloud at each tick). */
function Elapsed({ since }: Readonly<{ since: number }>) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  return (
    <span className="progress-elapsed" data-testid="progress-elapsed" aria-live="off">
      {formatElapsed(now - since)}
    </span>
  )
}
