/**
 * Reading the document an exported file carries: the JSON of its `<script type="application/json">`
 * element (src/main/export/html.ts writes it), checked for the version this bundle draws.
 */
import { err, ok, type Result } from '../../shared/errors'
import { DOCUMENT_ELEMENT_ID, type ExportDocument, REPORT_VERSION } from '../../shared/model'

const KINDS: ReadonlySet<string> = new Set(['report', 'validation', 'project'])

/**
 * The embedded document of `page`, or why it cannot be drawn, as a sentence.
 *
 * @example readDocument(document) // { ok: true, value: { version: 3, content: { kind: 'report', ... } } }
 */
export function readDocument(page: Pick<Document, 'getElementById'>): Result<ExportDocument> {
  const text = page.getElementById(DOCUMENT_ELEMENT_ID)?.textContent
  if (text === undefined || text === null || text.trim() === '') {
    return err(
      'NOT_FOUND',
      'This file holds no Driftwatch report. Export the report from Driftwatch again.'
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    return err(
      'JSON_PARSE_FAILED',
      'The report in this file is damaged and cannot be read. Export it from Driftwatch again.',
      String(e)
    )
  }
  const document = parsed as Partial<ExportDocument> | null
  if (typeof document !== 'object' || document === null || document.version !== REPORT_VERSION) {
    return err(
      'UNSUPPORTED',
      `This file holds a report of version ${String(document?.version)}, which this page draws as version ${REPORT_VERSION}. Export it again with the Driftwatch that reads it.`
    )
  }
  if (typeof document.content !== 'object' || !KINDS.has(String(document.content?.kind))) {
    return err(
      'UNSUPPORTED',
      'This file holds a kind of report this page cannot draw. Export it from Driftwatch again.'
    )
  }
  return ok(document as ExportDocument)
}
