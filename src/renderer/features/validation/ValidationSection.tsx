import { formatNumber, formatPercent } from '../../../shared/drift'
import type {
  Expectation,
  ExpectationResult,
  ReportValidation,
  SampleCell,
  SampleRow,
  ValidationResult
} from '../../../shared/model'
import { notPassed } from '../../../shared/validation/notPassed'
import { baseName } from '../../store/compareSlice'
import { KIND_LABELS } from './suiteModel'

type Props = Readonly<{
  validation: ReportValidation
  /** Opens the suite editor; absent where the suite cannot be edited (an exported report). */
  onEdit?: () => void
  /** Opens the data preview on a failing expectation's rows; absent where no backend can read them. */
  onShowRows?: (expectation: Expectation) => void
}>

/**
 * The batch's validation: its status and counts, where the suite came from, the schema changes against
 * the reference (probable renames with their mapping first), each expectation that did not pass (worst
 * first: failed errors, unchecked, failed warnings) with its explanation, expected and observed values and
 * sample rows, then the passed and skipped ones folded away.
 */
export function ValidationSection({ validation, onEdit, onShowRows }: Props) {
  const { result, schemaChanges, source } = validation
  const failing = notPassed(result.results)
  const others = result.results.filter((r) => r.status === 'pass' || r.status === 'skipped')
  const problems = source.kind === 'file' ? source.problems : []
  return (
    <section className="validation" data-testid="validation" aria-label="Validation">
      <div className="validation-head">
        <h2>
          Validation{' '}
          <span className={`status-chip is-${result.status}`} data-testid="validation-status">
            {STATUS_LABELS[result.status]}
          </span>
        </h2>
        {onEdit ? (
          <button type="button" className="button" data-testid="edit-suite" onClick={onEdit}>
            Edit expectations…
          </button>
        ) : null}
      </div>
      <p className="validation-summary" data-testid="validation-summary">
        {countsSentence(result.counts, result.rows)}{' '}
        <span className="muted">{sourceText(validation)}</span>
      </p>

      {problems.length > 0 ? (
        <div className="remarks-block" data-testid="suite-problems">
          <h3>Problems in the suite file (these expectations were not run)</h3>
          <ul>
            {problems.map((p) => (
              <li key={`${p.line}-${p.message}`}>
                line {p.line}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {schemaChanges !== undefined && schemaChanges.sentences.length > 0 ? (
        <div className="remarks-block" data-testid="schema-changes">
          <h3>Schema changes against the reference</h3>
          {schemaChanges.renames.length > 0 ? (
            <ul className="rename-list">
              {schemaChanges.renames.map((r) => (
                <li key={`${r.from}→${r.to}`} data-testid="rename">
                  Probable rename: <code>{r.from}</code> → <code>{r.to}</code>{' '}
                  <span className="muted">({formatPercent(r.confidence)} confident)</span>
                </li>
              ))}
            </ul>
          ) : null}
          <ul>
            {schemaChanges.sentences.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {failing.length > 0 ? (
        <ol className="failure-list" data-testid="validation-failures">
          {failing.map((r) => {
            const expectation = validation.suite.expectations.find((e) => e.id === r.id)
            const canShowRows =
              onShowRows !== undefined &&
              expectation !== undefined &&
              r.status === 'fail' &&
              (r.unexpectedCount ?? 0) > 0
            return (
              <FailureCard
                key={r.id}
                result={r}
                {...(canShowRows ? { onShowRows: () => onShowRows(expectation) } : {})}
              />
            )
          })}
        </ol>
      ) : null}

      {others.length > 0 ? (
        <details className="passed-list" data-testid="validation-passed">
          <summary>
            {others.filter((r) => r.status === 'pass').length} passed
            {result.counts.skipped > 0 ? `, ${result.counts.skipped} skipped` : ''}
          </summary>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Expectation</th>
                <th scope="col">Column</th>
                <th scope="col">Expected</th>
                <th scope="col">Observed</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {others.map((r) => (
                <tr key={r.id}>
                  <td>{r.id}</td>
                  <td>{r.column ?? '—'}</td>
                  <td>{r.expected}</td>
                  <td>{observedText(r.observed)}</td>
                  <td>{r.status === 'pass' ? 'passed' : 'skipped'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  )
}

function FailureCard({
  result: r,
  onShowRows
}: Readonly<{ result: ExpectationResult; onShowRows?: () => void }>) {
  const label =
    r.status === 'error' ? 'Could not check' : r.severity === 'error' ? 'Failed' : 'Warning'
  const tone = r.status === 'error' ? 'is-error' : r.severity === 'error' ? 'is-fail' : 'is-warning'
  const samples = r.samples ?? []
  return (
    <li className={`failure ${tone}`} data-testid={`failure-${r.id}`}>
      <div className="failure-head">
        <span className={`status-chip ${tone}`}>{label}</span>
        <strong>{r.id}</strong>
        <span className="muted">
          {KIND_LABELS[r.kind]}
          {r.column === undefined ? '' : ` · ${r.column}`} · severity {r.severity}
        </span>
      </div>
      <p className="failure-explanation">{r.explanation}</p>
      <dl className="failure-facts">
        <dt>Expected</dt>
        <dd>{r.expected}</dd>
        {r.observed !== null && r.observed !== r.unexpectedShare ? (
          <>
            <dt>Observed</dt>
            <dd>{observedText(r.observed)}</dd>
          </>
        ) : null}
        {r.unexpectedCount !== undefined && r.elementCount !== undefined ? (
          <>
            <dt>Unexpected</dt>
            <dd data-testid="unexpected">
              {formatNumber(r.unexpectedCount)} of {formatNumber(r.elementCount)} (
              {formatPercent(r.unexpectedShare ?? 0)})
            </dd>
          </>
        ) : null}
      </dl>
      {samples.length > 0 ? <SampleTable rows={samples} /> : null}
      {onShowRows ? (
        <button type="button" className="button" data-testid="show-rows" onClick={onShowRows}>
          Show these rows
          {r.unexpectedCount === undefined ? '' : ` (${formatNumber(r.unexpectedCount)})`}
        </button>
      ) : null}
    </li>
  )
}

function SampleTable({ rows }: Readonly<{ rows: readonly SampleRow[] }>) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))]
  return (
    <div className="sample-rows">
      <p className="sample-caption">
        {rows.length === 1 ? 'The offending row' : `${rows.length} offending rows`}, numbered as
        data rows from 1:
      </p>
      <table className="data-table" data-testid="sample-rows">
        <thead>
          <tr>
            <th scope="col" className="num">
              Row
            </th>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row}>
              <td className="num">{row.row}</td>
              {columns.map((c) => (
                <td key={c}>{cellText(row.values[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const STATUS_LABELS = {
  pass: 'Passed',
  warning: 'Passed with warnings',
  fail: 'Failed',
  error: 'Incomplete'
} as const

function countsSentence(counts: ValidationResult['counts'], rows: number): string {
  const parts = [`${counts.pass} of ${counts.pass + counts.fail} expectations passed`]
  if (counts.fail > 0) parts.push(`${counts.fail} failed`)
  if (counts.error > 0) parts.push(`${counts.error} could not be checked`)
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`)
  return `${parts.join(', ')} on ${formatNumber(rows)} rows.`
}

function sourceText(v: ReportValidation): string {
  const count = `${v.suite.expectations.length} expectations`
  switch (v.source.kind) {
    case 'file':
      return `Suite: ${v.source.path} (${count}).`
    case 'inferred':
      return `Suite: inferred from ${baseName(v.source.from)} (${count})${v.source.savePath ? `; not saved yet, it would be saved to ${v.source.savePath}` : ''}.`
    case 'given':
      return `Suite: edited in this window, not saved (${count}).`
  }
}

function observedText(v: ExpectationResult['observed']): string {
  if (v === null) return '—'
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.join(', ')
  return typeof v === 'number' ? formatNumber(v) : String(v)
}

function cellText(v: SampleCell | undefined): string {
  if (v === null || v === undefined) return 'null'
  return typeof v === 'number' ? formatNumber(v) : String(v)
}
