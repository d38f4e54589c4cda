/**
 * JUnit XML of a validation, for CI systems that show test reports (GitLab, Jenkins, GitHub actions with a
 * JUnit reporter): one `<testsuite>` for the batch, one `<testcase>` per expectation, named by its id, with
 * a `<failure>` when it failed (`type` is its severity, so a warning can be told apart), an `<error>` when it
 * could not be checked, `<skipped/>` when it was disabled or had nothing to check. Each problem of the suite
 * file (an expectation that was not run) is a test case with an `<error>` naming its line.
 *
 * Every text goes through `escapeXml`: column names, values and explanations come from data files and
 * person-written suites, so `<`, `&` and quotes are escaped and characters XML 1.0 cannot hold at all
 * (control characters other than tab and line breaks, lone surrogates) are replaced by U+FFFD.
 *
 * Format: the de-facto JUnit schema used by Ant, Maven Surefire and most CI readers.
 */
import type { ExpectationResult, ValidationResult } from '../../../shared/model'
import type { SuiteProblem } from '../../project/suiteFile'
import { SHOWN_SAMPLES } from './validationText'

export type JunitInput = Readonly<{
  /** The batch's file name: the test suite's name. */
  name: string
  validation: ValidationResult
  problems?: readonly SuiteProblem[]
}>

/**
 * The validation as a JUnit XML document.
 *
 * @example renderJunit({ name: 'week1.csv', validation }).startsWith('<?xml') // true
 */
export function renderJunit(input: JunitInput): string {
  const v = input.validation
  const problems = input.problems ?? []
  const cases = v.results.map((r) => testCase(r, input.name))
  for (const p of problems) {
    cases.push(
      `    <testcase name="${escapeXml(`${p.id ?? 'expectation'} (line ${p.line})`)}" classname="${escapeXml(className(input.name))}" time="0">\n` +
        `      <error type="suite-file" message="${escapeXml(`line ${p.line}: ${p.message}`)}"/>\n` +
        '    </testcase>'
    )
  }
  const tests = v.results.length + problems.length
  const failures = v.counts.fail
  const errors = v.counts.error + problems.length
  const skipped = v.counts.skipped
  const seconds = (v.durations.totalMs / 1000).toFixed(3)
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds}"`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="driftwatch validate" ${counts}>`,
    `  <testsuite name="${escapeXml(input.name)}" ${counts} timestamp="${escapeXml(v.evaluatedAt)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    ''
  ].join('\n')
}

/**
 * `text` safe inside XML content and double- or single-quoted attributes.
 *
 * @example escapeXml('a<b & "c"') // 'a&lt;b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string): string {
  let safe = ''
  // Iterating a string yields code points: a lone surrogate arrives alone and is replaced.
  for (const ch of text) {
    const code = ch.codePointAt(0) as number
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000
    safe += allowed ? ch : '\uFFFD'
  }
  return safe
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function className(name: string): string {
  return `driftwatch.${name}`
}

function testCase(r: ExpectationResult, name: string): string {
  const open = `    <testcase name="${escapeXml(r.id)}" classname="${escapeXml(`${className(name)}${r.column === undefined ? '' : `.${r.column}`}`)}" time="0">`
  if (r.status === 'pass') return `${open.slice(0, -1)}/>`
  if (r.status === 'skipped') {
    return `${open}\n      <skipped message="${escapeXml(r.explanation)}"/>\n    </testcase>`
  }
  const element = r.status === 'fail' ? 'failure' : 'error'
  const type = r.status === 'fail' ? r.severity : 'not-checked'
  const body = [
    r.explanation,
    `expected: ${r.expected}`,
    ...(r.observed === null ? [] : [`observed: ${JSON.stringify(r.observed)}`]),
    ...(r.unexpectedCount === undefined
      ? []
      : [`unexpected: ${r.unexpectedCount} of ${r.elementCount ?? 0}`]),
    ...(r.samples ?? [])
      .slice(0, SHOWN_SAMPLES)
      .map((s) => `row ${s.row}: ${JSON.stringify(s.values)}`)
  ].join('\n')
  return `${open}\n      <${element} type="${type}" message="${escapeXml(r.explanation)}">${escapeXml(body)}</${element}>\n    </testcase>`
}
