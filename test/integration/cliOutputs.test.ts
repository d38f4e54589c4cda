/**
 * The CLI's machine outputs end to end, in-process (runCli), on copies of the demo's weather files in a temp
 * folder: `compare`, `validate` and `run` write JSON that validates against the published schemas, JUnit
 * XML that parses with the right failure counts, and a Markdown summary; `--json -` or `--markdown -`
 * replaces the text on standard output; an output that cannot be written exits 2 with a sentence and the
 * others are still written; `history --json` validates too.
 */
import { cpSync, existsSync, readFileSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { EXIT_DRIFT, EXIT_FAILED, EXIT_OK } from '../../src/main/hosts/cli/index'
import type { HistoryOutput, RunOutput, ValidateOutput } from '../../src/main/export/outputs'
import type { Report } from '../../src/shared/model'
import { DEMO } from '../paths'
import { schemaProblems } from '../schemas'
import { junitCountProblems, junitSuites, type JunitSuiteRead, parseXml } from '../xml'
import { runCli, useTempFolder, writeDemoWeather } from './harness'

const temp = useTempFolder('cli-outputs')
let reference: string
let week1: string
let corrupt: string

beforeAll(() => {
  ;({ reference, week1, corrupt } = writeDemoWeather(temp))
})

function read(path: string): string {
  return readFileSync(path, 'utf8')
}

/** The JUnit file at `path`, parsed; each suite's counts checked against its cases. */
function readJunit(path: string): JunitSuiteRead[] {
  const suites = junitSuites(parseXml(read(path)))
  expect(junitCountProblems(suites)).toEqual([])
  return suites
}

/** Paths in the temp folder for the three outputs of one run, and the flags that ask for them. */
function outputFiles(stem: string): {
  json: string
  junit: string
  markdown: string
  flags: string[]
} {
  const json = temp.path(`${stem}.json`)
  const junit = temp.path(`${stem}.xml`)
  const markdown = temp.path(`${stem}.md`)
  return {
    json,
    junit,
    markdown,
    flags: ['--json', json, '--junit', junit, '--markdown', markdown]
  }
}

describe('driftwatch compare --json --junit --markdown', () => {
  it('writes the three files beside the text, each valid, with counts that match the report', async () => {
    const { json, junit, markdown, flags } = outputFiles('compare')
    const result = await runCli(['compare', reference, corrupt, '--optional', 'count', ...flags])
    expect(result.code).toBe(EXIT_OK)
    expect(result.out).toMatch(/^Reference: ref\.csv/)
    expect(schemaProblems('Report', read(json))).toEqual([])
    const report = JSON.parse(read(json)) as Report
    expect(report.gate.status).toBe('invalid')

    const [validation, drift] = readJunit(junit)
    expect(validation?.name).toBe('corrupt.csv validation')
    expect(validation?.cases.filter((c) => c.outcome === 'failure')).toHaveLength(
      report.validation?.result.counts.fail ?? -1
    )
    const driftedColumns = report.columns.filter((c) => c.drifted).map((c) => c.column)
    expect(
      drift?.cases.filter((c) => c.outcome === 'failure' && driftedColumns.includes(c.name))
    ).toHaveLength(driftedColumns.length)

    const summary = read(markdown)
    expect(summary.split('\n')[0]).toBe('## Driftwatch: corrupt.csv against ref.csv')
    expect(summary).toMatch(/\n❌ \*\*Data invalid: dataset drift detected, unreliable\.\*\* /)
    expect(summary).toContain('| failed (error) | casual-range |')
  })

  it('--markdown - prints only the summary; --json - only the report', async () => {
    const markdown = await runCli(['compare', reference, week1, '--markdown', '-', '--quiet'])
    expect(markdown.code).toBe(EXIT_OK)
    expect(markdown.out).toMatch(/^## Driftwatch: week1\.csv against ref\.csv\n/)
    expect(markdown.out).not.toContain('Reference: ref.csv (')
    const json = await runCli(['compare', reference, week1, '--json', '-', '--no-multivariate'])
    expect(schemaProblems('Report', json.out)).toEqual([])
  })

  it('a file that cannot be written exits 2 with a sentence; the other outputs are still written', async () => {
    const markdown = temp.path('written.md')
    const junit = join(temp.root(), 'no-such-folder', 'drift.xml')
    const result = await runCli([
      'compare',
      reference,
      week1,
      '--no-multivariate',
      '--junit',
      junit,
      '--markdown',
      markdown
    ])
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.err).toContain(
      `driftwatch: could not write the JUnit XML to ${junit} (ENOENT). Check that its folder exists and is writable.`
    )
    expect(existsSync(markdown)).toBe(true)
    const twice = await runCli(['compare', reference, week1, '--json', '-', '--markdown', '-'])
    expect(twice.code).toBe(EXIT_FAILED)
    expect(twice.err).toMatch(/^driftwatch: --json - and --markdown - both ask for standard output/)
  })
})

describe('driftwatch validate --json --junit --markdown', () => {
  it('with --reference: JSON with the schema changes, JUnit counts, Markdown summary', async () => {
    const { json, junit, markdown, flags } = outputFiles('validate')
    const result = await runCli([
      'validate',
      corrupt,
      '--reference',
      reference,
      '--optional',
      'count',
      ...flags
    ])
    expect(result.code).toBe(EXIT_DRIFT)
    expect(schemaProblems('ValidateOutput', read(json))).toEqual([])
    const output = JSON.parse(read(json)) as ValidateOutput
    expect(output.version).toBe(3)
    expect(output.schemaChanges?.dropped).toEqual(['count'])
    const [suite] = readJunit(junit)
    expect(suite?.cases.filter((c) => c.outcome === 'failure')).toHaveLength(
      output.validation.counts.fail
    )
    const summary = read(markdown)
    expect(summary.split('\n')[0]).toBe('## Driftwatch validation: corrupt.csv')
    expect(summary).toContain('**Validation failed:** ')
    expect(summary).toContain('### Schema changes')
  })

  it('with --suite: the JSON names the suite file; --markdown - prints only the summary', async () => {
    const suite = temp.path('suite.yaml')
    const inferred = await runCli([
      'suite',
      'infer',
      reference,
      '--out',
      suite,
      '--optional',
      'count'
    ])
    expect(inferred.code).toBe(EXIT_OK)
    const json = await runCli(['validate', week1, '--suite', suite, '--json', '-'])
    expect(json.code).toBe(EXIT_OK)
    expect(schemaProblems('ValidateOutput', json.out)).toEqual([])
    expect((JSON.parse(json.out) as ValidateOutput).suiteFile?.path).toBe(suite)
    const markdown = await runCli(['validate', week1, '--suite', suite, '--markdown', '-'])
    expect(markdown.out).toMatch(/^## Driftwatch validation: week1\.csv\n\n\*\*Validation passed/)
  })
})

describe('driftwatch run and history with machine outputs', () => {
  let project: string

  beforeAll(() => {
    project = join(temp.root(), 'weather')
    cpSync(join(DEMO, 'reference'), join(project, 'reference'), { recursive: true })
    cpSync(join(DEMO, 'drops'), join(project, 'drops'), { recursive: true })
    for (const week of [1, 2, 3]) {
      const time = Date.UTC(2011, 1, 7 * week) / 1000
      utimesSync(join(project, 'drops', `week${week}.csv`), time, time)
    }
  })

  it('run: JSON of the batches, one JUnit suite and one Markdown section per batch', async () => {
    const { json, junit, markdown, flags } = outputFiles('run')
    const result = await runCli(['run', project, ...flags])
    expect(result.code).toBe(EXIT_OK)
    expect(result.out).toContain('week1.csv: ')
    expect(schemaProblems('RunOutput', read(json))).toEqual([])
    const output = JSON.parse(read(json)) as RunOutput
    expect(output.processed.map((b) => b.name)).toEqual(['week1.csv', 'week2.csv', 'week3.csv'])

    const suites = readJunit(junit)
    expect(suites.map((s) => s.name)).toEqual(output.processed.map((b) => b.path))
    for (const [i, suite] of suites.entries()) {
      const result = output.processed[i]?.result
      const drifted = suite.cases.filter(
        (c) =>
          c.outcome === 'failure' &&
          c.classname.endsWith('.drift') &&
          !c.name.startsWith('multivariate ')
      )
      // The dataset case and each drifted feature column.
      expect(drifted).toHaveLength((result?.drifted ? 1 : 0) + (result?.driftedColumns ?? -1))
    }

    const summary = read(markdown)
    expect(summary.split('\n')[0]).toBe(`## Driftwatch run: ${project}`)
    expect(summary.match(/^### drops\/week\d\.csv$/gm)).toEqual([
      '### drops/week1.csv',
      '### drops/week2.csv',
      '### drops/week3.csv'
    ])
  }, 120_000)

  it('history --json validates; a second run writes an empty JUnit and Markdown', async () => {
    const history = await runCli(['history', project, '--json', '-'])
    expect(history.code).toBe(EXIT_OK)
    expect(schemaProblems('HistoryOutput', history.out)).toEqual([])
    expect((JSON.parse(history.out) as HistoryOutput).batches).toHaveLength(3)

    const again = await runCli([
      'run',
      project,
      '--markdown',
      '-',
      '--junit',
      temp.path('none.xml')
    ])
    expect(again.code).toBe(EXIT_OK)
    expect(again.out).toBe(
      `## Driftwatch run: ${project}\n\nNothing new: every drop had been processed.\n`
    )
    expect(readJunit(temp.path('none.xml'))).toEqual([])
  }, 120_000)
})
