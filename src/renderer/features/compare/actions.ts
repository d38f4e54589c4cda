/**
 * What the compare screen does with the backend: startup, files, runs and cancelling. Plain async functions
 * over a `Client` and the store, so tests can drive them with a fake client.
 */
import type { ComparePartial, JobFinished, JobPartial, JobProgress } from '../../../shared/api'
import type { AppError } from '../../../shared/errors'
import type { Client, FileRole } from '../../api'
import {
  baseName,
  compareSelectors,
  optionsSelectors,
  type SlotFile,
  useAppStore,
  validationSelectors
} from '../../store'
import { createFrameBatcher } from './frameBatcher'

const store = useAppStore

/**
 * Asks the host who it is, then fills both slots with the bundled demo, ready to run, and reads the
 * recent comparisons.
 */
export async function loadStartup(client: Client): Promise<void> {
  // Open the event stream now, so it is connected before the first run.
  void client.eventsReady()
  try {
    await Promise.all([startup(client), loadRecentComparisons(client)])
  } finally {
    store.getState().markStarted()
  }
}

async function startup(client: Client): Promise<void> {
  const info = await client.call('app:info', {})
  if (!info.ok) {
    store.getState().showError(info.error)
    return
  }
  store.getState().setInfo(info.value)
  const demo = await client.call('demo:get', {})
  if (!demo.ok) {
    store.getState().showError(demo.error)
    return
  }
  const { reference, current, drops, ignore, suitePath } = demo.value
  const s = store.getState()
  if (s.suitePath === null) s.setSuitePath(suitePath)
  // A file the person already chose while the demo loaded wins over the demo.
  if (s.reference === null)
    s.setSlot('reference', { ref: reference, name: baseName(reference.path) })
  if (s.current === null) s.setSlot('current', { ref: current, name: baseName(current.path) })
  if (s.ignoreText === '') s.setIgnoreText(ignore.join(', '))
  s.setQuickDrops(
    drops.filter((d) => d.path !== current.path).map((ref) => ({ ref, name: baseName(ref.path) }))
  )
}

/** Makes `file` readable by the backend (upload or path) and puts it in the slot. */
export async function openFileInto(client: Client, role: FileRole, file: File): Promise<boolean> {
  const s = store.getState()
  s.setOpening(role, true)
  try {
    const result = await client.openFile(file)
    if (!result.ok) {
      store.getState().showError(result.error)
      return false
    }
    store.getState().setSlot(role, { ref: result.value, name: file.name })
    return true
  } finally {
    store.getState().setOpening(role, false)
  }
}

/**
 * Files dropped on the window: two or more fill both slots (first reference, second current); one fills
 * the reference while it is empty, the current slot otherwise.
 */
export async function openDroppedFiles(client: Client, files: readonly File[]): Promise<void> {
  const [first, second] = files
  if (!first) return
  if (second) {
    await Promise.all([
      openFileInto(client, 'reference', first),
      openFileInto(client, 'current', second)
    ])
    return
  }
  await openFileInto(client, store.getState().reference === null ? 'reference' : 'current', first)
}

/** The native file dialog (Electron). Cancelling the dialog changes nothing. */
export async function pickInto(client: Client, role: FileRole): Promise<void> {
  const result = await client.pickFile(role)
  if (!result.ok) {
    store.getState().showError(result.error)
    return
  }
  if (result.value !== null) {
    store.getState().setSlot(role, { ref: result.value, name: baseName(result.value.path) })
  }
}

export function chooseQuickDrop(file: SlotFile): void {
  store.getState().setSlot('current', file)
}

type JobEvent =
  | Readonly<{ type: 'progress'; payload: JobProgress }>
  | Readonly<{ type: 'partial'; payload: JobPartial }>
  | Readonly<{ type: 'finished'; payload: JobFinished }>

/**
 * Runs the comparison of the two slots with the options of the panel. Invalid options open the panel (their
 * messages are next to the fields) instead of running. Listens to job events before asking for the run,
 * because they can arrive before the reply with the job id; those are kept and replayed once the id is known.
 * Progress and partial results are applied to the store once per frame (see frameBatcher.ts), so a burst
 * of events costs one render; the job's last event first applies what is still waiting.
 */
export async function runCompare(client: Client): Promise<void> {
  const s = store.getState()
  if (!compareSelectors.canRun(s) || s.reference === null || s.current === null) return
  const built = optionsSelectors.built(s)
  if (!built.ok) {
    s.setOptionsOpen(true)
    return
  }
  // The folded panel's summary line says what this run was asked to do; the report gets the room.
  s.setOptionsOpen(false)
  const validation = validationSelectors.request(s)
  const request = {
    reference: s.reference.ref,
    current: s.current.ref,
    options: built.options,
    ...(validation === undefined ? {} : { validation })
  }
  s.startRun()
  s.clearReport()
  s.startLive()

  let jobId: string | null = null
  let isDone = false
  const early: JobEvent[] = []
  const unsubscribers: Array<() => void> = []
  const batcher = createFrameBatcher<JobEvent>((events) => {
    const progress: JobProgress[] = []
    const partials: ComparePartial[] = []
    for (const event of events) {
      if (event.type === 'progress') progress.push(event.payload)
      else if (event.type === 'partial') partials.push(event.payload)
    }
    store.getState().applyJobUpdates({ progress, partials })
  })
  const stopListening = () => {
    for (const off of unsubscribers.splice(0)) off()
  }

  const handle = (event: JobEvent): void => {
    if (jobId === null) {
      early.push(event)
      return
    }
    if (isDone || event.payload.jobId !== jobId) return
    if (event.type !== 'finished') {
      batcher.push(event)
      return
    }
    isDone = true
    stopListening()
    batcher.flush()
    batcher.dispose()
    void finish(client, event.payload)
  }

  unsubscribers.push(client.on('job:progress', (payload) => handle({ type: 'progress', payload })))
  unsubscribers.push(client.on('job:partial', (payload) => handle({ type: 'partial', payload })))
  unsubscribers.push(client.on('job:finished', (payload) => handle({ type: 'finished', payload })))

  // A fast job can finish before a just-opened event stream connects: wait for it (but not forever).
  await Promise.race([client.eventsReady(), delay(EVENTS_WAIT_MS)])
  const ticket = await client.call('compare:run', request)
  if (!ticket.ok) {
    stopListening()
    batcher.dispose()
    store.getState().endLive()
    store.getState().endRun({ error: ticket.error })
    return
  }
  jobId = ticket.value.jobId
  store.getState().setJob(jobId)
  for (const event of early.splice(0)) handle(event)
  // Cancel was pressed before the job had an id: pass it on now.
  if (!isDone && store.getState().status === 'cancelling') {
    const cancelled = await client.call('job:cancel', { jobId })
    if (!cancelled.ok) store.getState().showError(cancelled.error)
  }
}

async function finish(client: Client, finished: JobFinished): Promise<void> {
  switch (finished.outcome) {
    case 'done': {
      if (finished.reportId === undefined) {
        store.getState().endLive()
        store.getState().endRun({ error: missingReport() })
        return
      }
      const report = await client.call('report:get', { reportId: finished.reportId })
      if (!report.ok) {
        store.getState().endLive()
        store.getState().endRun({ error: report.error })
        return
      }
      const hadEditor = store.getState().draft !== null
      // A column opened while the results came in stays open in the report.
      const opened = store.getState().selectedColumn
      store.getState().showReport(report.value)
      store.getState().endLive()
      store.getState().endRun({})
      if (opened !== null) store.getState().selectColumn(opened)
      store.getState().rememberColumns(report.value)
      // The editor stays open across a re-run, on the suite the new report checked.
      if (hadEditor) store.getState().openSuiteEditor(report.value)
      await loadRecentComparisons(client)
      return
    }
    case 'failed':
      store.getState().endLive()
      store.getState().endRun({ error: finished.error ?? unknownFailure() })
      return
    case 'cancelled':
      store.getState().endLive()
      store.getState().endRun({ notice: 'The comparison was cancelled. Nothing was changed.' })
      return
    default:
      assertNever(finished.outcome)
  }
}

/** Reads the recent comparisons from the backend into the store; a failure leaves the list as it was. */
export async function loadRecentComparisons(client: Client): Promise<void> {
  const recent = await client.call('compare:recent', {})
  if (recent.ok) store.getState().setRecentComparisons(recent.value)
}

/** Asks the backend to stop the running job; its `job:finished` event ends the run. */
export async function cancelRun(client: Client): Promise<void> {
  const s = store.getState()
  if (s.status !== 'running') return
  const jobId = s.jobId
  s.setCancelling()
  if (jobId === null) return
  const result = await client.call('job:cancel', { jobId })
  if (!result.ok) store.getState().showError(result.error)
}

/** How long a run waits for the event stream to connect before asking for the job anyway. */
const EVENTS_WAIT_MS = 5000

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function missingReport(): AppError {
  return {
    code: 'INTERNAL',
    message: 'The comparison finished but sent no report. Run it again.'
  }
}

function unknownFailure(): AppError {
  return {
    code: 'INTERNAL',
    message:
      'The comparison failed without saying why. Run it again; if it fails again, check the log.'
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}
