import { type ReactNode, useMemo } from 'react'
import { formatNumber, formatPercent } from '../../../shared/drift'
import type { DatasetInfo, Expectation, Report } from '../../../shared/model'
import type { SideNames } from '../../charts/options'
import { allColumns, type PreviewTarget, reportSelectors } from '../../store'
import { useScopedStore } from '../../store/StoreScope'
import { filterForExpectation } from '../preview/filters'
import { describeOptions } from '../compare/describeOptions'
import { ColumnDetail } from './ColumnDetail'
import { ColumnDetailList } from './ColumnDetailList'
import { ColumnTable } from './ColumnTable'
import { MultivariateSection } from './MultivariateSection'
import { TargetSection } from './TargetSection'
import { exclusionSentence, formatBytes, shortHash } from './verdict'
import { GateBanner } from '../validation/GateBanner'
import { ValidationSection } from '../validation/ValidationSection'
import { VerdictBanner } from './VerdictBanner'

/**
 * How the columns' details are laid out. app: one column's detail in a pane beside the table, opened by a
 * click on its row. document (a standalone file, also printed): every column's detail in a list under the
 * table, the drifted ones open, the others a click away.
 */
export type ReportLayout = 'app' | 'document'

type Props = Readonly<{
  report: Report
  /** Compares again with a column's changed test; absent where nothing can run (a document). */
  onCompareAgain?: () => void
  /** Opens the suite editor; absent where the suite cannot be edited. */
  onEditSuite?: () => void
  /** The suite editor, when it is open: shown under the Validation section. */
  suiteEditor?: ReactNode
  /** Controls shown above the verdict, e.g. the Export menu. */
  actions?: ReactNode
  /**
   * Opens the data preview on a side of the report, with the rows behind a finding or all of them; absent
   * where no backend can read the files (an exported report), and then no preview button shows.
   */
  onPreview?: (target: PreviewTarget) => void
  /** Default app. */
  layout?: ReportLayout
}>

/**
 * The drift report: verdict and the rule that decided, counters, remarks, inputs and options, the column table
 * with the columns' details, then the multivariate and the target and prediction sections when they ran.
 * It reads the store of its StoreScope, so a document can show several reports side by side.
 */
export function ReportView(props: Props) {
  const { report, onCompareAgain, onEditSuite, suiteEditor, actions, onPreview } = props
  const layout = props.layout ?? 'app'
  const selected = useScopedStore(reportSelectors.selected)
  const isCorrected = useScopedStore(reportSelectors.isCorrected)
  const selectColumn = useScopedStore((s) => s.selectColumn)
  const { dataset, inputs } = report
  const referenceName = inputs.reference.name
  const currentName = inputs.current.name
  const names: SideNames = useMemo(
    () => ({ reference: referenceName, current: currentName }),
    [referenceName, currentName]
  )
  const schemaLines = schemaSentences(report)
  const exclusion = exclusionSentence(dataset)
  const multivariate = report.multivariate

  return (
    <section className="report" data-testid="report" aria-label="Drift report">
      {actions ? <div className="report-actions">{actions}</div> : null}
      <GateBanner gate={report.gate} />
      <VerdictBanner dataset={dataset} gate={report.gate} />

      <div className="counters">
        <Counter
          label="Columns tested"
          testId="columns-count"
          value={String(dataset.numberOfColumns)}
        />
        <Counter label="Drifted" testId="drifted-count" value={String(dataset.numberOfDrifted)} />
        <Counter
          label={
            dataset.rule === 'share'
              ? `Drift share (threshold ${formatPercent(dataset.driftShare)})`
              : 'Drift share'
          }
          testId="drift-share"
          value={formatPercent(dataset.share)}
        />
        {multivariate ? (
          <Counter
            label="Joint distribution"
            testId="multivariate-count"
            value={multivariate.drifted ? 'Drift' : 'No drift'}
          />
        ) : null}
        <Counter label="Rows, reference" value={formatNumber(inputs.reference.rows)} />
        <Counter label="Rows, current" value={formatNumber(inputs.current.rows)} />
        {onPreview ? (
          <button
            type="button"
            className="button counters-action"
            data-testid="preview-data"
            onClick={() => onPreview({ side: 'current', filter: null })}
          >
            Preview data
          </button>
        ) : null}
      </div>

      {schemaLines.length > 0 || report.notes.length > 0 || exclusion !== null ? (
        <div className="remarks">
          {exclusion !== null ? (
            <div className="remarks-block" data-testid="correction-exclusions">
              <h3>Multiple testing</h3>
              <p>{exclusion}</p>
            </div>
          ) : null}
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

      {report.validation ? (
        <ValidationSection
          validation={report.validation}
          {...(onEditSuite === undefined ? {} : { onEdit: onEditSuite })}
          {...(onPreview === undefined
            ? {}
            : {
                onShowRows: (expectation: Expectation) =>
                  onPreview({ side: 'current', filter: filterForExpectation(expectation) })
              })}
        />
      ) : (
        <p className="muted gate-unchecked" data-testid="gate-unchecked">
          {report.gate.reason}
        </p>
      )}
      {suiteEditor}

      <details className="inputs" open={layout === 'document'}>
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
        <p className="inputs-options" data-testid="report-options">
          Options: {describeOptions(report.options).join(' · ')}
        </p>
        <p className="muted">
          Report {report.id} · {new Date(report.createdAt).toLocaleString()} · {report.app.name}{' '}
          {report.app.version} ({report.app.engine}) · {formatNumber(report.durationMs)} ms
        </p>
      </details>

      {layout === 'document' ? (
        <>
          <ColumnTable columns={report.columns} />
          <ColumnDetailList
            columns={allColumns(report)}
            files={names}
            isCorrected={isCorrected}
            {...(report.timeline === undefined ? {} : { timeline: report.timeline })}
          />
        </>
      ) : (
        <div className={selected ? 'report-body has-detail' : 'report-body'}>
          <ColumnTable columns={report.columns} />
          {selected ? (
            <ColumnDetail
              column={selected}
              files={names}
              isCorrected={isCorrected}
              onClose={() => selectColumn(null)}
              {...(onCompareAgain === undefined ? {} : { onCompareAgain })}
              {...(report.timeline === undefined ? {} : { timeline: report.timeline })}
              {...(onPreview === undefined ? {} : { onPreview })}
            />
          ) : null}
        </div>
      )}

      {report.targets ? <TargetSection targets={report.targets} /> : null}
      {multivariate ? <MultivariateSection drift={multivariate} /> : null}
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
