/**
 * What an exported HTML file carries: one standalone document's data, embedded in the file as JSON and
 * drawn by the export bundle (src/renderer/document) with the app's own report components. A document is
 * a comparison's report, a batch's validation alone (`driftwatch validate --html`), or a project: its
 * batch history with the reports of some batches (`driftwatch run --html`, the project overview's Export).
 */
import type { ProjectHistory } from './project'
import type { REPORT_VERSION, Report, ReportValidation } from './report'

/** The id of the `<script type="application/json">` element holding the document in an exported file. */
export const DOCUMENT_ELEMENT_ID = 'driftwatch-document'

/**
 * The performance marks a document makes, whose times since navigation the HTML export benchmark reads:
 * drawn, the first screen is drawn, every chart in the viewport included (`<html data-state="drawn">`);
 * complete, every chart of the page is drawn (`data-state="complete"`; charts further down are drawn in
 * idle time).
 */
export const DOCUMENT_MARKS = {
  drawn: 'driftwatch:drawn',
  complete: 'driftwatch:complete'
} as const

/** A comparison's report. */
export type ReportContent = Readonly<{ kind: 'report'; report: Report }>

/** A batch checked against its expectations, without a comparison. */
export type ValidationContent = Readonly<{
  kind: 'validation'
  /** The batch's file name. */
  name: string
  validation: ReportValidation
}>

/** A project's batches, with the full reports of some of them. */
export type ProjectContent = Readonly<{
  kind: 'project'
  project: Readonly<{ name: string; folder: string }>
  history: ProjectHistory
  /** Full reports of some processed batches (those a run processed, or the latest), in arrival order. */
  reports: readonly Report[]
}>

export type DocumentContent = ReportContent | ValidationContent | ProjectContent

/** The embedded JSON of an exported file. */
export type ExportDocument = Readonly<{
  version: typeof REPORT_VERSION
  /** When the file was written, ISO 8601. @format date-time */
  exportedAt: string
  /** The app that wrote it, e.g. `Driftwatch 0.1.0`. */
  exportedBy: string
  content: DocumentContent
}>

/** The document's title: what it is about, in words (the HTML `<title>` and the page's heading). */
export function documentTitle(content: DocumentContent): string {
  switch (content.kind) {
    case 'report':
      return `${content.report.inputs.current.name} compared with ${content.report.inputs.reference.name}`
    case 'validation':
      return `Validation of ${content.name}`
    case 'project':
      return `Project ${content.project.name}`
    default:
      return assertNever(content)
  }
}

function assertNever(v: never): never {
  throw new Error(`unexpected document ${JSON.stringify(v)}`)
}
