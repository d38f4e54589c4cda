/**
 * The validation gate of a comparison, through the backend's public API with real workers and real files:
 * the demo weeks pass a suite inferred from the reference and count toward retraining when they drift; a
 * batch with an injected incident is still compared, but its report is marked data invalid, its drift
 * unreliable and no reason to retrain, with the failing expectation's sample rows; the suite comes from a
 * file when one exists (a syntax error leaves the comparison standing, with the line in the gate's reason),
 * from the request as given, or is inferred with the path it would be saved to; a stored reference profile
 * cannot infer one; and the suite channels read, write, edit and render suite files only inside granted
 * folders, keeping the person's comments.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CompareValidationRequest } from '../../src/shared/api'
import type { Report, Suite } from '../../src/shared/model'
import { runComparison } from '../../src/main/runComparison'
import { weatherWeek, WEATHER_REFERENCE } from '../paths'
import { useBackend } from './harness'

const harness = useBackend('compare-validation', {
  defaults: { multivariate: { enabled: false } }
})

async function compare(
  current: string,
  validation?: CompareValidationRequest,
  referenceProfile?: string
): Promise<Report> {
  const result = await runComparison(harness.backend(), {
    reference: WEATHER_REFERENCE,
    current,
    options: { ignore: ['count'], multivariate: { enabled: false } },
    ...(validation === undefined ? {} : { validation }),
    ...(referenceProfile === undefined ? {} : { referenceProfile })
  })
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

/** week1 with the cells of `column` replaced on the given 0-based data rows. */
function week1With(name: string, column: string, rows: readonly number[], value: string): string {
  const [header, ...lines] = readFileSync(weatherWeek(1), 'utf8').trimEnd().split('\n')
  const index = (header as string).split(',').indexOf(column)
  const changed = lines.map((line, i) => {
    if (!rows.includes(i)) return line
    const cells = line.split(',')
    cells[index] = value
    return cells.join(',')
  })
  return harness.file(name, `${header}\n${changed.join('\n')}\n`)
}

describe('the gate on the demo weeks', () => {
  it.each([1, 2, 3] as const)(
    'week%i passes its inferred suite: valid, drifted, a reason to retrain',
    async (week) => {
      const report = await compare(weatherWeek(week))
      expect(report.validation?.source).toEqual({ kind: 'inferred', from: WEATHER_REFERENCE })
      expect(['pass', 'warning']).toContain(report.validation?.result.status)
      // The ignored target is optional: its absence from the batch fails nothing.
      const columns = report.validation?.suite.expectations.find((e) => e.id === 'columns')
      expect(columns).toMatchObject({ kind: 'column_set_contains' })
      expect((columns as unknown as { columns: string[] }).columns).not.toContain('count')
      expect(report.dataset.drifted).toBe(true)
      expect(report.gate).toMatchObject({
        status: 'valid',
        isDriftReliable: true,
        countsTowardRetraining: true
      })
    }
  )
})

describe('a batch with an injected incident', () => {
  it('prices of 999,999,999 in temp: data invalid, drift unreliable, no reason to retrain', async () => {
    const bad = week1With('week1-corrupt-temp.csv', 'temp', [4, 9, 30], '999999999')
    const report = await compare(bad)
    const failed = report.validation?.result.results.find((r) => r.id === 'temp-range')
    expect(failed).toMatchObject({ status: 'fail', severity: 'error', unexpectedCount: 3 })
    expect(failed?.samples?.map((s) => s.row)).toEqual([5, 10, 31])
    expect(failed?.samples?.[0]?.values['temp']).toBe(999999999)
    expect(failed?.explanation).toMatch(/temp/)
    expect(report.validation?.result.status).toBe('fail')
    // Still compared: every feature has its test and the dataset its verdict.
    expect(report.columns.length).toBe(10)
    expect(report.dataset.decision.length).toBeGreaterThan(0)
    expect(report.gate).toMatchObject({
      status: 'invalid',
      isDriftReliable: false,
      countsTowardRetraining: false
    })
    expect(report.gate.reason).toMatch(/Fix the data first/)
  })

  it('a renamed column is explained as a probable rename, and the batch is invalid', async () => {
    const [header, ...rest] = readFileSync(weatherWeek(1), 'utf8').split('\n')
    const renamed = harness.file(
      'week1-renamed.csv',
      [(header as string).replace('registered', 'registeredUsers'), ...rest].join('\n')
    )
    const report = await compare(renamed)
    expect(report.validation?.schemaChanges?.renames).toEqual([
      expect.objectContaining({ from: 'registered', to: 'registeredUsers' })
    ])
    expect(report.gate.status).toBe('invalid')
  })
})

describe('where the suite comes from', () => {
  const strict: Suite = {
    version: 1,
    name: 'strict',
    expectations: [
      {
        id: 'temp-cold',
        kind: 'column_values_between',
        column: 'temp',
        min: 0,
        max: 10,
        severity: 'error',
        enabled: true
      }
    ]
  }

  it('a suite given with the request is checked as it is', async () => {
    const report = await compare(weatherWeek(1), { suite: strict })
    expect(report.validation?.source).toEqual({ kind: 'given' })
    expect(report.validation?.suite).toEqual(strict)
    expect(report.validation?.result.results.map((r) => [r.id, r.status])).toEqual([
      ['temp-cold', 'fail']
    ])
    expect(report.gate.status).toBe('invalid')
  })

  it('a suite file that does not exist yet: inferred, with the path it would be saved to', async () => {
    const path = join(harness.root(), 'project', 'driftwatch', 'expectations.yaml')
    harness.backend().grantFolder(join(harness.root(), 'project'))
    const report = await compare(weatherWeek(1), { suitePath: path })
    expect(report.validation?.source).toEqual({
      kind: 'inferred',
      from: WEATHER_REFERENCE,
      savePath: path
    })
    expect(existsSync(path)).toBe(false)
  })

  it('a suite file that exists is read, its malformed entry listed by line and left out', async () => {
    const folder = join(harness.root(), 'filed')
    mkdirSync(folder, { recursive: true })
    const path = join(folder, 'expectations.yaml')
    writeFileSync(
      path,
      [
        'version: 1',
        'expectations:',
        '  - id: temp-range',
        '    kind: column_values_between',
        '    column: temp',
        '    min: 0',
        '    max: 45',
        '  - id: broken',
        '    kind: column_values_between',
        '    column: temp',
        '    min: 0',
        '    mostly: 2',
        ''
      ].join('\n')
    )
    harness.backend().grantFolder(folder)
    const report = await compare(weatherWeek(1), { suitePath: path })
    const source = report.validation?.source
    expect(source?.kind).toBe('file')
    expect(source?.kind === 'file' ? source.problems.map((p) => p.line) : []).toEqual([8])
    expect(report.validation?.result.results.map((r) => [r.id, r.status])).toEqual([
      ['temp-range', 'pass']
    ])
    expect(report.gate.status).toBe('valid')
  })

  it('a suite file with a YAML syntax error: compared all the same, unchecked, the line in the reason', async () => {
    const folder = join(harness.root(), 'syntax')
    mkdirSync(folder, { recursive: true })
    const path = join(folder, 'expectations.yaml')
    writeFileSync(path, 'version: 1\nexpectations:\n  - id: [unclosed\n')
    harness.backend().grantFolder(folder)
    const report = await compare(weatherWeek(1), { suitePath: path })
    expect(report.validation).toBeUndefined()
    expect(report.gate.status).toBe('unchecked')
    expect(report.gate.reason).toMatch(/line \d+/)
    expect(report.columns.length).toBe(10)
  })

  it('a suite file outside every granted folder is refused with a sentence', async () => {
    const result = await runComparison(harness.backend(), {
      reference: WEATHER_REFERENCE,
      current: weatherWeek(1),
      options: {},
      validation: { suitePath: '/etc/driftwatch/expectations.yaml' }
    })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('PATH_NOT_GRANTED')
      expect(result.error.message).toMatch(/Open its project/)
    }
  })

  it('turned off: unchecked, and the drift verdict stands on its own', async () => {
    const report = await compare(weatherWeek(1), { enabled: false })
    expect(report.validation).toBeUndefined()
    expect(report.gate).toMatchObject({
      status: 'unchecked',
      isDriftReliable: true,
      countsTowardRetraining: true
    })
    expect(report.gate.reason).toMatch(/turned off/)
  })

  it('a malformed suite in the request is refused before anything runs', async () => {
    const result = await runComparison(harness.backend(), {
      reference: WEATHER_REFERENCE,
      current: weatherWeek(1),
      options: {},
      validation: { suite: { version: 1, expectations: [{ id: 'x', kind: 'nope' }] } as never }
    })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/Expectation "x"/)
  })

  it('a stored reference profile has no rows to infer from: unchecked, unless a suite is given', async () => {
    const folder = join(harness.root(), 'reference.profile')
    const built = await harness.backend().call('profile:build', {
      reference: harness.backend().grant(WEATHER_REFERENCE),
      folder: harness.backend().grant(folder).path
    })
    expect(built.ok).toBe(true)
    const inferred = await compare(weatherWeek(1), undefined, folder)
    expect(inferred.gate.status).toBe('unchecked')
    expect(inferred.gate.reason).toMatch(/stored profile/)
    const given = await compare(weatherWeek(1), { suite: strict }, folder)
    expect(given.gate.status).toBe('invalid')
    expect(given.validation?.schemaChanges).toBeUndefined()
  })
})

describe('the suite channels', () => {
  const suite: Suite = {
    version: 1,
    name: 'weather',
    expectations: [
      {
        id: 'temp-range',
        kind: 'column_values_between',
        column: 'temp',
        min: 0,
        max: 45,
        severity: 'error',
        enabled: true
      },
      {
        id: 'humidity-null',
        kind: 'column_null_share_at_most',
        column: 'humidity',
        max: 0.05,
        severity: 'error',
        enabled: true
      }
    ]
  }

  it('write, edit with comments kept, read back; render gives the same text a file holds', async () => {
    const backend = harness.backend()
    const folder = backend.grantFolder(join(harness.root(), 'channels'))
    const path = join(folder, 'driftwatch', 'expectations.yaml')
    const written = await backend.call('suite:write', { path, suite })
    expect(written.ok).toBe(true)
    const text = readFileSync(path, 'utf8')
    const rendered = await backend.call('suite:render', { suite })
    expect(rendered.ok && rendered.value.yaml).toBe(text)
    writeFileSync(
      path,
      text.replace('  - id: temp-range', '  # checked by hand in March\n  - id: temp-range')
    )
    const edited = await backend.call('suite:edit', {
      path,
      edits: [
        { op: 'bounds', id: 'temp-range', max: 60 },
        { op: 'severity', id: 'humidity-null', severity: 'warning' },
        { op: 'enable', id: 'temp-range', enabled: false }
      ]
    })
    expect(edited.ok).toBe(true)
    if (!edited.ok) return
    expect(edited.value.suite.expectations).toEqual([
      { ...suite.expectations[0], max: 60, enabled: false },
      { ...suite.expectations[1], severity: 'warning' }
    ])
    expect(readFileSync(path, 'utf8')).toContain('# checked by hand in March')
    const read = await backend.call('suite:read', { path })
    expect(read.ok && read.value.suite).toEqual(edited.value.suite)
  })

  it('an edit that would break an expectation is refused and the file is left as it was', async () => {
    const backend = harness.backend()
    const folder = backend.grantFolder(join(harness.root(), 'refused'))
    const path = join(folder, 'expectations.yaml')
    await backend.call('suite:write', { path, suite })
    const before = readFileSync(path, 'utf8')
    const edited = await backend.call('suite:edit', {
      path,
      edits: [{ op: 'bounds', id: 'temp-range', min: 50 }]
    })
    expect(edited.ok).toBe(false)
    if (!edited.ok) expect(edited.error.message).toMatch(/temp-range.*min/)
    expect(readFileSync(path, 'utf8')).toBe(before)
  })

  it('a path outside the granted folders is refused for every channel', async () => {
    const backend = harness.backend()
    const path = join(harness.root(), 'elsewhere', 'expectations.yaml')
    for (const result of [
      await backend.call('suite:read', { path }),
      await backend.call('suite:write', { path, suite }),
      await backend.call('suite:edit', { path, edits: [{ op: 'remove', id: 'temp-range' }] })
    ]) {
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('PATH_NOT_GRANTED')
    }
  })

  it('the demo hands out an editable suite path in the app data folder', async () => {
    const demo = await harness.backend().call('demo:get', {})
    expect(demo.ok).toBe(true)
    if (!demo.ok) return
    expect(demo.value.suitePath).toMatch(/demo[\\/]driftwatch[\\/]expectations\.yaml$/)
    expect(existsSync(demo.value.reference.path)).toBe(true)
    const written = await harness
      .backend()
      .call('suite:write', { path: demo.value.suitePath, suite })
    expect(written.ok).toBe(true)
    const report = await runComparison(harness.backend(), {
      reference: demo.value.reference.path,
      current: demo.value.current.path,
      options: { ignore: ['count'], multivariate: { enabled: false } },
      validation: { suitePath: demo.value.suitePath }
    })
    expect(report.ok && report.value.validation?.source.kind).toBe('file')
  })
})

describe('the time column chosen by option', () => {
  it('is the time axis and is not tested; one that is not in both files is named in a note', async () => {
    const result = await runComparison(harness.backend(), {
      reference: WEATHER_REFERENCE,
      current: weatherWeek(1),
      options: { ignore: ['count'], timeColumn: 'datetime', multivariate: { enabled: false } },
      validation: { enabled: false }
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.timeColumn).toBe('datetime')
    expect(result.value.notes).toContain(
      '"datetime" is the time axis (set by option); it is not tested for drift.'
    )
    const missing = await runComparison(harness.backend(), {
      reference: WEATHER_REFERENCE,
      current: weatherWeek(1),
      options: { ignore: ['count'], timeColumn: 'when', multivariate: { enabled: false } },
      validation: { enabled: false }
    })
    expect(
      missing.ok && missing.value.notes.some((n) => /time column "when" is not in both/.test(n))
    ).toBe(true)
    // datetime, not chosen, is still recognised by its name.
    expect(missing.ok && missing.value.timeColumn).toBe('datetime')
  })
})
