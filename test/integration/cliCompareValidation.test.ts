/**
 * `driftwatch compare` validates the batch first, end to end in-process (runCli), on copies of the demo's
 * weather files in a temp folder: a clean week passes a suite inferred from the reference; a batch with
 * impossible values is still compared, its verdict marked unreliable with the failure and its rows, and
 * `--fail-on-invalid` turns that into exit 1; `--suite FILE` is used as given and a missing one exits 2; the
 * project's suite file is found from the current folder (driftwatch.yaml's validation.suite, for `compare`
 * and `validate` alike); `--no-validation` turns it off and refuses the validation flags beside it; the JSON
 * report carries the validation and the gate.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_DRIFT, EXIT_FAILED, EXIT_OK } from '../../src/main/hosts/cli/index'
import type { Report } from '../../src/shared/model'
import { runCli, useTempFolder, writeDemoWeather } from './harness'

const temp = useTempFolder('cli-compare-validation')
let reference: string
let week1: string
let corrupt: string
const base = ['--ignore', 'count', '--no-multivariate']
const startedIn = process.cwd()

afterEach(() => process.chdir(startedIn))

beforeAll(() => {
  // A corrupt pipeline: `casual` of the first four rows set to 5000 (the reference never passes 367).
  ;({ reference, week1, corrupt } = writeDemoWeather(temp))
})

describe('driftwatch compare validates the batch first', () => {
  it('a clean week passes a suite inferred from the reference, and the verdict can be trusted', async () => {
    const result = await runCli(['compare', reference, week1, ...base])
    expect(result.code).toBe(EXIT_OK)
    expect(result.out).toContain('Validation against a suite inferred from ref.csv:')
    expect(result.out).toMatch(/Validation passed: \d+ of \d+ expectations passed/)
    expect(result.out).toContain('the drift verdict can be trusted')
    expect(result.out).toMatch(/^Dataset drift detected\. /m)
  })

  it('impossible values: compared all the same, the verdict unreliable, the failing rows shown', async () => {
    const result = await runCli(['compare', reference, corrupt, ...base])
    expect(result.code).toBe(EXIT_OK)
    expect(result.out).toMatch(/^Dataset drift detected \(unreliable: the data is invalid\)\. /m)
    expect(result.out).toMatch(/^FAIL {2}casual-range \(column_values_between on "casual"/m)
    expect(result.out).toMatch(/row 1: casual=5,?000/)
    expect(result.out).toContain('Fix the data first')
    const gated = await runCli(['compare', reference, corrupt, ...base, '--fail-on-invalid'])
    expect(gated.code).toBe(EXIT_DRIFT)
    const clean = await runCli(['compare', reference, week1, ...base, '--fail-on-invalid'])
    expect(clean.code).toBe(EXIT_OK)
  })

  it('--suite FILE is checked as written; a missing one exits 2 and says how to make it', async () => {
    const suite = temp.path('strict.yaml')
    writeFileSync(
      suite,
      'version: 1\nexpectations:\n  - id: cold\n    kind: column_values_between\n    column: temp\n    max: 5\n'
    )
    const result = await runCli(['compare', reference, week1, ...base, '--suite', suite])
    expect(result.out.replace(/\s+/g, ' ')).toContain(`Validation against the suite file ${suite}:`)
    expect(result.out).toMatch(/^FAIL {2}cold /m)
    const missing = await runCli(['compare', reference, week1, '--suite', temp.path('nope.yaml')])
    expect(missing.code).toBe(EXIT_FAILED)
    expect(missing.err).toMatch(/no suite at .*nope\.yaml\. Write one with "driftwatch suite infer/)
  })

  it('the project suite named by driftwatch.yaml in the current folder is used by compare and validate', async () => {
    const project = temp.path('project')
    mkdirSync(join(project, 'checks'), { recursive: true })
    writeFileSync(join(project, 'driftwatch.yaml'), 'validation:\n  suite: checks/weather.yaml\n')
    writeFileSync(
      join(project, 'checks', 'weather.yaml'),
      'version: 1\nexpectations:\n  - id: humid\n    kind: column_values_between\n    column: humidity\n    min: 0\n    max: 100\n'
    )
    process.chdir(project)
    const compared = await runCli(['compare', reference, week1, ...base])
    expect(compared.out).toMatch(/Validation against the suite file\s+\S*checks[\\/]weather\.yaml:/)
    expect(compared.out).toMatch(/Validation passed: 1 of 1 expectations passed/)
    const validated = await runCli(['validate', week1])
    expect(validated.code).toBe(EXIT_OK)
    expect(validated.out).toMatch(/Validation passed: 1 of 1 expectations passed/)
  })

  it('--no-validation turns it off, and refuses the validation flags beside it', async () => {
    const result = await runCli(['compare', reference, corrupt, ...base, '--no-validation'])
    expect(result.code).toBe(EXIT_OK)
    expect(result.out).toContain('not checked against expectations (validation was turned off)')
    expect(result.out).not.toContain('unreliable')
    for (const extra of [['--suite', 'x.yaml'], ['--optional', 'count'], ['--fail-on-invalid']]) {
      const refused = await runCli(['compare', reference, week1, '--no-validation', ...extra])
      expect(refused.code).toBe(EXIT_FAILED)
      expect(refused.err).toMatch(/which --no-validation turns off/)
    }
  })

  it('--json - carries the validation and the gate', async () => {
    const result = await runCli(['compare', reference, corrupt, ...base, '--json', '-'])
    const report = JSON.parse(result.out) as Report
    expect(report.gate).toMatchObject({ status: 'invalid', countsTowardRetraining: false })
    expect(report.validation?.result.status).toBe('fail')
    expect(report.validation?.source).toMatchObject({ kind: 'inferred' })
  })
})
