import { useShallow } from 'zustand/react/shallow'
import type { Client, FileRole } from '../../api'
import { compareSelectors, optionsSelectors, stem, useAppStore } from '../../store'
import { cancelRun, chooseQuickDrop, openFileInto, pickInto, runCompare } from './actions'
import { ErrorBanner } from './ErrorBanner'
import { FileSlot } from './FileSlot'
import { OptionsPanel } from './OptionsPanel'
import { ProgressPanel } from './ProgressPanel'

type Props = Readonly<{ client: Client }>

/** Two slots, the options of the run, the Compare button and what the run is doing. */
export function CompareScreen({ client }: Props) {
  const s = useAppStore(
    useShallow((st) => ({
      info: st.info,
      reference: st.reference,
      current: st.current,
      ignoreText: st.ignoreText,
      quickDrops: st.quickDrops,
      status: st.status,
      progress: st.progress,
      opening: st.opening,
      error: st.error,
      notice: st.notice
    }))
  )
  const canRun = useAppStore((st) => compareSelectors.canRun(st) && optionsSelectors.isValid(st))
  const isRunning = useAppStore(compareSelectors.isRunning)
  const setIgnoreText = useAppStore((st) => st.setIgnoreText)
  const dismissError = useAppStore((st) => st.dismissError)
  const canPick = client.canPick && (s.info?.canPickFiles ?? false)

  const slot = (role: FileRole) => (
    <FileSlot
      role={role}
      file={s[role]}
      isOpening={s.opening.includes(role)}
      isDisabled={isRunning}
      canPick={canPick}
      onPick={() => void pickInto(client, role)}
      onFile={(file) => void openFileInto(client, role, file)}
    />
  )

  return (
    <section className="compare" data-testid="compare-screen" aria-label="Compare two datasets">
      <div className="slots">
        {slot('reference')}
        <div className="slots-versus" aria-hidden="true">
          vs
        </div>
        {slot('current')}
      </div>

      {s.quickDrops.length > 0 ? (
        <div className="quick-drops">
          <span>Other demo batches for the current slot:</span>
          {s.quickDrops.map((drop) => (
            <button
              key={drop.ref.path}
              type="button"
              className={s.current?.ref.path === drop.ref.path ? 'chip is-active' : 'chip'}
              data-testid={`demo-drop-${stem(drop.name)}`}
              onClick={() => chooseQuickDrop(drop)}
              disabled={isRunning}
              aria-pressed={s.current?.ref.path === drop.ref.path}
            >
              {stem(drop.name)}
            </button>
          ))}
        </div>
      ) : null}

      <OptionsPanel isDisabled={isRunning} />

      <form
        className="run-bar"
        onSubmit={(e) => {
          e.preventDefault()
          void runCompare(client)
        }}
      >
        <label className="field">
          <span>Ignore columns</span>
          <input
            type="text"
            data-testid="ignore-input"
            value={s.ignoreText}
            placeholder="comma-separated, e.g. id, count"
            onChange={(e) => setIgnoreText(e.target.value)}
            disabled={isRunning}
            spellCheck={false}
          />
        </label>
        <button
          type="submit"
          className="button button-primary"
          data-testid="compare-button"
          disabled={!canRun}
        >
          {isRunning ? 'Comparing…' : 'Compare'}
        </button>
      </form>

      {isRunning ? (
        <ProgressPanel
          progress={s.progress}
          isCancelling={s.status === 'cancelling'}
          onCancel={() => void cancelRun(client)}
        />
      ) : null}
      {s.error ? <ErrorBanner error={s.error} onDismiss={dismissError} /> : null}
      {s.notice ? (
        <p className="banner banner-neutral" role="status" data-testid="notice">
          {s.notice}
        </p>
      ) : null}
    </section>
  )
}
