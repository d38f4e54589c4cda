/**
 * `driftwatch`: the command-line host. `compare`, `profile`, `validate` and `suite infer` run the backend
 * in-process (the same handlers and workers as the app); `serve` puts the app on loopback HTTP for a browser.
 */
import { existsSync } from 'node:fs'
import { mkdir, stat } from 'node:fs/promises'
import { basename, dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { appVersion, createBackend } from '../../api'
import { runComparison } from '../../runComparison'
import { startHttpHost } from '../http/server'
import type { Suite } from '../../../shared/model'
import type { CompareValidationRequest } from '../../../shared/api'
import { err, ok, type Result } from '../../../shared/errors'
import { openAppStateStore } from '../../project/appState'
import { defaultDataDir } from '../../project/demoProject'
import { projectSuitePath } from '../../project/projectSuite'
import { readSuiteFile, type SuiteProblem, writeSuiteFile } from '../../project/suiteFile'
import {
  type CompareCommand,
  parseArgs,
  type ProfileCommand,
  type ServeCommand,
  type SuiteInferCommand,
  USAGE,
  type ValidateCommand
} from './args'
import { renderReportHtml, renderValidationHtml } from '../../export/html'
import { renderReportJunit, renderValidationJunit } from '../../export/junit'
import { renderReportMarkdown, renderValidationMarkdown } from '../../export/markdown'
import { renderReportJson, renderValidateJson } from '../../export/outputs'
import { hasStandardOutput, type Output, writeOutputs } from './outputs'
import { watchLoopDelay } from './loopStats'
import { runProject, showHistory, watchProject } from './projectCommands'
import { folderSize, formatBytes, profileReference, shellWord } from './storedProfile'
import { renderReportText } from './table'
import { renderTestList } from './testList'
import { renderValidationText } from './validationText'

export const EXIT_OK = 0
export const EXIT_DRIFT = 1
export const EXIT_FAILED = 2

export type Io = Readonly<{
  out: (text: string) => void
  err: (text: string) => void
  isTty: boolean
}>

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY)
}

/** Runs one command and returns the exit code (serve returns only when stopped). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const parsed = parseArgs(argv)
  if (!parsed.ok) {
    io.err(`driftwatch: ${parsed.message}\n`)
    return EXIT_FAILED
  }
  const command = parsed.command
  switch (command.command) {
    case 'help':
      io.out(`${USAGE}\n`)
      return EXIT_OK
    case 'version':
      io.out(`driftwatch ${appVersion()}\n`)
      return EXIT_OK
    case 'list-tests':
      io.out(`${renderTestList()}\n`)
      return EXIT_OK
    case 'compare':
      return compare(command, io)
    case 'profile':
      return profile(command, io)
    case 'validate':
      return validate(command, io)
    case 'suite-infer':
      return suiteInfer(command, io)
    case 'run':
      return runProject(command, io)
    case 'watch':
      return watchProject(command, io)
    case 'history':
      return showHistory(command, io)
    case 'serve':
      return serve(command, io)
    default:
      return assertNever(command)
  }
}

async function compare(command: CompareCommand, io: Io): Promise<number> {
  let reference = command.reference
  if (command.referenceProfile !== undefined) {
    const checked = await profileReference(command.referenceProfile, command.reference)
    if (!checked.ok) {
      io.err(`driftwatch: ${checked.error.message}\n`)
      return EXIT_FAILED
    }
    reference = checked.value
  }
  if (reference === undefined) {
    io.err('driftwatch: compare needs the reference file, or --reference-profile FOLDER.\n')
    return EXIT_FAILED
  }
  let suitePath: string | undefined
  if (command.validate) {
    const found = await suiteFileFor(command.suite)
    if (!found.ok) {
      io.err(`driftwatch: ${found.error.message}\n`)
      return EXIT_FAILED
    }
    suitePath = found.value ?? undefined
  }
  const backend = createBackend({
    host: 'inprocess',
    workers: 1,
    log: (level, text) => io.err(`[${level}] ${text}\n`)
  })
  try {
    if (suitePath !== undefined) backend.grant(suitePath)
    const validation: CompareValidationRequest = command.validate
      ? {
          ...(suitePath === undefined ? {} : { suitePath }),
          ...(command.optional.length > 0 ? { optionalColumns: command.optional } : {})
        }
      : { enabled: false }
    const outcome = await runComparison(backend, { ...command, reference, validation }, io)
    if (!outcome.ok) {
      io.err(`driftwatch: ${outcome.error.message}\n`)
      return EXIT_FAILED
    }
    const report = outcome.value
    const outputs: Output[] = [
      { what: 'the report as JSON', target: command.json, render: () => renderReportJson(report) },
      { what: 'the JUnit XML', target: command.junit, render: () => renderReportJunit(report) },
      {
        what: 'the Markdown summary',
        target: command.markdown,
        render: () => renderReportMarkdown(report)
      },
      { what: 'the HTML report', target: command.html, render: () => renderReportHtml(report) }
    ]
    if (!hasStandardOutput(outputs)) io.out(`${renderReportText(report)}\n`)
    if (!(await writeOutputs(outputs, io))) return EXIT_FAILED
    if (command.failOnInvalid && report.gate.status === 'invalid') return EXIT_DRIFT
    return command.failOnDrift && report.dataset.drifted ? EXIT_DRIFT : EXIT_OK
  } finally {
    await backend.dispose()
  }
}

/**
 * The suite file a comparison validates against: `--suite FILE` (which must exist), else the project's
 * suite file in the current folder when it exists, else null (the suite is inferred from the reference).
 */
async function suiteFileFor(given: string | undefined): Promise<Result<string | null>> {
  if (given !== undefined) {
    return existsSync(given)
      ? ok(resolve(given))
      : err(
          'FILE_NOT_FOUND',
          `no suite at ${given}. Write one with "driftwatch suite infer <reference> --out ${shellWord(given)}", or leave --suite out to infer one from the reference.`
        )
  }
  const project = await projectSuitePath(process.cwd())
  if (!project.ok) return project
  return ok(existsSync(project.value) ? project.value : null)
}

/** Reads the reference once, writes its profile to the folder and says what it wrote. */
async function profile(command: ProfileCommand, io: Io): Promise<number> {
  const existing = await stat(command.out).catch(() => null)
  if (existing !== null && !existing.isDirectory()) {
    io.err(
      `driftwatch: ${command.out} exists and is not a folder. Choose the folder for the profile with --out.\n`
    )
    return EXIT_FAILED
  }
  const backend = createBackend({
    host: 'inprocess',
    workers: 1,
    log: (level, text) => io.err(`[${level}] ${text}\n`)
  })
  try {
    const reference = backend.grant(command.reference)
    const folder = backend.grant(command.out).path
    const built = await backend.call('profile:build', { reference, folder })
    if (!built.ok) {
      io.err(`driftwatch: ${built.error.message}\n`)
      return EXIT_FAILED
    }
    const info = built.value.reference
    const size = await folderSize(built.value.folder)
    io.out(`Wrote the reference profile of ${info.name} to ${built.value.folder}\n`)
    io.out(
      `  ${info.rows} rows, ${info.columns.length} columns; ${size.files} files, ${formatBytes(size.bytes)} (the reference file: ${formatBytes(info.sizeBytes)})\n`
    )
    io.out(
      `Compare a batch against it with: driftwatch compare --reference-profile ${shellWord(command.out)} <current>\n`
    )
    return EXIT_OK
  } finally {
    await backend.dispose()
  }
}

/**
 * Checks a batch against a suite file (or a suite inferred from a reference), prints what did not pass and
 * a summary, and writes the JSON, JUnit and Markdown outputs asked for. Exit: 1 when an error-severity expectation
 * failed, else 2 when part of the suite could not be checked, else 0.
 */
async function validate(command: ValidateCommand, io: Io): Promise<number> {
  let suite: Suite | undefined
  let suiteFile: { path: string; problems: readonly SuiteProblem[] } | undefined
  if (command.reference === undefined) {
    let path = command.suite
    if (path === undefined) {
      const project = await projectSuitePath(process.cwd())
      if (!project.ok) {
        io.err(`driftwatch: ${project.error.message}\n`)
        return EXIT_FAILED
      }
      path = relative(process.cwd(), project.value) || project.value
    }
    if (command.suite === undefined && !existsSync(path)) {
      io.err(
        `driftwatch: no suite: ${path} does not exist here. Give one with --suite FILE, write one with "driftwatch suite infer <reference>", or infer one on the fly with --reference FILE.\n`
      )
      return EXIT_FAILED
    }
    const read = await readSuiteFile(path)
    if (!read.ok) {
      io.err(`driftwatch: ${read.error.message}\n`)
      return EXIT_FAILED
    }
    suite = read.value.suite
    suiteFile = { path, problems: read.value.problems }
  }
  const backend = createBackend({
    host: 'inprocess',
    workers: 1,
    log: (level, text) => io.err(`[${level}] ${text}\n`)
  })
  try {
    const outcome = await backend.call('validate:run', {
      file: backend.grant(command.file),
      ...(suite === undefined ? {} : { suite }),
      ...(command.reference === undefined ? {} : { reference: backend.grant(command.reference) }),
      ...(command.optional.length > 0
        ? { inferOptions: { optionalColumns: command.optional } }
        : {})
    })
    if (!outcome.ok) {
      io.err(`driftwatch: ${outcome.error.message}\n`)
      return EXIT_FAILED
    }
    const { validation, schemaChanges } = outcome.value
    const name = basename(command.file)
    const problems = suiteFile?.problems ?? []
    const changes = schemaChanges === undefined ? {} : { schemaChanges }
    const outputs: Output[] = [
      {
        what: 'the result as JSON',
        target: command.json,
        render: () =>
          renderValidateJson({
            ...outcome.value,
            ...(suiteFile === undefined ? {} : { suiteFile })
          })
      },
      {
        what: 'the JUnit XML',
        target: command.junit,
        render: () => renderValidationJunit({ name, validation, problems })
      },
      {
        what: 'the Markdown summary',
        target: command.markdown,
        render: () => renderValidationMarkdown({ name, validation, ...changes, problems })
      },
      {
        what: 'the HTML validation',
        target: command.html,
        render: () =>
          renderValidationHtml(
            {
              name,
              validation: {
                suite: outcome.value.suite,
                source:
                  suiteFile === undefined
                    ? { kind: 'inferred', from: command.reference ?? name }
                    : { kind: 'file', path: suiteFile.path, problems: suiteFile.problems },
                result: validation,
                ...changes
              }
            },
            { exportedBy: `Driftwatch ${appVersion()}` }
          )
      }
    ]
    if (!hasStandardOutput(outputs)) {
      io.out(
        `${renderValidationText({
          name,
          validation,
          ...changes,
          ...(suiteFile === undefined ? {} : { suiteFile }),
          quiet: command.quiet
        })}\n`
      )
    }
    if (!(await writeOutputs(outputs, io))) return EXIT_FAILED
    if (validation.status === 'fail') return EXIT_DRIFT
    if (validation.status === 'error' || problems.length > 0) {
      const unchecked = validation.counts.error + problems.length
      io.err(
        `driftwatch: ${unchecked} expectation${unchecked === 1 ? '' : 's'} could not be checked (listed above); fix ${unchecked === 1 ? 'it' : 'them'} in the suite.\n`
      )
      return EXIT_FAILED
    }
    return EXIT_OK
  } finally {
    await backend.dispose()
  }
}

/** Infers a suite from the reference, writes it as YAML and says what it wrote. */
async function suiteInfer(command: SuiteInferCommand, io: Io): Promise<number> {
  const backend = createBackend({
    host: 'inprocess',
    workers: 1,
    log: (level, text) => io.err(`[${level}] ${text}\n`)
  })
  try {
    const inferred = await backend.call('suite:infer', {
      reference: backend.grant(command.reference),
      inferOptions: {
        name: basename(command.reference).replace(/\.[^.]*$/, ''),
        ...(command.optional.length > 0 ? { optionalColumns: command.optional } : {})
      }
    })
    if (!inferred.ok) {
      io.err(`driftwatch: ${inferred.error.message}\n`)
      return EXIT_FAILED
    }
    const known = new Set(inferred.value.columns.map((c) => c.name))
    const unknown = command.optional.filter((c) => !known.has(c))
    if (unknown.length > 0) {
      io.err(
        `driftwatch: --optional names ${unknown.map((c) => `"${c}"`).join(', ')}, which ${basename(command.reference)} does not have. Check the column names.\n`
      )
      return EXIT_FAILED
    }
    await mkdir(dirname(resolve(command.out)), { recursive: true }).catch(() => undefined)
    const written = await writeSuiteFile(command.out, inferred.value.suite)
    if (!written.ok) {
      io.err(`driftwatch: ${written.error.message}\n`)
      return EXIT_FAILED
    }
    const expectations = inferred.value.suite.expectations
    const errors = expectations.filter((e) => e.enabled && e.severity === 'error').length
    const warnings = expectations.filter((e) => e.enabled && e.severity === 'warning').length
    const disabled = expectations.filter((e) => !e.enabled).length
    io.out(`Wrote ${expectations.length} expectations to ${command.out}\n`)
    io.out(
      `  inferred from ${basename(command.reference)} (${inferred.value.rows} rows, ${inferred.value.columns.length} columns): ${errors} errors, ${warnings} warnings, ${disabled} disabled\n`
    )
    io.out(
      `Check a batch against it with: driftwatch validate <file> --suite ${shellWord(command.out)}\n`
    )
    return EXIT_OK
  } finally {
    await backend.dispose()
  }
}

/** The built renderer: beside the bundle (out/renderer), or out/renderer when running from source. */
export function rendererDir(): string {
  const candidates = [
    fileURLToPath(new URL('../renderer', import.meta.url)),
    fileURLToPath(new URL('../../../../out/renderer', import.meta.url))
  ]
  return (
    candidates.find((dir) => existsSync(resolve(dir, 'index.html'))) ?? (candidates[0] as string)
  )
}

async function serve(command: ServeCommand, io: Io): Promise<number> {
  const port = command.port
  const dir = rendererDir()
  if (!existsSync(resolve(dir, 'index.html'))) {
    io.err(
      `driftwatch: the app's interface is not built (${dir} has no index.html). Run "npm run build" first.\n`
    )
    return EXIT_FAILED
  }
  const log = (level: 'info' | 'warn' | 'error', text: string): void =>
    io.err(`[${level}] ${text}\n`)
  const dataDir = defaultDataDir()
  const appState = await openAppStateStore(dataDir, log)
  const allowed: string[] = []
  for (const path of command.allowPaths) {
    const isFile = await stat(path).then(
      (s) => s.isFile(),
      () => false
    )
    if (!isFile) {
      io.err(
        `driftwatch: --allow-path ${path} is not a file. Give the path of a data file (CSV, Parquet, JSON).\n`
      )
      return EXIT_FAILED
    }
    allowed.push(path)
  }
  const backend = createBackend({ host: 'http', dataDir, appState, log })
  for (const path of allowed) backend.grant(path)
  const stopLoopStats = command.isLoopStats
    ? watchLoopDelay(backend, (line) => io.err(`${line}\n`))
    : () => undefined
  let host: Awaited<ReturnType<typeof startHttpHost>>
  try {
    host = await startHttpHost({ backend, rendererDir: dir, port })
  } catch (e) {
    stopLoopStats()
    await backend.dispose()
    io.err(
      `driftwatch: could not listen on 127.0.0.1:${port} (${(e as NodeJS.ErrnoException).code ?? String(e)}). Choose another port with --port.\n`
    )
    return EXIT_FAILED
  }
  io.out(`Driftwatch is serving on ${host.url}\n`)
  if (allowed.length > 0) {
    io.out(`The page may name these files by path: ${allowed.map((p) => resolve(p)).join(', ')}\n`)
  }
  // The projects watched when serve last stopped are watched again.
  void backend.restoreProjects()
  io.out('Open that address in a browser on this computer. Press Ctrl+C to stop.\n')
  await new Promise<void>((resolveStop) => {
    const stop = (): void => resolveStop()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  stopLoopStats()
  await host.close()
  await backend.dispose()
  await appState.flush()
  return EXIT_OK
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(
        `driftwatch: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`
      )
      process.exitCode = EXIT_FAILED
    }
  )
}
