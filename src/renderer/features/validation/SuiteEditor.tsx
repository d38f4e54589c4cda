import { useMemo, useState } from 'react'
import type { Client } from '../../api'
import type { Expectation, ExpectationResult, Report, Severity } from '../../../shared/model'
import { describeExpected } from '../../../shared/validation/describe'
import { compareSelectors, useAppStore, validationSelectors } from '../../store'
import { downloadSuite, rerunUnsaved, saveAndRerun, saveSuite } from './actions'
import {
  ADDABLE_KINDS,
  type AddableKind,
  addFields,
  type AddForm,
  type BoundSide,
  boundSides,
  boundText,
  EMPTY_ADD_FORM,
  expectationFromForm,
  KIND_LABELS,
  readBound,
  textFieldLabel
} from './suiteModel'

type Props = Readonly<{
  client: Client
  report: Report
  /**
   * What "Save and re-run" runs after saving; default: the comparison of the Compare screen. A project's
   * batch report processes that batch again instead, and has no unsaved re-run.
   */
  onRerun?: () => Promise<void>
}>

/**
 * The suite editor: every expectation of the suite the report checked (those that failed first), each
 * switched on or off, its bounds and severity changed in place, or removed; new ones added from the
 * catalogue. Edits collect in a draft; "Save and re-run" writes them to the suite file (keeping its
 * comments) and compares again, "Re-run without saving" checks the draft as it is.
 */
export function SuiteEditor({ client, report, onRerun }: Props) {
  const draft = useAppStore((s) => s.draft)
  const message = useAppStore((s) => s.editorMessage)
  const isSaving = useAppStore((s) => s.isSavingSuite)
  const isRunning = useAppStore(compareSelectors.isRunning)
  const savePath = useAppStore(validationSelectors.savePath)
  const editCount = useAppStore((s) => s.draft?.edits.length ?? 0)
  const close = useAppStore((s) => s.closeSuiteEditor)
  const [filter, setFilter] = useState('')

  const lastRun = useMemo(() => {
    const byId = new Map<string, ExpectationResult>()
    for (const r of report.validation?.result.results ?? []) byId.set(r.id, r)
    return byId
  }, [report])

  const rows = useMemo(() => {
    const rank = (e: Expectation): number => {
      const status = lastRun.get(e.id)?.status
      return status === 'fail' || status === 'error' ? 0 : 1
    }
    const needle = filter.trim().toLowerCase()
    return (draft?.suite.expectations ?? [])
      .map((e, i) => ({ e, i }))
      .filter(
        ({ e }) =>
          needle === '' ||
          e.id.toLowerCase().includes(needle) ||
          ('column' in e && e.column.toLowerCase().includes(needle))
      )
      .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
      .map(({ e }) => e)
  }, [draft, lastRun, filter])

  if (draft === null) return null
  const isBusy = isSaving || isRunning
  return (
    <section className="suite-editor" data-testid="suite-editor" aria-label="Edit expectations">
      <div className="validation-head">
        <h2>Expectations</h2>
        <button type="button" className="button-quiet" onClick={close} data-testid="close-editor">
          Close
        </button>
      </div>
      <p className="muted">
        {savePath === null
          ? 'This suite has no file; download it as YAML to keep it.'
          : draft.source.kind === 'file'
            ? `Saved in ${savePath}; saving keeps the file's comments.`
            : `Inferred from the reference; saving writes ${savePath}.`}
      </p>
      {message ? (
        <p
          className={message.tone === 'error' ? 'editor-message is-error' : 'editor-message'}
          role={message.tone === 'error' ? 'alert' : 'status'}
          data-testid="editor-message"
        >
          {message.text}
        </p>
      ) : null}
      <label className="field editor-filter">
        <span>Filter</span>
        <input
          type="search"
          value={filter}
          placeholder="column or id"
          onChange={(e) => setFilter(e.target.value)}
          data-testid="editor-filter"
        />
      </label>
      <div className="editor-table-wrap">
        <table className="data-table editor-table">
          <thead>
            <tr>
              <th scope="col">On</th>
              <th scope="col">Expectation</th>
              <th scope="col">Condition</th>
              <th scope="col">Min</th>
              <th scope="col">Max</th>
              <th scope="col">Severity</th>
              <th scope="col">Last run</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <ExpectationRow key={e.id} expectation={e} result={lastRun.get(e.id)} />
            ))}
          </tbody>
        </table>
      </div>
      <AddExpectation report={report} />
      <div className="editor-foot">
        <span className="muted" data-testid="edit-count">
          {editCount === 0
            ? 'No unsaved edits'
            : `${editCount} unsaved edit${editCount === 1 ? '' : 's'}`}
        </span>
        <button
          type="button"
          className="button button-primary"
          data-testid="save-rerun"
          disabled={isBusy || savePath === null}
          onClick={() => void saveAndRerun(client, onRerun)}
        >
          Save and re-run
        </button>
        <button
          type="button"
          className="button"
          data-testid="save-suite"
          disabled={isBusy || savePath === null || editCount === 0}
          onClick={() => void saveSuite(client)}
        >
          Save
        </button>
        {onRerun === undefined ? (
          <button
            type="button"
            className="button"
            data-testid="rerun-unsaved"
            disabled={isBusy}
            onClick={() => void rerunUnsaved(client)}
          >
            Re-run without saving
          </button>
        ) : null}
        <button
          type="button"
          className="button-quiet"
          data-testid="download-suite"
          onClick={() => void downloadSuite(client)}
        >
          Download YAML
        </button>
      </div>
    </section>
  )
}

function ExpectationRow({
  expectation: e,
  result
}: Readonly<{ expectation: Expectation; result: ExpectationResult | undefined }>) {
  const editSuite = useAppStore((s) => s.editSuite)
  const sides = boundSides(e.kind)
  const status = result?.status ?? 'new'
  return (
    <tr className={e.enabled ? '' : 'is-disabled'} data-testid={`expectation-${e.id}`}>
      <td>
        <input
          type="checkbox"
          checked={e.enabled}
          aria-label={`${e.id} on`}
          data-testid={`enabled-${e.id}`}
          onChange={(event) => editSuite({ op: 'enable', id: e.id, enabled: event.target.checked })}
        />
      </td>
      <td>
        <strong>{e.id}</strong>
        <div className="muted">
          {KIND_LABELS[e.kind]}
          {'column' in e ? ` · ${e.column}` : ''}
        </div>
      </td>
      <td>{describeExpected(e)}</td>
      {(['min', 'max'] as const).map((side) => (
        <td key={side}>
          {sides.includes(side) ? (
            <BoundInput expectation={e} side={side} />
          ) : (
            <span className="muted">—</span>
          )}
        </td>
      ))}
      <td>
        <select
          value={e.severity}
          aria-label={`${e.id} severity`}
          data-testid={`severity-${e.id}`}
          onChange={(event) =>
            editSuite({ op: 'severity', id: e.id, severity: event.target.value as Severity })
          }
        >
          <option value="error">error</option>
          <option value="warning">warning</option>
        </select>
      </td>
      <td>
        <span className={`status-chip is-${status}`}>{STATUS_WORDS[status]}</span>
      </td>
      <td>
        <button
          type="button"
          className="button-quiet"
          aria-label={`Remove ${e.id}`}
          onClick={() => editSuite({ op: 'remove', id: e.id })}
        >
          Remove
        </button>
      </td>
    </tr>
  )
}

const STATUS_WORDS = {
  pass: 'passed',
  fail: 'failed',
  error: 'not checked',
  skipped: 'skipped',
  new: 'not run yet'
} as const

/** One bound, typed freely and applied when the field is left or Enter is pressed. */
function BoundInput({
  expectation: e,
  side
}: Readonly<{ expectation: Expectation; side: BoundSide }>) {
  const editSuite = useAppStore((s) => s.editSuite)
  const setEditorMessage = useAppStore((s) => s.setEditorMessage)
  const current = boundText((e as Record<string, unknown>)[side] as number | string | undefined)
  const [text, setText] = useState(current)
  const [seen, setSeen] = useState(current)
  if (seen !== current) {
    // The draft changed under the field (a re-run, a save): show the new value.
    setSeen(current)
    setText(current)
  }
  const commit = (): void => {
    if (text === current) return
    const read = readBound(e.kind, side, text)
    if (!read.ok) {
      setEditorMessage({ tone: 'error', text: `${e.id}: ${read.message}` })
      setText(current)
      return
    }
    if (!editSuite({ op: 'bounds', id: e.id, [side]: read.value })) setText(current)
  }
  return (
    <input
      type="text"
      className="bound-input"
      value={text}
      inputMode="decimal"
      aria-label={`${e.id} ${side}`}
      data-testid={`bound-${side}-${e.id}`}
      onChange={(event) => setText(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit()
      }}
    />
  )
}

function AddExpectation({ report }: Readonly<{ report: Report }>) {
  const draft = useAppStore((s) => s.draft)
  const editSuite = useAppStore((s) => s.editSuite)
  const setEditorMessage = useAppStore((s) => s.setEditorMessage)
  const [form, setForm] = useState<AddForm>(EMPTY_ADD_FORM)
  const fields = addFields(form.kind)
  const columns = report.inputs.current.columns.map((c) => c.name)
  const patch = (p: Partial<AddForm>): void => setForm((f) => ({ ...f, ...p }))
  const add = (): void => {
    if (draft === null) return
    const made = expectationFromForm(form, draft.suite)
    if (!made.ok) {
      setEditorMessage({ tone: 'error', text: made.message })
      return
    }
    if (editSuite({ op: 'add', expectation: made.expectation })) {
      setEditorMessage({ tone: 'info', text: `Added ${made.expectation.id}; save to keep it.` })
      setForm(EMPTY_ADD_FORM)
    }
  }
  return (
    <fieldset className="add-expectation" data-testid="add-expectation">
      <legend>Add an expectation</legend>
      <label className="field">
        <span>Kind</span>
        <select
          value={form.kind}
          data-testid="add-kind"
          onChange={(e) => patch({ kind: e.target.value as AddableKind })}
        >
          {ADDABLE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      {fields.has('column') ? (
        <label className="field">
          <span>Column</span>
          <select
            value={form.column}
            data-testid="add-column"
            onChange={(e) => patch({ column: e.target.value })}
          >
            <option value="">Choose…</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {fields.has('statistic') ? (
        <label className="field">
          <span>Statistic</span>
          <select
            value={form.statistic}
            onChange={(e) => patch({ statistic: e.target.value as AddForm['statistic'] })}
          >
            <option value="mean">mean</option>
            <option value="std">standard deviation</option>
            <option value="median">median</option>
          </select>
        </label>
      ) : null}
      {(['min', 'max'] as const)
        .filter((side) => fields.has(side))
        .map((side) => (
          <label className="field" key={side}>
            <span>{side === 'max' && !fields.has('min') ? 'Max share (0–1)' : side}</span>
            <input
              type="text"
              value={form[side]}
              inputMode="decimal"
              data-testid={`add-${side}`}
              onChange={(e) => patch({ [side]: e.target.value })}
            />
          </label>
        ))}
      {fields.has('text') ? (
        <label className="field">
          <span>{textFieldLabel(form.kind)}</span>
          <input
            type="text"
            value={form.text}
            data-testid="add-text"
            onChange={(e) => patch({ text: e.target.value })}
          />
        </label>
      ) : null}
      <label className="field">
        <span>Severity</span>
        <select
          value={form.severity}
          onChange={(e) => patch({ severity: e.target.value as Severity })}
        >
          <option value="error">error</option>
          <option value="warning">warning</option>
        </select>
      </label>
      <button type="button" className="button" data-testid="add-button" onClick={add}>
        Add
      </button>
    </fieldset>
  )
}
