/**
 * What the suite editor does with the backend: save the edited suite to its file (edits applied one by
 * one to a file that exists, so the person's comments stay; a whole new file for a suite that was
 * inferred), re-run the comparison with the saved file or with the edits unsaved, and give the suite as a
 * YAML download where no file can be written.
 */
import type { Client } from '../../api'
import { useAppStore, validationSelectors } from '../../store'
import { runCompare } from '../compare/actions'

const store = useAppStore

/** Saves the draft where it belongs; true when the file now holds it. */
export async function saveSuite(client: Client): Promise<boolean> {
  const s = store.getState()
  const draft = s.draft
  const path = validationSelectors.savePath(s)
  if (draft === null) return false
  if (path === null) {
    s.setEditorMessage({
      tone: 'error',
      text: 'This suite has no file to be saved to. Download it as YAML, or re-run with the edits unsaved.'
    })
    return false
  }
  s.setSavingSuite(true)
  try {
    const saved =
      draft.source.kind === 'file'
        ? draft.edits.length === 0
          ? await client.call('suite:read', { path })
          : await client.call('suite:edit', { path, edits: draft.edits })
        : await client.call('suite:write', { path, suite: draft.suite })
    if (!saved.ok) {
      store.getState().setEditorMessage({ tone: 'error', text: saved.error.message })
      return false
    }
    const after = store.getState()
    after.rebaseDraft(saved.value.suite, { kind: 'file', path, problems: saved.value.problems })
    after.setSuitePath(path)
    after.setPendingSuite(null)
    after.setEditorMessage({ tone: 'info', text: `Saved to ${path}.` })
    return true
  } finally {
    store.getState().setSavingSuite(false)
  }
}

/** Saves, then runs again against the saved file: `rerun`, or the Compare screen's comparison. */
export async function saveAndRerun(client: Client, rerun?: () => Promise<void>): Promise<void> {
  if (!(await saveSuite(client))) return
  await (rerun ?? (() => runCompare(client)))()
}

/** Compares again, checking the draft as it is; the file is left alone. */
export async function rerunUnsaved(client: Client): Promise<void> {
  const draft = store.getState().draft
  if (draft === null) return
  store.getState().setPendingSuite(draft.suite)
  await runCompare(client)
}

/** Offers the draft as `expectations.yaml` to download. */
export async function downloadSuite(client: Client): Promise<void> {
  const draft = store.getState().draft
  if (draft === null) return
  const rendered = await client.call('suite:render', { suite: draft.suite })
  if (!rendered.ok) {
    store.getState().setEditorMessage({ tone: 'error', text: rendered.error.message })
    return
  }
  const url = URL.createObjectURL(new Blob([rendered.value.yaml], { type: 'application/yaml' }))
  const link = document.createElement('a')
  link.href = url
  link.download = 'expectations.yaml'
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
