/** parseArgs for `driftwatch validate` and `driftwatch suite infer`, and their lines in the help. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_SUITE_FILE, parseArgs, USAGE } from './args'

function refusal(...argv: string[]): string {
  const parsed = parseArgs(argv)
  if (parsed.ok) throw new Error(`accepted: ${JSON.stringify(parsed.command)}`)
  return parsed.message
}

describe('parseArgs: validate', () => {
  it('reads the file, the suite or reference, the outputs and --quiet', () => {
    expect(parseArgs(['validate', 'week1.csv'])).toEqual({
      ok: true,
      command: { command: 'validate', file: 'week1.csv', optional: [], quiet: false }
    })
    expect(
      parseArgs([
        'validate',
        '--suite=s.yaml',
        'week1.csv',
        '--json',
        'out.json',
        '--junit',
        'out.xml',
        '--quiet'
      ])
    ).toEqual({
      ok: true,
      command: {
        command: 'validate',
        file: 'week1.csv',
        suite: 's.yaml',
        optional: [],
        json: 'out.json',
        junit: 'out.xml',
        quiet: true
      }
    })
    expect(
      parseArgs([
        'validate',
        'b.csv',
        '--reference',
        'r.csv',
        '--optional',
        'count, label',
        '--optional=x'
      ])
    ).toEqual({
      ok: true,
      command: {
        command: 'validate',
        file: 'b.csv',
        reference: 'r.csv',
        optional: ['count', 'label', 'x'],
        quiet: false
      }
    })
    const dashed = parseArgs(['validate', '--json', '-', '--', '--odd.csv'])
    expect(dashed.ok && dashed.command).toMatchObject({ file: '--odd.csv', json: '-' })
  })

  it('refuses contradictions and missing values with what to do instead', () => {
    expect(refusal('validate')).toMatch(/one file, the batch to check; got 0/)
    expect(refusal('validate', 'a.csv', 'b.csv')).toMatch(/got 2/)
    expect(refusal('validate', 'b.csv', '--suite', 's.yaml', '--reference', 'r.csv')).toMatch(
      /one of --suite .* and --reference/
    )
    expect(refusal('validate', 'b.csv', '--optional', 'count')).toMatch(/belongs to --reference/)
    expect(refusal('validate', 'b.csv', '--suite')).toMatch(/--suite takes the suite file/)
    expect(refusal('validate', 'b.csv', '--suite', 'a', '--suite', 'b')).toMatch(/given twice/)
    expect(refusal('validate', 'b.csv', '--json', 'x', '--junit', 'x')).toMatch(/its own file/)
    expect(refusal('validate', 'b.csv', '--fail-on-drift')).toMatch(
      /Unknown option "--fail-on-drift" for validate/
    )
    expect(refusal('validate', 'b.csv', '--quiet=yes')).toMatch(/takes no value/)
  })
})

describe('parseArgs: suite infer', () => {
  it('reads the reference, --out and --optional, with the default suite file', () => {
    expect(parseArgs(['suite', 'infer', 'ref.csv'])).toEqual({
      ok: true,
      command: {
        command: 'suite-infer',
        reference: 'ref.csv',
        out: DEFAULT_SUITE_FILE,
        optional: []
      }
    })
    expect(parseArgs(['suite', 'infer', 'ref.csv', '--out=s.yaml', '--optional', 'count'])).toEqual(
      {
        ok: true,
        command: {
          command: 'suite-infer',
          reference: 'ref.csv',
          out: 's.yaml',
          optional: ['count']
        }
      }
    )
  })

  it('refuses a missing subcommand, a missing reference and unknown options', () => {
    expect(refusal('suite')).toMatch(/subcommand.*got nothing/)
    expect(refusal('suite', 'check', 'ref.csv')).toMatch(/got "check"/)
    expect(refusal('suite', 'infer')).toMatch(/one file, the reference; got 0/)
    expect(refusal('suite', 'infer', 'ref.csv', '--junit', 'x')).toMatch(
      /Unknown option "--junit" for suite infer/
    )
  })
})

describe('USAGE', () => {
  it('documents validate, suite infer, their flags and exit codes', () => {
    for (const text of [
      'driftwatch validate <file>',
      'driftwatch suite infer <reference>',
      '--junit FILE',
      '--optional col,col',
      DEFAULT_SUITE_FILE,
      'Exit codes of validate'
    ]) {
      expect(USAGE).toContain(text)
    }
    expect(USAGE.split('\n').every((line) => line.length <= 100)).toBe(true)
  })
})
