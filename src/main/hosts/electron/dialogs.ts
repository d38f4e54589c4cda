/**
 * The native dialogs behind `files:pick` (one data file, filtered to the formats the engine reads) and
 * `folders:pick` (a project folder).
 */
import { dialog } from 'electron'
import type { BrowserWindow, OpenDialogOptions } from 'electron'

/** Extensions the engine reads (gz covers compressed CSV/TSV/JSON). */
export const DATA_FILE_EXTENSIONS: readonly string[] = [
  'csv',
  'tsv',
  'gz',
  'parquet',
  'json',
  'ndjson',
  'jsonl'
]

/** The dialog options for choosing the reference or the current data. */
export function openDialogOptions(role: 'reference' | 'current'): OpenDialogOptions {
  return {
    title: role === 'reference' ? 'Choose the reference data' : 'Choose the current data',
    buttonLabel: 'Choose',
    properties: ['openFile'],
    filters: [{ name: 'Data files', extensions: [...DATA_FILE_EXTENSIONS] }]
  }
}

/** The dialog options for choosing a project folder. */
export const FOLDER_DIALOG_OPTIONS: OpenDialogOptions = {
  title: 'Open a project folder',
  buttonLabel: 'Open',
  properties: ['openDirectory']
}

/**
 * A `pickFile` for the backend: shows the dialog over the window `parent()` returns (or on its own when
 * there is none) and resolves to the chosen path, or null when the person cancels.
 */
export function createPickFile(
  parent: () => BrowserWindow | null
): (role: 'reference' | 'current') => Promise<string | null> {
  return (role) => showOpen(parent(), openDialogOptions(role))
}

/** A `pickFolder` for the backend, shown the same way. */
export function createPickFolder(parent: () => BrowserWindow | null): () => Promise<string | null> {
  return () => showOpen(parent(), FOLDER_DIALOG_OPTIONS)
}

async function showOpen(
  window: BrowserWindow | null,
  options: OpenDialogOptions
): Promise<string | null> {
  const result =
    window === null || window.isDestroyed()
      ? await dialog.showOpenDialog(options)
      : await dialog.showOpenDialog(window, options)
  if (result.canceled) return null
  return result.filePaths[0] ?? null
}
