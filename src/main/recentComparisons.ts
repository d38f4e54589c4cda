/**
 * The recent comparisons of two files: the last RECENT_MAX that finished, newest first, one per pair of
 * files (a second run of the same pair replaces the first). They live in memory for the session and, when
 * the host keeps an app state, in its file too, except comparisons of uploaded copies, which are deleted
 * with the session and could not be run again.
 */
import { stat } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import type { RecentComparison } from '../shared/api'
import { err, ok, type Result } from '../shared/errors'
import type { Report } from '../shared/model'
import {
  type AppStateStore,
  isSamePair,
  RECENT_MAX,
  withRecentComparison
} from './project/appState'

export type RecentComparisons = Readonly<{
  /** Adds the comparison that produced `report`. */
  record: (report: Report) => void
  /** Newest first. */
  list: () => readonly RecentComparison[]
  /** The recent comparison of a report, with both files checked to still exist; else why not. */
  find: (reportId: string) => Promise<Result<RecentComparison>>
}>

/**
 * Keeps the recent comparisons of a backend; `transientDir` is the backend's temp folder (uploads), whose
 * files are not written to the app state.
 */
export function createRecentComparisons(
  options: Readonly<{ appState?: AppStateStore; transientDir: string }>
): RecentComparisons {
  let entries: RecentComparison[] = [...(options.appState?.get().recentComparisons ?? [])]
  const transient = resolve(options.transientDir) + sep

  function record(report: Report): void {
    const entry: RecentComparison = {
      reportId: report.id,
      reference: { path: report.inputs.reference.path, name: report.inputs.reference.name },
      current: { path: report.inputs.current.path, name: report.inputs.current.name },
      finishedAt: report.createdAt,
      verdict: {
        drifted: report.dataset.drifted,
        numberOfDrifted: report.dataset.numberOfDrifted,
        numberOfColumns: report.dataset.numberOfColumns,
        gate: report.gate.status
      }
    }
    entries = [entry, ...entries.filter((e) => !isSamePair(e, entry))].slice(0, RECENT_MAX)
    const isUpload = [entry.reference.path, entry.current.path].some((p) =>
      resolve(p).startsWith(transient)
    )
    if (!isUpload) void options.appState?.update((s) => withRecentComparison(s, entry))
  }

  async function find(reportId: string): Promise<Result<RecentComparison>> {
    const entry = entries.find((e) => e.reportId === reportId)
    if (entry === undefined) {
      return err(
        'NOT_FOUND',
        'That comparison is no longer among the recent ones. Choose its two files again.'
      )
    }
    for (const file of [entry.reference, entry.current]) {
      const isFile = await stat(file.path).then(
        (s) => s.isFile(),
        () => false
      )
      if (!isFile) {
        return err(
          'FILE_NOT_FOUND',
          `${file.name} is no longer at ${file.path}, so the comparison cannot run again. Choose the file where it is now.`
        )
      }
    }
    return ok(entry)
  }

  return { record, list: () => entries, find }
}
