/**
 * Command-line parsing for `driftwatch`: small and strict, with errors that say what to type instead.
 *
 * Every flag of `compare` maps onto one field of DriftOptions (src/shared/model/drift.ts); the backend checks
 * the same fields again (optionsProblem in src/main/api.ts), so a flag can never let through what the app
 * would refuse. Test names come from the catalogue, never from a list written here.
 */
import {
  DEFAULT_ALPHA,
  DEFAULT_DRIFT_SHARE,
  DEFAULT_MULTIVARIATE_PERMUTATIONS,
  DEFAULT_MULTIVARIATE_SAMPLE,
  DEFAULT_SEED,
  DRIFT_TEST_IDS,
  DRIFT_TESTS,
  isDriftTestId
} from '../../../shared/drift'
import type {
  DatasetRule,
  DriftOptions,
  DriftTestId,
  MultivariateOptions,
  TestChoice
} from '../../../shared/model'
import { REPORT_VERSION } from '../../../shared/model'
import { TEXT_WIDTH, wrapText } from './layout'

export type CompareCommand = Readonly<{
  command: 'compare'
  /**
   * The reference file. With `referenceProfile` it only names the file the profile stands for, and may be
   * left out: the profile's own record of its path is used then.
   */
  reference?: string
  current: string
  /** A folder written by `driftwatch profile`, read instead of the reference file. */
  referenceProfile?: string
  /** A file to write the report to, or '-' for standard output (instead of the table). */
  json?: string
  /** A file to write JUnit XML to: the validation's and the drift's test cases. */
  junit?: string
  /** A file to write a Markdown summary to, or '-' for standard output (instead of the table). */
  markdown?: string
  /** A file to write the report to as one self-contained HTML file. */
  html?: string
  failOnDrift: boolean
  /** Exit 1 when the batch's data is invalid (an error-severity expectation failed). */
  failOnInvalid: boolean
  quiet: boolean
  options: DriftOptions
  /**
   * The batch is validated first unless false: against `suite`, else the project's suite file in the
   * current folder when it exists, else a suite inferred from the reference (`optional` columns may be
   * missing, as may the ignored ones).
   */
  validate: boolean
  suite?: string
  optional: readonly string[]
}>

/** `driftwatch profile <reference> [--out FOLDER]`: read the reference once and store its profile. */
export type ProfileCommand = Readonly<{
  command: 'profile'
  reference: string
  /** The folder to write, `<reference>.profile` unless --out names another. */
  out: string
}>

/**
 * `driftwatch validate <file> [--suite FILE | --reference FILE [--optional col,...]]`: check a batch against
 * a suite of expectations.
 */
export type ValidateCommand = Readonly<{
  command: 'validate'
  file: string
  /** The suite file; `driftwatch/expectations.yaml` in the current folder when neither it nor `reference` is given. */
  suite?: string
  /** A reference to infer the suite from (and to explain schema changes against). */
  reference?: string
  /** With `reference`: columns a batch may lack (their checks are written disabled). */
  optional: readonly string[]
  /** A file to write the result to as JSON, or '-' for standard output (instead of the text). */
  json?: string
  /** A file to write the result to as JUnit XML. */
  junit?: string
  /** A file to write a Markdown summary to, or '-' for standard output (instead of the text). */
  markdown?: string
  /** A file to write the validation to as one self-contained HTML file. */
  html?: string
  /** Only the summary line, not each failure. */
  quiet: boolean
}>

/** `driftwatch suite infer <reference> [--out FILE] [--optional col,...]`: write an inferred suite. */
export type SuiteInferCommand = Readonly<{
  command: 'suite-infer'
  reference: string
  /** The YAML file to write, `driftwatch/expectations.yaml` in the current folder unless --out names another. */
  out: string
  optional: readonly string[]
}>

export type ServeCommand = Readonly<{
  command: 'serve'
  port: number
  /**
   * Local files the page may name by path (`files:dropped`) instead of uploading them, as the desktop
   * app's dropped files are: granted at start, as files given to `compare` are.
   */
  allowPaths: readonly string[]
  /** Print the main thread's event-loop delay during each comparison (for the drag-and-drop benchmark). */
  isLoopStats: boolean
}>
export type HelpCommand = Readonly<{ command: 'help' }>
export type VersionCommand = Readonly<{ command: 'version' }>
export type ListTestsCommand = Readonly<{ command: 'list-tests' }>

/** `driftwatch run <folder>`: process what is pending in a project and exit (cron, CI). */
export type RunCommand = Readonly<{
  command: 'run'
  folder: string
  /** A file to write the processed batches to as JSON, or '-' for standard output (instead of the text). */
  json?: string
  /** A file to write JUnit XML to: one test suite per processed batch. */
  junit?: string
  /** A file to write a Markdown summary to (a section per batch), or '-' for standard output. */
  markdown?: string
  /**
   * A file to write one HTML project report to: the project's batch history (heatmap, trend, every batch)
   * with the full report of each batch this run processed.
   */
  html?: string
  failOnDrift: boolean
  failOnInvalid: boolean
  quiet: boolean
}>

/** `driftwatch watch <folder>`: watch a project headless until stopped (SIGINT, SIGTERM). */
export type WatchCommand = Readonly<{ command: 'watch'; folder: string; quiet: boolean }>

/** `driftwatch history <folder>`: every batch of a project, as a table or JSON. */
export type HistoryCommand = Readonly<{ command: 'history'; folder: string; json?: string }>

export type Command =
  | CompareCommand
  | RunCommand
  | WatchCommand
  | HistoryCommand
  | ProfileCommand
  | ValidateCommand
  | SuiteInferCommand
  | ServeCommand
  | HelpCommand
  | VersionCommand
  | ListTestsCommand

export type Parsed = { ok: true; command: Command } | { ok: false; message: string }

/** Where a project keeps its suite, relative to the project folder (the current folder for the CLI). */
export const DEFAULT_SUITE_FILE = 'driftwatch/expectations.yaml'

/** The dataset rules `--rule` takes, with what each means. */
export const RULES: Readonly<Record<DatasetRule, string>> = {
  share: 'dataset drift when at least --drift-share of the columns drifted (Evidently’s rule)',
  bonferroni: 'Bonferroni: controls the chance of any false alarm at --alpha',
  bh: 'Benjamini–Hochberg: controls the expected share of false alarms at --alpha'
}

/** Rows drawn from each side for the multivariate checks: at least, at most. */
export const SAMPLE_SIZE_RANGE = [20, 20_000] as const
/** Permutations of the multivariate MMD test: at least, at most. */
export const PERMUTATIONS_RANGE = [10, 10_000] as const

export const USAGE = `Usage:
  driftwatch compare <reference> <current> [options]   compare two datasets for drift
    Output
      --json FILE                 also write the report as JSON (--json - : only JSON, to stdout)
      --junit FILE                also write JUnit XML: a test case per expectation, per column
                                  (a failure when it drifted), for the dataset, target, prediction
                                  and each multivariate method
      --markdown FILE             also write a Markdown summary for a CI step summary, e.g.
                                  $GITHUB_STEP_SUMMARY (--markdown - : only Markdown, to stdout)
      --html FILE                 also write the report as one HTML file that opens offline in
                                  any browser, with its charts (a CI artifact to download)
      --fail-on-drift             exit 1 when the dataset has drifted
      --fail-on-invalid           exit 1 when the batch's data is invalid (see Validation)
      --quiet                     no progress on stderr
    Validation (the batch is checked against expectations first; when an expectation of
    severity error fails, the data is invalid and the drift verdict is marked unreliable)
      --suite FILE                the suite to check (default: the project's suite file here,
                                  ${DEFAULT_SUITE_FILE} or the one driftwatch.yaml names as
                                  validation.suite, when it exists; else a suite inferred from
                                  the reference)
      --optional col,col          columns batches may lack, for an inferred suite (ignored
                                  columns are optional too)
      --no-validation             do not validate
    Columns and tests
      --ignore col,col            columns not to test
      --test TEST                 the test for every column
      --test col=TEST,...         the test for some columns
      --numeric-test TEST         the test for numeric columns
      --categorical-test TEST     the test for categorical, boolean and text columns
      --threshold X               the threshold for every column (default: the test's own)
      --threshold col=X,...       the threshold for some columns
      --numeric-threshold X       the threshold for numeric columns
      --categorical-threshold X   the threshold for categorical, boolean and text columns
      --list-tests                list the tests, their scores and default thresholds
    Dataset verdict
      --rule share|bonferroni|bh  how column verdicts make the dataset's (default share)
      --drift-share X             rule share: drift when at least this share drifted (default ${DEFAULT_DRIFT_SHARE})
      --alpha X                   rules bonferroni and bh: the error rate to control (default ${DEFAULT_ALPHA})
    Model columns
      --target COL                the target column, reported apart from the features
      --prediction COL            the prediction column, reported apart from the features
      --task classification|regression   when the target's values cannot tell
    Multivariate drift
      --multivariate              run MMD, PCA error and a domain classifier on a sample
      --no-multivariate           do not (default: on with at least two numeric columns)
      --sample-size N             rows drawn from each side, ${SAMPLE_SIZE_RANGE[0]} to ${SAMPLE_SIZE_RANGE[1]} (default ${DEFAULT_MULTIVARIATE_SAMPLE})
      --permutations N            permutations of the MMD test, ${PERMUTATIONS_RANGE[0]} to ${PERMUTATIONS_RANGE[1]} (default ${DEFAULT_MULTIVARIATE_PERMUTATIONS})
      --seed N                    seed of every random draw (default ${DEFAULT_SEED})
    Reference profile
      --reference-profile FOLDER  take the reference's statistics from a profile stored by
                                  "driftwatch profile" instead of reading the reference, which
                                  may then be left out; no multivariate checks (they need rows)
  driftwatch compare --reference-profile FOLDER <current> [options]
  driftwatch profile <reference> [--out FOLDER]   read the reference once and store its profile
      --out FOLDER                the folder to write (default: <reference>.profile beside the file)
  driftwatch validate <file> [--suite FILE | --reference FILE] [options]
                                  check a batch against a suite of expectations
      --suite FILE                the suite (default: ${DEFAULT_SUITE_FILE} here)
      --reference FILE            infer the suite from this reference instead, and explain how the
                                  batch's columns differ from it (dropped, new, renamed, retyped);
                                  a reference column the batch lacks fails the batch, unless
      --optional col,col          names it: a column batches may lack (e.g. a target that arrives
                                  later); its checks are left out (--reference only)
      --json FILE                 also write the result as JSON (--json - : only JSON, to stdout)
      --junit FILE                also write JUnit XML: one test case per expectation (failure for
                                  a failed one, with its severity as the type; error when it could
                                  not be checked; skipped when disabled)
      --markdown FILE             also write a Markdown summary (--markdown - : only it, to stdout)
      --html FILE                 also write the validation as one HTML file that opens offline
      --quiet                     print the summary line only, not each failure
  driftwatch suite infer <reference> [--out FILE] [--optional col,col]
                                  infer a conservative suite from a reference and write it as YAML
      --out FILE                  the file to write (default: ${DEFAULT_SUITE_FILE} here)
      --optional col,col          columns batches may lack: left out of the column set, their
                                  checks written disabled
  driftwatch run <folder> [options]
                                  process what is pending in a project (its drop folders) and exit
      --json FILE                 also write the processed batches as JSON (--json - : only JSON)
      --junit FILE                also write JUnit XML: a test suite per processed batch
      --markdown FILE             also write a Markdown summary: a section per processed batch
                                  (--markdown - : only Markdown, to stdout)
      --html FILE                 also write one HTML project report: the batch history with its
                                  drift heatmap, and the full report of each batch processed
      --fail-on-drift             exit 1 when a batch with valid data drifted
      --fail-on-invalid           exit 1 when a batch's data is invalid
      --quiet                     no summary line after the batches
  driftwatch watch <folder> [--quiet]
                                  watch a project until stopped (Ctrl+C): every batch that lands
                                  is validated, compared and stored in the project's history
                                  (its .driftwatch/ folder)
  driftwatch history <folder> [--json FILE]
                                  every batch of a project, with its validation and drift
      (a folder without driftwatch.yaml is read with a config inferred from its files)
  driftwatch serve [--port N] [--allow-path FILE]... [--loop-stats]
                                  serve the app on http://127.0.0.1 (loopback only)
      --allow-path FILE           the page may name FILE by its path (as the desktop app does
                                  with a dropped file) instead of uploading a copy
      --loop-stats                print the event-loop delay of each comparison to stderr
  driftwatch --version | --help | --list-tests

${[
  'Options also take the form --name=value.',
  `JSON outputs carry "version": ${REPORT_VERSION} and follow the JSON Schemas in schema/ (report.schema.json for a report; validate-output, run-output and history-output for the others). At most one output goes to standard output; JUnit and HTML go to a file. A file that cannot be written exits 2.`,
  `Tests (details: driftwatch --list-tests): ${DRIFT_TEST_IDS.join(', ')}.`,
  'Exit codes of compare: 0 it ran (no drift, or drift without --fail-on-drift), 1 drift with --fail-on-drift, 2 it could not run, with the reason on stderr.',
  'Exit codes of run: 0 it ran, 1 a batch drifted with --fail-on-drift or its data was invalid with --fail-on-invalid, 2 it could not run or a batch could not be processed.',
  'Exit codes of validate: 0 every expectation passed (failed warnings allowed), 1 an expectation of severity error failed, 2 it could not run, or part of the suite could not be checked (a malformed expectation in the file, a bad regex, a missing column...): each is listed with its line or reason, the rest still run.'
]
  .flatMap((paragraph) => wrapText(paragraph, TEXT_WIDTH))
  .join('\n')}`

function fail(message: string): Parsed {
  return { ok: false, message }
}

const COMMANDS: ReadonlySet<string> = new Set([
  'serve',
  'compare',
  'profile',
  'validate',
  'suite',
  'run',
  'watch',
  'history'
])

export function parseArgs(argv: readonly string[]): Parsed {
  const [command, ...rest] = argv
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { ok: true, command: { command: 'help' } }
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    return { ok: true, command: { command: 'version' } }
  }
  if (command === '--list-tests') return { ok: true, command: { command: 'list-tests' } }
  // `driftwatch compare --help` asks for the commands' options, as every command line tool answers.
  if (COMMANDS.has(command) && (rest.includes('--help') || rest.includes('-h'))) {
    return { ok: true, command: { command: 'help' } }
  }
  if (command === 'serve') return parseServe(rest)
  if (command === 'compare') return parseCompare(rest)
  if (command === 'profile') return parseProfile(rest)
  if (command === 'validate') return parseValidate(rest)
  if (command === 'suite') return parseSuite(rest)
  if (command === 'run' || command === 'watch' || command === 'history') {
    return parseProjectCommand(command, rest)
  }
  return fail(`Unknown command "${command}". Run "driftwatch --help" for the commands.`)
}

function parseServe(rest: readonly string[]): Parsed {
  let port = 0
  const allowPaths: string[] = []
  let isLoopStats = false
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === '--allow-path') {
      const value = rest[++i]
      if (value === undefined || value.length === 0 || value.startsWith('--')) {
        return fail('--allow-path takes the path of a file, e.g. --allow-path data/week4.csv.')
      }
      allowPaths.push(value)
    } else if (arg === '--loop-stats') {
      isLoopStats = true
    } else if (arg === '--port') {
      const value = rest[++i]
      const n = Number(value)
      if (value === undefined || !Number.isInteger(n) || n < 0 || n > 65535) {
        return fail(
          `--port takes a port number from 0 to 65535 (0 picks a free one); got ${value ?? 'nothing'}.`
        )
      }
      port = n
    } else {
      return fail(`Unknown option "${arg}" for serve. Run "driftwatch --help".`)
    }
  }
  return { ok: true, command: { command: 'serve', port, allowPaths, isLoopStats } }
}

/** The folder `driftwatch profile` writes when --out is not given: `<reference>.profile` beside the file. */
export function defaultProfileFolder(reference: string): string {
  return `${reference.replace(/[\\/]+$/, '')}.profile`
}

function parseProfile(rest: readonly string[]): Parsed {
  const scanned = scanFlags(
    rest,
    [],
    { '--out': 'the folder to write the profile to (e.g. ref.profile)' },
    'profile',
    'it takes --out FOLDER'
  )
  if (!scanned.ok) return fail(scanned.message)
  const { positional } = scanned
  const out = scanned.values.get('--out')
  if (positional.length !== 1) {
    return fail(
      `profile takes one file, the reference; got ${positional.length}. Example: driftwatch profile ref.csv --out ref.profile`
    )
  }
  const reference = positional[0] as string
  return {
    ok: true,
    command: { command: 'profile', reference, out: out ?? defaultProfileFolder(reference) }
  }
}

/** Splits flags (`--name value` or `--name=value`) from file names; `--` ends the flags. */
function scanFlags(
  rest: readonly string[],
  switches: readonly string[],
  valued: Readonly<Record<string, string>>,
  command: string,
  /** Said after an unknown option instead of the pointer to the help, e.g. 'it takes --out FOLDER'. */
  unknownHint?: string
):
  { ok: true; positional: string[]; values: Map<string, string> } | { ok: false; message: string } {
  const positional: string[] = []
  const values = new Map<string, string>()
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] as string
    if (token === '--') {
      positional.push(...rest.slice(i + 1))
      break
    }
    if (!token.startsWith('--')) {
      positional.push(token)
      continue
    }
    const eq = token.indexOf('=')
    const flag = eq < 0 ? token : token.slice(0, eq)
    if (switches.includes(flag)) {
      if (eq >= 0) return { ok: false, message: `${flag} takes no value; write it alone.` }
      values.set(flag, '')
      continue
    }
    const expects = valued[flag]
    if (expects === undefined) {
      return {
        ok: false,
        message:
          unknownHint === undefined
            ? `Unknown option "${flag}" for ${command}. Run "driftwatch --help" for the options.`
            : `Unknown option "${flag}" for ${command}; ${unknownHint}. Run "driftwatch --help".`
      }
    }
    let value: string | undefined
    if (eq >= 0) value = token.slice(eq + 1)
    else {
      const next = rest[i + 1]
      if (next !== undefined && !next.startsWith('--')) {
        value = next
        i++
      }
    }
    if (value === undefined || value.trim() === '') {
      return { ok: false, message: `${flag} takes ${expects}.` }
    }
    if (values.has(flag) && flag !== '--optional') {
      return { ok: false, message: `${flag} is given twice; give it once.` }
    }
    const previous = values.get(flag)
    values.set(flag, previous === undefined ? value.trim() : `${previous},${value.trim()}`)
  }
  return { ok: true, positional, values }
}

const VALIDATE_VALUED: Readonly<Record<string, string>> = {
  '--suite': `the suite file to check against (e.g. ${DEFAULT_SUITE_FILE})`,
  '--reference': 'a reference file to infer the suite from (e.g. ref.csv)',
  '--optional': 'a comma-separated list of columns batches may lack (e.g. count)',
  '--json': 'a file name to write the result to (or - for standard output)',
  '--junit': 'a file name to write JUnit XML to (e.g. validation.xml)',
  '--markdown': 'a file name to write a Markdown summary to (or - for standard output)',
  '--html': 'a file name to write the validation to as HTML (e.g. validation.html)'
}

function parseValidate(rest: readonly string[]): Parsed {
  const scanned = scanFlags(rest, ['--quiet'], VALIDATE_VALUED, 'validate')
  if (!scanned.ok) return fail(scanned.message)
  const { positional, values } = scanned
  if (positional.length !== 1) {
    return fail(
      `validate takes one file, the batch to check; got ${positional.length}. Example: driftwatch validate batch.csv --suite ${DEFAULT_SUITE_FILE}`
    )
  }
  const suite = values.get('--suite')
  const reference = values.get('--reference')
  if (suite !== undefined && reference !== undefined) {
    return fail(
      'Give one of --suite (check against a suite file) and --reference (infer the suite from a reference), not both.'
    )
  }
  const optional = splitList(values.get('--optional') ?? '')
  if (optional.length > 0 && reference === undefined) {
    return fail(
      "--optional belongs to --reference (it shapes the suite inferred from it). With a suite file, switch the column's expectations off in the file instead."
    )
  }
  const outputs = readOutputs(values)
  if (!outputs.ok) return fail(outputs.message)
  return {
    ok: true,
    command: {
      command: 'validate',
      file: positional[0] as string,
      ...(suite === undefined ? {} : { suite }),
      ...(reference === undefined ? {} : { reference }),
      optional,
      ...outputs.outputs,
      quiet: values.has('--quiet')
    }
  }
}

/** `run`, `watch` and `history`: one project folder and their few flags. */
function parseProjectCommand(
  command: 'run' | 'watch' | 'history',
  rest: readonly string[]
): Parsed {
  const switches =
    command === 'run'
      ? ['--fail-on-drift', '--fail-on-invalid', '--quiet']
      : command === 'watch'
        ? ['--quiet']
        : []
  const json = { '--json': 'a file name to write JSON to (or - for standard output)' }
  const valued: Record<string, string> =
    command === 'watch'
      ? {}
      : command === 'history'
        ? json
        : {
            ...json,
            '--junit': 'a file name to write JUnit XML to (e.g. batches.xml)',
            '--markdown': 'a file name to write a Markdown summary to (or - for standard output)',
            '--html': 'a file name to write the project report to as HTML (e.g. batches.html)'
          }
  const scanned = scanFlags(rest, switches, valued, command)
  if (!scanned.ok) return fail(scanned.message)
  if (scanned.positional.length !== 1) {
    return fail(
      `${command} takes one folder, the project's; got ${scanned.positional.length}. Example: driftwatch ${command} ~/projects/churn`
    )
  }
  const folder = scanned.positional[0] as string
  const values = scanned.values
  const quiet = values.has('--quiet')
  if (command === 'watch') return { ok: true, command: { command, folder, quiet } }
  const output = values.get('--json')
  if (command === 'history') {
    return {
      ok: true,
      command: { command, folder, ...(output === undefined ? {} : { json: output }) }
    }
  }
  const outputs = readOutputs(values)
  if (!outputs.ok) return fail(outputs.message)
  return {
    ok: true,
    command: {
      command,
      folder,
      ...outputs.outputs,
      failOnDrift: values.has('--fail-on-drift'),
      failOnInvalid: values.has('--fail-on-invalid'),
      quiet
    }
  }
}

/** The output flags of validate and run, and the command field each fills. */
const OUTPUT_FLAGS = [
  ['--json', 'json'],
  ['--junit', 'junit'],
  ['--markdown', 'markdown'],
  ['--html', 'html']
] as const

type Outputs = { -readonly [K in (typeof OUTPUT_FLAGS)[number][1]]?: string }

/** The output flags given (only those), or what is wrong with them (see outputsProblem). */
function readOutputs(
  values: ReadonlyMap<string, string>
): { ok: true; outputs: Outputs } | { ok: false; message: string } {
  const problem = outputsProblem(
    Object.fromEntries(OUTPUT_FLAGS.map(([flag]) => [flag, values.get(flag)]))
  )
  if (problem) return { ok: false, message: problem }
  const outputs: Outputs = {}
  for (const [flag, field] of OUTPUT_FLAGS) {
    const target = values.get(flag)
    if (target !== undefined) outputs[field] = target
  }
  return { ok: true, outputs }
}

/**
 * Outputs that can only go to a file (there is text, JSON or Markdown for standard output), each with an
 * example file name for the error.
 */
const FILE_ONLY_OUTPUTS: ReadonlyMap<string, string> = new Map([
  ['--junit', 'results.xml'],
  ['--html', 'report.html']
])

/**
 * What is wrong with a command's output flags (flag to its value, undefined when not given), or null:
 * an output that takes a file only was given '-', two outputs went to standard output, or two to the
 * same file.
 */
function outputsProblem(outputs: Readonly<Record<string, string | undefined>>): string | null {
  const given = Object.entries(outputs).filter(
    (entry): entry is [string, string] => entry[1] !== undefined
  )
  for (const [flag, target] of given) {
    const example = FILE_ONLY_OUTPUTS.get(flag)
    if (target === '-' && example !== undefined) {
      return `${flag} writes to a file, not to standard output; give it a file name (e.g. ${flag} ${example}).`
    }
  }
  for (const [i, [flag, target]] of given.entries()) {
    const other = given.slice(i + 1).find(([, t]) => t === target)
    if (other === undefined) continue
    return target === '-'
      ? `${flag} - and ${other[0]} - both ask for standard output, which can take one of them; give the other a file name.`
      : `${flag} and ${other[0]} both name ${target}; give each its own file.`
  }
  return null
}

function parseSuite(rest: readonly string[]): Parsed {
  const [sub, ...args] = rest
  if (sub !== 'infer') {
    return fail(
      `suite takes a subcommand: "driftwatch suite infer <reference> [--out FILE]"; got ${sub === undefined ? 'nothing' : `"${sub}"`}.`
    )
  }
  const scanned = scanFlags(
    args,
    [],
    {
      '--out': `the suite file to write (e.g. ${DEFAULT_SUITE_FILE})`,
      '--optional': 'a comma-separated list of columns batches may lack (e.g. count)'
    },
    'suite infer'
  )
  if (!scanned.ok) return fail(scanned.message)
  if (scanned.positional.length !== 1) {
    return fail(
      `suite infer takes one file, the reference; got ${scanned.positional.length}. Example: driftwatch suite infer ref.csv --out ${DEFAULT_SUITE_FILE}`
    )
  }
  return {
    ok: true,
    command: {
      command: 'suite-infer',
      reference: scanned.positional[0] as string,
      out: scanned.values.get('--out') ?? DEFAULT_SUITE_FILE,
      optional: splitList(scanned.values.get('--optional') ?? '')
    }
  }
}

/** Flags of `compare` that take no value. */
const SWITCHES = new Set([
  '--fail-on-drift',
  '--fail-on-invalid',
  '--no-validation',
  '--quiet',
  '--multivariate',
  '--no-multivariate',
  '--list-tests'
])

/** Flags of `compare` that take one value, and what the value is (for "takes nothing" errors). */
const VALUED: Readonly<Record<string, string>> = {
  '--json': 'a file name to write the report to (or - for standard output)',
  '--junit': 'a file name to write JUnit XML to (e.g. drift.xml)',
  '--markdown': 'a file name to write a Markdown summary to (or - for standard output)',
  '--html': 'a file name to write the report to as HTML (e.g. report.html)',
  '--reference-profile': 'a folder written by "driftwatch profile" (e.g. ref.csv.profile)',
  '--ignore': 'a comma-separated list of column names',
  '--test': 'a test name (e.g. ks) or column=test pairs (e.g. temp=ks,season=chisquare)',
  '--numeric-test': 'a test name for numeric columns (e.g. anderson)',
  '--categorical-test': 'a test name for categorical columns (e.g. chisquare)',
  '--threshold': 'a number, or column=number pairs (e.g. temp=0.1,season=0.01)',
  '--numeric-threshold': 'a number (the threshold for numeric columns)',
  '--categorical-threshold': 'a number (the threshold for categorical columns)',
  '--rule': 'share, bonferroni or bh',
  '--alpha': 'a level between 0 and 1 (e.g. 0.05)',
  '--drift-share': 'a share greater than 0 and at most 1 (e.g. 0.5)',
  '--target': 'the name of the target column',
  '--prediction': 'the name of the prediction column',
  '--task': 'classification or regression',
  '--sample-size': `a whole number of rows from ${SAMPLE_SIZE_RANGE[0]} to ${SAMPLE_SIZE_RANGE[1]}`,
  '--permutations': `a whole number from ${PERMUTATIONS_RANGE[0]} to ${PERMUTATIONS_RANGE[1]}`,
  '--seed': 'a whole number, 0 or more (e.g. 42)',
  '--suite': `a suite file to validate the batch against (e.g. ${DEFAULT_SUITE_FILE})`,
  '--optional': 'a comma-separated list of columns batches may lack (e.g. count)'
}

type Kind = 'numeric' | 'categorical'

/** What the parse loop gathers before it becomes DriftOptions. */
type Gathered = {
  positional: string[]
  json?: string
  junit?: string
  markdown?: string
  html?: string
  referenceProfile?: string
  failOnDrift: boolean
  failOnInvalid: boolean
  quiet: boolean
  validate: boolean
  suite?: string
  optional: string[]
  ignore: string[]
  test?: DriftTestId
  threshold?: number
  perKind: { numeric: TestChoiceDraft; categorical: TestChoiceDraft }
  perColumn: Record<string, TestChoiceDraft>
  rule?: DatasetRule
  alpha?: number
  driftShare?: number
  target?: string
  prediction?: string
  task?: 'classification' | 'regression'
  multivariate?: boolean
  sampleSize?: number
  permutations?: number
  seed?: number
}

type TestChoiceDraft = { test?: DriftTestId; threshold?: number }

function parseCompare(rest: readonly string[]): Parsed {
  if (rest.includes('--list-tests')) return { ok: true, command: { command: 'list-tests' } }
  const g: Gathered = {
    positional: [],
    failOnDrift: false,
    failOnInvalid: false,
    quiet: false,
    validate: true,
    optional: [],
    ignore: [],
    perKind: { numeric: {}, categorical: {} },
    perColumn: {}
  }
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] as string
    if (token === '--') {
      // Everything after a bare "--" is a file name, even one that starts with "--".
      g.positional.push(...rest.slice(i + 1))
      break
    }
    if (!token.startsWith('--')) {
      g.positional.push(token)
      continue
    }
    const eq = token.indexOf('=')
    const flag = eq < 0 ? token : token.slice(0, eq)
    if (SWITCHES.has(flag)) {
      if (eq >= 0) return fail(`${flag} takes no value; write it alone.`)
      const problem = applySwitch(g, flag)
      if (problem) return fail(problem)
      continue
    }
    const expects = VALUED[flag]
    if (expects === undefined) {
      return fail(`Unknown option "${flag}" for compare. Run "driftwatch --help" for the options.`)
    }
    let value: string | undefined
    if (eq >= 0) value = token.slice(eq + 1)
    else {
      const next = rest[i + 1]
      if (next !== undefined && !next.startsWith('--')) {
        value = next
        i++
      }
    }
    if (value === undefined || value.trim() === '') return fail(`${flag} takes ${expects}.`)
    const problem = applyValue(g, flag, value.trim())
    if (problem) return fail(problem)
  }
  const withProfile = g.referenceProfile !== undefined
  if (withProfile && g.positional.length !== 1 && g.positional.length !== 2) {
    return fail(
      `compare --reference-profile takes the current batch, optionally after the reference it stands for; got ${g.positional.length} files. Example: driftwatch compare --reference-profile ref.csv.profile batch.csv`
    )
  }
  if (!withProfile && g.positional.length !== 2) {
    return fail(
      `compare takes two files, the reference and the current batch; got ${g.positional.length}. Example: driftwatch compare ref.csv batch.csv`
    )
  }
  const problem = combinationProblem(g)
  if (problem) return fail(problem)
  const current = g.positional[g.positional.length - 1] as string
  const reference = g.positional.length === 2 ? (g.positional[0] as string) : undefined
  return {
    ok: true,
    command: {
      command: 'compare',
      ...(reference === undefined ? {} : { reference }),
      current,
      ...(g.referenceProfile === undefined ? {} : { referenceProfile: g.referenceProfile }),
      ...(g.json === undefined ? {} : { json: g.json }),
      ...(g.junit === undefined ? {} : { junit: g.junit }),
      ...(g.markdown === undefined ? {} : { markdown: g.markdown }),
      ...(g.html === undefined ? {} : { html: g.html }),
      failOnDrift: g.failOnDrift,
      failOnInvalid: g.failOnInvalid,
      quiet: g.quiet,
      options: toOptions(g),
      validate: g.validate,
      ...(g.suite === undefined ? {} : { suite: g.suite }),
      optional: g.optional
    }
  }
}

function applySwitch(g: Gathered, flag: string): string | null {
  switch (flag) {
    case '--fail-on-drift':
      g.failOnDrift = true
      return null
    case '--fail-on-invalid':
      g.failOnInvalid = true
      return null
    case '--no-validation':
      g.validate = false
      return null
    case '--quiet':
      g.quiet = true
      return null
    case '--multivariate':
    case '--no-multivariate': {
      const enabled = flag === '--multivariate'
      if (g.multivariate === !enabled) {
        return 'Give one of --multivariate and --no-multivariate, not both.'
      }
      g.multivariate = enabled
      return null
    }
    default:
      return `Unknown option "${flag}" for compare. Run "driftwatch --help" for the options.`
  }
}

function applyValue(g: Gathered, flag: string, value: string): string | null {
  switch (flag) {
    case '--json':
      g.json = value
      return null
    case '--junit':
      g.junit = value
      return null
    case '--markdown':
      g.markdown = value
      return null
    case '--html':
      g.html = value
      return null
    case '--reference-profile':
      g.referenceProfile = value
      return null
    case '--suite':
      if (g.suite !== undefined) return '--suite is given twice; give it once.'
      g.suite = value
      return null
    case '--optional':
      g.optional = [...g.optional, ...splitList(value)]
      return null
    case '--ignore':
      g.ignore = [...g.ignore, ...splitList(value)]
      return null
    case '--test':
      return applyTestList(g, value)
    case '--numeric-test':
    case '--categorical-test': {
      const kind: Kind = flag === '--numeric-test' ? 'numeric' : 'categorical'
      if (value.includes('=') || value.includes(',')) {
        return `${flag} takes one test name, for every ${kind} column; to choose a column's test, use --test col=TEST.`
      }
      const test = testNamed(value, flag)
      if (typeof test !== 'string') return test.problem
      const mismatch = kindMismatch(test, kind, flag)
      if (mismatch) return mismatch
      g.perKind[kind].test = test
      return null
    }
    case '--threshold':
      return applyThresholdList(g, value)
    case '--numeric-threshold':
    case '--categorical-threshold': {
      const n = thresholdValue(value, flag)
      if (typeof n !== 'number') return n.problem
      g.perKind[flag === '--numeric-threshold' ? 'numeric' : 'categorical'].threshold = n
      return null
    }
    case '--rule': {
      const rule = value.toLowerCase()
      if (rule !== 'share' && rule !== 'bonferroni' && rule !== 'bh') {
        return `--rule takes share, bonferroni or bh; got "${value}". ${ruleHelp()}`
      }
      g.rule = rule
      return null
    }
    case '--alpha': {
      const n = numberValue(value)
      if (n === null || !(n > 0 && n < 1)) {
        return `--alpha takes a level greater than 0 and less than 1, e.g. 0.05 (5%); got "${value}".`
      }
      g.alpha = n
      return null
    }
    case '--drift-share': {
      const n = numberValue(value)
      if (n === null || !(n > 0 && n <= 1)) {
        return `--drift-share takes a share greater than 0 and at most 1, e.g. 0.5 (half the columns); got "${value}".`
      }
      g.driftShare = n
      return null
    }
    case '--target':
      g.target = value
      return null
    case '--prediction':
      g.prediction = value
      return null
    case '--task': {
      const task = value.toLowerCase()
      if (task !== 'classification' && task !== 'regression') {
        return `--task takes classification (the target is a class) or regression (the target is a number); got "${value}".`
      }
      g.task = task
      return null
    }
    case '--sample-size': {
      const n = integerValue(value, SAMPLE_SIZE_RANGE)
      if (n === null) {
        return `--sample-size takes a whole number of rows per side from ${SAMPLE_SIZE_RANGE[0]} to ${SAMPLE_SIZE_RANGE[1]} (default ${DEFAULT_MULTIVARIATE_SAMPLE}); got "${value}".`
      }
      g.sampleSize = n
      return null
    }
    case '--permutations': {
      const n = integerValue(value, PERMUTATIONS_RANGE)
      if (n === null) {
        return `--permutations takes a whole number from ${PERMUTATIONS_RANGE[0]} to ${PERMUTATIONS_RANGE[1]} (default ${DEFAULT_MULTIVARIATE_PERMUTATIONS}); got "${value}".`
      }
      g.permutations = n
      return null
    }
    case '--seed': {
      const n = integerValue(value, [0, Number.MAX_SAFE_INTEGER])
      if (n === null) {
        return `--seed takes a whole number, 0 or more (e.g. 42), so the run can be repeated; got "${value}".`
      }
      g.seed = n
      return null
    }
    default:
      return `Unknown option "${flag}" for compare. Run "driftwatch --help" for the options.`
  }
}

function applyTestList(g: Gathered, value: string): string | null {
  let everyColumn: DriftTestId | undefined
  for (const item of splitList(value)) {
    const eq = item.lastIndexOf('=')
    const column = eq < 0 ? undefined : item.slice(0, eq).trim()
    const test = testNamed(eq < 0 ? item : item.slice(eq + 1).trim(), '--test')
    if (typeof test !== 'string') return test.problem
    if (column === undefined) {
      if (everyColumn !== undefined && everyColumn !== test) {
        return `--test got two tests for every column (${everyColumn} and ${test}). Give one, or write column=test pairs (e.g. temp=${test}).`
      }
      everyColumn = test
      g.test = test
    } else if (column.length === 0) {
      return `--test "${item}" has no column name before "="; write column=test, e.g. temp=${test}.`
    } else {
      g.perColumn[column] = { ...g.perColumn[column], test }
    }
  }
  return null
}

function applyThresholdList(g: Gathered, value: string): string | null {
  for (const item of splitList(value)) {
    const eq = item.lastIndexOf('=')
    const n = thresholdValue(eq < 0 ? item : item.slice(eq + 1).trim(), '--threshold')
    if (typeof n !== 'number') return n.problem
    if (eq < 0) {
      g.threshold = n
      continue
    }
    const column = item.slice(0, eq).trim()
    if (column.length === 0) {
      return `--threshold "${item}" has no column name before "="; write column=number, e.g. temp=${n}.`
    }
    g.perColumn[column] = { ...g.perColumn[column], threshold: n }
  }
  return null
}

/** A test id, or why the name is not one (with the nearest id when the spelling is close). */
function testNamed(name: string, flag: string): DriftTestId | { problem: string } {
  if (isDriftTestId(name)) return name
  const folded = fold(name)
  const near = DRIFT_TEST_IDS.find((id) => fold(id) === folded)
  const hint = near
    ? ` Did you mean ${near}?`
    : ` Run "driftwatch --list-tests" to see them all: ${DRIFT_TEST_IDS.join(', ')}.`
  return { problem: `Unknown test "${name}" in ${flag}.${hint}` }
}

/** Lower case, and '-' or ' ' read as '_', so "Cramer-von-Mises" finds cramer_von_mises. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[-\s]+/g, '_')
}

/**
 * A numbers-only test cannot test categorical columns; the message names the test, what it takes, and the
 * tests that do take categories.
 */
function kindMismatch(test: DriftTestId, kind: Kind, flag: string): string | null {
  const info = DRIFT_TESTS[test]
  if (kind !== 'categorical' || info.accepts !== 'numeric') return null
  const fits = DRIFT_TEST_IDS.filter((id) => DRIFT_TESTS[id].accepts !== 'numeric')
  return `${test} (${info.label}) takes numbers only, so ${flag} cannot use it: categorical, boolean and text columns have no order or distance. Use it with --numeric-test, or choose a test that takes categories: ${fits.join(', ')}.`
}

function thresholdValue(text: string, flag: string): number | { problem: string } {
  const n = numberValue(text)
  if (n === null || n < 0) {
    return {
      problem: `${flag} takes a number, 0 or more (a p-value level such as 0.05, or a distance such as 0.1); got "${text}".`
    }
  }
  return n
}

/** A finite number written in full, or null ('' and 'Infinity' are not numbers here). */
function numberValue(text: string): number | null {
  if (text.trim() === '') return null
  const n = Number(text)
  return Number.isFinite(n) ? n : null
}

function integerValue(text: string, [low, high]: readonly [number, number]): number | null {
  const n = numberValue(text)
  return n !== null && Number.isSafeInteger(n) && n >= low && n <= high ? n : null
}

function ruleHelp(): string {
  return (Object.entries(RULES) as [DatasetRule, string][])
    .map(([rule, meaning]) => `${rule}: ${meaning}.`)
    .join(' ')
}

/** Flags that are each valid alone but contradict each other. */
function combinationProblem(g: Gathered): string | null {
  const outputs = outputsProblem({
    '--json': g.json,
    '--junit': g.junit,
    '--markdown': g.markdown,
    '--html': g.html
  })
  if (outputs) return outputs
  if (!g.validate) {
    const flag =
      g.suite !== undefined
        ? '--suite'
        : g.optional.length > 0
          ? '--optional'
          : g.failOnInvalid
            ? '--fail-on-invalid'
            : null
    if (flag !== null)
      return `${flag} is about validation, which --no-validation turns off. Drop one of them.`
  }
  if (g.suite !== undefined && g.optional.length > 0) {
    return '--optional shapes a suite inferred from the reference; with --suite FILE the file says which checks run. Drop --optional, or mark those checks disabled in the file.'
  }
  const corrected = g.rule === 'bonferroni' || g.rule === 'bh'
  if (g.alpha !== undefined && !corrected) {
    return g.rule === 'share'
      ? '--alpha is the level of a multiple-testing rule and --rule share does not use it. Drop --alpha, or use --rule bonferroni or --rule bh.'
      : '--alpha is the level of a multiple-testing rule, and the default rule (share) does not use it. Add --rule bonferroni or --rule bh.'
  }
  if (g.driftShare !== undefined && corrected) {
    return `--drift-share belongs to --rule share; --rule ${g.rule} decides by p-values at --alpha instead. Drop --drift-share, or use --rule share.`
  }
  if (g.target !== undefined && g.target === g.prediction) {
    return `--target and --prediction both name "${g.target}". The prediction is the model's output, the target the true value: name two different columns.`
  }
  for (const [flag, column] of [
    ['--target', g.target],
    ['--prediction', g.prediction]
  ] as const) {
    if (column !== undefined && g.ignore.includes(column)) {
      return `"${column}" is given as ${flag} and in --ignore. Remove it from --ignore to test it as the ${flag.slice(2)}.`
    }
  }
  if (g.task !== undefined && g.target === undefined && g.prediction === undefined) {
    return '--task describes the target; name the target with --target (or the prediction with --prediction).'
  }
  if (g.referenceProfile !== undefined) {
    const flag =
      g.multivariate === true
        ? '--multivariate'
        : g.sampleSize !== undefined
          ? '--sample-size'
          : g.permutations !== undefined
            ? '--permutations'
            : null
    if (flag) {
      return `${flag} sets up the multivariate checks, which need the reference's rows; --reference-profile stores only value counts. Drop ${flag}, or compare with the reference file instead of the profile.`
    }
  }
  if (g.multivariate === false) {
    const flag =
      g.sampleSize !== undefined
        ? '--sample-size'
        : g.permutations !== undefined
          ? '--permutations'
          : null
    if (flag) {
      return `${flag} sets up the multivariate checks, which --no-multivariate turns off. Drop one of them.`
    }
  }
  for (const column of Object.keys(g.perColumn)) {
    if (g.ignore.includes(column)) {
      return `"${column}" is in --ignore and also gets a test or threshold. Remove it from one of them.`
    }
  }
  const scopes: [string, TestChoiceDraft, string][] = [
    ['every column', { test: g.test, threshold: g.threshold }, '--threshold'],
    ['numeric columns', g.perKind.numeric, '--numeric-threshold'],
    ['categorical columns', g.perKind.categorical, '--categorical-threshold'],
    ...Object.entries(g.perColumn).map(([column, choice]): [string, TestChoiceDraft, string] => [
      `"${column}"`,
      choice,
      `--threshold ${column}=`
    ])
  ]
  for (const [scope, choice, flag] of scopes) {
    if (
      choice.test !== undefined &&
      choice.threshold !== undefined &&
      DRIFT_TESTS[choice.test].scoreKind === 'p_value' &&
      choice.threshold > 1
    ) {
      return `The threshold ${choice.threshold} for ${scope} (${flag}) is above 1, but ${choice.test} gives a p-value, which lies between 0 and 1. Use a level such as ${DRIFT_TESTS[choice.test].defaultThreshold}.`
    }
  }
  return null
}

function toOptions(g: Gathered): DriftOptions {
  const kindChoice = (choice: TestChoiceDraft): TestChoice | undefined =>
    choice.test === undefined && choice.threshold === undefined ? undefined : { ...choice }
  const numeric = kindChoice(g.perKind.numeric)
  const categorical = kindChoice(g.perKind.categorical)
  const multivariate: MultivariateOptions = {
    ...(g.multivariate === undefined ? {} : { enabled: g.multivariate }),
    ...(g.sampleSize === undefined ? {} : { sampleSize: g.sampleSize }),
    ...(g.permutations === undefined ? {} : { permutations: g.permutations })
  }
  return {
    ...(g.ignore.length > 0 ? { ignore: g.ignore } : {}),
    ...(g.test === undefined ? {} : { test: g.test }),
    ...(g.threshold === undefined ? {} : { threshold: g.threshold }),
    ...(numeric || categorical
      ? { perKind: { ...(numeric ? { numeric } : {}), ...(categorical ? { categorical } : {}) } }
      : {}),
    ...(Object.keys(g.perColumn).length > 0 ? { perColumn: g.perColumn } : {}),
    ...(g.rule === undefined ? {} : { rule: g.rule }),
    ...(g.driftShare === undefined ? {} : { driftShare: g.driftShare }),
    ...(g.alpha === undefined ? {} : { alpha: g.alpha }),
    ...(g.target === undefined ? {} : { target: g.target }),
    ...(g.prediction === undefined ? {} : { prediction: g.prediction }),
    ...(g.task === undefined ? {} : { task: g.task }),
    ...(Object.keys(multivariate).length > 0 ? { multivariate } : {}),
    ...(g.seed === undefined ? {} : { seed: g.seed })
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}
