import { describe, expect, it } from 'vitest'
import { DOCUMENT_ELEMENT_ID, REPORT_VERSION } from '../../shared/model'
import { fixtureReport } from '../features/report/fixtureReport'
import { readDocument } from './readDocument'

/** A page whose document element holds `text` (no element when null). */
function page(text: string | null): Pick<Document, 'getElementById'> {
  return {
    getElementById: (id: string) =>
      id === DOCUMENT_ELEMENT_ID && text !== null ? ({ textContent: text } as HTMLElement) : null
  }
}

describe('readDocument', () => {
  it('reads the embedded document, with its escapes read back', () => {
    const report = fixtureReport()
    const document = {
      version: REPORT_VERSION,
      exportedAt: '2025-03-02T08:00:00.000Z',
      exportedBy: 'Driftwatch 0.1.0',
      content: { kind: 'report', report }
    }
    const escaped = JSON.stringify(document).replace(/</g, '\\u003c').replace(/>/g, '\\u003e')
    expect(readDocument(page(escaped))).toEqual({ ok: true, value: document })
  })

  it('says why a page cannot be drawn: no document, a damaged one, another version or kind', () => {
    const message = (text: string | null): string | null => {
      const read = readDocument(page(text))
      return read.ok ? null : read.error.message
    }
    expect(message(null)).toBe(
      'This file holds no Driftwatch report. Export the report from Driftwatch again.'
    )
    expect(message('{"version": 3, "content": {')).toBe(
      'The report in this file is damaged and cannot be read. Export it from Driftwatch again.'
    )
    expect(message('{"version": 2, "content": { "kind": "report" }}')).toBe(
      `This file holds a report of version 2, which this page draws as version ${REPORT_VERSION}. Export it again with the Driftwatch that reads it.`
    )
    expect(message(`{"version": ${REPORT_VERSION}, "content": { "kind": "slides" }}`)).toBe(
      'This file holds a kind of report this page cannot draw. Export it from Driftwatch again.'
    )
  })
})
