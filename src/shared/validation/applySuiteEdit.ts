/**
 * Suite edit: one change (switch on or off, new bounds, new severity, add, remove) applied to a suite held
 * in memory, refused with a sentence when it names no expectation, takes an id already used, or would leave
 * the expectation malformed. The suite editor applies edits with it before anything is saved, and the suite
 * file writer (src/main/project/suiteFile.ts) checks each edit with it before touching the file, so both
 * accept and refuse the same edits with the same words.
 *
 * Cost: O(expectations) per edit.
 *
 * @example
 * const edited = applySuiteEdit(suite, { op: 'bounds', id: 'temp-range', max: 60 })
 * if (edited.ok) suite = edited.value
 */
import { err, ok, type Result } from '../errors'
import type { Expectation, Suite, SuiteEdit } from '../model'
import { EXPECTATION_FIELDS, expectationProblems } from './expectationProblems'

export function applySuiteEdit(suite: Suite, edit: SuiteEdit): Result<Suite> {
  const list = suite.expectations
  if (edit.op === 'add') {
    const problems = expectationProblems(edit.expectation, { isComplete: true })
    if (problems.length > 0)
      return err('INVALID_OPTIONS', `The new expectation is not valid: ${problems.join('; ')}.`)
    if (list.some((e) => e.id === edit.expectation.id))
      return err(
        'INVALID_OPTIONS',
        `An expectation with id "${edit.expectation.id}" is already in the suite. Choose another id.`
      )
    return ok({ ...suite, expectations: [...list, edit.expectation] })
  }
  const index = list.findIndex((e) => e.id === edit.id)
  const current = list[index]
  if (current === undefined)
    return err('NOT_FOUND', `No expectation "${edit.id}" in the suite. Reload the suite and retry.`)
  if (edit.op === 'remove') {
    return ok({ ...suite, expectations: list.filter((_, i) => i !== index) })
  }
  let changed: Record<string, unknown>
  if (edit.op === 'enable') changed = { ...current, enabled: edit.enabled }
  else if (edit.op === 'severity') changed = { ...current, severity: edit.severity }
  else {
    changed = { ...current }
    const fields = EXPECTATION_FIELDS[current.kind]
    for (const side of ['min', 'max'] as const) {
      const value = edit[side]
      if (value === undefined) continue
      if (!fields.includes(side))
        return err('INVALID_OPTIONS', `Expectation "${edit.id}" (${current.kind}) has no ${side}.`)
      if (value === null) delete changed[side]
      else changed[side] = value
    }
  }
  const problems = expectationProblems(changed, { isComplete: true })
  if (problems.length > 0)
    return err(
      'INVALID_OPTIONS',
      `The change would make expectation "${edit.id}" invalid: ${problems.join('; ')}. Nothing was changed.`
    )
  const expectations = list.map((e, i) => (i === index ? (changed as Expectation) : e))
  return ok({ ...suite, expectations })
}
