/**
 * `driftwatch profile` and `driftwatch compare --reference-profile` end to end, in-process, on copies of the
 * demo's weather files in a temp folder: the profile is written beside the reference, a comparison against it
 * scores every column as a comparison against the file does, and a profile whose reference changed size is
 * refused with a message that says to rebuild it.
 */
import { appendFileSync, copyFileSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { EXIT_FAILED, EXIT_OK } from '../../src/main/hosts/cli/index'
import type { Report } from '../../src/shared/model'
import { DEMO_REFERENCE, demoWeek } from '../paths'
import { runCli, useTempFolder } from './harness'

function readReport(path: string): Report {
  return JSON.parse(readFileSync(path, 'utf8')) as Report
}

/** Equal to 1e-12 relative (DuckDB's parallel sums may differ in the last bit between runs). */
function expectClose(
  actual: number | null | undefined,
  expected: number | null | undefined,
  what: string
): void {
  expect(actual === null, what).toBe(expected === null)
  expect(typeof actual, what).toBe(typeof expected)
  if (typeof actual !== 'number' || typeof expected !== 'number') return
  expect(Math.abs(actual - expected), what).toBeLessThanOrEqual(1e-12 * Math.abs(expected))
}

const temp = useTempFolder('cli-profile')
let dir: string
let reference: string
let week1: string
let folder: string

beforeAll(() => {
  dir = temp.root()
  reference = temp.path('weather-reference-sample.csv')
  week1 = temp.path('week1.csv')
  copyFileSync(DEMO_REFERENCE, reference)
  copyFileSync(demoWeek(1), week1)
  folder = `${reference}.profile`
})

describe('driftwatch profile and compare --reference-profile', () => {
  it('profile writes <reference>.profile beside the file and says what it wrote', async () => {
    const result = await runCli(['profile', reference])
    expect(result.err).not.toContain('driftwatch:')
    expect(result.code).toBe(EXIT_OK)
    const bytes =
      statSync(join(folder, 'profile.json')).size + statSync(join(folder, 'counts.parquet')).size
    const kib = `${(bytes / 1024).toFixed(1)} KiB`
    const lines = result.out.split('\n')
    expect(lines[0]).toBe(
      `Wrote the reference profile of weather-reference-sample.csv to ${folder}`
    )
    expect(lines[1]).toBe(`  431 rows, 12 columns; 2 files, ${kib} (the reference file: 24.2 KiB)`)
    expect(lines[2]).toBe(
      `Compare a batch against it with: driftwatch compare --reference-profile ${folder} <current>`
    )
    const stored = JSON.parse(readFileSync(join(folder, 'profile.json'), 'utf8')) as {
      reference: { sizeBytes: number; rows: number }
    }
    expect(stored.reference.sizeBytes).toBe(statSync(reference).size)
    expect(stored.reference.rows).toBe(431)
  })

  it('compare against the profile scores every column and the dataset as reading the file does', async () => {
    const fromFileJson = join(dir, 'from-file.json')
    const fromProfileJson = join(dir, 'from-profile.json')
    const fromFile = await runCli(['compare', reference, week1, '--json', fromFileJson, '--quiet'])
    expect(fromFile.err).not.toContain('driftwatch:')
    expect(fromFile.code).toBe(EXIT_OK)
    const fromProfile = await runCli([
      'compare',
      reference,
      week1,
      '--reference-profile',
      folder,
      '--json',
      fromProfileJson,
      '--quiet'
    ])
    expect(fromProfile.err).not.toContain('driftwatch:')
    expect(fromProfile.code).toBe(EXIT_OK)

    const a = readReport(fromFileJson)
    const b = readReport(fromProfileJson)
    expect(a.referenceProfile).toBeUndefined()
    expect(b.referenceProfile?.path).toBe(folder)
    expect(b.inputs.reference.sha256).toBe(a.inputs.reference.sha256)
    expect(b.columns.map((c) => c.column)).toEqual(a.columns.map((c) => c.column))
    expect(a.columns.filter((c) => c.status === 'tested').length).toBeGreaterThan(5)
    for (const [i, expected] of a.columns.entries()) {
      const actual = b.columns[i]
      expect(actual?.status, expected.column).toBe(expected.status)
      expect(actual?.test, expected.column).toBe(expected.test)
      expectClose(actual?.score, expected.score, `${expected.column} score`)
      expect(actual?.drifted, expected.column).toBe(expected.drifted)
    }
    expect(b.dataset.drifted).toBe(a.dataset.drifted)
    expect(b.dataset.numberOfDrifted).toBe(a.dataset.numberOfDrifted)
    expect(b.dataset.numberOfColumns).toBe(a.dataset.numberOfColumns)

    // The file run had its multivariate checks; the profile run says why it had none.
    expect(a.multivariate).toBeDefined()
    expect(b.multivariate).toBeUndefined()
    const printed = fromProfile.out.replace(/\s+/g, ' ')
    expect(printed).toContain(`its statistics came from the stored profile ${folder}`)
    expect(printed).toContain('the file was not read')
    expect(printed).toContain('The multivariate checks need the reference’s rows')
    expect(fromFile.out).not.toContain('stored profile')
  })

  it('compare --reference-profile FOLDER <current> takes the reference path from profile.json', async () => {
    const json = join(dir, 'one-file.json')
    const result = await runCli([
      'compare',
      '--reference-profile',
      folder,
      week1,
      '--no-multivariate',
      '--json',
      json,
      '--quiet'
    ])
    expect(result.err).not.toContain('driftwatch:')
    expect(result.code).toBe(EXIT_OK)
    const report = readReport(json)
    expect(report.inputs.reference.path).toBe(reference)
    expect(report.referenceProfile?.path).toBe(folder)
    expect(report.columns.filter((c) => c.status === 'tested').length).toBeGreaterThan(5)
  })

  it('refuses a profile whose reference has changed size, and says to rebuild it', async () => {
    const before = statSync(reference).size
    appendFileSync(reference, readFileSync(reference, 'utf8').split('\n')[1] + '\n')
    const after = statSync(reference).size
    expect(after).toBeGreaterThan(before)
    const message = `driftwatch: The reference ${reference} has changed since its profile was built: it is ${after} bytes now, and ${before} bytes in ${join(folder, 'profile.json')}. Rebuild the profile with: driftwatch profile ${reference} --out ${folder}\n`
    for (const argv of [
      ['compare', reference, week1, '--reference-profile', folder],
      ['compare', '--reference-profile', folder, week1]
    ]) {
      const result = await runCli(argv)
      expect(result.code).toBe(EXIT_FAILED)
      expect(result.out).toBe('')
      expect(result.err).toBe(message)
    }
    // Rebuilding as told makes the profile usable again.
    const rebuilt = await runCli(['profile', reference, '--out', folder])
    expect(rebuilt.code).toBe(EXIT_OK)
    expect(rebuilt.out).toContain('432 rows')
    const again = await runCli([
      'compare',
      '--reference-profile',
      folder,
      week1,
      '--no-multivariate',
      '--quiet'
    ])
    expect(again.err).not.toContain('driftwatch:')
    expect(again.code).toBe(EXIT_OK)
  })

  it('exits 2 with the reason when the profile cannot be built or read', async () => {
    const missing = await runCli(['profile', join(dir, 'nowhere.csv'), '--out', join(dir, 'p')])
    expect(missing.code).toBe(EXIT_FAILED)
    expect(missing.err).toMatch(/^driftwatch: .*nowhere\.csv/)
    const onFile = await runCli(['profile', reference, '--out', week1])
    expect(onFile.code).toBe(EXIT_FAILED)
    expect(onFile.err).toBe(
      `driftwatch: ${week1} exists and is not a folder. Choose the folder for the profile with --out.\n`
    )
    const noProfile = await runCli(['compare', '--reference-profile', dir, week1])
    expect(noProfile.code).toBe(EXIT_FAILED)
    expect(noProfile.err).toContain(`No readable reference profile in ${dir}`)
    expect(noProfile.err).toContain('Build it with: driftwatch profile <reference> --out')
  })
})
