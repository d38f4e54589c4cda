import { describe, expect, it } from 'vitest'
import { REPORT_VERSION } from '../../shared/model'
import { batchRecord, fixtureReport, FIXTURE_VALIDATION } from '../../../test/reportFixture'
import {
  OUTPUT_SCHEMAS,
  renderHistoryJson,
  renderReportJson,
  renderRunJson,
  renderValidateJson,
  REPORT_SCHEMA_ID
} from './outputs'

describe('JSON outputs', () => {
  it('a report is written as it is, indented, with one trailing line break', () => {
    const report = fixtureReport()
    const text = renderReportJson(report)
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.split('\n')[1]).toBe(`  "version": ${REPORT_VERSION},`)
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)))
  })

  it('the CLI outputs open with the version, then their content', () => {
    const suite = { version: 1 as const, expectations: [] }
    const validate = JSON.parse(renderValidateJson({ validation: FIXTURE_VALIDATION, suite }))
    expect(Object.keys(validate)).toEqual(['version', 'validation', 'suite'])
    expect(validate.version).toBe(REPORT_VERSION)
    const run = JSON.parse(
      renderRunJson({ folder: '/p', processed: [batchRecord('week1.csv')], ignored: [] })
    )
    expect(Object.keys(run)).toEqual(['version', 'folder', 'processed', 'ignored'])
    const history = JSON.parse(
      renderHistoryJson({ folder: '/p', batches: [], columns: [], events: [] })
    )
    expect(Object.keys(history)).toEqual(['version', 'folder', 'batches', 'columns', 'events'])
  })

  it('publishes one schema per output, each $id carrying the version', () => {
    expect(OUTPUT_SCHEMAS.map((s) => [s.path, s.id])).toEqual([
      ['schema/report.schema.json', REPORT_SCHEMA_ID],
      [
        'schema/validate-output.schema.json',
        `https://driftwatch.dev/schema/validate-output-${REPORT_VERSION}.json`
      ],
      [
        'schema/run-output.schema.json',
        `https://driftwatch.dev/schema/run-output-${REPORT_VERSION}.json`
      ],
      [
        'schema/history-output.schema.json',
        `https://driftwatch.dev/schema/history-output-${REPORT_VERSION}.json`
      ]
    ])
  })
})
