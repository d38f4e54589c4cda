/** Command-line parsing for `driftwatch`: small and strict, with errors that say what to type instead. */
import { isDriftTestId } from '../../../shared/drift'
import type { DriftOptions, DriftTestId } from '../../../shared/model'

export type CompareCommand = Readonly<{
  command: 'compare'
  reference: string
  current: string
  json?: string
  failOnDrift: boolean
  quiet: boolean
  options: DriftOptions
}>

export type ServeCommand = Readonly<{ command: 'serve'; port: number }>
export type HelpCommand = Readonly<{ command: 'help' }>
export type VersionCommand = Readonly<{ command: 'version' }>

export type Command = CompareCommand | ServeCommand | HelpCommand | VersionCommand

export type Parsed = { ok: true; command: Command } | { ok: false; message: string }

export const USAGE = `Usage:
  driftwatch compare <reference> <current> [options]   compare two datasets for drift
      --json FILE             write the report as JSON
      --ignore col,col        columns not to test
      --test TEST             the test for every column (ks, chisquare, z, wasserstein, jensenshannon)
      --test col=TEST,...     the test for some columns
      --threshold X           the threshold for every column
      --threshold col=X,...   the threshold for some columns
      --drift-share X         dataset drift when at least this share of columns drifted (default 0.5)
      --fail-on-drift         exit 1 when the dataset has drifted
      --quiet                 no progress on stderr
  driftwatch serve [--port N]   serve the app on http://127.0.0.1 (loopback only)
  driftwatch --version | --help

Exit codes: 0 ran (no drift, or drift without --fail-on-drift), 1 drift with --fail-on-drift, 2 could not run.`

function fail(message: string): Parsed {
  return { ok: false, message }
}

export function parseArgs(argv: readonly string[]): Parsed {
  const [command, ...rest] = argv
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { ok: true, command: { command: 'help' } }
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    return { ok: true, command: { command: 'version' } }
  }
  if (command === 'serve') return parseServe(rest)
  if (command === 'compare') return parseCompare(rest)
  return fail(`Unknown command "${command}". Run "driftwatch --help" for the commands.`)
}

function parseServe(rest: readonly string[]): Parsed {
  let port = 0
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === '--port') {
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
  return { ok: true, command: { command: 'serve', port } }
}

function parseCompare(rest: readonly string[]): Parsed {
  const positional: string[] = []
  let json: string | undefined
  let failOnDrift = false
  let quiet = false
  let ignore: string[] = []
  let test: DriftTestId | undefined
  let threshold: number | undefined
  let driftShare: number | undefined
  const perColumn: Record<string, { test?: DriftTestId; threshold?: number }> = {}
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string
    const value = (): string | undefined => rest[++i]
    switch (arg) {
      case '--json': {
        const v = value()
        if (!v) return fail('--json takes a file name to write the report to.')
        json = v
        break
      }
      case '--ignore': {
        const v = value()
        if (!v) return fail('--ignore takes a comma-separated list of column names.')
        ignore = [...ignore, ...splitList(v)]
        break
      }
      case '--test': {
        const v = value()
        if (!v)
          return fail(
            '--test takes a test name (e.g. ks) or column=test pairs (e.g. temp=ks,season=chisquare).'
          )
        for (const item of splitList(v)) {
          const eq = item.lastIndexOf('=')
          const name = eq < 0 ? item : item.slice(eq + 1)
          if (!isDriftTestId(name)) {
            return fail(
              `Unknown test "${name}" in --test. Use ks, chisquare, z, wasserstein or jensenshannon.`
            )
          }
          if (eq < 0) test = name
          else perColumn[item.slice(0, eq)] = { ...perColumn[item.slice(0, eq)], test: name }
        }
        break
      }
      case '--threshold': {
        const v = value()
        if (!v) return fail('--threshold takes a number, or column=number pairs.')
        for (const item of splitList(v)) {
          const eq = item.lastIndexOf('=')
          const n = Number(eq < 0 ? item : item.slice(eq + 1))
          if (!Number.isFinite(n) || n < 0)
            return fail(`--threshold needs a non-negative number; got "${item}".`)
          if (eq < 0) threshold = n
          else perColumn[item.slice(0, eq)] = { ...perColumn[item.slice(0, eq)], threshold: n }
        }
        break
      }
      case '--drift-share': {
        const n = Number(value())
        if (!(n > 0 && n <= 1))
          return fail('--drift-share takes a number greater than 0 and at most 1 (e.g. 0.5).')
        driftShare = n
        break
      }
      case '--fail-on-drift':
        failOnDrift = true
        break
      case '--quiet':
        quiet = true
        break
      default:
        if (arg.startsWith('--'))
          return fail(`Unknown option "${arg}" for compare. Run "driftwatch --help".`)
        positional.push(arg)
    }
  }
  if (positional.length !== 2) {
    return fail(
      `compare takes two files, the reference and the current batch; got ${positional.length}. Example: driftwatch compare ref.csv batch.csv`
    )
  }
  const options: DriftOptions = {
    ...(ignore.length > 0 ? { ignore } : {}),
    ...(test === undefined ? {} : { test }),
    ...(threshold === undefined ? {} : { threshold }),
    ...(driftShare === undefined ? {} : { driftShare }),
    ...(Object.keys(perColumn).length > 0 ? { perColumn } : {})
  }
  return {
    ok: true,
    command: {
      command: 'compare',
      reference: positional[0] as string,
      current: positional[1] as string,
      ...(json === undefined ? {} : { json }),
      failOnDrift,
      quiet,
      options
    }
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}
