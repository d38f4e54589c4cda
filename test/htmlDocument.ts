/**
 * Reading an exported HTML file the way a test checks it: the embedded document (parsed back from its
 * `<script type="application/json">`), the inline scripts and styles, and the Content-Security-Policy.
 * Plain string scanning: the file is ours, with each of these elements where html.ts puts it.
 */
import { createHash } from 'node:crypto'
import { DOCUMENT_ELEMENT_ID, type ExportDocument } from '../src/shared/model'

/**
 * The text of each element whose opening tag `open` starts a line, up to its closing tag that ends a line
 * (html.ts writes each element on lines of its own; the bundle's own strings may hold tags).
 */
function elementTexts(html: string, open: string, tag: string): string[] {
  const texts: string[] = []
  const opening = `\n${open}`
  const closing = `</${tag}>\n`
  for (let at = html.indexOf(opening); at >= 0; at = html.indexOf(opening, at + 1)) {
    const start = at + opening.length
    const end = html.indexOf(closing, start)
    if (end < 0) throw new Error(`an unclosed ${open} at ${at}`)
    texts.push(html.slice(start, end))
  }
  return texts
}

/** The raw JSON text of the embedded document. */
export function documentJson(html: string): string {
  const [text, ...more] = elementTexts(
    html,
    `<script type="application/json" id="${DOCUMENT_ELEMENT_ID}">`,
    'script'
  )
  if (text === undefined || more.length > 0) throw new Error('expected one embedded document')
  return text
}

/** The embedded document, parsed. */
export function embeddedDocument(html: string): ExportDocument {
  return JSON.parse(documentJson(html)) as ExportDocument
}

/** The text of every classic inline `<script>` (the bundle). */
export function inlineScripts(html: string): string[] {
  return elementTexts(html, '<script>', 'script')
}

/** The text of every `<style>` element. */
export function inlineStyles(html: string): string[] {
  return elementTexts(html, '<style>', 'style')
}

/** The Content-Security-Policy of the `<meta http-equiv>`, with `&#39;` read back as `'`. */
export function contentSecurityPolicyOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)
  if (!match?.[1]) throw new Error('no Content-Security-Policy meta element')
  return match[1].replace(/&#39;/g, "'").replace(/&amp;/g, '&')
}

/** The CSP hash source of a text, computed independently of html.ts. */
export function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}
