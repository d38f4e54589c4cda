import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ColumnDrift, Report } from '../../shared/model'
import { REPORT_VERSION } from '../../shared/model'
import {
  contentSecurityPolicyOf,
  documentJson,
  embeddedDocument,
  inlineScripts,
  inlineStyles,
  sha256Source
} from '../../../test/htmlDocument'
import {
  batchRecord,
  fixtureReport,
  FIXTURE_VALIDATION,
  HOSTILE
} from '../../../test/reportFixture'
import {
  BUNDLE_FILES,
  embedJson,
  escapeHtml,
  exportBundleDir,
  inlineBundle,
  readExportBundle,
  renderProjectHtml,
  renderReportHtml,
  renderValidationHtml
} from './html'

/** Names and values built to break out of the JSON element, the markup or a tooltip. */
const ATTACKS = [
  HOSTILE.script,
  '" onmouseover="alert(1)',
  '<img src=x onerror=alert(1)>',
  '<!--<script>',
  'line\u2028separator\u2029paragraph',
  '&amp; &lt;'
] as const

/** The fixture with a column (and a category value) named after each attack. */
function hostileReport(): Report {
  const base = fixtureReport()
  const first = base.columns[0] as ColumnDrift
  const attacked: ColumnDrift[] = ATTACKS.map((name) => ({
    ...first,
    column: name,
    distribution: {
      kind: 'categories',
      categories: [...ATTACKS],
      reference: ATTACKS.map(() => 10),
      current: ATTACKS.map((_, i) => i)
    }
  }))
  return { ...base, columns: [...base.columns, ...attacked] }
}

const EXPORTED_AT = '2025-03-02T08:00:00.000Z'
const built = readExportBundle()

describe('renderReportHtml', () => {
  const report = hostileReport()
  const html = renderReportHtml(report, { exportedAt: EXPORTED_AT })

  it('embeds the report so that it reads back unchanged, hostile names included', () => {
    const document = embeddedDocument(html)
    expect(document).toEqual({
      version: REPORT_VERSION,
      exportedAt: EXPORTED_AT,
      exportedBy: 'Driftwatch 0.1.0',
      content: { kind: 'report', report }
    })
  })

  it('leaves no character in the embedded JSON that could end the element or start markup', () => {
    const json = documentJson(html)
    expect(json).not.toMatch(/[<>&\u2028\u2029]/)
    expect(json).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)')
    // Two scripts (the document and the bundle), each closed once: no name closed one early.
    expect(html.match(/<\/script>/g)).toHaveLength(2)
  })

  it('has a Content-Security-Policy that allows only the inlined script and stylesheet', () => {
    const policy = contentSecurityPolicyOf(html)
    const [script] = inlineScripts(html)
    const [style] = inlineStyles(html)
    expect(policy).toBe(
      [
        "default-src 'none'",
        `script-src ${sha256Source(script ?? '')}`,
        `style-src ${sha256Source(style ?? '')}`,
        "base-uri 'none'",
        "form-action 'none'"
      ].join('; ')
    )
    expect(policy).not.toMatch(/unsafe|https?:|data:|\*/)
    // The policy comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'))
  })

  it('inlines the built bundle, and the markup around it refers to nothing outside the file', () => {
    expect(inlineScripts(html)).toEqual([built.script])
    expect(inlineStyles(html)).toEqual([built.style])
    const dir = exportBundleDir()
    expect(built.script).toBe(readFileSync(join(dir, BUNDLE_FILES.script), 'utf8'))
    const markup = html
      .replace(/<script>[\s\S]*?<\/script>/g, '')
      .replace(/<style>[\s\S]*?<\/style>/g, '')
      .replace(/<script type="application\/json"[\s\S]*?<\/script>/, '')
    expect(markup).not.toMatch(/\s(src|href|action)=|url\(|@import/i)
    expect(markup.length).toBeLessThan(1200)
  })

  it('names the document in its title, escaped', () => {
    expect(html).toContain(
      '<title>Driftwatch: week&lt;1&gt;&amp;.csv compared with reference.csv</title>'
    )
    expect(
      html.startsWith(
        '<!doctype html>\n<html lang="en" class="is-document">\n<head>\n<meta charset="utf-8">'
      )
    ).toBe(true)
  })

  it('weighs the bundle plus the JSON and little else: a small report stays well under 1 MB', () => {
    const small = renderReportHtml(fixtureReport(), { exportedAt: EXPORTED_AT })
    const parts = built.script.length + built.style.length + documentJson(small).length
    expect(small.length - parts).toBeLessThan(1500)
    expect(Buffer.byteLength(small)).toBeLessThan(1_000_000)
  })

  it('stays under 2.5 MB for 200 columns with their distributions and profiles', () => {
    const base = fixtureReport()
    const first = base.columns[0] as ColumnDrift
    const profile = base.inputs.reference.columns[0]
    const columns: ColumnDrift[] = Array.from({ length: 200 }, (_, i) => ({
      ...first,
      column: `feature_${i}`,
      distribution: {
        kind: 'bins',
        edges: Array.from({ length: 21 }, (_, k) => 12.3456789 * k + i / 7),
        reference: Array.from({ length: 20 }, (_, k) => 1000 + k * 37 + i),
        current: Array.from({ length: 20 }, (_, k) => 1100 + k * 29 + i)
      },
      reference: {
        name: `feature_${i}`,
        kind: 'numeric',
        sqlType: profile?.sqlType ?? 'DOUBLE',
        rows: 100_000,
        count: 99_871,
        missing: 129,
        distinct: 4521,
        min: -12.345678,
        max: 987.654321,
        mean: 123.456789012,
        std: 45.678901234
      }
    }))
    const wide = renderReportHtml({ ...base, columns }, { exportedAt: EXPORTED_AT })
    expect(Buffer.byteLength(wide)).toBeLessThan(2_500_000)
  })
})

describe('renderValidationHtml and renderProjectHtml', () => {
  it('embed a validation alone, with what wrote it', () => {
    const validation = {
      suite: { version: 1 as const, expectations: [] },
      source: { kind: 'file' as const, path: 'expectations.yaml', problems: [] },
      result: FIXTURE_VALIDATION
    }
    const html = renderValidationHtml(
      { name: HOSTILE.script, validation },
      { exportedAt: EXPORTED_AT, exportedBy: 'Driftwatch 9.9.9' }
    )
    expect(embeddedDocument(html).content).toEqual({
      kind: 'validation',
      name: HOSTILE.script,
      validation
    })
    expect(html).toContain('<meta name="generator" content="Driftwatch 9.9.9">')
    expect(html).toContain(
      '<title>Driftwatch: Validation of &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>'
    )
  })

  it('embed a project with its history and reports', () => {
    const report = fixtureReport()
    const history = {
      folder: '/projects/churn',
      batches: [batchRecord('week1.csv')],
      columns: [],
      events: []
    }
    const html = renderProjectHtml(
      { project: { name: 'Churn', folder: '/projects/churn' }, history, reports: [report] },
      { exportedAt: EXPORTED_AT }
    )
    const content = embeddedDocument(html).content
    expect(content.kind).toBe('project')
    expect(content.kind === 'project' ? content.reports : []).toEqual([report])
    expect(html).toContain('<title>Driftwatch: Project Churn</title>')
  })
})

describe('embedJson', () => {
  it('writes <, >, &, U+2028 and U+2029 as escapes that JSON.parse reads back', () => {
    const value = { text: '</script><!-- & \u2028\u2029 >', list: ['<b>'] }
    const json = embedJson(value)
    expect(json).toBe(
      '{"text":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e","list":["\\u003cb\\u003e"]}'
    )
    expect(JSON.parse(json)).toEqual(value)
  })
})

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;'
    )
  })
})

describe('inlineBundle', () => {
  it('keeps a script and a stylesheet from closing their elements, and hashes what it inlines', () => {
    const bundle = inlineBundle('var a="</SCRIPT>",b="<!--";', '.x::after{content:"</style>"}')
    expect(bundle.script).toBe('var a="<\\/SCRIPT>",b="<\\!--";')
    expect(bundle.style).toBe('.x::after{content:"<\\/style>"}')
    expect(bundle.scriptHash).toBe(sha256Source(bundle.script))
    expect(bundle.styleHash).toBe(sha256Source(bundle.style))
  })
})

describe('readExportBundle', () => {
  const empty = mkdtempSync(join(tmpdir(), 'driftwatch-no-bundle-'))
  afterAll(() => rmSync(empty, { recursive: true, force: true }))

  it('says to build the bundle when it is missing', () => {
    expect(() => readExportBundle(empty)).toThrow(
      `The HTML export is not built: ${join(empty, 'report.js')} is missing. Run "npm run build" first, then export again.`
    )
    writeFileSync(join(empty, 'report.js'), 'void 0')
    expect(() => readExportBundle(empty)).toThrow(/report\.css is missing\. Run "npm run build"/)
  })
})
