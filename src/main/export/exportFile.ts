/**
 * The app's Export menu (`report:export`): a comparison's report, a project batch's report or a project,
 * rendered in the format asked for, with a file name to save it under. The renderers are the CLI's
 * (html.ts, outputs.ts, junit.ts, markdown.ts); this module finds what to render and names the file.
 */
import {
  EXPORT_FORMATS,
  type ExportedFile,
  type ExportFormat,
  type ExportSource,
  isExportFormat,
  PROJECT_EXPORT_FORMATS
} from '../../shared/api'
import { err, ok, type Result } from '../../shared/errors'
import type { ProjectContent, ProjectHistory, Report } from '../../shared/model'
import { HTML_MEDIA_TYPE, renderProjectHtml, renderReportHtml } from './html'
import { renderReportJunit } from './junit'
import { renderReportMarkdown } from './markdown'
import { renderHistoryJson, renderReportJson } from './outputs'

const MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  html: HTML_MEDIA_TYPE,
  json: 'application/json',
  junit: 'application/xml',
  markdown: 'text/markdown; charset=utf-8'
}

const EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  html: 'html',
  json: 'json',
  junit: 'xml',
  markdown: 'md'
}

/** What exporting needs from the backend: where reports and projects are found. */
export type ExportSources = Readonly<{
  /** A comparison's report the backend kept. */
  report: (reportId: string) => Result<Report>
  /** A processed batch's report, from its project's history. */
  batchReport: (folder: string, runId: string) => Promise<Result<Report>>
  /** An open project's name and history. */
  project: (folder: string) => Promise<Result<Readonly<{ name: string; history: ProjectHistory }>>>
  /** What writes the files, e.g. `Driftwatch 0.1.0`. */
  exportedBy: string
}>

/**
 * The file of `source` in `format`, or why it cannot be made (an unknown report or project, a format the
 * source has not: a project exports as HTML or JSON only).
 */
export async function exportSource(
  request: Readonly<{ source: ExportSource; format: ExportFormat }>,
  sources: ExportSources
): Promise<Result<ExportedFile>> {
  const format = request?.format
  if (!isExportFormat(format)) {
    return err('INVALID_OPTIONS', `Choose a format to export: ${EXPORT_FORMATS.join(', ')}.`)
  }
  const source = request.source
  switch (source?.kind) {
    case 'report': {
      const report = sources.report(String(source.reportId))
      return report.ok ? ok(reportFile(report.value, format)) : report
    }
    case 'batch': {
      const report = await sources.batchReport(String(source.folder), String(source.runId))
      return report.ok ? ok(reportFile(report.value, format)) : report
    }
    case 'project': {
      if (format !== 'html' && format !== 'json') {
        return err(
          'UNSUPPORTED',
          `A project exports as ${PROJECT_EXPORT_FORMATS.join(' or ')}; for ${format}, open a batch's report and export that.`
        )
      }
      const folder = String(source.folder)
      const project = await sources.project(folder)
      if (!project.ok) return project
      const latest = [...project.value.history.batches]
        .reverse()
        .find((b) => b.status === 'done' && b.result !== undefined)
      const reports: Report[] = []
      if (latest?.result !== undefined) {
        const report = await sources.batchReport(folder, latest.result.runId)
        if (!report.ok) return report
        reports.push(report.value)
      }
      return ok(
        projectFile(
          {
            project: { name: project.value.name, folder },
            history: project.value.history,
            reports
          },
          format,
          sources.exportedBy
        )
      )
    }
    default:
      return err(
        'INVALID_OPTIONS',
        'Say what to export: a report (reportId), a project batch (folder and runId) or a project (folder).'
      )
  }
}

/**
 * A report as a file in `format`, named after its two inputs.
 *
 * @example reportFile(report, 'junit').fileName // 'driftwatch-week1-vs-reference.xml'
 */
export function reportFile(report: Report, format: ExportFormat): ExportedFile {
  const { reference, current } = report.inputs
  const fileName = `driftwatch-${fileStem(current.name)}-vs-${fileStem(reference.name)}.${EXTENSIONS[format]}`
  return { fileName, mediaType: MEDIA_TYPES[format], text: renderReport(report, format) }
}

function renderReport(report: Report, format: ExportFormat): string {
  switch (format) {
    case 'html':
      return renderReportHtml(report)
    case 'json':
      return renderReportJson(report)
    case 'junit':
      return renderReportJunit(report)
    case 'markdown':
      return renderReportMarkdown(report)
    default:
      return assertNever(format)
  }
}

/** A project as HTML (its history and the reports given) or its history as JSON. */
export function projectFile(
  content: Omit<ProjectContent, 'kind'>,
  format: 'html' | 'json',
  exportedBy: string
): ExportedFile {
  const stem = `driftwatch-${fileStem(content.project.name)}`
  return format === 'json'
    ? {
        fileName: `${stem}-history.json`,
        mediaType: MEDIA_TYPES.json,
        text: renderHistoryJson(content.history)
      }
    : {
        fileName: `${stem}.html`,
        mediaType: MEDIA_TYPES.html,
        text: renderProjectHtml(content, { exportedBy })
      }
}

/**
 * A name made safe for a file name on every system: its folders and extension dropped, runs of anything
 * but letters, digits, `.`, `_` and `-` made one `-`, at most 60 characters; `report` when nothing is left.
 *
 * @example fileStem('week 1 <final>.csv') // 'week-1-final'
 */
export function fileStem(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name
  const dot = base.lastIndexOf('.')
  const stem = dot > 0 ? base.slice(0, dot) : base
  const safe = stem
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
  return safe === '' ? 'report' : safe
}

function assertNever(v: never): never {
  throw new Error(`unexpected export format ${String(v)}`)
}
