import { formatNumber } from '../../../shared/drift'
import type { BatchRecord } from '../../../shared/model'

type Props = Readonly<{
  batches: readonly BatchRecord[]
  /** Opens a processed batch's report; absent (a document): file names are plain text. */
  onOpenRun?: (runId: string) => void
}>

/** Every batch of a project, the latest first: file and hash, arrival, rows, validation, drift, status. */
export function BatchTable({ batches, onOpenRun }: Props) {
  const rows = [...batches].reverse()
  return (
    <section className="panel" aria-labelledby="batches-title">
      <header className="panel-head">
        <h2 id="batches-title">Batches</h2>
        <span className="muted">{batches.length}</span>
      </header>
      {rows.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <div className="sample-rows">
          <table className="data-table batch-table" data-testid="batch-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Arrived</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col">Validation</th>
                <th scope="col">Drift</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.id} data-testid={`batch-row-${b.name}`}>
                  <td>
                    {b.result && onOpenRun ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onOpenRun((b.result as { runId: string }).runId)}
                      >
                        {b.name}
                      </button>
                    ) : (
                      b.name
                    )}
                    <div className="muted">
                      <code title={b.sha256}>{b.sha256.slice(0, 12)}</code>
                    </div>
                  </td>
                  <td>{new Date(b.arrivedAt).toLocaleString()}</td>
                  <td className="num">{b.result ? formatNumber(b.result.rows) : '—'}</td>
                  <td>
                    {b.result ? (
                      <span
                        className={`status-chip is-${b.result.gate === 'invalid' ? 'fail' : (b.result.validation ?? 'skipped')}`}
                      >
                        {b.result.validation === null
                          ? 'not checked'
                          : b.result.gate === 'invalid'
                            ? 'invalid'
                            : b.result.validation}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-testid="batch-drift">
                    {b.result
                      ? `${b.result.drifted ? 'Drift' : 'No drift'} · ${b.result.driftedColumns}/${b.result.testedColumns}${b.result.gate === 'invalid' ? ' (unreliable)' : ''}`
                      : '—'}
                  </td>
                  <td>
                    {b.status}
                    {b.reason ? <div className="muted">{b.reason}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
