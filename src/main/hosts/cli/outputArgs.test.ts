/** parseArgs for the outputs (--json, --junit, --markdown, --html) of compare, validate and run. */
import { describe, expect, it } from 'vitest'
import { REPORT_VERSION } from '../../../shared/model'
import { type Command, parseArgs, USAGE } from './args'

function parsed(...argv: string[]): Command {
  const result = parseArgs(argv)
  if (!result.ok) throw new Error(`refused: ${result.message}`)
  return result.command
}

function refusal(...argv: string[]): string {
  const result = parseArgs(argv)
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.command)}`)
  return result.message
}

const COMMANDS: readonly (readonly string[])[] = [
  ['compare', 'ref.csv', 'cur.csv'],
  ['validate', 'cur.csv'],
  ['run', 'project']
]

describe('parseArgs: machine outputs', () => {
  it('compare, validate and run read --json, --junit and --markdown, also as --name=value', () => {
    for (const command of COMMANDS) {
      expect(
        parsed(...command, '--json', 'r.json', '--junit=r.xml', '--markdown', 'summary.md')
      ).toMatchObject({ json: 'r.json', junit: 'r.xml', markdown: 'summary.md' })
      expect(parsed(...command, '--markdown', '-')).toMatchObject({ markdown: '-' })
      expect(parsed(...command)).not.toHaveProperty('markdown')
      expect(parsed(...command, '--html=report.html')).toMatchObject({ html: 'report.html' })
      expect(parsed(...command)).not.toHaveProperty('html')
    }
  })

  it('refuses JUnit or HTML to standard output, two outputs there, and two outputs in one file', () => {
    for (const command of COMMANDS) {
      expect(refusal(...command, '--junit', '-')).toBe(
        '--junit writes to a file, not to standard output; give it a file name (e.g. --junit results.xml).'
      )
      expect(refusal(...command, '--html', '-')).toBe(
        '--html writes to a file, not to standard output; give it a file name (e.g. --html report.html).'
      )
      expect(refusal(...command, '--html', 'r.html', '--json', 'r.html')).toBe(
        '--json and --html both name r.html; give each its own file.'
      )
      expect(refusal(...command, '--json', '-', '--markdown', '-')).toBe(
        '--json - and --markdown - both ask for standard output, which can take one of them; give the other a file name.'
      )
      expect(refusal(...command, '--junit', 'out.txt', '--markdown', 'out.txt')).toBe(
        '--junit and --markdown both name out.txt; give each its own file.'
      )
      expect(refusal(...command, '--markdown')).toMatch(/^--markdown takes a file name/)
    }
  })

  it('history takes --json only; watch takes none', () => {
    expect(parsed('history', 'project', '--json', '-')).toEqual({
      command: 'history',
      folder: 'project',
      json: '-'
    })
    expect(refusal('history', 'project', '--markdown', 'x.md')).toMatch(
      /^Unknown option "--markdown" for history/
    )
    expect(refusal('watch', 'project', '--json', 'x.json')).toMatch(/^Unknown option "--json"/)
  })

  it('the help lists the outputs of each command and where the schemas are, within 100 columns', () => {
    expect(USAGE.match(/^ {6}--markdown FILE {13}also write a Markdown summary/gm)).toHaveLength(3)
    expect(USAGE.match(/^ {6}--junit FILE {16}also write JUnit XML/gm)).toHaveLength(3)
    expect(USAGE.match(/^ {6}--html FILE {17}also write .* HTML/gm)).toHaveLength(3)
    expect(USAGE).toContain('driftwatch run <folder> [options]')
    expect(USAGE).toContain(`JSON outputs carry "version": ${REPORT_VERSION}`)
    expect(USAGE).toContain('schema/')
    for (const line of USAGE.split('\n')) expect([...line].length).toBeLessThanOrEqual(100)
  })
})
