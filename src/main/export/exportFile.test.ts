import { describe, expect, it } from 'vitest'
import type { ExportFormat } from '../../shared/api'
import { err, ok } from '../../shared/errors'
import type { BatchResult, ProjectHistory } from '../../shared/model'
import { embeddedDocument } from '../../../test/htmlDocument'
import { batchRecord, fixtureReport } from '../../../test/reportFixture'
import { exportSource, type ExportSources, fileStem, reportFile } from './exportFile'

const report = fixtureReport()

function result(runId: string): BatchResult {
  return {
    runId,
    finishedAt: '2025-03-01T00:00:02.000Z',
    rows: 165,
    validation: 'pass',
    gate: 'valid',
    drifted: true,
    driftedColumns: 2,
    testedColumns: 4,
    countsTowardRetraining: true
  }
}

const history: ProjectHistory = {
  folder: '/projects/churn',
  batches: [
    batchRecord('week1.csv', { result: result('run-1') }),
    batchRecord('week2.csv', { result: result('run-2') }),
    batchRecord('week3.csv', { status: 'failed', reason: 'The file is empty.' })
  ],
  columns: [],
  events: []
}

/** Sources that know one report and one project; `asked` records the batch reports read. */
function sources(asked: string[] = []): ExportSources {
  return {
    report: (id) => (id === report.id ? ok(report) : err('NOT_FOUND', `No report with id ${id}.`)),
    batchReport: async (folder, runId) => {
      asked.push(`${folder}#${runId}`)
      return ok({ ...report, id: runId })
    },
    project: async (folder) =>
      folder === history.folder
        ? ok({ name: 'Churn model', history })
        : err('NOT_FOUND', `The project ${folder} is not open. Open its folder first.`),
    exportedBy: 'Driftwatch 9.9.9'
  }
}

describe('reportFile', () => {
  it('renders each format under a name made of both inputs, with its media type', () => {
    const files = (['html', 'json', 'junit', 'markdown'] as const).map((f) => reportFile(report, f))
    expect(files.map((f) => [f.fileName, f.mediaType])).toEqual([
      ['driftwatch-week-1-vs-reference.html', 'text/html; charset=utf-8'],
      ['driftwatch-week-1-vs-reference.json', 'application/json'],
      ['driftwatch-week-1-vs-reference.xml', 'application/xml'],
      ['driftwatch-week-1-vs-reference.md', 'text/markdown; charset=utf-8']
    ])
    const [html, json, junit, markdown] = files.map((f) => f.text)
    expect(embeddedDocument(html ?? '').content).toEqual({ kind: 'report', report })
    expect(JSON.parse(json ?? '')).toEqual(report)
    expect(junit).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /)
    expect(markdown).toMatch(/^## Driftwatch: /)
  })
})

describe('fileStem', () => {
  it('keeps letters, digits, dots, dashes and underscores, and drops folders and extension', () => {
    expect(fileStem('week 1 <final>.csv')).toBe('week-1-final')
    expect(fileStem('../../etc/passwd')).toBe('passwd')
    expect(fileStem('C:\\data\\week2.csv')).toBe('week2')
    expect(fileStem('données_2024.parquet')).toBe('donn-es_2024')
    expect(fileStem('<>.csv')).toBe('report')
    expect(fileStem('x'.repeat(100))).toHaveLength(60)
  })
})

describe('exportSource', () => {
  it('exports a kept report, and says so when it is not kept', async () => {
    const file = await exportSource(
      { source: { kind: 'report', reportId: report.id }, format: 'json' },
      sources()
    )
    expect(file.ok && JSON.parse(file.value.text)).toEqual(report)
    const missing = await exportSource(
      { source: { kind: 'report', reportId: 'gone' }, format: 'json' },
      sources()
    )
    expect(missing).toEqual(err('NOT_FOUND', 'No report with id gone.'))
  })

  it("exports a project batch's report from its project", async () => {
    const asked: string[] = []
    const file = await exportSource(
      { source: { kind: 'batch', folder: '/projects/churn', runId: 'run-2' }, format: 'markdown' },
      sources(asked)
    )
    expect(asked).toEqual(['/projects/churn#run-2'])
    expect(file.ok && file.value.fileName).toBe('driftwatch-week-1-vs-reference.md')
  })

  it("exports a project as HTML with its history and the latest processed batch's report", async () => {
    const asked: string[] = []
    const file = await exportSource(
      { source: { kind: 'project', folder: '/projects/churn' }, format: 'html' },
      sources(asked)
    )
    expect(asked).toEqual(['/projects/churn#run-2'])
    if (!file.ok) throw new Error(file.error.message)
    expect(file.value.fileName).toBe('driftwatch-Churn-model.html')
    const document = embeddedDocument(file.value.text)
    expect(document.exportedBy).toBe('Driftwatch 9.9.9')
    expect(document.content).toEqual({
      kind: 'project',
      project: { name: 'Churn model', folder: '/projects/churn' },
      history,
      reports: [{ ...report, id: 'run-2' }]
    })
  })

  it("exports a project's history as JSON, and refuses the formats a project has not", async () => {
    const json = await exportSource(
      { source: { kind: 'project', folder: '/projects/churn' }, format: 'json' },
      sources()
    )
    expect(json.ok && json.value.fileName).toBe('driftwatch-Churn-model-history.json')
    expect(json.ok && JSON.parse(json.value.text).batches).toHaveLength(3)
    const junit = await exportSource(
      { source: { kind: 'project', folder: '/projects/churn' }, format: 'junit' },
      sources()
    )
    expect(junit).toEqual(
      err(
        'UNSUPPORTED',
        "A project exports as html or json; for junit, open a batch's report and export that."
      )
    )
  })

  it('refuses an unknown format or source, and passes on why a project cannot be read', async () => {
    const format = await exportSource(
      { source: { kind: 'report', reportId: report.id }, format: 'pdf' as ExportFormat },
      sources()
    )
    expect(format.ok ? null : format.error.message).toBe(
      'Choose a format to export: html, json, junit, markdown.'
    )
    const source = await exportSource(
      { source: { kind: 'folder' } as never, format: 'html' },
      sources()
    )
    expect(source.ok ? null : source.error.code).toBe('INVALID_OPTIONS')
    const closed = await exportSource(
      { source: { kind: 'project', folder: '/elsewhere' }, format: 'html' },
      sources()
    )
    expect(closed).toEqual(
      err('NOT_FOUND', 'The project /elsewhere is not open. Open its folder first.')
    )
  })
})
