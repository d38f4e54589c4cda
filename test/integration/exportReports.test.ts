/**
 * The machine outputs of real reports: comparisons of the demo's weather files run by the engine (real
 * DuckDB, worker threads, files in a temp folder) — the three weeks with multivariate drift, target and
 * prediction (regression and classification), a failed validation, a stored reference profile, a
 * Bonferroni decision, and columns named to break XML, HTML and Markdown. Each report validates against
 * the published schema; its JUnit XML parses and carries one failure per drifted column, failed
 * expectation and drifted method; its Markdown summary tables exactly the drifted columns and passes no
 * name through as markup; its HTML file embeds it whole, under 1 MB.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderReportHtml } from '../../src/main/export/html'
import { renderReportJunit } from '../../src/main/export/junit'
import { escapeMarkdown, renderReportMarkdown } from '../../src/main/export/markdown'
import { renderReportJson } from '../../src/main/export/outputs'
import { runComparison } from '../../src/main/runComparison'
import type { CompareValidationRequest } from '../../src/shared/api'
import type { DriftOptions, Report } from '../../src/shared/model'
import { embeddedDocument } from '../htmlDocument'
import { DEMO_REFERENCE, demoWeek } from '../paths'
import { schemaProblems } from '../schemas'
import { junitCountProblems, junitSuites, parseXml, unescapeXml } from '../xml'
import { useBackend } from './harness'

const harness = useBackend('export-reports')

/** Column names no rendering may pass through as they are. */
const SCRIPT = '</script><script>alert(1)</script>'
const MARKUP = 'hum|id `x` *y* [z](w) & "q"'

/** Compares two files with the given options and validation request; throws when it fails. */
async function compare(
  reference: string,
  current: string,
  options: DriftOptions = {},
  validation?: CompareValidationRequest,
  referenceProfile?: string
): Promise<Report> {
  const outcome = await runComparison(harness.backend(), {
    reference,
    current,
    options,
    ...(validation === undefined ? {} : { validation }),
    ...(referenceProfile === undefined ? {} : { referenceProfile })
  })
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`)
  return outcome.value
}

/** `path`'s CSV with the header renamed by `rename` (quoted as CSV needs) and, optionally, rows changed. */
function variant(
  name: string,
  path: string,
  rename: Readonly<Record<string, string>>,
  change: (cells: string[], header: string[]) => void = () => undefined
): string {
  const [head, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n')
  const header = (head as string).split(',')
  const rows = lines.map((line) => {
    const cells = line.split(',')
    change(cells, header)
    return cells.join(',')
  })
  const renamed = header.map((h) => {
    const to = rename[h] ?? h
    return /[",\n]/.test(to) ? `"${to.replace(/"/g, '""')}"` : to
  })
  return harness.file(name, `${renamed.join(',')}\n${rows.join('\n')}\n`)
}

/** The failures a report's JUnit XML must hold: failed expectations, and every drift verdict. */
function expectedFailures(report: Report): { validation: number; drift: number } {
  const m = report.multivariate
  const methods = [m?.mmd, m?.pca, m?.classifier].filter((x) => x?.drifted === true).length
  const model = [report.targets?.target, report.targets?.prediction].filter(
    (c) => c?.status === 'tested' && c.drifted
  ).length
  return {
    validation: report.validation?.result.counts.fail ?? 0,
    drift:
      (report.dataset.drifted ? 1 : 0) +
      report.columns.filter((c) => c.status === 'tested' && c.drifted).length +
      model +
      methods
  }
}

/** Checks every machine output of `report`; returns the parsed JUnit suites for further checks. */
function checkOutputs(report: Report): ReturnType<typeof junitSuites> {
  expect(schemaProblems('Report', renderReportJson(report))).toEqual([])

  const suites = junitSuites(parseXml(renderReportJunit(report)))
  const drift = suites.at(-1)
  const validation = report.validation === undefined ? undefined : suites[0]
  expect(suites).toHaveLength(report.validation === undefined ? 1 : 2)
  expect(junitCountProblems(suites)).toEqual([])
  const failures = expectedFailures(report)
  expect(drift?.cases.filter((c) => c.outcome === 'failure')).toHaveLength(failures.drift)
  if (validation !== undefined) {
    expect(validation.cases.filter((c) => c.outcome === 'failure')).toHaveLength(
      failures.validation
    )
    expect(validation.cases.map((c) => c.name)).toEqual(
      report.validation?.result.results.map((r) => r.id)
    )
  }
  const tested = report.columns.filter((c) => c.status === 'tested')
  for (const c of tested) {
    const found = drift?.cases.find((x) => x.name === c.column)
    expect(found?.outcome, c.column).toBe(c.drifted ? 'failure' : 'passed')
  }

  const markdown = renderReportMarkdown(report)
  const drifted = report.columns.filter((c) => c.status === 'tested' && c.drifted)
  const section = markdown.slice(markdown.indexOf('### Drift'), markdown.indexOf('<details>'))
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
  expect(rows.slice(1).map((r) => r.split(' | ')[0]?.slice(2))).toEqual(
    drifted.length === 0 ? [] : drifted.map((c) => escapeMarkdown(c.column))
  )
  const headline = markdown.split('\n')[2] ?? ''
  if (report.gate.status === 'invalid') expect(headline).toMatch(/^❌ \*\*Data invalid: /)
  else expect(headline).toMatch(report.dataset.drifted ? /^⚠️ \*\*Dataset drift/ : /^✅ /)
  expect(markdown).toContain(`sha256 \`${report.inputs.current.sha256.slice(0, 12)}\``)

  const html = renderReportHtml(report)
  expect(embeddedDocument(html).content).toEqual({ kind: 'report', report })
  expect(Buffer.byteLength(html)).toBeLessThan(1_000_000)
  return suites
}

describe('machine outputs of the demo weeks', () => {
  for (const week of [1, 2, 3] as const) {
    it(`week ${week}: multivariate drift, an inferred suite the batch fails (count is missing)`, async () => {
      const report = await compare(DEMO_REFERENCE, demoWeek(week))
      expect(report.multivariate?.mmd).toBeDefined()
      expect(report.gate.status).toBe('invalid')
      checkOutputs(report)
    })
  }

  it('target and prediction, regression, with count optional: valid data', async () => {
    const report = await compare(
      DEMO_REFERENCE,
      demoWeek(2),
      { target: 'registered', prediction: 'casual', multivariate: { enabled: false } },
      { optionalColumns: ['count'] }
    )
    expect(report.targets?.task).toBe('regression')
    expect(report.gate.status).toBe('valid')
    const suites = checkOutputs(report)
    expect(suites[1]?.cases.map((c) => c.name)).toContain('target registered')
    expect(renderReportMarkdown(report)).toContain('### Target and prediction (regression)')
  })

  it('target and prediction, classification, under Bonferroni', async () => {
    const report = await compare(
      DEMO_REFERENCE,
      demoWeek(1),
      {
        target: 'workingday',
        prediction: 'holiday',
        task: 'classification',
        rule: 'bonferroni',
        alpha: 0.05
      },
      { optionalColumns: ['count'] }
    )
    expect(report.targets?.relationship.perClass?.length).toBeGreaterThan(0)
    expect(report.dataset.rule).toBe('bonferroni')
    checkOutputs(report)
    expect(renderReportMarkdown(report)).toContain('| Adj. p |')
  })

  it('a failed validation: impossible values, the verdict unreliable', async () => {
    const corrupt = variant('corrupt.csv', demoWeek(1), {}, (cells, header) => {
      if (Number(cells[0]?.slice(11, 13)) < 4) cells[header.indexOf('casual')] = '5000'
    })
    const report = await compare(DEMO_REFERENCE, corrupt, {}, { optionalColumns: ['count'] })
    expect(report.gate.status).toBe('invalid')
    expect(report.validation?.result.counts.fail).toBeGreaterThan(0)
    const [validation] = checkOutputs(report)
    const failed = validation?.cases.find((c) => c.name === 'casual-range')
    expect(failed?.outcome).toBe('failure')
    expect(failed?.element?.attributes['type']).toBe('error')
    expect(renderReportMarkdown(report)).toMatch(/\| failed \(error\) \| casual-range \| /)
  })

  it('a stored reference profile, validation off', async () => {
    const backend = harness.backend()
    const folder = backend.grant(harness.path('reference.profile')).path
    const built = await backend.call('profile:build', {
      reference: backend.grant(DEMO_REFERENCE),
      folder
    })
    if (!built.ok) throw new Error(built.error.message)
    const report = await compare(DEMO_REFERENCE, demoWeek(3), {}, { enabled: false }, folder)
    expect(report.referenceProfile).toBeDefined()
    expect(report.validation).toBeUndefined()
    expect(report.gate.status).toBe('unchecked')
    checkOutputs(report)
    expect(renderReportMarkdown(report)).toContain(
      "The reference's statistics came from the stored profile"
    )
  })

  describe('hostile column names', () => {
    let report: Report
    beforeAll(async () => {
      const rename = { humidity: SCRIPT, windspeed: MARKUP }
      const reference = variant('hostile-ref.csv', DEMO_REFERENCE, rename)
      const current = variant('hostile<&>.csv', demoWeek(3), rename)
      report = await compare(reference, current, {}, { optionalColumns: ['count'] })
    })

    it('are escaped in every output, and read back as written', () => {
      expect(report.columns.map((c) => c.column)).toEqual(expect.arrayContaining([SCRIPT, MARKUP]))
      const suites = checkOutputs(report)
      const xml = renderReportJunit(report)
      expect(xml).not.toContain(SCRIPT)
      expect(suites[1]?.cases.map((c) => c.name)).toEqual(expect.arrayContaining([SCRIPT, MARKUP]))
      expect(unescapeXml(suites[1]?.name ?? '')).toBe('hostile<&>.csv drift')
      const markdown = renderReportMarkdown(report)
      expect(markdown).not.toContain('<script')
      expect(markdown).not.toContain('</script')
      expect(markdown).toContain(escapeMarkdown(MARKUP))
      expect(markdown.match(/<\/?\w+/g)).toEqual(['<details', '<summary', '</summary', '</details'])
    })
  })
})
