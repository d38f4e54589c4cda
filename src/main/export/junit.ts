/**
 * JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure, GitHub Actions with a JUnit
 * reporter): a validation, a Report, or a project run as test suites and test cases.
 *
 * - A validation (`driftwatch validate`): one `<testsuite>` for the batch, one `<testcase>` per expectation,
 *   named by its id: a `<failure>` when it failed (`type` is its severity, so a warning can be told apart),
 *   an `<error>` when it could not be checked, `<skipped>` when it was disabled or had nothing to check.
 *   Each problem of the suite file (an entry that was not run) is a test case with an `<error>` naming its
 *   line.
 * - A Report (`driftwatch compare`): that validation suite when validation ran, and a drift suite: one case
 *   for the dataset's verdict, one per feature column (a `<failure>` of type `drift` when it drifted, with
 *   the test, score, threshold and explanation; `<skipped>` with the reason when it was not tested), one for
 *   the target and the prediction, and one per multivariate method that ran.
 * - A project run (`driftwatch run`): one suite per processed batch holding both, and an `<error>` case for
 *   a batch that could not be processed.
 *
 * Every text goes through `escapeXml` (attributes through `escapeXmlAttribute`): column names, values and
 * explanations come from data files and person-written suites, so `<`, `&` and quotes are escaped and
 * characters XML 1.0 cannot hold at all (control characters other than tab and line breaks, lone
 * surrogates) are replaced by U+FFFD.
 *
 * Pure: values in, text out. Format: the de-facto JUnit schema read by Ant, Maven Surefire and most CI tools.
 */
import { formatNumber, formatScore } from '../../shared/drift'
import type {
  ColumnDrift,
  ExpectationResult,
  MultivariateDrift,
  Report,
  SuiteProblem,
  ValidationResult
} from '../../shared/model'
import type { RunBatch } from './outputs'

/** Sample rows a failed expectation's body lists (the JSON output keeps all of them). */
export const JUNIT_SAMPLE_ROWS = 3

/** How a test case ended. */
export type JunitOutcome =
  | Readonly<{ kind: 'passed' }>
  /** `failure`: the check ran and did not hold; `error`: it could not be run. */
  | Readonly<{ kind: 'failure' | 'error'; type: string; message: string; detail?: string }>
  | Readonly<{ kind: 'skipped'; message: string }>

export type JunitCase = Readonly<{
  name: string
  classname: string
  outcome: JunitOutcome
}>

export type JunitSuite = Readonly<{
  name: string
  /** ISO 8601. */
  timestamp?: string
  /** Seconds the suite took. */
  time: number
  /** What the results can be traced to: the files and their hashes, the run, the version. */
  properties?: readonly Readonly<{ name: string; value: string }>[]
  cases: readonly JunitCase[]
}>

/** A JUnit document: the `<testsuites>` root and its suites; every count is derived from the cases. */
export type JunitDocument = Readonly<{ name: string; suites: readonly JunitSuite[] }>

/**
 * The document as JUnit XML; `tests`, `failures`, `errors` and `skipped` of each suite and of the root are
 * counted from the cases, so they always agree with them.
 *
 * @example renderJunitXml({ name: 'driftwatch', suites: [] }).startsWith('<?xml') // true
 */
export function renderJunitXml(document: JunitDocument): string {
  const suites = document.suites.map((suite) => ({ suite, counts: countCases(suite.cases) }))
  const total = suites.reduce(
    (sum, { suite, counts }) => ({
      tests: sum.tests + counts.tests,
      failures: sum.failures + counts.failures,
      errors: sum.errors + counts.errors,
      skipped: sum.skipped + counts.skipped,
      time: sum.time + suite.time
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 }
  )
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXmlAttribute(document.name)}" ${countAttributes(total)}>`
  ]
  for (const { suite, counts } of suites) {
    const timestamp =
      suite.timestamp === undefined ? '' : ` timestamp="${escapeXmlAttribute(suite.timestamp)}"`
    lines.push(
      `  <testsuite name="${escapeXmlAttribute(suite.name)}" ${countAttributes({ ...counts, time: suite.time })}${timestamp}>`
    )
    const properties = suite.properties ?? []
    if (properties.length > 0) {
      lines.push('    <properties>')
      for (const p of properties) {
        lines.push(
          `      <property name="${escapeXmlAttribute(p.name)}" value="${escapeXmlAttribute(p.value)}"/>`
        )
      }
      lines.push('    </properties>')
    }
    for (const testCase of suite.cases) lines.push(caseXml(testCase))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>', '')
  return lines.join('\n')
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

/**
 * `text` safe as a quoted attribute value that reads back as written: `escapeXml`, and tabs and line
 * breaks as character references (a parser turns literal ones into spaces).
 *
 * @example escapeXmlAttribute('a\nb') // 'a&#10;b'
 */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/[\t\n\r]/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

export type ValidationJunitInput = Readonly<{
  /** The batch's file name: the test suite's name. */
  name: string
  validation: ValidationResult
  /** Entries of the suite file that could not be read, and so were not run. */
  problems?: readonly SuiteProblem[]
}>

/**
 * A validation as a JUnit XML document (`driftwatch validate --junit`).
 *
 * @example renderValidationJunit({ name: 'week1.csv', validation }).startsWith('<?xml') // true
 */
export function renderValidationJunit(input: ValidationJunitInput): string {
  return renderJunitXml({
    name: 'driftwatch validate',
    suites: [
      {
        name: input.name,
        time: seconds(input.validation.durations.totalMs),
        timestamp: input.validation.evaluatedAt,
        cases: validationCases(input.name, input.validation, input.problems ?? [])
      }
    ]
  })
}

/**
 * A Report as a JUnit XML document (`driftwatch compare --junit`): a validation suite when validation ran,
 * and a drift suite.
 *
 * @example renderReportJunit(report).match(/<testsuite /g).length // 2
 */
export function renderReportJunit(report: Report): string {
  const name = report.inputs.current.name
  const properties = reportProperties(report)
  const suites: JunitSuite[] = []
  const v = report.validation
  if (v !== undefined) {
    suites.push({
      name: `${name} validation`,
      time: seconds(v.result.durations.totalMs),
      timestamp: v.result.evaluatedAt,
      properties,
      cases: reportValidationCases(report, name)
    })
  }
  suites.push({
    name: `${name} drift`,
    time: seconds(report.durationMs),
    timestamp: report.createdAt,
    properties,
    cases: driftCases(report)
  })
  return renderJunitXml({ name: 'driftwatch compare', suites })
}

/**
 * A project run as a JUnit XML document (`driftwatch run --junit`): one suite per batch, named by its path
 * in the project, with the validation's cases and then the drift's; a batch without a report is one error.
 *
 * @example renderRunJunit([{ batch, report }]).match(/<testsuite /g).length // 1
 */
export function renderRunJunit(batches: readonly RunBatch[]): string {
  const suites = batches.map(({ batch, report }): JunitSuite => {
    if (report === undefined) {
      return {
        name: batch.path,
        time: 0,
        timestamp: batch.arrivedAt,
        properties: [{ name: 'sha256', value: batch.sha256 }],
        cases: [
          {
            name: 'processed',
            classname: className(batch.name),
            outcome: {
              kind: 'error',
              type: batch.status === 'failed' ? 'not-processed' : 'no-report',
              message:
                batch.status === 'failed'
                  ? `${batch.name} could not be processed: ${batch.reason ?? 'no reason was recorded'}.`
                  : `The report of ${batch.name} could not be read from the project's history.`
            }
          }
        ]
      }
    }
    return {
      name: batch.path,
      time: seconds(report.durationMs),
      timestamp: report.createdAt,
      properties: reportProperties(report),
      cases: [...reportValidationCases(report, batch.name), ...driftCases(report)]
    }
  })
  return renderJunitXml({ name: 'driftwatch run', suites })
}

type Counts = Readonly<{ tests: number; failures: number; errors: number; skipped: number }>

function countCases(cases: readonly JunitCase[]): Counts {
  const count = (kind: JunitOutcome['kind']): number =>
    cases.filter((c) => c.outcome.kind === kind).length
  return {
    tests: cases.length,
    failures: count('failure'),
    errors: count('error'),
    skipped: count('skipped')
  }
}

function countAttributes(c: Counts & Readonly<{ time: number }>): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${c.time.toFixed(3)}"`
}

function caseXml(c: JunitCase): string {
  const open = `    <testcase name="${escapeXmlAttribute(c.name)}" classname="${escapeXmlAttribute(c.classname)}" time="0"`
  const o = c.outcome
  switch (o.kind) {
    case 'passed':
      return `${open}/>`
    case 'skipped':
      return `${open}>\n      <skipped message="${escapeXmlAttribute(o.message)}"/>\n    </testcase>`
    case 'failure':
    case 'error': {
      const attributes = `type="${escapeXmlAttribute(o.type)}" message="${escapeXmlAttribute(o.message)}"`
      const element =
        o.detail === undefined
          ? `<${o.kind} ${attributes}/>`
          : `<${o.kind} ${attributes}>${escapeXml(o.detail)}</${o.kind}>`
      return `${open}>\n      ${element}\n    </testcase>`
    }
    default:
      return assertNever(o)
  }
}

function seconds(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0
}

function className(name: string): string {
  return `driftwatch.${name}`
}

/** The files (with their hashes), the report's id and the version that wrote it. */
function reportProperties(report: Report): { name: string; value: string }[] {
  const { reference, current } = report.inputs
  return [
    { name: 'reference', value: reference.path },
    { name: 'reference.sha256', value: reference.sha256 },
    { name: 'current', value: current.path },
    { name: 'current.sha256', value: current.sha256 },
    { name: 'report.id', value: report.id },
    { name: 'driftwatch.version', value: report.app.version }
  ]
}

/** The report's validation cases (none when validation did not run). */
function reportValidationCases(report: Report, name: string): JunitCase[] {
  const v = report.validation
  if (v === undefined) return []
  return validationCases(name, v.result, v.source.kind === 'file' ? v.source.problems : [])
}

/** One case per expectation, then one error per problem of the suite file. */
function validationCases(
  name: string,
  validation: ValidationResult,
  problems: readonly SuiteProblem[]
): JunitCase[] {
  const cases = validation.results.map((r) => expectationCase(r, name))
  for (const p of problems) {
    cases.push({
      name: `${p.id ?? 'expectation'} (line ${p.line})`,
      classname: className(name),
      outcome: { kind: 'error', type: 'suite-file', message: `line ${p.line}: ${p.message}` }
    })
  }
  return cases
}

function expectationCase(r: ExpectationResult, name: string): JunitCase {
  const classname = `${className(name)}${r.column === undefined ? '' : `.${r.column}`}`
  if (r.status === 'pass') return { name: r.id, classname, outcome: { kind: 'passed' } }
  if (r.status === 'skipped') {
    return { name: r.id, classname, outcome: { kind: 'skipped', message: r.explanation } }
  }
  const detail = [
    r.explanation,
    `expected: ${r.expected}`,
    ...(r.observed === null ? [] : [`observed: ${JSON.stringify(r.observed)}`]),
    ...(r.unexpectedCount === undefined
      ? []
      : [`unexpected: ${r.unexpectedCount} of ${r.elementCount ?? 0}`]),
    ...(r.samples ?? [])
      .slice(0, JUNIT_SAMPLE_ROWS)
      .map((s) => `row ${s.row}: ${JSON.stringify(s.values)}`)
  ].join('\n')
  return {
    name: r.id,
    classname,
    outcome: {
      kind: r.status === 'fail' ? 'failure' : 'error',
      type: r.status === 'fail' ? r.severity : 'not-checked',
      message: r.explanation,
      detail
    }
  }
}

/** The dataset's verdict, each feature, the target and prediction, each multivariate method. */
function driftCases(report: Report): JunitCase[] {
  const classname = `${className(report.inputs.current.name)}.drift`
  const unreliable = report.gate.isDriftReliable ? '' : ' (unreliable: the data is invalid)'
  const d = report.dataset
  const cases: JunitCase[] = [
    {
      name: 'dataset',
      classname,
      outcome: d.drifted
        ? {
            kind: 'failure',
            type: 'drift',
            message: `Dataset drift detected${unreliable}: ${d.numberOfDrifted} of ${d.numberOfColumns} columns drifted.`,
            detail: [d.decision, report.gate.reason].join('\n')
          }
        : d.numberOfColumns === 0
          ? { kind: 'skipped', message: d.decision }
          : { kind: 'passed' }
    }
  ]
  for (const c of report.columns) cases.push(columnCase(c, c.column, classname, unreliable))
  const t = report.targets
  if (t?.target)
    cases.push(columnCase(t.target, `target ${t.target.column}`, classname, unreliable))
  if (t?.prediction) {
    cases.push(columnCase(t.prediction, `prediction ${t.prediction.column}`, classname, unreliable))
  }
  if (report.multivariate) {
    cases.push(...multivariateCases(report.multivariate, classname, unreliable))
  }
  return cases
}

function columnCase(
  c: ColumnDrift,
  name: string,
  classname: string,
  unreliable: string
): JunitCase {
  if (c.status === 'not_tested') {
    return {
      name,
      classname,
      outcome: { kind: 'skipped', message: `Not tested: ${c.note ?? 'no reason was given'}` }
    }
  }
  if (!c.drifted) return { name, classname, outcome: { kind: 'passed' } }
  const score = formatScore(c.score, c.scoreKind)
  const detail = [
    ...(c.explanation === undefined ? [] : [c.explanation]),
    `test: ${c.test ?? 'unknown'}${c.testName === undefined ? '' : ` (${c.testName})`}`,
    `score: ${score}`,
    `threshold: ${c.threshold ?? 'none'}`,
    ...(c.adjustedScore === undefined
      ? []
      : [`adjusted p-value: ${formatScore(c.adjustedScore, 'p_value')}`]),
    ...(c.note === undefined ? [] : [`note: ${c.note}`])
  ].join('\n')
  return {
    name,
    classname,
    outcome: {
      kind: 'failure',
      type: 'drift',
      message: `${c.column} drifted${unreliable}: ${c.testName ?? c.test ?? 'test'} ${score}, threshold ${c.threshold ?? 'none'}.`,
      detail
    }
  }
}

/** One case per method that ran; one skipped case, with the notes, when none did. */
function multivariateCases(
  m: MultivariateDrift,
  classname: string,
  unreliable: string
): JunitCase[] {
  const methods: [string, boolean, string][] = []
  if (m.mmd) {
    methods.push([
      'multivariate MMD',
      m.mmd.drifted,
      `MMD² = ${formatNumber(m.mmd.mmd2)}, p = ${formatScore(m.mmd.pvalue, 'p_value')} over ${m.mmd.permutations} permutations, threshold ${m.mmd.threshold}.`
    ])
  }
  if (m.pca) {
    methods.push([
      'multivariate PCA error',
      m.pca.drifted,
      `Mean reconstruction error ${formatNumber(m.pca.currentError)}, reference band ${formatNumber(m.pca.lower)} to ${formatNumber(m.pca.upper)}.`
    ])
  }
  if (m.classifier) {
    methods.push([
      'multivariate classifier',
      m.classifier.drifted,
      `${m.classifier.model}: 2·AUC − 1 = ${m.classifier.score.toFixed(3)}, threshold ${m.classifier.threshold}.`
    ])
  }
  if (methods.length === 0) {
    return [
      {
        name: 'multivariate',
        classname,
        outcome: {
          kind: 'skipped',
          message: m.notes.join(' ') || 'No multivariate method ran.'
        }
      }
    ]
  }
  const detail = [
    `columns: ${m.columns.join(', ')}`,
    `sample: ${m.sample.reference} reference and ${m.sample.current} current rows, seed ${m.sample.seed}`,
    ...m.notes
  ].join('\n')
  return methods.map(([name, drifted, text]) => ({
    name,
    classname,
    outcome: drifted
      ? { kind: 'failure', type: 'drift', message: `${name} drifted${unreliable}: ${text}`, detail }
      : { kind: 'passed' }
  }))
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${JSON.stringify(v)}`)
}
