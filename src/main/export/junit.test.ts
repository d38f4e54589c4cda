import { describe, expect, it } from 'vitest'
import type { ValidationResult } from '../../shared/model'
import {
  batchRecord,
  expectation,
  fixtureReport,
  FIXTURE_VALIDATION,
  HOSTILE
} from '../../../test/reportFixture'
import { junitCountProblems, junitSuites, parseXml, unescapeXml } from '../../../test/xml'
import {
  escapeXml,
  escapeXmlAttribute,
  renderJunitXml,
  renderReportJunit,
  renderRunJunit,
  renderValidationJunit
} from './junit'

describe('escapeXml', () => {
  it('escapes markup and quotes, and replaces characters XML cannot hold', () => {
    expect(escapeXml(`a<b>&"c"'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;')
    expect(escapeXml('tab\tnew\nline\u0000\u001f')).toBe('tab\tnew\nline\uFFFD\uFFFD')
    expect(escapeXml('\uD800x\uD83D\uDE00')).toBe('\uFFFDx\uD83D\uDE00')
  })

  it('keeps tabs and line breaks of attributes as references, so they read back as written', () => {
    expect(escapeXmlAttribute('a\tb\nc\rd<')).toBe('a&#9;b&#10;c&#13;d&lt;')
    expect(unescapeXml(escapeXmlAttribute(HOSTILE.markup))).toBe(HOSTILE.markup)
  })
})

describe('renderJunitXml', () => {
  it('counts each suite and the root from the cases, and lists the properties', () => {
    const xml = renderJunitXml({
      name: 'n',
      suites: [
        {
          name: 'one',
          time: 1.5,
          properties: [{ name: 'sha256', value: 'abc' }],
          cases: [
            { name: 'a', classname: 'c', outcome: { kind: 'passed' } },
            { name: 'b', classname: 'c', outcome: { kind: 'failure', type: 't', message: 'm' } },
            { name: 'c', classname: 'c', outcome: { kind: 'skipped', message: 's' } }
          ]
        },
        {
          name: 'two',
          time: 0.25,
          cases: [
            {
              name: 'd',
              classname: 'c',
              outcome: { kind: 'error', type: 'e', message: 'm', detail: 'd' }
            }
          ]
        }
      ]
    })
    parseXml(xml)
    expect(xml).toContain(
      '<testsuites name="n" tests="4" failures="1" errors="1" skipped="1" time="1.750">'
    )
    expect(xml).toContain(
      '<testsuite name="one" tests="3" failures="1" errors="0" skipped="1" time="1.500">'
    )
    expect(xml).toContain('<property name="sha256" value="abc"/>')
    expect(xml).toContain('<failure type="t" message="m"/>')
    expect(xml).toContain('<error type="e" message="m">d</error>')
  })
})

describe('renderValidationJunit', () => {
  it('one testcase per expectation: failure with the severity, error, skipped; counts agree', () => {
    const results = [
      expectation({ id: 'ok', column: 'a' }),
      expectation({
        id: 'bad',
        column: 'a',
        status: 'fail',
        explanation: 'too <big>',
        samples: [{ row: 3, values: { a: 9 } }]
      }),
      expectation({ id: 'soft', status: 'fail', severity: 'warning' }),
      expectation({ id: 'broken', status: 'error', explanation: 'bad regex' }),
      expectation({ id: 'off', status: 'skipped', explanation: 'disabled' })
    ]
    const validation: ValidationResult = {
      status: 'fail',
      rows: 10,
      results,
      counts: { pass: 1, fail: 2, error: 1, skipped: 1 },
      durations: { aggregateMs: 1, samplesMs: 1, totalMs: 2500 },
      evaluatedAt: '2025-01-01T00:00:00Z'
    }
    const xml = renderValidationJunit({
      name: 'b&.csv',
      validation,
      problems: [{ line: 7, message: 'no id' }]
    })
    expect(xml).toContain(
      '<testsuite name="b&amp;.csv" tests="6" failures="2" errors="2" skipped="1" time="2.500"'
    )
    expect(xml).toContain('<testcase name="ok" classname="driftwatch.b&amp;.csv.a" time="0"/>')
    expect(xml).toContain('<failure type="error" message="too &lt;big&gt;">too &lt;big&gt;\n')
    expect(xml).toContain('row 3: {&quot;a&quot;:9}</failure>')
    expect(xml).toContain('<failure type="warning"')
    expect(xml).toContain('<error type="not-checked" message="bad regex">')
    expect(xml).toContain('<skipped message="disabled"/>')
    expect(xml).toContain('<error type="suite-file" message="line 7: no id"/>')
    expect(xml.match(/<testcase /g)).toHaveLength(6)
  })
})

describe('renderReportJunit', () => {
  const report = fixtureReport()
  const xml = renderReportJunit(report)
  const suites = junitSuites(parseXml(xml))

  it('has a validation suite and a drift suite whose counts agree with their cases', () => {
    expect(suites.map((s) => s.name)).toEqual(['week<1>&.csv validation', 'week<1>&.csv drift'])
    expect(junitCountProblems(suites)).toEqual([])
    expect(xml).toContain('<property name="current.sha256" value="0123456789abcdef')
  })

  it('validation: one case per expectation and per problem of the suite file', () => {
    const validation = suites[0]?.cases ?? []
    expect(validation.map((c) => [c.name, c.outcome])).toEqual([
      ['temp-range', 'passed'],
      ['temp-missing', 'failure'],
      ['script-range', 'failure'],
      ['code-format', 'error'],
      ['humidity-mean', 'skipped'],
      ['broken (line 12)', 'error']
    ])
    expect(validation[1]?.element?.attributes['type']).toBe('warning')
    expect(validation[2]?.classname).toBe(`driftwatch.week<1>&.csv.${HOSTILE.script}`)
  })

  it('drift: the dataset, each feature, target and prediction, each multivariate method', () => {
    const drift = suites[1]?.cases ?? []
    expect(drift.map((c) => [c.name, c.outcome])).toEqual([
      ['dataset', 'failure'],
      ['temp', 'failure'],
      [HOSTILE.script, 'failure'],
      [HOSTILE.markup, 'passed'],
      ['bell\uFFFDtab\tline\nbreak', 'passed'],
      ['station', 'skipped'],
      ['target count', 'failure'],
      ['prediction predicted', 'passed'],
      ['multivariate MMD', 'failure'],
      ['multivariate PCA error', 'passed'],
      ['multivariate classifier', 'passed']
    ])
    const failures = drift.filter((c) => c.outcome === 'failure')
    const drifted = report.columns.filter((c) => c.drifted).length
    expect(failures).toHaveLength(1 + drifted + 1 + 1)
    const temp = drift[1]?.element
    expect(unescapeXml(temp?.attributes['message'] ?? '')).toBe(
      'temp drifted (unreliable: the data is invalid): K-S p_value 1.000e-4, threshold 0.05.'
    )
    expect(unescapeXml(temp?.text ?? '')).toBe(
      [
        'The Kolmogorov–Smirnov test compares the cumulative distributions of temp.',
        'test: ks (K-S p_value)',
        'score: 1.000e-4',
        'threshold: 0.05',
        'adjusted p-value: 3.000e-4'
      ].join('\n')
    )
    expect(unescapeXml(drift[5]?.element?.attributes['message'] ?? '')).toBe(
      'Not tested: Free text with 160 distinct values in 165 rows: no test fits.'
    )
  })

  it('never lets a hostile name through as markup', () => {
    expect(xml).not.toContain(HOSTILE.script)
    expect(xml).not.toContain('\u0007')
    expect(xml).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('without validation, only the drift suite; nothing tested, the dataset case is skipped', () => {
    const bare = fixtureReport({
      validation: undefined,
      multivariate: undefined,
      targets: undefined,
      columns: [],
      dataset: { ...report.dataset, numberOfColumns: 0, numberOfDrifted: 0, drifted: false }
    })
    const [only, ...rest] = junitSuites(parseXml(renderReportJunit(bare)))
    expect(rest).toEqual([])
    expect(only?.cases.map((c) => [c.name, c.outcome])).toEqual([['dataset', 'skipped']])
  })
})

describe('renderRunJunit', () => {
  it('one suite per batch: validation then drift cases; a batch not processed is one error', () => {
    const report = fixtureReport()
    const xml = renderRunJunit([
      { batch: batchRecord('week1.csv'), report },
      { batch: batchRecord('broken.csv', { status: 'failed', reason: 'the file is empty' }) }
    ])
    const suites = junitSuites(parseXml(xml))
    expect(suites.map((s) => s.name)).toEqual(['drops/week1.csv', 'drops/broken.csv'])
    expect(suites[0]?.cases).toHaveLength(
      FIXTURE_VALIDATION.results.length + 1 + 1 + report.columns.length + 2 + 3
    )
    expect(suites[1]?.cases.map((c) => c.outcome)).toEqual(['error'])
    expect(unescapeXml(suites[1]?.cases[0]?.element?.attributes['message'] ?? '')).toBe(
      'broken.csv could not be processed: the file is empty.'
    )
    expect(xml).toMatch(/^<testsuites name="driftwatch run" tests="\d+" failures="7" errors="3"/m)
  })
})
