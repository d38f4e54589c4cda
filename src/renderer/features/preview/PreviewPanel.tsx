import { useCallback, useEffect, useRef, useState } from 'react'
import { formatNumber } from '../../../shared/drift'
import type { AppError } from '../../../shared/errors'
import type { DatasetInfo, PreviewOpened, Report, RowFilter } from '../../../shared/model'
import type { Client } from '../../api'
import { type PreviewSide, useAppStore } from '../../store'
import { TabBar } from '../report/TabBar'
import { describeFilter, filterColumn } from './filters'
import { PreviewGrid } from './PreviewGrid'

type Props = Readonly<{ client: Client; report: Report }>

const SIDES: readonly PreviewSide[] = ['reference', 'current']

/**
 * The data preview over one of the report's two datasets, as a dialog above the report: the side shown
 * (switchable), which rows (all, or those behind a finding, with a way back to all), a warning when the
 * file changed since the report, and the grid. The file is opened when the dialog shows it and closed when
 * the dialog closes or shows the other side, so its staged copy does not outlive the preview.
 */
export function PreviewPanel({ client, report }: Props) {
  const target = useAppStore((s) => s.preview)
  const closePreview = useAppStore((s) => s.closePreview)
  const setSide = useAppStore((s) => s.setPreviewSide)
  const clearFilter = useAppStore((s) => s.clearPreviewFilter)
  const side = target?.side ?? 'current'
  const dataset = report.inputs[side]

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closePreview()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [closePreview])

  // Focus moves into the dialog when it opens, and back to what had it (the button that opened it) after.
  const dialog = useRef<HTMLElement | null>(null)
  const isOpen = target !== null
  useEffect(() => {
    if (!isOpen) return
    const before = document.activeElement
    dialog.current?.focus()
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus()
    }
  }, [isOpen])

  if (target === null) return null
  return (
    <div className="preview-backdrop">
      <section
        ref={dialog}
        tabIndex={-1}
        className="preview"
        role="dialog"
        aria-modal="true"
        aria-label={`Data preview of ${dataset.name}`}
        data-testid="preview"
      >
        <header className="preview-top">
          <h2>Data preview</h2>
          <TabBar
            className="preview-sides"
            label="Dataset"
            selected={side}
            onSelect={setSide}
            tabs={SIDES.map((s) => ({
              id: s,
              label: `${s === 'reference' ? 'Reference' : 'Current'}: ${report.inputs[s].name}`,
              testId: `preview-side-${s}`
            }))}
          />
          <button
            type="button"
            className="button-quiet"
            onClick={closePreview}
            aria-label="Close the data preview"
            data-testid="preview-close"
          >
            Close
          </button>
        </header>
        <PreviewBody
          key={dataset.path}
          client={client}
          dataset={dataset}
          filter={target.filter}
          column={filterColumn(target.filter) ?? target.column ?? null}
          onShowAll={clearFilter}
        />
      </section>
    </div>
  )
}

type BodyProps = Readonly<{
  client: Client
  dataset: DatasetInfo
  filter: RowFilter | null
  /** The column to show first. */
  column: string | null
  onShowAll: () => void
}>

/**
 * One dataset in the preview (mounted per file): opens it, says which rows show and whether the file
 * changed since the report, and holds the grid; closes the file when it goes.
 */
function PreviewBody({ client, dataset, filter, column, onShowAll }: BodyProps) {
  const [opened, setOpened] = useState<PreviewOpened | null>(null)
  const [failure, setFailure] = useState<AppError | null>(null)
  const [shown, setShown] = useState<Readonly<{ key: string; total: number }> | null>(null)
  const filterKey = JSON.stringify(filter)

  useEffect(() => {
    let isGone = false
    let previewId: string | null = null
    void client.call('data:open', { path: dataset.path }).then((result) => {
      if (!result.ok) {
        if (!isGone) setFailure(result.error)
        return
      }
      previewId = result.value.previewId
      if (isGone) void client.call('data:close', { previewId })
      else setOpened(result.value)
    })
    return () => {
      isGone = true
      if (previewId !== null) void client.call('data:close', { previewId })
    }
  }, [client, dataset.path])

  const onTotal = useCallback((total: number) => setShown({ key: filterKey, total }), [filterKey])
  const total = shown?.key === filterKey ? shown.total : null
  const isChanged = opened !== null && opened.sha256 !== dataset.sha256
  return (
    <>
      <p className="preview-caption" data-testid="preview-caption">
        {captionText(dataset.name, opened, filter === null ? null : describeFilter(filter), total)}{' '}
        {filter !== null ? (
          <button
            type="button"
            className="button-quiet"
            onClick={onShowAll}
            data-testid="preview-show-all"
          >
            Show all rows
          </button>
        ) : null}
      </p>
      {isChanged ? (
        <p className="preview-message is-warning" role="status" data-testid="preview-changed">
          {dataset.name} has changed since this report was made (its SHA-256 differs): the rows and
          their numbers are those of the file as it is now.
        </p>
      ) : null}
      {failure ? (
        <p className="preview-message is-error" role="alert" data-testid="preview-error">
          {failure.message}
        </p>
      ) : opened === null ? (
        <p className="preview-message" role="status" data-testid="preview-opening">
          Opening {dataset.name}… A large text file is read once into the preview first.
        </p>
      ) : (
        <PreviewGrid
          key={filterKey}
          client={client}
          previewId={opened.previewId}
          columns={opened.columns}
          rows={opened.rows}
          filter={filter}
          focusColumn={column}
          onTotal={onTotal}
        />
      )}
    </>
  )
}

/** What the grid shows, as a sentence: all rows of the file, or how many a filter keeps, and of how many. */
export function captionText(
  name: string,
  opened: PreviewOpened | null,
  filter: string | null,
  shown: number | null
): string {
  const rows = opened === null ? null : formatNumber(opened.rows)
  if (filter === null) return rows === null ? `${name}.` : `All ${rows} rows of ${name}.`
  if (shown === null) return `The ${filter}, in ${name}.`
  return `${formatNumber(shown)} ${shown === 1 ? 'row' : 'rows'} of ${rows ?? '…'} in ${name}: the ${filter}.`
}
