/**
 * The recent comparisons list: show a finished comparison's report again (while the backend still keeps
 * it: this session), or run the same two files again with the options now set.
 */
import type { RecentComparison, RecentReopened } from '../../../shared/api'
import type { Client } from '../../api'
import { useAppStore } from '../../store'
import { runCompare } from './actions'

const store = useAppStore

/**
 * Puts a recent comparison's files back in the slots (readable again) and shows its report; a report
 * from an earlier session is gone, and a sentence says to run it again. Returns whether it was shown.
 */
export async function showRecent(client: Client, recent: RecentComparison): Promise<boolean> {
  const reopened = await reopen(client, recent)
  if (reopened === null) return false
  if (reopened.report === null) {
    store
      .getState()
      .showNotice(
        `The report of ${recent.reference.name} vs ${recent.current.name} is from an earlier session and was not kept. Choose "Run again" to compare them now.`
      )
    return false
  }
  store.getState().showReport(reopened.report)
  return true
}

/** Runs a recent comparison's two files again, with the options now set in the panel. */
export async function rerunRecent(client: Client, recent: RecentComparison): Promise<void> {
  if ((await reopen(client, recent)) !== null) await runCompare(client)
}

/**
 * Makes both files readable and puts them in the slots; null (and a sentence why) when a file is gone,
 * and null while a comparison runs (its slots must not change under it).
 */
async function reopen(client: Client, recent: RecentComparison): Promise<RecentReopened | null> {
  if (store.getState().status !== 'idle') return null
  const reopened = await client.call('compare:reopen', { reportId: recent.reportId })
  if (!reopened.ok) {
    store.getState().showError(reopened.error)
    return null
  }
  store.getState().setSlot('reference', {
    ref: reopened.value.reference,
    name: recent.reference.name
  })
  store.getState().setSlot('current', { ref: reopened.value.current, name: recent.current.name })
  return reopened.value
}
