/**
 * Validation requests: a suite sent whole checked for its shape, and a comparison's validation request
 * (from the app, the CLI or a project) turned into the worker's validation step. Shared by the backend's
 * handlers and the project pipeline.
 */
import { existsSync } from 'node:fs'
import type { CompareValidationRequest } from '../shared/api'
import { err, ok, type Result } from '../shared/errors'
import { expectationProblems } from '../shared/validation/expectationProblems'
import type { CompareValidation } from './engine/compare'
import { readSuiteFile } from './project/suiteFile'

/**
 * The first thing wrong with a suite sent whole (it arrives as JSON from any host), or null: its shape and
 * every expectation's fields, so a suite the file reader would refuse is never written or checked.
 */
export function suiteProblem(suite: unknown): string | null {
  if (typeof suite !== 'object' || suite === null || Array.isArray(suite))
    return 'The suite must be an object with a list of expectations.'
  const expectations = (suite as { expectations?: unknown }).expectations
  if (!Array.isArray(expectations)) return 'The suite has no list of expectations.'
  const seen = new Set<string>()
  for (const e of expectations) {
    const problems = expectationProblems(e, { isComplete: true })
    const id = (e as { id?: unknown } | null)?.id
    if (problems.length > 0)
      return `Expectation ${typeof id === 'string' ? `"${id}"` : 'without an id'}: ${problems.join('; ')}.`
    if (seen.has(id as string))
      return `Two expectations have the id "${String(id)}"; ids must be unique.`
    seen.add(id as string)
  }
  return null
}

/**
 * Turns a comparison's validation request into the worker's step: the suite as given, or read from its
 * file when that exists, or inferred from the reference. A suite file that cannot be read (a YAML syntax
 * error, say) does not stop the comparison: validation is off for the run, and the report's gate gives the
 * file's message, with its line, as the reason.
 */
export async function resolveValidation(
  request: CompareValidationRequest | undefined,
  reference: string,
  suitePathOf: (path: unknown) => Result<string>
): Promise<Result<CompareValidation>> {
  if (request === undefined)
    return ok({ isEnabled: true, source: { kind: 'inferred', from: reference } })
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    return err(
      'INVALID_OPTIONS',
      'validation must be an object, e.g. { "suitePath": "driftwatch/expectations.yaml" }.'
    )
  const extra = Object.keys(request).find(
    (k) => !['enabled', 'suite', 'suitePath', 'optionalColumns'].includes(k)
  )
  if (extra !== undefined)
    return err(
      'INVALID_OPTIONS',
      `Unknown validation option "${extra}". Known: enabled, suite, suitePath, optionalColumns.`
    )
  if (request.enabled !== undefined && typeof request.enabled !== 'boolean')
    return err('INVALID_OPTIONS', 'validation.enabled must be true or false.')
  if (request.enabled === false) return ok({ isEnabled: false, why: 'validation was turned off' })
  const optional = request.optionalColumns
  if (
    optional !== undefined &&
    (!Array.isArray(optional) || !optional.every((c) => typeof c === 'string' && c.length > 0))
  )
    return err(
      'INVALID_OPTIONS',
      'validation.optionalColumns must be a list of column names, e.g. ["count"].'
    )
  const optionalColumns = optional === undefined ? {} : { optionalColumns: optional }
  if (request.suite !== undefined) {
    const problem = suiteProblem(request.suite)
    if (problem) return err('INVALID_OPTIONS', problem)
    return ok({
      isEnabled: true,
      suite: request.suite,
      source: { kind: 'given' },
      ...optionalColumns
    })
  }
  if (request.suitePath === undefined)
    return ok({
      isEnabled: true,
      source: { kind: 'inferred', from: reference },
      ...optionalColumns
    })
  const path = suitePathOf(request.suitePath)
  if (!path.ok) return path
  if (!existsSync(path.value)) {
    return ok({
      isEnabled: true,
      source: { kind: 'inferred', from: reference, savePath: path.value },
      ...optionalColumns
    })
  }
  const read = await readSuiteFile(path.value)
  if (!read.ok) return ok({ isEnabled: false, why: read.error.message })
  return ok({
    isEnabled: true,
    suite: read.value.suite,
    source: { kind: 'file', path: path.value, problems: read.value.problems },
    ...optionalColumns
  })
}
