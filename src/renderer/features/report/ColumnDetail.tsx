import { useEffect, useMemo, useRef, useState } from 'react'
import { DRIFT_TESTS, explainDrift, formatNumber, formatScore } from '../../../shared/drift'
import type { ColumnDrift, ColumnProfile, Timeline } from '../../../shared/model'
import { distributionChart } from '../../charts/distributionChart'
import { ecdfPlot, ksDistance } from '../../charts/ecdfPlot'
import { EChart } from '../../charts/EChart'
import type { ChartOption, SideNames } from '../../charts/options'
import { valuesOverTime } from '../../charts/valuesOverTime'
import type { PreviewTarget } from '../../store'
import { filterForBar } from '../preview/filters'
import { ChangeTest } from './ChangeTest'
import { TabBar } from './TabBar'
import { adjustedText, kindText, testLabel } from './columnTable'
import { VerdictChip } from './VerdictChip'

/** The chart's legend names; the file names are in the caption under it. */
const CHART_NAMES: SideNames = { reference: 'Reference', current: 'Current' }

/** `files` are the two sides' file names; `isCorrected`: the dataset rule adjusts p-values. */
type Props = Readonly<{
  column: ColumnDrift
  files: SideNames
  isCorrected: boolean
  /**
   * Closes the pane. Absent for an entry of a document's column list, whose line is its heading: no head
   * then, and it is not scrolled to when it appears.
   */
  onClose?: () => void
  /** Compares again with the column's changed test; absent where nothing can run: no "Change test…". */
  onCompareAgain?: () => void
  /** The chart is drawn when it comes near the viewport (a document's list of many); default false. */
  isChartDeferred?: boolean
  /** The current batch along the report's time axis, when it has one. */
  timeline?: Timeline
  /** Opens the data preview (a bar's rows, or all); absent where no backend can read the files. */
  onPreview?: (target: PreviewTarget) => void
}>

/** The charts a column can show, in the order of their tabs. */
type ChartTab = 'distribution' | 'ecdf' | 'time'

const TAB_LABELS: Readonly<Record<ChartTab, string>> = {
  distribution: 'Distribution',
  ecdf: 'ECDF',
  time: 'Over time'
}

/**
 * One column: both distributions overlaid, the explanation, why this test, how it differs from Evidently,
 * the figures with the sample sizes, a way to change the test, and both profiles.
 */
export function ColumnDetail(props: Props) {
  const { column: c, files, isCorrected, onClose, onCompareAgain, timeline, onPreview } = props
  const isChartDeferred = props.isChartDeferred ?? false
  const option = useMemo(
    () => (c.distribution ? distributionChart(c.distribution, CHART_NAMES) : null),
    [c.distribution]
  )
  const ecdfOption = useMemo(() => (c.ecdf ? ecdfPlot(c.ecdf, CHART_NAMES) : null), [c.ecdf])
  const reference = c.reference
  const timeOption = useMemo(() => {
    if (timeline === undefined || c.overTime === undefined) return null
    const band =
      reference?.mean !== undefined && reference.std !== undefined
        ? { mean: reference.mean, std: reference.std }
        : null
    return valuesOverTime(timeline, c.overTime, band, 'Current')
  }, [timeline, c.overTime, reference])
  const charts: Partial<Record<ChartTab, ChartOption>> = {
    ...(option ? { distribution: option } : {}),
    ...(ecdfOption ? { ecdf: ecdfOption } : {}),
    ...(timeOption ? { time: timeOption } : {})
  }
  const tabs = (Object.keys(TAB_LABELS) as ChartTab[]).filter((t) => charts[t] !== undefined)
  const [chosenTab, setTab] = useState<ChartTab>('distribution')
  const tab = tabs.includes(chosenTab) ? chosenTab : (tabs[0] ?? 'distribution')
  const onBarClick =
    onPreview === undefined
      ? undefined
      : (index: number, series: number) => {
          const filter = filterForBar(c, index)
          if (filter !== null) onPreview({ side: series === 0 ? 'reference' : 'current', filter })
        }
  const explanation = explain(c)
  const pane = useRef<HTMLElement | null>(null)
  const isPane = onClose !== undefined
  // On narrow windows the pane sits under the table: bring it into view when a column is opened.
  useEffect(() => {
    const element = pane.current
    if (!isPane) return
    const box = element?.getBoundingClientRect()
    if (element && box && (box.top > window.innerHeight - 80 || box.bottom < 0)) {
      element.scrollIntoView({ block: 'start', behavior: 'smooth' })
    }
  }, [c.column, isPane])
  return (
    <aside
      ref={pane}
      className="detail"
      data-testid="column-detail"
      aria-label={`Column ${c.column}`}
    >
      {isPane ? (
        <header className="detail-head">
          <div>
            <h3 className="detail-title" title={c.column}>
              {c.column}
            </h3>
            <span className="detail-kind">{kindText(c)}</span> <VerdictChip column={c} />
          </div>
          <div className="detail-actions">
            {onPreview ? (
              <button
                type="button"
                className="button-quiet"
                data-testid="detail-preview"
                onClick={() => onPreview({ side: 'current', filter: null, column: c.column })}
              >
                Preview data
              </button>
            ) : null}
            <button
              type="button"
              className="button-quiet"
              onClick={onClose}
              aria-label="Close detail"
            >
              Close
            </button>
          </div>
        </header>
      ) : null}

      {tabs.length > 1 ? (
        <TabBar
          className="chart-tabs"
          label={`Charts of ${c.column}`}
          selected={tab}
          onSelect={setTab}
          tabs={tabs.map((t) => ({ id: t, label: TAB_LABELS[t], testId: `chart-tab-${t}` }))}
        />
      ) : null}
      {charts[tab] ? (
        <EChart
          option={charts[tab] as ChartOption}
          testId={tab === 'distribution' ? 'detail-chart' : `detail-chart-${tab}`}
          ariaLabel={chartLabel(tab, c.column)}
          isDeferred={isChartDeferred}
          {...(tab === 'distribution' && onBarClick ? { onItemClick: onBarClick } : {})}
        />
      ) : null}
      {tab === 'ecdf' && c.ecdf ? (
        <p className="chart-note" data-testid="ecdf-note">
          The vertical segment is the Kolmogorov–Smirnov distance D ={' '}
          {formatNumber(ksDistance(c.ecdf))}: the largest gap between the two ECDFs, at{' '}
          {formatNumber(c.ecdf.largestGap.x)}.
        </p>
      ) : null}
      {tab === 'time' && timeline ? (
        <p className="chart-note" data-testid="time-note">
          {timeline.kind === 'points'
            ? 'Each row of the current batch'
            : `The current batch's mean per ${bucketText(timeline.bucketSeconds ?? 0)}`}{' '}
          along {timeline.column}
          {reference?.std !== undefined ? ", over the reference's mean ± 1 standard deviation" : ''}
          .
          {timeline.missingTime > 0
            ? ` ${formatNumber(timeline.missingTime)} rows without a time are left out.`
            : ''}
        </p>
      ) : null}
      {tab === 'distribution' && option && onPreview ? (
        <p className="chart-note">Click a bar to see its rows.</p>
      ) : null}
      {option ? (
        <ul className="chart-legend" aria-label="Legend">
          <li>
            <span className="swatch swatch-reference" aria-hidden="true" /> Reference:{' '}
            {files.reference}
          </li>
          <li>
            <span className="swatch swatch-current" aria-hidden="true" /> Current: {files.current}
          </li>
        </ul>
      ) : (
        <p className="empty" data-testid="detail-chart">
          No distribution to chart for this column.
        </p>
      )}

      {explanation ? (
        <p className="explanation" data-testid="detail-explanation">
          {explanation}
        </p>
      ) : null}
      {c.note ? (
        <p className="note" data-testid="detail-note">
          {c.note}
        </p>
      ) : null}
      {c.deviation ? (
        <p className="deviation" data-testid="detail-deviation">
          <strong>Differs from Evidently:</strong> {c.deviation}
        </p>
      ) : null}

      {c.status === 'tested' ? (
        <dl className="facts">
          <dt>Test</dt>
          <dd>
            {testLabel(c)}
            {c.test ? <span className="muted"> ({c.test})</span> : null}
          </dd>
          <dt>Statistic</dt>
          <dd>{formatNumber(c.statistic)}</dd>
          <dt>Score</dt>
          <dd>
            {formatScore(c.score, c.scoreKind)}{' '}
            <span className="muted">({c.scoreKind === 'distance' ? 'distance' : 'p-value'})</span>
          </dd>
          <dt>Threshold</dt>
          <dd>{c.threshold ?? 'n/a'}</dd>
          {isCorrected && c.adjustedScore !== undefined ? (
            <>
              <dt>Adjusted p</dt>
              <dd>{adjustedText(c)}</dd>
            </>
          ) : null}
          {c.sampleSize ? (
            <>
              <dt>Values tested</dt>
              <dd data-testid="detail-sample-size">
                {formatNumber(c.sampleSize.reference)} reference,{' '}
                {formatNumber(c.sampleSize.current)} current
              </dd>
            </>
          ) : null}
          {c.reason ? (
            <>
              <dt>Why this test</dt>
              <dd data-testid="detail-reason">{c.reason}</dd>
            </>
          ) : null}
        </dl>
      ) : null}

      {onCompareAgain ? <ChangeTest column={c} onCompareAgain={onCompareAgain} /> : null}

      <ProfileTable reference={c.reference} current={c.current} files={files} />
    </aside>
  )
}

function explain(c: ColumnDrift): string | null {
  if (c.explanation) return c.explanation
  if (c.status !== 'tested' || c.test === undefined) return null
  return explainDrift({
    column: c.column,
    test: c.test,
    score: c.score ?? null,
    statistic: c.statistic ?? null,
    threshold: c.threshold ?? DRIFT_TESTS[c.test].defaultThreshold,
    drifted: c.drifted
  })
}

const PROFILE_ROWS: ReadonlyArray<
  Readonly<{ label: string; value: (p: ColumnProfile) => string }>
> = [
  { label: 'Rows', value: (p) => formatNumber(p.rows) },
  { label: 'Values', value: (p) => formatNumber(p.count) },
  { label: 'Missing', value: (p) => missingText(p) },
  { label: 'Distinct', value: (p) => formatNumber(p.distinct) },
  { label: 'Min', value: (p) => figure(p.min) },
  { label: 'Max', value: (p) => figure(p.max) },
  { label: 'Mean', value: (p) => figure(p.mean) },
  { label: 'Std', value: (p) => figure(p.std) }
]

function figure(v: number | string | undefined): string {
  if (v === undefined) return '—'
  return typeof v === 'string' ? v : formatNumber(v)
}

function missingText(p: ColumnProfile): string {
  if (p.rows <= 0) return formatNumber(p.missing)
  return `${formatNumber(p.missing)} (${Number(((p.missing / p.rows) * 100).toFixed(1))}%)`
}

type ProfileProps = Readonly<{
  reference?: ColumnProfile
  current?: ColumnProfile
  files: SideNames
}>

function ProfileTable({ reference, current, files }: ProfileProps) {
  if (!reference && !current) return null
  return (
    <table className="profile">
      <thead>
        <tr>
          <th scope="col">Profile</th>
          <th scope="col" className="num side-reference" title={files.reference}>
            Reference
          </th>
          <th scope="col" className="num side-current" title={files.current}>
            Current
          </th>
        </tr>
      </thead>
      <tbody>
        {PROFILE_ROWS.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td className="num">{reference ? row.value(reference) : '—'}</td>
            <td className="num">{current ? row.value(current) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function chartLabel(tab: ChartTab, column: string): string {
  switch (tab) {
    case 'distribution':
      return `Distributions of ${column} in the reference and the current batch`
    case 'ecdf':
      return `Cumulative distributions of ${column}, with the Kolmogorov–Smirnov distance marked`
    case 'time':
      return `${column} in the current batch over time, against the reference's mean ± 1 standard deviation`
  }
}

/** A bucket width in words: "3 hours", "1 day", "15 minutes". */
export function bucketText(seconds: number): string {
  const units: ReadonlyArray<readonly [number, string]> = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second']
  ]
  for (const [size, unit] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size
      return n === 1 ? unit : `${n} ${unit}s`
    }
  }
  return `${seconds} seconds`
}
