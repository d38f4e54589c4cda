/**
 * `driftwatch suite infer` and `driftwatch validate` end to end, in-process (runCli), on copies of the demo's
 * weather files in a temp folder: the suite inferred from the reference passes week1; a batch with 80% of
 * `temp` missing fails (exit 1) with an explanation naming the column and its sample rows; the JUnit XML is
 * well formed, counts its failures and escapes a hostile column name; a missing file exits 2; `--reference`
 * works without a suite file (a reference column the batch lacks fails it unless named with --optional);
 * a suite file with a malformed expectation reports its line, runs the rest and exits 2.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { EXIT_DRIFT, EXIT_FAILED, EXIT_OK } from '../../src/main/hosts/cli/index'
import { quoteIdent, quoteString } from '../../src/main/engine/sql'
import type { ValidationResult } from '../../src/shared/model'
import { DEMO_REFERENCE, demoWeek } from '../paths'
import { parseXml } from '../xml'
import { runCli, useDuckDB, useTempFolder } from './harness'

const temp = useTempFolder('cli-validate')
const db = useDuckDB()
let reference: string
let week1: string
let suite: string
let incident: string

/** A column name no XML writer may pass through as it is. */
const HOSTILE = `hum<id>&"ity'`

/** Writes `name` from `source` with DuckDB: `replace` items (row number r), then renames. */
async function variant(name: string, source: string, replace = '', rename = ''): Promise<string> {
  const path = temp.path(name)
  const numbered = `(SELECT *, row_number() OVER () AS r FROM read_csv(${quoteString(source)}))`
  const replaced = `SELECT * EXCLUDE (r)${replace ? ` REPLACE (${replace})` : ''} FROM ${numbered}`
  const renamed = rename ? `SELECT * RENAME (${rename}) FROM (${replaced})` : replaced
  await db.connection().run(`COPY (${renamed}) TO ${quoteString(path)} (HEADER, DELIMITER ',')`)
  return path
}

beforeAll(async () => {
  reference = temp.path('ref.csv')
  week1 = temp.path('week1.csv')
  copyFileSync(DEMO_REFERENCE, reference)
  copyFileSync(demoWeek(1), week1)
  suite = temp.path('suite/expectations.yaml')
  // The ETL bug of the issue: 80% of a column missing.
  incident = await variant('nulled.csv', week1, 'CASE WHEN r % 5 = 0 THEN temp END AS temp')
})

describe('driftwatch suite infer and validate', () => {
  it('suite infer writes the suite as YAML (folder created) and says what it wrote', async () => {
    const result = await runCli([
      'suite',
      'infer',
      reference,
      '--out',
      suite,
      '--optional',
      'count'
    ])
    expect(result.err).toBe('')
    expect(result.code).toBe(EXIT_OK)
    expect(existsSync(suite)).toBe(true)
    const text = readFileSync(suite, 'utf8')
    expect(text).toMatch(/^# Driftwatch expectation suite/)
    expect(text).toContain('id: temp-range')
    const lines = result.out.split('\n')
    expect(lines[0]).toMatch(
      new RegExp(`^Wrote \\d+ expectations to ${suite.replace(/[.]/g, '\\.')}$`)
    )
    expect(lines[1]).toMatch(/inferred from ref\.csv \(431 rows, 12 columns\): \d+ errors/)
    expect(lines[2]).toContain('driftwatch validate <file> --suite')
  })

  it('suite infer refuses an optional column the reference does not have', async () => {
    const result = await runCli([
      'suite',
      'infer',
      reference,
      '--out',
      temp.path('x.yaml'),
      '--optional',
      'label'
    ])
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.err).toContain('"label"')
    expect(existsSync(temp.path('x.yaml'))).toBe(false)
  })

  it('validate week1 --suite passes (exit 0) with one summary line', async () => {
    const result = await runCli(['validate', week1, '--suite', suite])
    expect(result.err).toBe('')
    expect(result.code).toBe(EXIT_OK)
    expect(result.out.trim().split('\n').at(-1)).toMatch(
      /^Validation passed: (\d+) of \1 expectations passed, \d+ skipped; 165 rows of week1\.csv\.$/
    )
  })

  it('an incident batch (80% of temp missing) fails, exit 1, the failure first with its rows', async () => {
    const json = temp.path('nulled.json')
    const result = await runCli(['validate', incident, '--suite', suite, '--json', json])
    expect(result.code).toBe(EXIT_DRIFT)
    const lines = result.out.split('\n')
    expect(lines[0]).toMatch(
      /^FAIL {2}temp-missing \(column_null_share_at_most on "temp", severity error\)$/
    )
    const block = result.out.slice(0, result.out.indexOf('\n\n'))
    expect(block).toContain('"temp"')
    expect(block.match(/^ {6}row \d+: /gm)).toHaveLength(3)
    expect(block).toMatch(/… and \d+ more/)
    expect(result.out).toMatch(/\nValidation failed: \d+ of \d+ expectations passed, \d+ failed/)
    const written = JSON.parse(readFileSync(json, 'utf8')) as { validation: ValidationResult }
    expect(written.validation.status).toBe('fail')
    const missing = written.validation.results.find((r) => r.id === 'temp-missing')
    expect(missing?.status).toBe('fail')
    expect(missing?.explanation).toContain('temp')
    expect(missing?.unexpectedCount).toBe(132)
  })

  it('--junit writes XML that parses, with one <failure> per failed expectation', async () => {
    const xml = temp.path('nulled.xml')
    const result = await runCli(['validate', incident, '--suite', suite, '--junit', xml, '--quiet'])
    expect(result.code).toBe(EXIT_DRIFT)
    expect(result.out).toMatch(/^Validation failed: /)
    expect(result.out).not.toContain('FAIL ')
    const text = readFileSync(xml, 'utf8')
    const elements = parseXml(text)
    const testsuite = elements.find((e) => e.name === 'testsuite')
    const failures = elements.filter((e) => e.name === 'failure')
    expect(failures.length).toBeGreaterThanOrEqual(1)
    expect(Number(testsuite?.attributes['failures'])).toBe(failures.length)
    expect(Number(testsuite?.attributes['tests'])).toBe(
      elements.filter((e) => e.name === 'testcase').length
    )
    expect(Number(testsuite?.attributes['skipped'])).toBe(
      elements.filter((e) => e.name === 'skipped').length
    )
    const failed = elements.filter((e) => e.name === 'testcase')
    expect(failed.some((e) => e.attributes['name'] === 'temp-missing')).toBe(true)
    expect(failures.find((f) => f.attributes['type'] === 'error')?.attributes['message']).toContain(
      '&quot;temp&quot;'
    )
  })

  it('--junit escapes a hostile column name (with --reference, no suite file)', async () => {
    const rename = `humidity AS ${quoteIdent(HOSTILE)}`
    const hostileReference = await variant('hostile-ref.csv', reference, '', rename)
    const hostileBatch = await variant(
      'hostile.csv',
      week1,
      'CASE WHEN r % 5 = 0 THEN humidity END AS humidity',
      rename
    )
    const xml = temp.path('hostile.xml')
    const result = await runCli([
      'validate',
      hostileBatch,
      '--reference',
      hostileReference,
      '--optional',
      'count',
      '--junit',
      xml
    ])
    expect(result.code).toBe(EXIT_DRIFT)
    expect(result.out).toContain(HOSTILE)
    const text = readFileSync(xml, 'utf8')
    parseXml(text)
    expect(text).not.toContain(HOSTILE)
    expect(text).toContain('hum&lt;id&gt;&amp;&quot;ity&apos;')
  })

  it('a missing file exits 2 with the reason on stderr', async () => {
    const result = await runCli(['validate', temp.path('nope.csv'), '--suite', suite])
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.out).toBe('')
    expect(result.err).toMatch(/^driftwatch: .*nope\.csv/)
    const noSuite = await runCli(['validate', week1, '--suite', temp.path('none.yaml')])
    expect(noSuite.code).toBe(EXIT_FAILED)
    expect(noSuite.err).toContain('none.yaml')
  })

  it('--reference without a suite file: a dropped column fails unless --optional names it', async () => {
    const strict = await runCli(['validate', week1, '--reference', reference])
    expect(strict.code).toBe(EXIT_DRIFT)
    expect(strict.out).toContain('Schema changes against the reference:')
    expect(strict.out).toContain('Column "count" (BIGINT) is missing from the batch.')
    expect(strict.out.split('\n')[3]).toMatch(/^FAIL {2}columns \(column_set_contains/)
    expect(strict.out).toContain('"count"')

    const lenient = await runCli([
      'validate',
      week1,
      '--reference',
      reference,
      '--optional',
      'count'
    ])
    expect(lenient.err).toBe('')
    expect(lenient.code).toBe(EXIT_OK)
    // The dropped column is still reported, as a schema change, without failing the batch.
    expect(lenient.out).toContain('Column "count" (BIGINT) is missing from the batch.')
    expect(lenient.out).toMatch(/Validation passed: .* 165 rows of week1\.csv\.\n$/)
  })

  it('a suite file with a malformed expectation: its line is reported, the rest run, exit 2', async () => {
    const file = temp.file(
      'bad-suite.yaml',
      [
        'version: 1',
        'expectations:',
        '  - id: temp-range',
        '    kind: column_values_between',
        '    column: temp',
        '    min: -20',
        '    max: 50',
        '  - id: temp-missing',
        '    kind: column_null_share_at_most',
        '    column: temp',
        '    max: 0.05',
        '  - id: broken',
        '    kind: column_values_between',
        '    column: temp',
        '    severity: fatal',
        ''
      ].join('\n')
    )
    const result = await runCli([
      'validate',
      week1,
      '--suite',
      file,
      '--junit',
      temp.path('bad.xml')
    ])
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.out).toMatch(
      /^Problems in .*bad-suite\.yaml \(these expectations were not run\):\n {2}line 12: /
    )
    expect(result.out).toMatch(/Validation incomplete: 2 of 2 expectations passed, 1 not run/)
    expect(result.err).toMatch(/1 expectation could not be checked/)
    const elements = parseXml(readFileSync(temp.path('bad.xml'), 'utf8'))
    expect(elements.filter((e) => e.name === 'error')).toHaveLength(1)

    // A failure still decides the exit code: 1.
    const failing = await runCli(['validate', incident, '--suite', file])
    expect(failing.code).toBe(EXIT_DRIFT)
    expect(failing.out).toContain('line 12: ')
  })
})
