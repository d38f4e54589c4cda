/**
 * Exporting from the app: the backend renders the file (`report:export`), the renderer saves it as a
 * download (a Blob behind an `<a download>` link), which works the same in Electron and in a browser over
 * `driftwatch serve`. The save is a parameter, so tests can drive the export with a fake client.
 */
import type { ExportedFile, ExportFormat, ExportSource } from '../../../shared/api'
import type { Result } from '../../../shared/errors'
import type { Client } from '../../api'

/** The menu's words for each format: what it is and what it is for. */
export const FORMAT_TEXT: Readonly<
  Record<ExportFormat, Readonly<{ label: string; hint: string }>>
> = {
  html: { label: 'HTML report', hint: 'One file that opens offline in any browser; prints to PDF' },
  json: { label: 'JSON', hint: 'The report as data, following the published schema' },
  junit: { label: 'JUnit XML', hint: 'A test case per expectation and per column, for CI' },
  markdown: { label: 'Markdown summary', hint: 'For a CI step summary or a review comment' }
}

/** The words for a project's formats, where they differ from a report's. */
export const PROJECT_FORMAT_TEXT: Readonly<
  Partial<Record<ExportFormat, Readonly<{ label: string; hint: string }>>>
> = {
  html: {
    label: 'HTML project report',
    hint: 'The batches, the drift heatmap and the latest report, in one file'
  },
  json: { label: 'History as JSON', hint: 'Every batch and per-column result, as data' }
}

/**
 * Asks the backend for `source` in `format` and saves the file; resolves with the file saved, or with the
 * error to show.
 */
export async function exportFile(
  client: Client,
  request: Readonly<{ source: ExportSource; format: ExportFormat }>,
  save: (file: ExportedFile) => void = saveFile
): Promise<Result<ExportedFile>> {
  const exported = await client.call('report:export', request)
  if (exported.ok) save(exported.value)
  return exported
}

/** How long a saved file's object URL is kept: the download has read it long before. */
const REVOKE_AFTER_MS = 60_000

/** Saves a file as a download under its suggested name. */
export function saveFile(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mediaType }))
  const link = document.createElement('a')
  link.href = url
  link.download = file.fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS)
}
