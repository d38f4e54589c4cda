/**
 * Suite files on real temp files: a suite written and read back is the same suite; a YAML syntax error
 * points at its line and column; a malformed expectation is reported with its line while the others load;
 * edits keep every comment and the order of the rest (checked on the exact text); writes are atomic (no
 * temp file left behind).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Suite } from '../../shared/model'
import { readSuiteFile, updateSuiteFile, writeSuiteFile } from './suiteFile'

let folder = ''
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'driftwatch-suitefile-'))
})
afterAll(() => {
  rmSync(folder, { recursive: true, force: true })
})

function file(name: string, text: string): string {
  const path = join(folder, name)
  writeFileSync(path, text)
  return path
}

const SUITE: Suite = {
  version: 1,
  name: 'weather',
  expectations: [
    { id: 'rows', kind: 'row_count_between', min: 400, max: 500, severity: 'error', enabled: true },
    {
      id: 'columns',
      kind: 'column_set_contains',
      columns: ['datetime', 'temp'],
      severity: 'warning',
      enabled: true
    },
    {
      id: 'temp-range',
      kind: 'column_values_between',
      column: 'temp',
      min: 0,
      max: 45.5,
      mostly: 0.99,
      severity: 'error',
      enabled: false,
      note: 'from the reference'
    },
    {
      id: 'when',
      kind: 'column_values_between',
      column: 'datetime',
      min: '2011-01-01',
      severity: 'error',
      enabled: true
    },
    {
      id: 'weather-set',
      kind: 'column_values_in_set',
      column: 'weather',
      values: [1, 2, 'three', true],
      severity: 'error',
      enabled: true
    },
    {
      id: 'q90',
      kind: 'column_statistic_between',
      column: 'humidity',
      statistic: 'quantile',
      quantile: 0.9,
      max: 95,
      severity: 'warning',
      enabled: true
    },
    {
      id: 'digits',
      kind: 'column_matches_regex',
      column: 'humidity',
      regex: '^[0-9]+$ # not a comment',
      severity: 'error',
      enabled: true
    },
    {
      id: 'sum',
      kind: 'row_condition',
      expression: 'a + b = "c"',
      severity: 'error',
      enabled: true
    },
    {
      id: 'mono',
      kind: 'column_monotonic',
      column: 'datetime',
      direction: 'increasing',
      strict: true,
      severity: 'error',
      enabled: true
    },
    {
      id: 'fresh',
      kind: 'column_fresh',
      column: 'datetime',
      maxAgeSeconds: 86400,
      severity: 'error',
      enabled: true
    }
  ]
}

describe('writeSuiteFile and readSuiteFile', () => {
  it('round-trips a suite with every value type, under a header comment', async () => {
    const path = join(folder, 'round.yaml')
    expect((await writeSuiteFile(path, SUITE)).ok).toBe(true)
    const text = readFileSync(path, 'utf8')
    expect(text.startsWith('# Driftwatch expectation suite')).toBe(true)
    expect(text).toContain('    columns: [ datetime, temp ]')
    expect(text.indexOf('name: weather')).toBeLessThan(text.indexOf('expectations:'))
    const read = await readSuiteFile(path)
    if (!read.ok) throw new Error(read.error.message)
    expect(read.value.problems).toEqual([])
    expect(read.value.suite).toEqual(SUITE)
  })

  it('fills in severity error and enabled true when a person leaves them out', async () => {
    const path = file(
      'defaults.yaml',
      'version: 1\nexpectations:\n  - id: t\n    kind: column_exists\n    column: temp\n'
    )
    const read = await readSuiteFile(path)
    if (!read.ok) throw new Error(read.error.message)
    expect(read.value.suite.expectations).toEqual([
      { id: 't', kind: 'column_exists', column: 'temp', severity: 'error', enabled: true }
    ])
  })

  it('points a syntax error at its line and column and says what to do', async () => {
    const path = file(
      'broken.yaml',
      [
        'version: 1',
        'expectations:',
        '  - id: a',
        '    kind: column_exists',
        '    column: "temp',
        '  - id: b',
        ''
      ].join('\n')
    )
    const read = await readSuiteFile(path)
    expect(read.ok).toBe(false)
    if (read.ok) return
    expect(read.error.code).toBe('FILE_UNREADABLE')
    expect(read.error.message).toMatch(/syntax error at line \d+, column \d+/)
    expect(read.error.message).toContain('Fix the file there')
    const line = Number(/at line (\d+)/.exec(read.error.message)?.[1])
    // The unclosed quote opens on line 5; the parser reports where the string runs out (line 5..7).
    expect(line).toBeGreaterThanOrEqual(5)
    expect(line).toBeLessThanOrEqual(7)
  })

  it('points a bad indentation at the exact line', async () => {
    const path = file(
      'indent.yaml',
      [
        'version: 1',
        'expectations:',
        '  - id: a',
        '    kind: column_exists',
        '   column: temp',
        ''
      ].join('\n')
    )
    const read = await readSuiteFile(path)
    if (read.ok) throw new Error('a bad indentation must not parse')
    expect(read.error.message).toContain('at line 5, column')
    expect(read.error.message).toContain('`column: temp`')
  })

  it('reports each bad expectation with its line and id, and loads the rest', async () => {
    const path = file(
      'bad.yaml',
      [
        '# hand-written',
        'version: 1',
        'expectations:',
        '  - id: good-1',
        '    kind: column_exists',
        '    column: temp',
        '  - id: wrong-bound', // line 7
        '    kind: column_distinct_count_between',
        '    column: temp',
        '    min: zero',
        '  - id: wrong-kind', // line 11
        '    kind: column_is_nice',
        '    column: temp',
        '  - id: wrong-severity', // line 14
        '    kind: column_exists',
        '    column: temp',
        '    severity: fatal',
        '  - id: typo', // line 18
        '    kind: column_length_between',
        '    column: temp',
        '    mni: 1',
        '    max: 8',
        '  - id: regex', // line 23
        '    kind: column_matches_regex',
        '    column: temp',
        '    regex: 42',
        '  - id: good-1', // line 27: duplicate id
        '    kind: column_exists',
        '    column: humidity',
        '  - kind: column_exists', // line 30: no id
        '    column: humidity',
        '  - id: good-2',
        '    kind: column_null_share_at_most',
        '    column: humidity',
        '    max: 0.05',
        ''
      ].join('\n')
    )
    const read = await readSuiteFile(path)
    if (!read.ok) throw new Error(read.error.message)
    expect(read.value.suite.expectations.map((e) => e.id)).toEqual(['good-1', 'good-2'])
    const problems = read.value.problems
    expect(problems.map((p) => [p.line, p.id])).toEqual([
      [7, 'wrong-bound'],
      [11, 'wrong-kind'],
      [14, 'wrong-severity'],
      [18, 'typo'],
      [23, 'regex'],
      [27, 'good-1'],
      [30, undefined]
    ])
    expect(problems[0]?.message).toBe(
      'Expectation "wrong-bound" on line 7: min must be a number (it is "zero"). It is skipped; fix it in the file.'
    )
    expect(problems[1]?.message).toContain('"column_is_nice" is not a kind of expectation')
    expect(problems[2]?.message).toContain('severity must be error or warning (it is "fatal")')
    expect(problems[3]?.message).toContain('mni is not a field of column_length_between')
    expect(problems[4]?.message).toContain('regex must be a non-empty text (it is 42)')
    expect(problems[5]?.message).toContain('is used by an earlier expectation')
    expect(problems[6]?.message).toContain('it has no id')
  })

  it('says so when the file is missing', async () => {
    const read = await readSuiteFile(join(folder, 'nowhere.yaml'))
    expect(read.ok ? '' : read.error.code).toBe('FILE_NOT_FOUND')
  })
})

describe('updateSuiteFile', () => {
  const COMMENTED = [
    '# Weather suite, kept by the data team.',
    'version: 1',
    'name: weather # the reference of January',
    '',
    'expectations:',
    '  # Row count from the January load.',
    '  - id: rows',
    '    kind: row_count_between',
    '    min: 400 # lower band',
    '    max: 500',
    '',
    '  - id: temp-range # checked by Ana',
    '    kind: column_values_between',
    '    column: temp',
    '    severity: error',
    '    min: 0',
    '    max: 45',
    '',
    '  # Humidity is a percentage.',
    '  - id: humidity-null',
    '    kind: column_null_share_at_most',
    '    column: humidity',
    '    max: 0.01',
    '# end of suite',
    ''
  ].join('\n')

  it('toggles, re-bounds, changes severity, adds and removes, keeping every comment and the order', async () => {
    const path = file('commented.yaml', COMMENTED)

    const toggled = await updateSuiteFile(path, { op: 'enable', id: 'temp-range', enabled: false })
    if (!toggled.ok) throw new Error(toggled.error.message)
    expect(readFileSync(path, 'utf8')).toBe(
      COMMENTED.replace('    max: 45\n', '    max: 45\n    enabled: false\n')
    )
    expect(toggled.value.suite.expectations.find((e) => e.id === 'temp-range')?.enabled).toBe(false)

    const bounded = await updateSuiteFile(path, {
      op: 'bounds',
      id: 'temp-range',
      min: -5,
      max: null
    })
    if (!bounded.ok) throw new Error(bounded.error.message)
    expect(readFileSync(path, 'utf8')).toBe(
      COMMENTED.replace('    min: 0\n    max: 45\n', '    min: -5\n    enabled: false\n')
    )

    const severity = await updateSuiteFile(path, {
      op: 'severity',
      id: 'rows',
      severity: 'warning'
    })
    if (!severity.ok) throw new Error(severity.error.message)
    expect(readFileSync(path, 'utf8')).toBe(
      COMMENTED.replace('    min: 0\n    max: 45\n', '    min: -5\n    enabled: false\n').replace(
        '    max: 500\n',
        '    max: 500\n    severity: warning\n'
      )
    )
    const edited = readFileSync(path, 'utf8')

    const added = await updateSuiteFile(path, {
      op: 'add',
      expectation: {
        id: 'weather-set',
        kind: 'column_values_in_set',
        column: 'weather',
        values: [1, 2, 3],
        mostly: 0.95,
        severity: 'warning',
        enabled: true
      }
    })
    if (!added.ok) throw new Error(added.error.message)
    const withAdded = readFileSync(path, 'utf8')
    expect(withAdded).toBe(
      edited.replace(
        '# end of suite\n',
        [
          '  - id: weather-set',
          '    kind: column_values_in_set',
          '    column: weather',
          '    severity: warning',
          '    enabled: true',
          '    values: [ 1, 2, 3 ]',
          '    mostly: 0.95',
          '# end of suite',
          ''
        ].join('\n')
      )
    )
    expect(added.value.suite.expectations.map((e) => e.id)).toEqual([
      'rows',
      'temp-range',
      'humidity-null',
      'weather-set'
    ])

    const removed = await updateSuiteFile(path, { op: 'remove', id: 'weather-set' })
    if (!removed.ok) throw new Error(removed.error.message)
    expect(readFileSync(path, 'utf8')).toBe(edited)
    expect(readdirSync(folder).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('keeps a blank line before a closing comment when the file had one', async () => {
    const text =
      'version: 1\nexpectations:\n  - id: t\n    kind: column_exists\n    column: temp\n\n# end\n'
    const path = file('blank.yaml', text)
    const edited = await updateSuiteFile(path, { op: 'severity', id: 't', severity: 'warning' })
    if (!edited.ok) throw new Error(edited.error.message)
    expect(readFileSync(path, 'utf8')).toBe(
      text.replace('column: temp\n', 'column: temp\n    severity: warning\n')
    )
  })

  it('refuses an edit that would make an expectation invalid, and leaves the file as it was', async () => {
    const path = file('refuse.yaml', COMMENTED)
    const inverted = await updateSuiteFile(path, { op: 'bounds', id: 'rows', min: 600 })
    expect(inverted.ok).toBe(false)
    if (!inverted.ok)
      expect(inverted.error.message).toContain('min (600) is greater than max (500)')
    const wrongType = await updateSuiteFile(path, { op: 'bounds', id: 'rows', max: 'many' })
    expect(wrongType.ok).toBe(false)
    const noMin = await updateSuiteFile(path, { op: 'bounds', id: 'humidity-null', min: 0 })
    expect(noMin.ok).toBe(false)
    const unknown = await updateSuiteFile(path, { op: 'remove', id: 'nope' })
    expect(unknown.ok ? '' : unknown.error.code).toBe('NOT_FOUND')
    const duplicate = await updateSuiteFile(path, {
      op: 'add',
      expectation: {
        id: 'rows',
        kind: 'column_exists',
        column: 'x',
        severity: 'error',
        enabled: true
      }
    })
    expect(duplicate.ok).toBe(false)
    expect(readFileSync(path, 'utf8')).toBe(COMMENTED)
  })
})
