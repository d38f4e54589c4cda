import { useMemo } from 'react'
import { formatNumber, formatPercent } from '../../../shared/drift'
import type { DatasetInfo, Report } from '../../../shared/model'
import type { SideNames } from '../../charts/options'
import { reportSelectors, useAppStore } from '../../store'
import { ColumnDetail } from './ColumnDetail'
import { ColumnTable } from './ColumnTable'
import { formatBytes, shortHash, verdictSentence } from './verdict'

type Props = Readonly<{ report: Report }>

/** The drift report: verdict, counters, schema, inputs, the column table and one column's detail. */
export function ReportView({ report }: Props) {
  const selected = useAppStore(reportSelectors.selected)
  const selectColumn = useAppStore((s) => s.selectColumn)
  const { dataset, inputs } = report
  const referenceName = inputs.reference.name
  const currentName = inputs.current.name
  const names: SideNames = useMemo(
    () => ({ reference: referenceName, current: currentName }),
    [referenceName, currentName]
  )
  const schemaLines = schemaSentences(report)

  return (
    <section className="report" data-testid="report" aria-label="Drift report">
      <div
        className={
          dataset.drifted ? 'banner verdict-banner is-drift' : 'banner verdict-banner is-ok'
        }
        data-testid="verdict-banner"
        role="status"
      >
        <span className="banner-icon" aria-hidden="true">
          {dataset.drifted ? '▲' : '✓'}
        </span>
        {verdictSentence(dataset)}
      </div>

      <div className="counters">
        <Counter
          label="Columns tested"
          testId="columns-count"
          value={String(dataset.numberOfColumns)}
        />
        <Counter label="Drifted" testId="drifted-count" value={String(dataset.numberOfDrifted)} />
        <Counter
          label={`Drift share (threshold ${formatPercent(dataset.driftShare)})`}
          testId="drift-share"
          value={formatPercent(dataset.share)}
        />
        <Counter label="Rows, reference" value={formatNumber(inputs.reference.rows)} />
        <Counter label="Rows, current" value={formatNumber(inputs.current.rows)} />
      </div>

      {schemaLines.length > 0 || report.notes.length > 0 ? (
        <div className="remarks">
          {schemaLines.length > 0 ? (
            <div className="remarks-block" data-testid="schema-differences">
              <h3>Schema differences</h3>
              <ul>
                {schemaLines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {report.notes.length > 0 ? (
            <div className="remarks-block" data-testid="report-notes">
              <h3>Notes</h3>
              <ul>
                {report.notes.map((note, i) => (
                  <li key={i}>{note}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}

      <details className="inputs">
        <summary>
          Inputs: {inputs.reference.name} vs {inputs.current.name}
          {report.ignored.length > 0 ? `, ignoring ${report.ignored.join(', ')}` : ''}
        </summary>
        <table className="inputs-table">
          <thead>
            <tr>
              <th scope="col">Side</th>
              <th scope="col">File</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                Columns
              </th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            <InputRow side="Reference" info={inputs.reference} />
            <InputRow side="Current" info={inputs.current} />
          </tbody>
        </table>
        <p className="muted">
          Report {report.id} · {new Date(report.createdAt).toLocaleString()} · {report.app.name}{' '}
          {report.app.version} ({report.app.engine}) · {formatNumber(report.durationMs)} ms
        </p>
      </details>

      <div className={selected ? 'report-body has-detail' : 'report-body'}>
        <ColumnTable columns={report.columns} />
        {selected ? (
          <ColumnDetail column={selected} files={names} onClose={() => selectColumn(null)} />
        ) : null}
      </div>
    </section>
  )
}

function Counter({
  label,
  value,
  testId
}: Readonly<{ label: string; value: string; testId?: string }>) {
  return (
    <div className="counter">
      <span className="counter-value" data-testid={testId}>
        {value}
      </span>
      <span className="counter-label">{label}</span>
    </div>
  )
}

function InputRow({ side, info }: Readonly<{ side: string; info: DatasetInfo }>) {
  return (
    <tr>
      <th scope="row">{side}</th>
      <td className="input-file" title={info.path}>
        {info.name} <span className="muted">({info.format})</span>
      </td>
      <td className="num">{formatNumber(info.rows)}</td>
      <td className="num">{info.columns.length}</td>
      <td className="num">{formatBytes(info.sizeBytes)}</td>
      <td>
        <code title={info.sha256}>{shortHash(info.sha256)}</code>
      </td>
    </tr>
  )
}

/** The schema differences as sentences. */
export function schemaSentences(report: Report): string[] {
  const { referenceOnly, currentOnly, kindMismatches } = report.schema
  const lines: string[] = []
  if (referenceOnly.length > 0) {
    lines.push(`Only in the reference (not tested): ${referenceOnly.join(', ')}`)
  }
  if (currentOnly.length > 0) {
    lines.push(`Only in the current batch (not tested): ${currentOnly.join(', ')}`)
  }
  for (const m of kindMismatches) {
    lines.push(`${m.column} is ${m.reference} in the reference but ${m.current} now`)
  }
  return lines
}
