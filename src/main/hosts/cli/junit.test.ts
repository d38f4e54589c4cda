import { describe, expect, it } from 'vitest'
import type { ExpectationResult, ValidationResult } from '../../../shared/model'
import { escapeXml, renderJunit } from './junit'

function result(over: Partial<ExpectationResult>): ExpectationResult {
  return {
    id: 'x',
    kind: 'column_values_between',
    column: 'a',
    severity: 'error',
    status: 'pass',
    observed: null,
    expected: 'between 0 and 1',
    explanation: 'fine',
    ...over
  }
}

describe('escapeXml', () => {
  it('escapes markup and quotes, and replaces characters XML cannot hold', () => {
    expect(escapeXml(`a<b>&"c"'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;')
    expect(escapeXml('tab\tnew\nline\u0000\u001f')).toBe('tab\tnew\nline\uFFFD\uFFFD')
    expect(escapeXml('\uD800x\uD83D\uDE00')).toBe('\uFFFDx\uD83D\uDE00')
  })
})

describe('renderJunit', () => {
  it('one testcase per expectation: failure with the severity, error, skipped; counts agree', () => {
    const results = [
      result({ id: 'ok' }),
      result({
        id: 'bad',
        status: 'fail',
        explanation: 'too <big>',
        samples: [{ row: 3, values: { a: 9 } }]
      }),
      result({ id: 'soft', status: 'fail', severity: 'warning' }),
      result({ id: 'broken', status: 'error', explanation: 'bad regex' }),
      result({ id: 'off', status: 'skipped', explanation: 'disabled' })
    ]
    const validation: ValidationResult = {
      status: 'fail',
      rows: 10,
      results,
      counts: { pass: 1, fail: 2, error: 1, skipped: 1 },
      durations: { aggregateMs: 1, samplesMs: 1, totalMs: 2500 },
      evaluatedAt: '2025-01-01T00:00:00Z'
    }
    const xml = renderJunit({
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
