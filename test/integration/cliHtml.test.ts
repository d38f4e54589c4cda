/**
 * `--html` of the CLI end to end, in-process (runCli), on copies of the demo's weather files: `compare`
 * writes the report, `validate` the validation alone and `run` one project report (the history and the
 * report of each batch it processed), each one self-contained file whose embedded document is what the
 * command's JSON output says. Needs the export bundle built (`npm run build`).
 */
import { cpSync, readFileSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RunOutput, ValidateOutput } from '../../src/main/export/outputs'
import { EXIT_FAILED, EXIT_OK } from '../../src/main/hosts/cli/index'
import type { Report } from '../../src/shared/model'
import { contentSecurityPolicyOf, embeddedDocument } from '../htmlDocument'
import { DEMO } from '../paths'
import { runCli, useTempFolder, writeDemoWeather } from './harness'

const temp = useTempFolder('cli-html')
let reference: string
let week1: string
let corrupt: string

beforeAll(() => {
  ;({ reference, week1, corrupt } = writeDemoWeather(temp))
})

function read(path: string): string {
  return readFileSync(path, 'utf8')
}

describe('driftwatch compare --html', () => {
  it('writes the report that --json writes, as one file with its policy, beside the text', async () => {
    const html = temp.path('compare.html')
    const json = temp.path('compare.json')
    const result = await runCli(['compare', reference, corrupt, '--html', html, '--json', json])
    expect(result.code).toBe(EXIT_OK)
    expect(result.out).toMatch(/^Reference: ref\.csv/)
    const document = embeddedDocument(read(html))
    expect(document.content).toEqual({ kind: 'report', report: JSON.parse(read(json)) as Report })
    expect(document.exportedBy).toMatch(/^Driftwatch \d+\.\d+\.\d+$/)
    expect(contentSecurityPolicyOf(read(html))).toMatch(/^default-src 'none'; /)
  })

  it('refuses --html - before running anything', async () => {
    const result = await runCli(['compare', reference, week1, '--html', '-'])
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.err).toBe(
      'driftwatch: --html writes to a file, not to standard output; give it a file name (e.g. --html report.html).\n'
    )
  })
})

describe('driftwatch validate --html', () => {
  it('writes the validation alone, with the suite inferred from the reference', async () => {
    const html = temp.path('validate.html')
    const result = await runCli([
      'validate',
      corrupt,
      '--reference',
      reference,
      '--html',
      html,
      '--json',
      '-'
    ])
    const output = JSON.parse(result.out) as ValidateOutput
    expect(output.validation.status).toBe('fail')
    const document = embeddedDocument(read(html))
    expect(document.content).toEqual({
      kind: 'validation',
      name: 'corrupt.csv',
      validation: {
        suite: output.suite,
        source: { kind: 'inferred', from: reference },
        result: output.validation,
        schemaChanges: output.schemaChanges
      }
    })
  })
})

describe('driftwatch run --html', () => {
  it("writes one project report: the history and each processed batch's report", async () => {
    const project = join(temp.root(), 'weather')
    cpSync(join(DEMO, 'reference'), join(project, 'reference'), { recursive: true })
    cpSync(join(DEMO, 'drops'), join(project, 'drops'), { recursive: true })
    for (const week of [1, 2, 3]) {
      const time = Date.UTC(2011, 1, 7 * week) / 1000
      utimesSync(join(project, 'drops', `week${week}.csv`), time, time)
    }
    const html = temp.path('run.html')
    const result = await runCli(['run', project, '--html', html, '--json', '-'])
    expect(result.code).toBe(EXIT_OK)
    const output = JSON.parse(result.out) as RunOutput
    const content = embeddedDocument(read(html)).content
    if (content.kind !== 'project') throw new Error(`a ${content.kind} document`)
    expect(content.project).toEqual({ name: 'weather', folder: project })
    expect(content.history.batches.map((b) => b.name)).toEqual([
      'week1.csv',
      'week2.csv',
      'week3.csv'
    ])
    expect(content.history.columns.length).toBeGreaterThan(0)
    expect(content.reports.map((r) => r.id)).toEqual(output.processed.map((b) => b.result?.runId))
  }, 120_000)
})
