/**
 * Project suite path: where a project keeps its expectations. `driftwatch.yaml` at the project's root may
 * name the file under `validation.suite` (relative to the root); otherwise it is
 * `driftwatch/expectations.yaml`. The CLI's `validate` and `compare` look here when no --suite is given.
 *
 * @example
 * // driftwatch.yaml:
 * //   validation:
 * //     suite: checks/weather.yaml
 * await projectSuitePath('/data/project') // ok('/data/project/checks/weather.yaml')
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { isMap, LineCounter, parseDocument } from 'yaml'
import { err, ok, type Result } from '../../shared/errors'

export const PROJECT_CONFIG_FILE = 'driftwatch.yaml'
export const DEFAULT_SUITE_FILE = join('driftwatch', 'expectations.yaml')

/** The suite file of the project rooted at `folder`, or why driftwatch.yaml cannot say. */
export async function projectSuitePath(folder: string): Promise<Result<string>> {
  const configPath = join(folder, PROJECT_CONFIG_FILE)
  let text: string
  try {
    text = await readFile(configPath, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return ok(resolve(folder, DEFAULT_SUITE_FILE))
    return err(
      'FILE_UNREADABLE',
      `${configPath} could not be read. Check its permissions.`,
      String(e)
    )
  }
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines })
  const first = doc.errors[0]
  if (first !== undefined) {
    const at = lines.linePos(first.pos[0])
    return err(
      'FILE_UNREADABLE',
      `${configPath} has a YAML syntax error at line ${at.line}, column ${at.col}. Fix it there.`,
      first.message
    )
  }
  const validation = isMap(doc.contents) ? doc.contents.get('validation', true) : undefined
  const suite = isMap(validation) ? validation.get('suite', true) : undefined
  if (suite === undefined) return ok(resolve(folder, DEFAULT_SUITE_FILE))
  const value = (suite as { value?: unknown }).value
  if (typeof value !== 'string' || value.length === 0) {
    const range = (suite as { range?: [number, number, number] }).range
    const line = range ? lines.linePos(range[0]).line : 1
    return err(
      'INVALID_OPTIONS',
      `${configPath}, line ${line}: validation.suite must be the path of a YAML file (e.g. driftwatch/expectations.yaml).`
    )
  }
  return ok(resolve(folder, value))
}
