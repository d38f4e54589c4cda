/**
 * The HTML export: one self-contained file per document (a comparison's report, a batch's validation, a
 * project with its batches) that opens offline, in any browser, months later, and looks like the app,
 * because it is drawn by the app's own report components: the export bundle (vite.export.config.ts builds
 * src/renderer/document into out/export/report.js and report.css) is inlined into the file, and the
 * document's data is embedded beside it as JSON.
 *
 * Safe to mail:
 * - The JSON sits in a `<script type="application/json">` element with `<`, `>`, `&`, U+2028 and U+2029
 *   written as `\uXXXX` escapes, so no text from the data (a column named `</script><script>…`) can end
 *   the element or start markup; JSON.parse reads the escapes back.
 * - A Content-Security-Policy `<meta>` allows nothing but the inlined script and stylesheet, named by their
 *   SHA-256 hashes: no network of any kind (`default-src 'none'`: no fetch, image, font or frame), no
 *   other script (an injected `<script>` or `onerror=` would not run), no `eval`, no base URL, no form.
 * - The components escape everything from data themselves (text nodes, as React and the export's Preact
 *   runtime make them; escapeHtml in chart tooltips).
 *
 * The bundle is read from disk once per process; a missing one is an error that says to build it.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AppFailure } from '../../shared/errors'
import {
  DOCUMENT_ELEMENT_ID,
  type DocumentContent,
  documentTitle,
  type ExportDocument,
  type ProjectContent,
  type Report,
  REPORT_VERSION,
  type ValidationContent
} from '../../shared/model'

/** The media type of an exported HTML file. */
export const HTML_MEDIA_TYPE = 'text/html; charset=utf-8'

/** The built export bundle's files in their folder. */
export const BUNDLE_FILES = { script: 'report.js', style: 'report.css' } as const

/** The export bundle as it is inlined: script and stylesheet text, each with its CSP source expression. */
export type ExportBundle = Readonly<{
  script: string
  style: string
  /** `'sha256-…'` of `script`, as the Content-Security-Policy names it. */
  scriptHash: string
  styleHash: string
}>

export type HtmlOptions = Readonly<{
  /** When the file is written, ISO 8601; default now. */
  exportedAt?: string
  /** What wrote it, e.g. `Driftwatch 0.1.0`; default the report's app, else `Driftwatch`. */
  exportedBy?: string
  /** The bundle to inline; default the built one (see exportBundleDir). */
  bundle?: ExportBundle
}>

/**
 * A comparison's report as one self-contained HTML file: verdicts and the gate, the validation, every
 * column with the drifted ones' charts open, multivariate and target drift when they ran.
 *
 * @example writeFileSync('report.html', renderReportHtml(report))
 */
export function renderReportHtml(report: Report, options: HtmlOptions = {}): string {
  return renderDocumentHtml(
    { kind: 'report', report },
    { exportedBy: `${report.app.name} ${report.app.version}`, ...options }
  )
}

/** A batch's validation alone (`driftwatch validate --html`) as one self-contained HTML file. */
export function renderValidationHtml(
  input: Omit<ValidationContent, 'kind'>,
  options: HtmlOptions = {}
): string {
  return renderDocumentHtml({ kind: 'validation', ...input }, options)
}

/**
 * A project as one self-contained HTML file: its batch history with the drift heatmap and trend, then the
 * full reports given (those a run processed, or the latest batch's).
 */
export function renderProjectHtml(
  input: Omit<ProjectContent, 'kind'>,
  options: HtmlOptions = {}
): string {
  return renderDocumentHtml({ kind: 'project', ...input }, options)
}

/** Any document as one self-contained HTML file. O(size of the document + size of the bundle). */
export function renderDocumentHtml(content: DocumentContent, options: HtmlOptions = {}): string {
  const bundle = options.bundle ?? readExportBundle()
  const exportedBy = options.exportedBy ?? 'Driftwatch'
  const document: ExportDocument = {
    version: REPORT_VERSION,
    exportedAt: options.exportedAt ?? new Date().toISOString(),
    exportedBy,
    content
  }
  const policy = contentSecurityPolicy(bundle)
  return [
    '<!doctype html>',
    '<html lang="en" class="is-document">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeHtml(exportedBy)}">`,
    `<title>${escapeHtml(`Driftwatch: ${documentTitle(content)}`)}</title>`,
    `<style>${bundle.style}</style>`,
    '</head>',
    '<body>',
    `<noscript><p>This Driftwatch report is drawn by the script inside this file, which needs nothing from the network. Allow scripts for this file to see it; its data is in the file as JSON (the element ${DOCUMENT_ELEMENT_ID}).</p></noscript>`,
    '<div id="root"></div>',
    `<script type="application/json" id="${DOCUMENT_ELEMENT_ID}">${embedJson(document)}</script>`,
    `<script>${bundle.script}</script>`,
    '</body>',
    '</html>',
    ''
  ].join('\n')
}

/**
 * The exported file's Content-Security-Policy: nothing from anywhere, but the inlined script and
 * stylesheet, named by their hashes.
 *
 * @example contentSecurityPolicy(bundle) // "default-src 'none'; script-src 'sha256-…'; style-src 'sha256-…'; …"
 */
export function contentSecurityPolicy(
  hashes: Pick<ExportBundle, 'scriptHash' | 'styleHash'>
): string {
  return [
    "default-src 'none'",
    `script-src ${hashes.scriptHash}`,
    `style-src ${hashes.styleHash}`,
    "base-uri 'none'",
    "form-action 'none'"
  ].join('; ')
}

/**
 * JSON that can stand inside a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 become `\uXXXX`
 * escapes (they can only occur inside JSON strings, where JSON.parse reads them back), so no value can
 * close the element, open a comment or start markup. O(length).
 *
 * @example embedJson({ name: '</script>' }) // '{"name":"\\u003c/script\\u003e"}'
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

/**
 * Text for an HTML text node or a double-quoted attribute value.
 *
 * @example escapeHtml('a < "b"') // 'a &lt; &quot;b&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch)
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

/**
 * Where the built export bundle is: out/export beside the built main process (out/main), or the
 * repository's out/export when running from source (tests, tsx). The first that holds the script.
 */
export function exportBundleDir(): string {
  const candidates = [
    fileURLToPath(new URL('../export', import.meta.url)),
    fileURLToPath(new URL('../../../out/export', import.meta.url))
  ]
  return (
    candidates.find((dir) => existsSync(join(dir, BUNDLE_FILES.script))) ??
    (candidates[candidates.length - 1] as string)
  )
}

const loaded = new Map<string, ExportBundle>()

/**
 * The export bundle of `dir` (default exportBundleDir()), read once per process and made safe to inline.
 * Throws an AppFailure (NOT_FOUND) that says to build it when its files are missing.
 */
export function readExportBundle(dir: string = exportBundleDir()): ExportBundle {
  const cached = loaded.get(dir)
  if (cached !== undefined) return cached
  const read = (name: string): string => {
    const path = join(dir, name)
    if (!existsSync(path)) {
      throw new AppFailure(
        'NOT_FOUND',
        `The HTML export is not built: ${path} is missing. Run "npm run build" first, then export again.`
      )
    }
    return readFileSync(path, 'utf8')
  }
  const bundle = inlineBundle(read(BUNDLE_FILES.script), read(BUNDLE_FILES.style))
  loaded.set(dir, bundle)
  return bundle
}

/**
 * A script and a stylesheet made safe to stand inside `<script>` and `<style>` elements, with their hashes.
 * `</script`, `</style` and `<!--` can only occur in their string literals (or comments), where `<\/` and
 * `<\!` read the same.
 */
export function inlineBundle(script: string, style: string): ExportBundle {
  const safeScript = script.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--')
  const safeStyle = style.replace(/<\/(style)/gi, '<\\/$1')
  return {
    script: safeScript,
    style: safeStyle,
    scriptHash: sourceHash(safeScript),
    styleHash: sourceHash(safeStyle)
  }
}

/** The CSP hash source of an inline element's text: `'sha256-<base64>'` of its UTF-8 bytes. */
export function sourceHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}
