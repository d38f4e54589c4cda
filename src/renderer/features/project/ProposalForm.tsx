import { useState } from 'react'
import type { ProjectConfig } from '../../../shared/model'
import type { Client } from '../../api'
import { useAppStore } from '../../store'
import { acceptProposal } from './actions'

type Props = Readonly<{ client: Client }>

/** The proposal as typed: lists are comma-separated texts. */
type Draft = {
  name: string
  reference: string
  dropPath: string
  patterns: string
  timeColumn: string
  target: string
  prediction: string
  ignore: string
  idColumns: string
  isArchiveOn: boolean
}

/**
 * A config inferred for a folder without driftwatch.yaml: why each value was chosen, what could not be,
 * and the values to accept or edit. Accepting writes driftwatch.yaml and starts watching; nothing is
 * written before.
 */
export function ProposalForm({ client }: Props) {
  const proposal = useAppStore((s) => s.proposal)
  const isBusy = useAppStore((s) => s.isProjectBusy)
  const setProposal = useAppStore((s) => s.setProposal)
  const [draft, setDraft] = useState<Draft | null>(() =>
    proposal === null ? null : draftOf(proposal.proposal.config)
  )
  if (proposal === null || draft === null) return null
  const patch = (p: Partial<Draft>): void => setDraft({ ...draft, ...p })
  const text = (key: keyof Draft, label: string, hint?: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="text"
        value={draft[key] as string}
        data-testid={`proposal-${key}`}
        spellCheck={false}
        onChange={(e) => patch({ [key]: e.target.value })}
      />
      {hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  )
  return (
    <section className="panel proposal" data-testid="proposal" aria-label="Proposed project config">
      <header className="panel-head">
        <h2>Set up {proposal.folder}</h2>
      </header>
      <p className="panel-lead">
        This folder has no driftwatch.yaml yet. Driftwatch looked at its files and proposes the
        config below; check it, change what is wrong, and accept it to start watching. Accepting
        writes driftwatch.yaml (and the expectations inferred from the reference) into the folder.
      </p>
      {proposal.proposal.reasons.length > 0 ? (
        <ul className="proposal-reasons">
          {proposal.proposal.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      {proposal.proposal.gaps.length > 0 ? (
        <div className="remarks-block" data-testid="proposal-gaps">
          <h3>To decide</h3>
          <ul>
            {proposal.proposal.gaps.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="proposal-grid">
        {text('name', 'Name')}
        {text('reference', 'Reference file', 'relative to the folder')}
        {text('dropPath', 'Drop folder', 'where new batches land')}
        {text('patterns', 'File patterns', 'e.g. week*.csv; empty: every data file')}
        {text('timeColumn', 'Time column')}
        {text('target', 'Target column')}
        {text('prediction', 'Prediction column')}
        {text('ignore', 'Ignored columns', 'comma-separated')}
        {text('idColumns', 'Identifier columns', 'comma-separated')}
        <label className="toggle">
          <input
            type="checkbox"
            checked={draft.isArchiveOn}
            onChange={(e) => patch({ isArchiveOn: e.target.checked })}
          />
          <span>Move processed drops into processed/ (never deletes)</span>
        </label>
      </div>
      <div className="editor-foot">
        <button type="button" className="button-quiet" onClick={() => setProposal(null)}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="accept-proposal"
          disabled={isBusy || draft.reference.trim() === '' || draft.dropPath.trim() === ''}
          onClick={() => void acceptProposal(client, configOf(proposal.proposal.config, draft))}
        >
          Accept and start watching
        </button>
      </div>
    </section>
  )
}

function draftOf(config: ProjectConfig): Draft {
  const drop = config.drops[0]
  return {
    name: config.name ?? '',
    reference: config.reference,
    dropPath: drop?.path ?? '',
    patterns: (drop?.patterns ?? []).join(', '),
    timeColumn: config.timeColumn ?? '',
    target: config.target ?? '',
    prediction: config.prediction ?? '',
    ignore: (config.ignore ?? []).join(', '),
    idColumns: (config.idColumns ?? []).join(', '),
    isArchiveOn: config.archive?.enabled === true
  }
}

/** The proposal with the person's edits; the drop folders beyond the first are kept as proposed. */
export function configOf(base: ProjectConfig, draft: Draft): ProjectConfig {
  const list = (text: string): string[] =>
    text
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0)
  const optional = (text: string): string | undefined =>
    text.trim() === '' ? undefined : text.trim()
  const patterns = list(draft.patterns)
  const values: Record<string, unknown> = {
    ...base,
    name: optional(draft.name),
    reference: draft.reference.trim(),
    drops: [
      { path: draft.dropPath.trim(), ...(patterns.length > 0 ? { patterns } : {}) },
      ...base.drops.slice(1)
    ],
    timeColumn: optional(draft.timeColumn),
    target: optional(draft.target),
    prediction: optional(draft.prediction),
    ignore: list(draft.ignore),
    idColumns: list(draft.idColumns),
    archive: draft.isArchiveOn ? { enabled: true } : undefined
  }
  for (const key of Object.keys(values)) {
    const v = values[key]
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete values[key]
  }
  return values as ProjectConfig
}
