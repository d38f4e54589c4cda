/**
 * A running comparison's report as it fills in: the partial results of `job:partial` folded into one
 * plain value (schemas, profiles, plan, validation, finished columns), and what the screen shows of it.
 * Pure functions, so the store applies a whole frame's events in one update and tests check each step.
 */
import type {
  ComparePartial,
  JobPhase,
  JobProgress,
  PlannedTest,
  SideSchema
} from '../../../shared/api'
import type {
  ColumnDrift,
  ColumnInfo,
  ColumnKind,
  ColumnProfile,
  ValidationStatus
} from '../../../shared/model'

/** One side: its file and columns, then (once read) its rows and each column's profile by name. */
export type LiveSide = Readonly<{
  schema: SideSchema
  rows: number | null
  profiles: Readonly<Record<string, ColumnProfile>> | null
}>

export type LivePlan = Omit<Extract<ComparePartial, { stage: 'plan' }>, 'stage'>

export type LiveReport = Readonly<{
  jobId: string | null
  reference: LiveSide | null
  current: LiveSide | null
  plan: LivePlan | null
  validation: Readonly<{ status: ValidationStatus | null; summary: string }> | null
  /** Finished column results by name. */
  results: Readonly<Record<string, ColumnDrift>>
  /** Columns tested so far and how many will be (from the last column's result). */
  done: number
}>

/** A live report before anything arrived. */
export function emptyLiveReport(jobId: string | null): LiveReport {
  return {
    jobId,
    reference: null,
    current: null,
    plan: null,
    validation: null,
    results: {},
    done: 0
  }
}

/**
 * The live report with `partials` applied in order: each part replaces what it describes. Column results
 * are gathered first and the results map copied once, so a frame with many columns costs O(columns).
 */
export function applyPartials(live: LiveReport, partials: readonly ComparePartial[]): LiveReport {
  let next = live
  const columns: ColumnDrift[] = []
  let done = live.done
  for (const partial of partials) {
    switch (partial.stage) {
      case 'schema':
        next = {
          ...next,
          reference: { schema: partial.reference, rows: null, profiles: null },
          current: { schema: partial.current, rows: null, profiles: null }
        }
        break
      case 'profile': {
        const side = next[partial.side]
        if (side === null) break
        const profiles = Object.fromEntries(partial.columns.map((c) => [c.name, c]))
        next = { ...next, [partial.side]: { ...side, rows: partial.rows, profiles } }
        break
      }
      case 'plan': {
        const { stage: _stage, ...plan } = partial
        next = { ...next, plan }
        break
      }
      case 'validation':
        next = { ...next, validation: { status: partial.status, summary: partial.summary } }
        break
      case 'column':
        columns.push(partial.result)
        done = Math.max(done, partial.done)
        break
      default:
        assertNever(partial)
    }
  }
  if (columns.length === 0) return next
  const results = { ...next.results }
  for (const c of columns) results[c.column] = c
  return { ...next, results, done }
}

/** A column whose test has not finished: shown as a waiting row. */
export type PendingColumn = Readonly<{
  column: string
  kind: ColumnKind
  role: PlannedTest['role']
}>

/** Column positions in the reference file, for showing results in the file's order. */
function referenceOrder(live: LiveReport): Map<string, number> {
  return new Map((live.reference?.schema.columns ?? []).map((c, i) => [c.name, i]))
}

/** The rows of the column table so far: finished and untested columns, in the reference file's order. */
export function liveColumns(live: LiveReport): ColumnDrift[] {
  const order = referenceOrder(live)
  const rows = [...(live.plan?.untested ?? []), ...Object.values(live.results)]
  return rows.sort((a, b) => (order.get(a.column) ?? 0) - (order.get(b.column) ?? 0))
}

/** The planned columns still waiting for their test, in the reference file's order. */
export function pendingColumns(live: LiveReport): PendingColumn[] {
  if (live.plan === null) return []
  return live.plan.tested.filter((t) => live.results[t.column] === undefined)
}

/** One line of the schema panel: a column of either file, with each side's type and missing values. */
export type SchemaRow = Readonly<{
  column: string
  reference: SchemaCell | null
  current: SchemaCell | null
}>

export type SchemaCell = Readonly<{
  sqlType: string
  kind: ColumnKind
  /** null until the side is profiled. */
  missing: number | null
  rows: number | null
}>

function cell(side: LiveSide | null, info: ColumnInfo | undefined): SchemaCell | null {
  if (side === null || info === undefined) return null
  const profile = side.profiles?.[info.name]
  return {
    sqlType: info.sqlType,
    kind: profile?.kind ?? info.kind,
    missing: profile === undefined ? null : profile.missing,
    rows: side.rows
  }
}

/** Every column of either file: the reference's in its order, then the current batch's own. O(columns). */
export function schemaRows(reference: LiveSide | null, current: LiveSide | null): SchemaRow[] {
  const referenceNames = (reference?.schema.columns ?? []).map((c) => c.name)
  const known = new Set(referenceNames)
  const currentOnly = (current?.schema.columns ?? [])
    .map((c) => c.name)
    .filter((name) => !known.has(name))
  const infos = (side: LiveSide | null) =>
    new Map((side?.schema.columns ?? []).map((c) => [c.name, c]))
  const referenceInfo = infos(reference)
  const currentInfo = infos(current)
  return [...referenceNames, ...currentOnly].map((column) => ({
    column,
    reference: cell(reference, referenceInfo.get(column)),
    current: cell(current, currentInfo.get(column))
  }))
}

/** The verdict so far, as a sentence: columns tested and drifted, and when the verdict will be known. */
export function progressSentence(live: LiveReport): string {
  const plan = live.plan
  if (plan === null) {
    return live.reference === null
      ? 'Opening the two files…'
      : 'Reading both files; the columns are tested once both are read.'
  }
  const total = plan.tested.length
  const done = Object.keys(live.results).length
  const drifted = Object.values(live.results).filter(
    (c) => c.status === 'tested' && c.drifted
  ).length
  if (done === 0)
    return `${total} column${total === 1 ? '' : 's'} to test; the first results come next.`
  const base = `${done} of ${total} column${total === 1 ? '' : 's'} tested`
  if (plan.rule !== 'share') {
    return `${base}; the ${plan.rule === 'bh' ? 'Benjamini–Hochberg' : 'Bonferroni'} correction decides each column's verdict once all are tested.`
  }
  return `${base}, ${drifted} drifted so far; the dataset verdict comes when all are tested.`
}

/** What each phase of the job has reported: its last done/total and message. */
export type PhaseProgress = Readonly<Partial<Record<JobPhase, JobProgress>>>

/** The phases, in the order a comparison goes through them. */
export const PHASES: readonly JobPhase[] = ['open', 'profile', 'validate', 'drift', 'report']

/** The phases with `updates` applied in order: each phase keeps its last update. */
export function applyProgress(
  phases: PhaseProgress,
  updates: readonly JobProgress[]
): PhaseProgress {
  if (updates.length === 0) return phases
  const next: Partial<Record<JobPhase, JobProgress>> = { ...phases }
  for (const update of updates) next[update.phase] = update
  return next
}

export type PhaseState = 'done' | 'skipped' | 'running' | 'waiting'

/**
 * A phase's state for its bar: done once a later phase has started (a phase's last event says "starting
 * the last item", not that it ended), skipped when a later phase started without it, else running or waiting.
 */
export function phaseState(phases: PhaseProgress, phase: JobPhase): PhaseState {
  const index = PHASES.indexOf(phase)
  const latest = PHASES.reduce((last, p, i) => (phases[p] === undefined ? last : i), -1)
  if (index < latest) return phases[phase] === undefined ? 'skipped' : 'done'
  if (index === latest) return 'running'
  return 'waiting'
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${JSON.stringify(v)}`)
}

/**
 * A duration for the progress panel: seconds under a minute, then minutes and seconds, then hours.
 *
 * @example formatElapsed(65_000) // '1 min 05 s'
 */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const seconds = total % 60
  const minutes = Math.floor(total / 60) % 60
  const hours = Math.floor(total / 3600)
  const pad = (n: number): string => String(n).padStart(2, '0')
  if (hours > 0) return `${hours} h ${pad(minutes)} min`
  if (minutes > 0) return `${minutes} min ${pad(seconds)} s`
  return `${seconds} s`
}
