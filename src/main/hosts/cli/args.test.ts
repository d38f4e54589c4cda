import { describe, expect, it } from 'vitest'
import { DRIFT_TEST_IDS, DRIFT_TESTS } from '../../../shared/drift'
import type { DriftOptions } from '../../../shared/model'
import { optionsProblem } from '../../api'
import { type CompareCommand, defaultProfileFolder, parseArgs, USAGE } from './args'

const FILES = ['ref.csv', 'cur.csv'] as const

/** The compare command parsed from `driftwatch compare ref.csv cur.csv ...flags`; fails the test if refused. */
function compare(...flags: string[]): CompareCommand {
  const parsed = parseArgs(['compare', ...FILES, ...flags])
  if (!parsed.ok) throw new Error(`refused: ${parsed.message}`)
  if (parsed.command.command !== 'compare') throw new Error(`parsed as ${parsed.command.command}`)
  return parsed.command
}

function options(...flags: string[]): DriftOptions {
  return compare(...flags).options
}

/** The message of a refused `driftwatch compare ref.csv cur.csv ...flags`. */
function refusal(...flags: string[]): string {
  const parsed = parseArgs(['compare', ...FILES, ...flags])
  if (parsed.ok) throw new Error(`accepted: ${JSON.stringify(parsed.command)}`)
  return parsed.message
}

describe('parseArgs: commands', () => {
  it('reads help, version and the test list', () => {
    expect(parseArgs([])).toEqual({ ok: true, command: { command: 'help' } })
    expect(parseArgs(['--help'])).toEqual({ ok: true, command: { command: 'help' } })
    expect(parseArgs(['-v'])).toEqual({ ok: true, command: { command: 'version' } })
    expect(parseArgs(['--list-tests'])).toEqual({ ok: true, command: { command: 'list-tests' } })
    expect(parseArgs(['compare', '--list-tests'])).toEqual({
      ok: true,
      command: { command: 'list-tests' }
    })
  })
  it('answers --help or -h after any command with the help', () => {
    for (const argv of [
      ['compare', '--help'],
      ['compare', 'a.csv', 'b.csv', '-h'],
      ['validate', '--help'],
      ['suite', '--help'],
      ['run', 'project', '--help'],
      ['serve', '-h']
    ]) {
      expect(parseArgs(argv)).toEqual({ ok: true, command: { command: 'help' } })
    }
  })
  it('refuses an unknown command and points at --help', () => {
    const parsed = parseArgs(['comprae'])
    expect(parsed).toEqual({
      ok: false,
      message: 'Unknown command "comprae". Run "driftwatch --help" for the commands.'
    })
  })
  it('reads serve --port and refuses a bad port', () => {
    expect(parseArgs(['serve', '--port', '8080'])).toEqual({
      ok: true,
      command: { command: 'serve', port: 8080, allowPaths: [], isLoopStats: false }
    })
    const bad = parseArgs(['serve', '--port', '70000'])
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.message).toContain('from 0 to 65535')
  })
  it('reads serve --allow-path (repeated) and --loop-stats, and refuses --allow-path alone', () => {
    expect(
      parseArgs(['serve', '--allow-path', 'a.csv', '--loop-stats', '--allow-path', 'b.csv'])
    ).toEqual({
      ok: true,
      command: { command: 'serve', port: 0, allowPaths: ['a.csv', 'b.csv'], isLoopStats: true }
    })
    for (const argv of [
      ['serve', '--allow-path'],
      ['serve', '--allow-path', '--loop-stats']
    ]) {
      const parsed = parseArgs(argv)
      expect(parsed.ok).toBe(false)
      if (!parsed.ok) expect(parsed.message).toContain('--allow-path takes the path of a file')
    }
  })
})

describe('parseArgs: compare files and output', () => {
  it('takes exactly two files, with no options by default', () => {
    expect(compare()).toEqual({
      command: 'compare',
      reference: 'ref.csv',
      current: 'cur.csv',
      failOnDrift: false,
      failOnInvalid: false,
      quiet: false,
      options: {},
      validate: true,
      optional: []
    })
    const one = parseArgs(['compare', 'ref.csv'])
    expect(one.ok).toBe(false)
    if (!one.ok) expect(one.message).toContain('takes two files')
    expect(refusal('third.csv')).toContain('got 3')
  })
  it('reads --json, --fail-on-drift and --quiet', () => {
    const c = compare('--json', 'out.json', '--fail-on-drift', '--quiet')
    expect(c.json).toBe('out.json')
    expect(c.failOnDrift).toBe(true)
    expect(c.quiet).toBe(true)
    expect(compare('--json', '-').json).toBe('-')
  })
  it('reads --name=value as --name value', () => {
    expect(compare('--json=out.json').json).toBe('out.json')
    expect(options('--rule=bh', '--alpha=0.01')).toEqual({ rule: 'bh', alpha: 0.01 })
    expect(options('--test=temp=ks')).toEqual({ perColumn: { temp: { test: 'ks' } } })
  })
  it('treats everything after a bare -- as files', () => {
    const c = parseArgs(['compare', '--', '--odd name.csv', 'cur.csv'])
    expect(c.ok && c.command.command === 'compare' && c.command.reference).toBe('--odd name.csv')
  })
  it('refuses a switch given a value, an unknown option and a missing value', () => {
    expect(refusal('--quiet=yes')).toBe('--quiet takes no value; write it alone.')
    expect(refusal('--colour')).toBe(
      'Unknown option "--colour" for compare. Run "driftwatch --help" for the options.'
    )
    expect(refusal('--json')).toBe(
      '--json takes a file name to write the report to (or - for standard output).'
    )
    expect(refusal('--json', '--quiet')).toContain('--json takes a file name')
    expect(refusal('--alpha=')).toBe('--alpha takes a level between 0 and 1 (e.g. 0.05).')
  })
})

describe('parseArgs: tests and thresholds', () => {
  it('reads --ignore lists, repeated', () => {
    expect(options('--ignore', 'a, b', '--ignore', 'c')).toEqual({ ignore: ['a', 'b', 'c'] })
  })
  it('takes every test of the catalogue in --test, --numeric-test and per column', () => {
    for (const id of DRIFT_TEST_IDS) {
      expect(options('--test', id)).toEqual({ test: id })
      expect(options('--numeric-test', id)).toEqual({ perKind: { numeric: { test: id } } })
      expect(options('--test', `col=${id}`)).toEqual({ perColumn: { col: { test: id } } })
    }
  })
  it('takes in --categorical-test exactly the tests that do not need numbers', () => {
    for (const id of DRIFT_TEST_IDS) {
      const parsed = parseArgs(['compare', ...FILES, '--categorical-test', id])
      expect(parsed.ok).toBe(DRIFT_TESTS[id].accepts !== 'numeric')
    }
  })
  it('names a numbers-only test given as --categorical-test, and what takes categories', () => {
    const message = refusal('--categorical-test', 'anderson')
    expect(message).toContain('anderson (Anderson–Darling k-sample test) takes numbers only')
    expect(message).toContain('Use it with --numeric-test')
    expect(message).toContain('chisquare')
    expect(message).not.toContain(' ks,')
  })
  it('mixes a global test with per-column tests, and a column keeps its test and threshold', () => {
    expect(
      options('--test', 'psi,temp=ks,season=chisquare', '--threshold', 'temp=0.01,0.2')
    ).toEqual({
      test: 'psi',
      threshold: 0.2,
      perColumn: { temp: { test: 'ks', threshold: 0.01 }, season: { test: 'chisquare' } }
    })
  })
  it('reads per-kind tests and thresholds', () => {
    expect(
      options(
        '--numeric-test',
        'anderson',
        '--numeric-threshold',
        '0.01',
        '--categorical-test',
        'g_test',
        '--categorical-threshold',
        '0.2'
      )
    ).toEqual({
      perKind: {
        numeric: { test: 'anderson', threshold: 0.01 },
        categorical: { test: 'g_test', threshold: 0.2 }
      }
    })
    expect(options('--categorical-threshold', '0')).toEqual({
      perKind: { categorical: { threshold: 0 } }
    })
  })
  it('refuses an unknown test, suggesting the near spelling or listing the catalogue', () => {
    expect(refusal('--test', 'tvd')).toBe('Unknown test "tvd" in --test. Did you mean TVD?')
    expect(refusal('--numeric-test', 'Cramer-von-Mises')).toBe(
      'Unknown test "Cramer-von-Mises" in --numeric-test. Did you mean cramer_von_mises?'
    )
    const message = refusal('--test', 'temp=kolmogorov')
    expect(message).toContain('Unknown test "kolmogorov" in --test.')
    for (const id of DRIFT_TEST_IDS) expect(message).toContain(id)
  })
  it('refuses a list or a pair in the per-kind test flags', () => {
    expect(refusal('--numeric-test', 'temp=ks')).toBe(
      "--numeric-test takes one test name, for every numeric column; to choose a column's test, use --test col=TEST."
    )
    expect(refusal('--categorical-test', 'z,chisquare')).toContain('takes one test name')
  })
  it('refuses two global tests in one --test and a pair without a column', () => {
    expect(refusal('--test', 'ks,psi')).toContain('two tests for every column (ks and psi)')
    expect(refusal('--test', '=ks')).toContain('no column name before "="')
    expect(refusal('--threshold', '=0.1')).toContain('no column name before "="')
  })
  it('refuses negative, infinite and non-numeric thresholds', () => {
    for (const bad of ['-0.1', 'Infinity', 'abc', 'temp=-1']) {
      expect(refusal('--threshold', bad)).toContain('--threshold takes a number, 0 or more')
    }
    expect(refusal('--numeric-threshold', '-1')).toContain('--numeric-threshold takes a number')
    expect(refusal('--categorical-threshold', 'x')).toContain('--categorical-threshold takes')
  })
  it('refuses a threshold above 1 where the chosen test gives a p-value, but not for a distance', () => {
    expect(refusal('--numeric-test', 'anderson', '--numeric-threshold', '5')).toBe(
      'The threshold 5 for numeric columns (--numeric-threshold) is above 1, but anderson gives a p-value, which lies between 0 and 1. Use a level such as 0.1.'
    )
    expect(refusal('--test', 'ks', '--threshold', '2')).toContain('for every column')
    expect(refusal('--test', 'temp=ks', '--threshold', 'temp=2')).toContain('for "temp"')
    expect(options('--test', 'ed', '--threshold', '2')).toEqual({ test: 'ed', threshold: 2 })
  })
  it('refuses a column both ignored and given a test', () => {
    expect(refusal('--ignore', 'temp', '--test', 'temp=ks')).toBe(
      '"temp" is in --ignore and also gets a test or threshold. Remove it from one of them.'
    )
  })
})

describe('parseArgs: dataset rule', () => {
  it('reads each rule, with --alpha or --drift-share where they belong', () => {
    expect(options('--rule', 'share', '--drift-share', '0.3')).toEqual({
      rule: 'share',
      driftShare: 0.3
    })
    expect(options('--rule', 'bonferroni', '--alpha', '0.01')).toEqual({
      rule: 'bonferroni',
      alpha: 0.01
    })
    expect(options('--rule', 'BH')).toEqual({ rule: 'bh' })
    expect(options('--drift-share', '1')).toEqual({ driftShare: 1 })
  })
  it('refuses an unknown rule and explains the three', () => {
    const message = refusal('--rule', 'holm')
    expect(message).toContain('--rule takes share, bonferroni or bh; got "holm".')
    expect(message).toContain('Benjamini–Hochberg')
  })
  it('refuses alpha outside (0, 1) and drift share outside (0, 1]', () => {
    for (const bad of ['0', '1', '-0.1', '1.5', 'five']) {
      expect(refusal('--rule', 'bh', '--alpha', bad)).toContain(
        '--alpha takes a level greater than 0 and less than 1'
      )
    }
    for (const bad of ['0', '1.01', 'half']) {
      expect(refusal('--drift-share', bad)).toContain('--drift-share takes a share greater than 0')
    }
  })
  it('refuses --alpha without a multiple-testing rule, and --drift-share with one', () => {
    expect(refusal('--alpha', '0.01')).toBe(
      '--alpha is the level of a multiple-testing rule, and the default rule (share) does not use it. Add --rule bonferroni or --rule bh.'
    )
    expect(refusal('--rule', 'share', '--alpha', '0.01')).toContain('--rule share does not use it')
    expect(refusal('--rule', 'bh', '--drift-share', '0.5')).toContain(
      '--drift-share belongs to --rule share'
    )
  })
})

describe('parseArgs: target, prediction and task', () => {
  it('reads target, prediction and task', () => {
    expect(
      options('--target', 'count', '--prediction', 'predicted', '--task', 'regression')
    ).toEqual({ target: 'count', prediction: 'predicted', task: 'regression' })
    expect(options('--prediction', 'label', '--task', 'Classification')).toEqual({
      prediction: 'label',
      task: 'classification'
    })
  })
  it('refuses the same column as target and prediction', () => {
    expect(refusal('--target', 'y', '--prediction', 'y')).toBe(
      '--target and --prediction both name "y". The prediction is the model\'s output, the target the true value: name two different columns.'
    )
  })
  it('refuses an ignored target or prediction', () => {
    expect(refusal('--target', 'y', '--ignore', 'x,y')).toBe(
      '"y" is given as --target and in --ignore. Remove it from --ignore to test it as the target.'
    )
    expect(refusal('--prediction', 'p', '--ignore', 'p')).toContain('as the prediction')
  })
  it('refuses an unknown task, and a task with no target or prediction', () => {
    expect(refusal('--target', 'y', '--task', 'ranking')).toContain(
      '--task takes classification (the target is a class) or regression'
    )
    expect(refusal('--task', 'regression')).toBe(
      '--task describes the target; name the target with --target (or the prediction with --prediction).'
    )
  })
})

describe('parseArgs: multivariate and seed', () => {
  it('reads the switches, the sample size, the permutations and the seed', () => {
    expect(options('--multivariate', '--sample-size', '500', '--permutations', '100')).toEqual({
      multivariate: { enabled: true, sampleSize: 500, permutations: 100 }
    })
    expect(options('--no-multivariate')).toEqual({ multivariate: { enabled: false } })
    expect(options('--sample-size', '20')).toEqual({ multivariate: { sampleSize: 20 } })
    expect(options('--sample-size', '20000')).toEqual({ multivariate: { sampleSize: 20000 } })
    expect(options('--seed', '0')).toEqual({ seed: 0 })
    expect(options('--seed', '123456789')).toEqual({ seed: 123456789 })
  })
  it('refuses sample sizes, permutations and seeds out of range or not whole', () => {
    for (const bad of ['19', '20001', '100.5', 'many']) {
      expect(refusal('--sample-size', bad)).toContain(
        '--sample-size takes a whole number of rows per side from 20 to 20000'
      )
    }
    for (const bad of ['9', '10001', '2.5']) {
      expect(refusal('--permutations', bad)).toContain('--permutations takes a whole number')
    }
    for (const bad of ['-1', '1.5', 'seed']) {
      expect(refusal('--seed', bad)).toContain('--seed takes a whole number, 0 or more')
    }
  })
  it('refuses contradicting multivariate flags', () => {
    expect(refusal('--multivariate', '--no-multivariate')).toBe(
      'Give one of --multivariate and --no-multivariate, not both.'
    )
    expect(refusal('--no-multivariate', '--sample-size', '100')).toBe(
      '--sample-size sets up the multivariate checks, which --no-multivariate turns off. Drop one of them.'
    )
    expect(refusal('--no-multivariate', '--permutations', '100')).toContain('--permutations')
  })
})

describe('parseArgs: profile', () => {
  it('reads the reference and --out, with the folder beside the reference by default', () => {
    expect(parseArgs(['profile', 'data/ref.csv'])).toEqual({
      ok: true,
      command: { command: 'profile', reference: 'data/ref.csv', out: 'data/ref.csv.profile' }
    })
    expect(parseArgs(['profile', 'ref.csv', '--out', 'p'])).toEqual({
      ok: true,
      command: { command: 'profile', reference: 'ref.csv', out: 'p' }
    })
    expect(parseArgs(['profile', '--out=p', 'ref.csv'])).toEqual({
      ok: true,
      command: { command: 'profile', reference: 'ref.csv', out: 'p' }
    })
    const dashed = parseArgs(['profile', '--', '--odd.csv'])
    expect(dashed.ok && dashed.command.command === 'profile' && dashed.command.out).toBe(
      '--odd.csv.profile'
    )
  })
  it('puts the default folder beside the file, also for a folder of Parquet parts', () => {
    expect(defaultProfileFolder('/data/ref.csv')).toBe('/data/ref.csv.profile')
    expect(defaultProfileFolder('/data/ref.parquet/')).toBe('/data/ref.parquet.profile')
  })
  it('refuses no reference, two references, --out without a folder and other options', () => {
    const message = (argv: string[]): string => {
      const parsed = parseArgs(argv)
      if (parsed.ok) throw new Error(`accepted: ${JSON.stringify(parsed.command)}`)
      return parsed.message
    }
    expect(message(['profile'])).toBe(
      'profile takes one file, the reference; got 0. Example: driftwatch profile ref.csv --out ref.profile'
    )
    expect(message(['profile', 'a.csv', 'b.csv'])).toContain('got 2')
    expect(message(['profile', 'a.csv', '--out'])).toBe(
      '--out takes the folder to write the profile to (e.g. ref.profile).'
    )
    expect(message(['profile', 'a.csv', '--out='])).toContain('--out takes the folder')
    expect(message(['profile', 'a.csv', '--json', 'x'])).toBe(
      'Unknown option "--json" for profile; it takes --out FOLDER. Run "driftwatch --help".'
    )
  })
})

describe('parseArgs: compare --reference-profile', () => {
  it('reads the folder with both files, or with the current batch alone', () => {
    const both = compare('--reference-profile', 'ref.csv.profile')
    expect(both).toEqual({
      command: 'compare',
      reference: 'ref.csv',
      current: 'cur.csv',
      referenceProfile: 'ref.csv.profile',
      failOnDrift: false,
      failOnInvalid: false,
      quiet: false,
      options: {},
      validate: true,
      optional: []
    })
    const alone = parseArgs(['compare', '--reference-profile=ref.csv.profile', 'cur.csv'])
    expect(alone).toEqual({
      ok: true,
      command: {
        command: 'compare',
        current: 'cur.csv',
        referenceProfile: 'ref.csv.profile',
        failOnDrift: false,
        failOnInvalid: false,
        quiet: false,
        options: {},
        validate: true,
        optional: []
      }
    })
  })
  it('still needs the current batch, and takes at most two files', () => {
    const none = parseArgs(['compare', '--reference-profile', 'p'])
    expect(none.ok).toBe(false)
    if (!none.ok) {
      expect(none.message).toBe(
        'compare --reference-profile takes the current batch, optionally after the reference it stands for; got 0 files. Example: driftwatch compare --reference-profile ref.csv.profile batch.csv'
      )
    }
    expect(refusal('--reference-profile', 'p', 'third.csv')).toContain('got 3 files')
    expect(refusal('--reference-profile')).toBe(
      '--reference-profile takes a folder written by "driftwatch profile" (e.g. ref.csv.profile).'
    )
  })
  it('one file without --reference-profile is still refused as before', () => {
    const one = parseArgs(['compare', 'cur.csv'])
    expect(one.ok).toBe(false)
    if (!one.ok) expect(one.message).toContain('compare takes two files')
  })
  it('refuses the multivariate set-up flags, which need the reference rows', () => {
    for (const flags of [['--multivariate'], ['--sample-size', '500'], ['--permutations', '50']]) {
      expect(refusal('--reference-profile', 'p', ...flags)).toBe(
        `${flags[0]} sets up the multivariate checks, which need the reference's rows; --reference-profile stores only value counts. Drop ${flags[0]}, or compare with the reference file instead of the profile.`
      )
    }
    expect(compare('--reference-profile', 'p', '--no-multivariate', '--seed', '3').options).toEqual(
      { multivariate: { enabled: false }, seed: 3 }
    )
  })
})

describe('parseArgs agrees with the backend', () => {
  it('every accepted command line gives options the backend accepts', () => {
    const lines: string[][] = [
      ['--test', 'psi,temp=ks', '--threshold', 'temp=0.01'],
      ['--numeric-test', 'anderson', '--categorical-test', 'TVD', '--numeric-threshold', '0.2'],
      ['--rule', 'bonferroni', '--alpha', '0.01', '--ignore', 'count'],
      ['--rule', 'share', '--drift-share', '0.25'],
      ['--target', 'y', '--prediction', 'p', '--task', 'classification'],
      ['--multivariate', '--sample-size', '20000', '--permutations', '10000', '--seed', '7'],
      ['--no-multivariate', '--seed', '0']
    ]
    for (const flags of lines) expect(optionsProblem(options(...flags))).toBeNull()
  })
})

describe('USAGE', () => {
  it('lists every flag and every test, and fits 100 columns', () => {
    for (const flag of [
      '--numeric-test',
      '--categorical-test',
      '--numeric-threshold',
      '--categorical-threshold',
      '--rule',
      '--alpha',
      '--drift-share',
      '--target',
      '--prediction',
      '--task',
      '--multivariate',
      '--no-multivariate',
      '--sample-size',
      '--permutations',
      '--seed',
      '--list-tests',
      '--reference-profile',
      'driftwatch profile <reference>',
      '--out FOLDER'
    ]) {
      expect(USAGE).toContain(flag)
    }
    for (const id of DRIFT_TEST_IDS) expect(USAGE).toContain(id)
    for (const line of USAGE.split('\n')) expect([...line].length).toBeLessThanOrEqual(100)
  })
})
