import { useCallback, useEffect, useRef, useState, type UIEvent } from 'react'
import type { AppError } from '../../../shared/errors'
import type { ColumnInfo, RowFilter } from '../../../shared/model'
import type { Client } from '../../api'
import { cellText, type DecodedPage, decodeRowPage } from './rowPage'
import { pagesOf, pagesToDrop, rowWindow } from './windowing'

/** Rows asked of the worker at once. */
export const PAGE_ROWS = 500
/** Pages kept in memory; the least recently used beyond these are dropped. */
const KEPT_PAGES = 12
const ROW_HEIGHT = 28
const OVERSCAN = 8
const ROW_NUMBER_WIDTH = 96
const COLUMN_WIDTH = 150

type Props = Readonly<{
  client: Client
  previewId: string
  columns: readonly ColumnInfo[]
  /** Rows the file has: the row count until a filtered page says how many the filter keeps. */
  rows: number
  filter: RowFilter | null
  /** A column to show first and mark (the one the filter is about). */
  focusColumn: string | null
  /** Told the number of rows the filter keeps, once the first page says. */
  onTotal: (total: number) => void
}>

/**
 * The preview's grid: a windowed list of fixed-height rows over every row a filter keeps. Only the rows on
 * screen and a few around them are in the page; their pages of PAGE_ROWS rows are asked for as they come
 * into view, decoded from Arrow, and the least recently used are forgotten. The first column is each row's
 * data row number (1-based, file order: the numbering of validation's sample rows). Mount one per preview
 * and filter (a key that changes with them): a new one starts at the top with nothing loaded.
 */
export function PreviewGrid(props: Props) {
  const { client, previewId, columns, rows, filter, focusColumn, onTotal } = props
  const scroller = useRef<HTMLDivElement | null>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [viewportHeight, setViewportHeight] = useState(400)
  const [total, setTotal] = useState<number | null>(filter === null ? rows : null)
  const [pages, setPages] = useState<ReadonlyMap<number, DecodedPage>>(new Map())
  const [failure, setFailure] = useState<AppError | null>(null)
  const asked = useRef(new Set<number>())
  const used = useRef<number[]>([])

  useEffect(() => {
    const element = scroller.current
    if (!element) return
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight))
    observer.observe(element)
    setViewportHeight(element.clientHeight)
    return () => observer.disconnect()
  }, [])

  const rowCount = total ?? 0
  const view = rowWindow({
    scrollTop,
    viewportHeight: Math.max(0, viewportHeight - ROW_HEIGHT),
    rowHeight: ROW_HEIGHT,
    rowCount,
    overscan: OVERSCAN
  })
  const wanted = total === null ? [0] : pagesOf(view.first, view.end, PAGE_ROWS)

  const load = useCallback(
    (page: number) => {
      asked.current.add(page)
      void client
        .call('data:rows', {
          previewId,
          offset: page * PAGE_ROWS,
          limit: PAGE_ROWS,
          ...(filter === null ? {} : { filter })
        })
        .then((result) => {
          if (!result.ok) {
            asked.current.delete(page)
            setFailure(result.error)
            return
          }
          let decoded: DecodedPage
          try {
            decoded = decodeRowPage(result.value)
          } catch (e) {
            setFailure({
              code: 'INTERNAL',
              message:
                'A page of rows arrived in a form the app cannot read. Close the preview and open it again.',
              detail: String(e)
            })
            return
          }
          setTotal(decoded.total)
          setPages((current) => {
            const next = new Map(current)
            next.set(page, decoded)
            return next
          })
        })
    },
    [client, previewId, filter]
  )

  const wantedKey = wanted.join(',')
  useEffect(() => {
    const now = wantedKey.length === 0 ? [] : wantedKey.split(',').map(Number)
    for (const page of now) {
      used.current = [...used.current.filter((p) => p !== page), page]
      if (!asked.current.has(page)) load(page)
    }
    const drop = pagesToDrop(used.current, now, KEPT_PAGES)
    if (drop.length > 0) {
      used.current = used.current.filter((p) => !drop.includes(p))
      for (const page of drop) asked.current.delete(page)
      setPages((current) => {
        const next = new Map(current)
        for (const page of drop) next.delete(page)
        return next
      })
    }
  }, [wantedKey, load])

  useEffect(() => {
    if (total !== null) onTotal(total)
  }, [total, onTotal])

  // Columns in file order, the focused one first; each keeps its index in the page.
  const order = columns.map((_, i) => i)
  const focus = columns.findIndex((c) => c.name === focusColumn)
  if (focus > 0) order.unshift(...order.splice(focus, 1))
  const onScroll = (e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)
  const width = ROW_NUMBER_WIDTH + columns.length * COLUMN_WIDTH
  const rendered: number[] = []
  for (let i = view.first; i < view.end; i++) rendered.push(i)

  return (
    <div className="preview-grid-wrap">
      {failure ? (
        <p className="preview-message is-error" role="alert" data-testid="preview-error">
          {failure.message}
        </p>
      ) : null}
      <div
        ref={scroller}
        className="preview-grid"
        role="grid"
        aria-rowcount={rowCount + 1}
        aria-colcount={columns.length + 1}
        aria-label="Rows of the dataset"
        tabIndex={0}
        onScroll={onScroll}
        data-testid="preview-grid"
      >
        <div className="preview-head" role="row" aria-rowindex={1} style={{ width }}>
          <div
            className="preview-cell is-row-number"
            role="columnheader"
            style={{ width: ROW_NUMBER_WIDTH }}
          >
            Row
          </div>
          {order.map((j) => {
            const c = columns[j] as ColumnInfo
            const classes = ['preview-cell']
            if (c.kind === 'numeric') classes.push('is-number')
            if (c.name === focusColumn) classes.push('is-focus')
            return (
              <div
                key={c.name}
                className={classes.join(' ')}
                role="columnheader"
                title={`${c.name} (${c.sqlType})`}
                style={{ width: COLUMN_WIDTH }}
              >
                {c.name}
              </div>
            )
          })}
        </div>
        <div className="preview-body" style={{ height: view.scrollHeight, width }}>
          {rendered.map((index) => (
            <GridRow
              key={index}
              index={index}
              top={view.topOf(index)}
              page={pages.get(Math.floor(index / PAGE_ROWS))}
              columns={columns}
              order={order}
            />
          ))}
        </div>
        {total === 0 ? (
          <p className="preview-message" data-testid="preview-empty">
            No rows to show.
          </p>
        ) : null}
      </div>
    </div>
  )
}

type RowProps = Readonly<{
  index: number
  top: number
  page: DecodedPage | undefined
  columns: readonly ColumnInfo[]
  /** The columns' indexes in the order shown. */
  order: readonly number[]
}>

function GridRow({ index, top, page, columns, order }: RowProps) {
  const at = page === undefined ? -1 : index - page.offset
  const isLoaded = page !== undefined && at >= 0 && at < page.length
  const rowNumber = isLoaded ? page.rowNumbers[at] : undefined
  return (
    <div
      className={isLoaded ? 'preview-row' : 'preview-row is-loading'}
      role="row"
      aria-rowindex={index + 2}
      style={{ top, height: ROW_HEIGHT }}
      data-testid="preview-row"
      data-row={rowNumber}
    >
      <div
        className="preview-cell is-row-number"
        role="rowheader"
        style={{ width: ROW_NUMBER_WIDTH }}
      >
        {rowNumber ?? '…'}
      </div>
      {order.map((j) => {
        const c = columns[j] as ColumnInfo
        if (!isLoaded) {
          return (
            <div
              key={c.name}
              className="preview-cell"
              role="gridcell"
              style={{ width: COLUMN_WIDTH }}
            />
          )
        }
        const value = page.cell(at, j)
        const text = cellText(value)
        const isNumber = typeof value === 'number' || typeof value === 'bigint'
        return (
          <div
            key={c.name}
            className={
              value === null
                ? 'preview-cell is-null'
                : isNumber
                  ? 'preview-cell is-number'
                  : 'preview-cell'
            }
            role="gridcell"
            title={text}
            style={{ width: COLUMN_WIDTH }}
          >
            {value === null ? 'null' : text}
          </div>
        )
      })}
    </div>
  )
}
