/**
 * The CLI end to end on real files, in-process: `driftwatch compare` with the widened options runs the real
 * backend and workers on the demo's weather files, prints the table and writes the Report as JSON.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EXIT_FAILED, EXIT_OK } from '../../src/main/hosts/cli/index'
import type { Report } from '../../src/shared/model'
import { DEMO_REFERENCE, demoWeek } from '../paths'
import { runCli, useTempFolder } from './harness'

const WEEK1 = demoWeek(1)
const folder = useTempFolder('cli')

describe('driftwatch compare with options', () => {
  it('runs Bonferroni over Anderson–Darling on the numeric columns and writes it in the report', async () => {
    const json = folder.path('report.json')
    const result = await runCli([
      'compare',
      DEMO_REFERENCE,
      WEEK1,
      '--rule',
      'bonferroni',
      '--numeric-test',
      'anderson',
      '--ignore',
      'count',
      '--json',
      json,
      '--quiet'
    ])
    expect(result.err).not.toContain('driftwatch:')
    expect(result.code).toBe(EXIT_OK)
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report
    expect(report.options).toMatchObject({
      rule: 'bonferroni',
      perKind: { numeric: { test: 'anderson' } },
      ignore: ['count']
    })
    expect(report.dataset.rule).toBe('bonferroni')
    expect(report.ignored).toEqual(['count'])
    const numeric = report.columns.filter((c) => c.kind === 'numeric' && c.status === 'tested')
    expect(numeric.map((c) => c.column).sort()).toEqual(
      [
        'atemp',
        'casual',
        'holiday',
        'humidity',
        'registered',
        'season',
        'temp',
        'weather',
        'windspeed',
        'workingday'
      ].sort()
    )
    for (const c of numeric) {
      expect(c.test, c.column).toBe('anderson')
      expect(c.scoreKind).toBe('p_value')
    }
    // Bonferroni: each p-value times the number of p-values, capped at 1. A column without a p-value
    // (season is constant in the reference) has no adjusted one either.
    const scored = numeric.filter((c) => typeof c.score === 'number')
    expect(scored.length).toBeGreaterThanOrEqual(8)
    for (const c of numeric) {
      if (typeof c.score !== 'number') {
        expect(c.adjustedScore ?? null, c.column).toBeNull()
        continue
      }
      expect(c.adjustedScore, c.column).toBeCloseTo(Math.min(1, c.score * scored.length), 12)
      expect(c.drifted, c.column).toBe((c.adjustedScore as number) <= 0.05)
    }
    // The table shows the adjusted p-values and the rule's decision sentence.
    expect(result.out).toContain('Adj. p')
    expect(result.out).toContain(report.dataset.decision.split(' ').slice(0, 4).join(' '))
    const tempRow = result.out.split('\n').find((l) => l.startsWith('temp '))
    expect(tempRow).toMatch(/^temp\s+numeric\s+anderson\s/)
    for (const line of result.out.split('\n')) expect([...line].length).toBeLessThanOrEqual(100)
  })

  it('writes only the JSON report to standard output with --json -', async () => {
    const result = await runCli([
      'compare',
      DEMO_REFERENCE,
      WEEK1,
      '--json',
      '-',
      '--quiet',
      '--seed',
      '7'
    ])
    expect(result.code).toBe(EXIT_OK)
    const report = JSON.parse(result.out) as Report
    expect(report.kind).toBe('compare')
    expect(report.options.seed).toBe(7)
  })

  it('refuses a bad combination before reading any file, with exit code 2', async () => {
    const result = await runCli(['compare', DEMO_REFERENCE, WEEK1, '--categorical-test', 'ks'])
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.out).toBe('')
    expect(result.err).toMatch(/^driftwatch: ks \(Kolmogorov–Smirnov test\) takes numbers only/)
  })

  it('lists the tests', async () => {
    const result = await runCli(['--list-tests'])
    expect(result.code).toBe(EXIT_OK)
    expect(result.out).toContain('cramer_von_mises')
  })
})
