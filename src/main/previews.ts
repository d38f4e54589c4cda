/**
 * The backend's data previews: `data:open`, `data:rows` and `data:close`. Previews run on a worker pool of
 * their own (one worker, created on the first preview), so a page never waits behind a comparison, and the
 * worker's DuckDB keeps each open file's table between pages.
 *
 * One staged copy per file: previews of the same unchanged file (same path, size and modification time)
 * share it, and it is dropped when the last of them closes. At most MAX_STAGES files are kept at once; the
 * least recently used one beyond that is dropped even if a preview of it is still open (a renderer that went
 * away without closing), and is staged again should that preview ask for another page. Closing a preview
 * while its file is still being staged cancels the staging. The previews' database is detached before the
 * pool stops (see `detachPreviews`).
 */
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Handlers } from '../shared/api'
import { err, ok, type Result } from '../shared/errors'
import type { PreviewOpened, RowFilter } from '../shared/model'
import { MAX_PAGE_ROWS } from '../shared/model'
import type { PreviewFacts } from './engine/preview'
import type { JobHandle, WorkerPool } from './workers/pool'

/** Files kept staged at once. */
export const MAX_STAGES = 4

export type PreviewRegistryOptions = Readonly<{
  /** Creates the previews' pool on first use. */
  createPool: () => WorkerPool
  /** The folder of the previews' DuckDB database (removed with the backend's temp folder). */
  folder: string
  isGranted: (path: string) => boolean
  log: (level: 'info' | 'warn' | 'error', text: string) => void
}>

export type PreviewHandlerName = 'data:open' | 'data:rows' | 'data:close'

export type PreviewRegistry = Readonly<{
  handlers: Pick<Handlers, PreviewHandlerName>
  /** Stops the previews' pool (its database goes with the temp folder). */
  close: () => Promise<void>
}>

/** One file staged (or viewed) for preview, shared by the previews of it. */
type Stage = {
  key: string
  table: string
  path: string
  opening: JobHandle<PreviewFacts>
  previews: Set<string>
  lastUsed: number
}

export function createPreviewRegistry(options: PreviewRegistryOptions): PreviewRegistry {
  let pool: WorkerPool | null = null
  const stages = new Map<string, Stage>()
  const previews = new Map<string, Stage>()
  let nextId = 1

  function workers(): WorkerPool {
    pool ??= options.createPool()
    return pool
  }

  function drop(stage: Stage): void {
    stages.delete(stage.key)
    stage.opening.cancel()
    void workers()
      .submit({ op: 'previewClose', args: { folder: options.folder, table: stage.table } })
      .result.then((result) => {
        if (!result.ok && result.error.code !== 'CANCELLED')
          options.log('warn', `preview ${stage.table} was not dropped: ${result.error.message}`)
      })
  }

  function evict(): void {
    while (stages.size > MAX_STAGES) {
      const oldest = [...stages.values()].sort((a, b) => a.lastUsed - b.lastUsed)[0]
      if (oldest === undefined) return
      drop(oldest)
    }
  }

  const handlers: Pick<Handlers, PreviewHandlerName> = {
    'data:open': async (request): Promise<Result<PreviewOpened>> => {
      const path = request?.path
      if (typeof path !== 'string' || path.length === 0) {
        return err('INVALID_OPTIONS', 'Give the path of the file to preview.')
      }
      if (!options.isGranted(path)) {
        return err(
          'PATH_NOT_GRANTED',
          `${path} was not opened in this window. Compare it, or open the project that holds it, first.`
        )
      }
      const absolute = resolve(path)
      let key: string
      try {
        const facts = await stat(absolute)
        key = `${absolute}\u0000${facts.size}\u0000${facts.mtimeMs}`
      } catch {
        return err(
          'FILE_NOT_FOUND',
          `${absolute} is no longer there (moved, archived or deleted since the report). Open the file where it is now.`
        )
      }
      let stage = stages.get(key)
      const isNew = stage === undefined
      if (stage === undefined) {
        const table = `dw_stage_${nextId++}`
        stage = {
          key,
          table,
          path: absolute,
          opening: workers().submit({
            op: 'previewOpen',
            args: { folder: options.folder, table, path: absolute }
          }),
          previews: new Set(),
          lastUsed: Date.now()
        }
        stages.set(key, stage)
        evict()
      }
      const previewId = `preview-${nextId++}`
      previews.set(previewId, stage)
      stage.previews.add(previewId)
      stage.lastUsed = Date.now()
      const opened = await stage.opening.result
      if (!opened.ok) {
        previews.delete(previewId)
        stage.previews.delete(previewId)
        if (stages.get(key) === stage) stages.delete(key)
        return opened
      }
      return ok({
        previewId,
        path: absolute,
        ...opened.value,
        openMs: isNew ? Math.round(opened.value.openMs) : 0
      })
    },

    'data:rows': async (request) => {
      const stage = previews.get(request?.previewId)
      if (stage === undefined) {
        return err(
          'NOT_FOUND',
          'This preview is closed (the app was restarted, or the preview was closed). Open it again.'
        )
      }
      const problem = pageProblem(request.offset, request.limit, request.filter)
      if (problem !== null) return err('INVALID_OPTIONS', problem)
      if (!stages.has(stage.key)) stages.set(stage.key, stage)
      stage.lastUsed = Date.now()
      evict()
      const page = await workers().submit({
        op: 'previewPage',
        args: {
          folder: options.folder,
          table: stage.table,
          path: stage.path,
          offset: request.offset,
          limit: request.limit,
          ...(request.filter === undefined ? {} : { filter: request.filter })
        }
      }).result
      return page
    },

    'data:close': async (request) => {
      const stage = previews.get(request?.previewId)
      if (stage === undefined) return ok({ closed: false })
      previews.delete(request.previewId)
      stage.previews.delete(request.previewId)
      if (stage.previews.size === 0 && stages.get(stage.key) === stage) drop(stage)
      return ok({ closed: true })
    }
  }

  async function close(): Promise<void> {
    const closing = pool
    pool = null
    for (const stage of stages.values()) stage.opening.cancel()
    stages.clear()
    previews.clear()
    if (closing === null) return
    const detached = await closing.submit({ op: 'previewDetach', args: {} }).result
    if (!detached.ok) options.log('warn', `previews not detached: ${detached.error.message}`)
    await closing.close()
  }

  return { handlers, close }
}

type FieldCheck = (value: unknown) => boolean

const isText: FieldCheck = (v) => typeof v === 'string'
const isNumber: FieldCheck = (v) => typeof v === 'number'
const isFlag: FieldCheck = (v) => typeof v === 'boolean'

/** Each filter kind's fields, how each is checked, and what to say when one is wrong. */
const FILTER_SHAPES: Readonly<
  Record<RowFilter['kind'], Readonly<{ fields: Record<string, FieldCheck>; problem: string }>>
> = {
  expectation: {
    fields: { expectation: (v) => typeof v === 'object' && v !== null },
    problem: 'An expectation filter names the expectation (as the suite holds it).'
  },
  bin: {
    fields: { column: isText, lower: isNumber, upper: isNumber, isLast: isFlag },
    problem:
      'A bin filter names the column, the lower and upper edges and whether it is the last bin.'
  },
  category: {
    fields: { column: isText, value: isText, isNumeric: isFlag },
    problem: 'A category filter names the column, the category and whether the column is numeric.'
  },
  otherCategories: {
    fields: {
      column: isText,
      shown: (v) => Array.isArray(v) && v.every(isText),
      isNumeric: isFlag
    },
    problem:
      'An "other values" filter names the column, the categories shown and whether the column is numeric.'
  }
}

/** The first thing wrong with a page request (it arrives as JSON from any host), or null. */
export function pageProblem(offset: unknown, limit: unknown, filter: unknown): string | null {
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    return 'The offset of a page must be a whole number, 0 or more.'
  }
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
    return 'A page must ask for at least one row.'
  }
  if (limit > MAX_PAGE_ROWS) return `A page holds at most ${MAX_PAGE_ROWS} rows; ask for fewer.`
  if (filter === undefined) return null
  if (typeof filter !== 'object' || filter === null) return 'A filter must be an object.'
  const kind = (filter as { kind?: unknown }).kind
  const shape = FILTER_SHAPES[kind as RowFilter['kind']]
  if (typeof kind !== 'string' || shape === undefined) {
    return `Unknown filter kind ${JSON.stringify(kind)}. Known: ${Object.keys(FILTER_SHAPES).join(', ')}.`
  }
  const fields = filter as Record<string, unknown>
  return Object.entries(shape.fields).every(([name, isValid]) => isValid(fields[name]))
    ? null
    : shape.problem
}
