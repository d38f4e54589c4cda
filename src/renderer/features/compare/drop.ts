/**
 * What dropping things on the window does. Two files fill both slots and the comparison runs at once; one
 * file goes to the side the person chooses, asked once per session; a folder opens as a project (in the
 * desktop app, which knows its path; a browser cannot upload a folder as a path, and says so); a file
 * dropped on a slot replaces that slot. Plain async functions over a `Client` and the store.
 */
import type { Client, FileRole } from '../../api'
import { useAppStore } from '../../store'
import { openFolder } from '../project/actions'
import { openFileInto, runCompare } from './actions'

const store = useAppStore

/** A dropped item: a file, or a folder (told apart by the browser's entry API). */
export type DroppedItem = Readonly<{ file: File; isDirectory: boolean }>

/** The part of a DataTransfer item this module reads (tests build their own). */
type ItemLike = Readonly<{
  kind: string
  getAsFile: () => File | null
  webkitGetAsEntry?: () => { isDirectory: boolean } | null
}>

/**
 * The files and folders of a drop. A folder shows up as a File too; only its entry says it is a folder
 * (where the entry API is missing, every item counts as a file).
 */
export function droppedItems(items: ArrayLike<ItemLike>): DroppedItem[] {
  const dropped: DroppedItem[] = []
  for (const item of Array.from(items)) {
    if (item.kind !== 'file') continue
    const file = item.getAsFile()
    if (file === null) continue
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null
    dropped.push({ file, isDirectory: entry?.isDirectory === true })
  }
  return dropped
}

/** Names that say a file is the reference (the training sample, a baseline). */
const REFERENCE_NAME = /(^|[^a-z])(ref|reference|train|training|baseline)([^a-z]|$)/i

/**
 * Which of two dropped files is the reference: the one whose name says so (reference, ref, train,
 * baseline) when only one does; otherwise the one whose name sorts first (week3 before week4, numbers
 * compared as numbers). The drop order says nothing: file managers hand files over in any order.
 *
 * @example orderDroppedPair(week4, week3) // [week3, week4]
 */
export function orderDroppedPair(a: File, b: File): readonly [File, File] {
  const aIsReference = REFERENCE_NAME.test(a.name)
  const bIsReference = REFERENCE_NAME.test(b.name)
  if (aIsReference !== bIsReference) return aIsReference ? [a, b] : [b, a]
  const order = a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' })
  return order <= 0 ? [a, b] : [b, a]
}

/** What a browser says when a folder is dropped: it cannot be opened from here. */
export function folderInBrowserNotice(name: string): string {
  return `${name} is a folder, and a browser window receives dropped folders as contents, not as a place on disk, so it cannot open it as a project. Type its path in "Open a project folder" above and choose Open.`
}

/** Files and folders dropped anywhere on the window but the slots. */
export async function dropOnWindow(client: Client, items: readonly DroppedItem[]): Promise<void> {
  if (items.length === 0) return
  const s = store.getState()
  if (s.status !== 'idle') {
    s.setView('compare')
    s.showNotice(
      'A comparison is running. Drop the files again when it has finished, or cancel it first.'
    )
    return
  }
  const folder = items.find((item) => item.isDirectory)
  if (folder !== undefined) {
    await openDroppedFolder(client, folder.file)
    return
  }
  s.setView('compare')
  const [first, second] = items
  if (first === undefined) return
  if (second === undefined) {
    await dropSingleFile(client, first.file)
    return
  }
  const [reference, current] = orderDroppedPair(first.file, second.file)
  const opened = await Promise.all([
    openFileInto(client, 'reference', reference),
    openFileInto(client, 'current', current)
  ])
  if (!opened.every(Boolean)) return
  await runCompare(client)
  // Said once the run has started (starting it clears the notices); it stays while the run does.
  if (items.length > 2) {
    store
      .getState()
      .showNotice(
        `${items.length} files were dropped; a comparison takes two, so ${reference.name} (reference) and ${current.name} (current) are compared.`
      )
  }
}

/** A folder dropped on the window: opened as a project where its path is known, else a sentence why not. */
async function openDroppedFolder(client: Client, folder: File): Promise<void> {
  const path = client.pathOf(folder)
  store.getState().setView('project')
  if (path === null) {
    store.getState().setProjectNotice(folderInBrowserNotice(folder.name))
    return
  }
  await openFolder(client, path)
}

/**
 * One file dropped on the window: into the side chosen earlier in this session, or held until the person
 * chooses (`chooseDropRole`).
 */
async function dropSingleFile(client: Client, file: File): Promise<void> {
  const role = store.getState().singleDropRole
  if (role === null) {
    store.getState().setPendingDrop(file)
    return
  }
  await openFileInto(client, role, file)
}

/** The person's answer to "Use <file> as": the held file goes there, and so do later single drops. */
export async function chooseDropRole(client: Client, role: FileRole): Promise<void> {
  const file = store.getState().pendingDrop
  store.getState().setSingleDropRole(role)
  store.getState().setPendingDrop(null)
  if (file !== null) await openFileInto(client, role, file)
}

/** Dismisses the question without using the file. */
export function cancelDropChoice(): void {
  store.getState().setPendingDrop(null)
}

/** Forgets the side chosen for single drops, so the next one asks again. */
export function forgetDropRole(): void {
  store.getState().setSingleDropRole(null)
}

/** Something dropped on one slot: a file replaces that slot's file; a folder is refused with a sentence. */
export async function dropOnSlot(client: Client, role: FileRole, item: DroppedItem): Promise<void> {
  if (item.isDirectory) {
    store
      .getState()
      .showNotice(
        `${item.file.name} is a folder. Drop a data file on a slot; drop a folder elsewhere on the window to open it as a project.`
      )
    return
  }
  await openFileInto(client, role, item.file)
}
