/**
 * Runs one comparison through a backend's public API (the same calls the app makes) and waits for its
 * report: what the CLI and the tests use in-process. With `referenceProfile`, the reference's statistics
 * come from that stored profile folder and `reference` only names the file it stands for.
 */
import type { CompareValidationRequest, JobFinished } from '../shared/api'
import type { AppError, Result } from '../shared/errors'
import type { DriftOptions, Report } from '../shared/model'
import type { Backend } from './backend'

export async function runComparison(
  backend: Backend,
  command: Readonly<{
    reference: string
    current: string
    referenceProfile?: string
    options: DriftOptions
    validation?: CompareValidationRequest
    quiet?: boolean
  }>,
  io?: Readonly<{ err: (text: string) => void; isTty: boolean }>
): Promise<Result<Report>> {
  const reference = backend.grant(command.reference)
  const current = backend.grant(command.current)
  const referenceProfile =
    command.referenceProfile === undefined
      ? undefined
      : backend.grant(command.referenceProfile).path
  const finished = new Map<string, JobFinished>()
  let waiting: ((f: JobFinished) => void) | null = null
  let jobId: string | null = null
  const offFinished = backend.on('job:finished', (f) => {
    if (jobId === f.jobId && waiting) waiting(f)
    else finished.set(f.jobId, f)
  })
  const offProgress = backend.on('job:progress', (p) => {
    if (io && !command.quiet && io.isTty && p.jobId === jobId) {
      io.err(`\r${p.phase} ${p.done}/${p.total} ${p.message}`.padEnd(72).slice(0, 100))
    }
  })
  try {
    const ticket = await backend.call('compare:run', {
      reference,
      current,
      options: command.options,
      ...(referenceProfile === undefined ? {} : { referenceProfile }),
      ...(command.validation === undefined ? {} : { validation: command.validation })
    })
    if (!ticket.ok) return ticket
    jobId = ticket.value.jobId
    const done =
      finished.get(jobId) ??
      (await new Promise<JobFinished>((resolveFinished) => (waiting = resolveFinished)))
    if (io && !command.quiet && io.isTty) io.err('\r'.padEnd(80) + '\r')
    if (done.outcome !== 'done' || !done.reportId) {
      const error: AppError = done.error ?? {
        code: 'INTERNAL',
        message: 'The comparison ended without a report.'
      }
      return { ok: false, error }
    }
    return backend.call('report:get', { reportId: done.reportId })
  } finally {
    offFinished()
    offProgress()
  }
}
