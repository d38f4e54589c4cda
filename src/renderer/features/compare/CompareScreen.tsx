import { useShallow } from 'zustand/react/shallow'
import type { Client, FileRole } from '../../api'
import { compareSelectors, optionsSelectors, stem, useAppStore } from '../../store'
import { cancelRun, chooseQuickDrop, openFileInto, pickInto, runCompare } from './actions'
import { cancelDropChoice, chooseDropRole, dropOnSlot, forgetDropRole } from './drop'
import { DropChoice } from './DropChoice'
import { ErrorBanner } from './ErrorBanner'
import { FileSlot } from './FileSlot'
import { OptionsPanel } from './OptionsPanel'
import { ProgressPanel } from './ProgressPanel'
import { rerunRecent, showRecent } from './recent'
import { RecentList } from './RecentList'

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
      phases: st.phases,
      startedAt: st.startedAt,
      opening: st.opening,
      pendingDrop: st.pendingDrop,
      singleDropRole: st.singleDropRole,
      recentComparisons: st.recentComparisons,
      error: st.error,
      notice: st.notice
    }))
  )
  const canRun = useAppStore((st) => compareSelectors.canRun(st) && optionsSelectors.isValid(st))
  const isRunning = useAppStore(compareSelectors.isRunning)
  const setIgnoreText = useAppStore((st) => st.setIgnoreText)
  const dismissError = useAppStore((st) => st.dismissError)
  const swapSlots = useAppStore((st) => st.swapSlots)
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
      onDrop={(item) => void dropOnSlot(client, role, item)}
    />
  )

  return (
    <section className="compare" data-testid="compare-screen" aria-label="Compare two datasets">
      {s.pendingDrop !== null ? (
        <DropChoice
          fileName={s.pendingDrop.name}
          onChoose={(role) => void chooseDropRole(client, role)}
          onCancel={cancelDropChoice}
        />
      ) : null}
      <div className="slots">
        {slot('reference')}
        <div className="slots-versus">
          <span aria-hidden="true">vs</span>
          <button
            type="button"
            className="button-quiet swap"
            data-testid="swap-slots"
            title="Swap the reference and the current file"
            aria-label="Swap the reference and the current file"
            onClick={swapSlots}
            disabled={isRunning || (s.reference === null && s.current === null)}
          >
            ⇄
          </button>
        </div>
        {slot('current')}
      </div>
      <p className="drop-hint muted" data-testid="drop-hint">
        Drop two files anywhere on the window to compare them at once
        {client.host === 'electron' ? ', or a folder to open it as a project' : ''}.{' '}
        {s.singleDropRole === null ? (
          'A single file asks which side it is.'
        ) : (
          <>
            A single file goes to the {s.singleDropRole} slot.{' '}
            <button type="button" className="button-quiet" onClick={forgetDropRole}>
              Ask again
            </button>
          </>
        )}
      </p>

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
          phases={s.phases}
          startedAt={s.startedAt}
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
      <RecentList
        recent={s.recentComparisons}
        isDisabled={isRunning}
        onShow={(r) => void showRecent(client, r)}
        onRerun={(r) => void rerunRecent(client, r)}
      />
    </section>
  )
}
