/**
 * Suite file: a dataset's expectations as a YAML file a person can read and edit
 * (`driftwatch/expectations.yaml` by default), read into a {@link Suite} and edited in place by the app
 * without losing the person's comments or order.
 *
 * The shape of the file:
 *
 * ```yaml
 * # Anything after a # is a comment; the app keeps comments when it edits the file.
 * version: 1
 * name: weather            # optional
 * expectations:
 *   - id: temp-range       # unique in the file; the app refers to the expectation by it
 *     kind: column_values_between
 *     column: temp
 *     severity: error      # error (the batch is invalid) or warning (reported only); default error
 *     enabled: false       # optional, default true
 *     note: set by hand    # optional, shown beside the expectation
 *     min: 0               # the kind's own fields (src/shared/validation/expectationProblems.ts)
 *     max: 45
 *     mostly: 0.99
 *   - id: columns
 *     kind: column_set_contains
 *     columns: [datetime, temp]
 * ```
 *
 * Bad input is one expectation's problem, never the file's: every expectation is checked for its fields
 * (known kind, severity, bounds of the right type, texts that must be texts, shares from 0 to 1, no unknown
 * field), and one that fails is left out of the suite with a problem naming its line, while the rest load.
 * Only a YAML syntax error fails the whole read, with a message pointing at its line and column.
 *
 * Edits go through the `yaml` package's Document API (the parsed tree, comments attached), so an edit
 * changes the one node it touches and re-prints the rest as it was; the new text is written to a temp file
 * beside the target and renamed over it, so a crash never leaves half a file.
 *
 * Cost: O(size of the file) per read or edit.
 *
 * @example
 * const read = await readSuiteFile('/data/project/driftwatch/expectations.yaml')
 * if (read.ok) for (const p of read.value.problems) console.warn(`line ${p.line}: ${p.message}`)
 * await updateSuiteFile(path, { op: 'enable', id: 'temp-range', enabled: false })
 */
import { basename } from 'node:path'
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  parseDocument,
  type YAMLMap,
  type YAMLSeq
} from 'yaml'
import { err, ok, type Result } from '../../shared/errors'
import type { Expectation, Suite, SuiteEdit, SuiteProblem } from '../../shared/model'
import { applySuiteEdit } from '../../shared/validation/applySuiteEdit'
import {
  EXPECTATION_FIELDS,
  expectationProblems
} from '../../shared/validation/expectationProblems'
import {
  keepTrailingComment,
  lineOf as lineIn,
  type ParsedYaml,
  parseYamlDocument,
  readYamlText,
  writeAtomically
} from './yamlFile'

export type { SuiteEdit, SuiteProblem }

/** A suite file as read: the expectations that are well formed, and what was wrong with the others. */
export type SuiteFileContent = Readonly<{ suite: Suite; problems: readonly SuiteProblem[] }>

/** What messages call this file. */
const NOUN = 'suite file'

const HEADER = [
  ' Driftwatch expectation suite: what a batch of this dataset must look like.',
  ' Edit freely; the app keeps your comments when it changes an expectation.',
  ' Each expectation: id (unique), kind, column (for column kinds), severity (error | warning),',
  ' optional enabled (default true) and note, then the fields of its kind (min, max, mostly, values,',
  ' regex, ...). A bad expectation is reported with its line and skipped; the others still run.'
].join('\n')

/**
 * Reads a suite file. A missing or unreadable file, or a YAML syntax error, is an error; a malformed
 * expectation is a problem in the value (with its line) and is left out of the suite.
 */
export async function readSuiteFile(path: string): Promise<Result<SuiteFileContent>> {
  const text = await readText(path)
  if (!text.ok) return text
  const parsed = parse(text.value, path)
  if (!parsed.ok) return parsed
  return ok(contentOf(parsed.value.doc, parsed.value.lines))
}

/** Writes `suite` as a new suite file (replacing any file at `path`), with a header explaining the format. */
export async function writeSuiteFile(path: string, suite: Suite): Promise<Result<void>> {
  return writeAtomically(path, renderSuiteYaml(suite), NOUN)
}

/** The text of a new suite file holding `suite`, with a header explaining the format. */
export function renderSuiteYaml(suite: Suite): string {
  const doc = parseDocument('version: 1\nexpectations: []\n')
  doc.commentBefore = HEADER
  if (suite.name !== undefined) doc.set('name', suite.name)
  const list = doc.get('expectations') as YAMLSeq
  list.flow = false
  for (const e of suite.expectations) list.items.push(expectationNode(doc, e))
  // `name` belongs above the list when a person reads the file.
  const root = doc.contents as YAMLMap
  root.items.sort((a, b) => order(a.key) - order(b.key))
  return doc.toString({ lineWidth: 100 })
}

/**
 * Applies one edit to the suite file at `path`, keeping every comment and the order of everything else,
 * and returns the file as read back. Fails (and leaves the file untouched) when the file has a syntax
 * error, the id is unknown (or already taken, for 'add'), or the edited expectation would be malformed.
 */
export async function updateSuiteFile(
  path: string,
  edit: SuiteEdit
): Promise<Result<SuiteFileContent>> {
  const text = await readText(path)
  if (!text.ok) return text
  const parsed = parse(text.value, path)
  if (!parsed.ok) return parsed
  const { doc, lines } = parsed.value
  // The edit is checked on the suite as read (the same check the editor makes in memory); only then is
  // the one node it touches changed in the document.
  const checked = applySuiteEdit(contentOf(doc, lines).suite, edit)
  if (!checked.ok) {
    const { message } = checked.error
    return err(
      checked.error.code,
      message
        .replace('in the suite', `in ${basename(path)}`)
        .replace('Nothing was', 'The file was not')
    )
  }
  let list = doc.get('expectations')
  if (list === undefined || list === null) {
    doc.set('expectations', doc.createNode([]))
    list = doc.get('expectations')
  }
  if (!isSeq(list)) {
    return err(
      'INVALID_OPTIONS',
      `${path}: "expectations" is not a list. Fix the file, then retry.`
    )
  }
  const seq = list as YAMLSeq
  if (edit.op === 'add') {
    seq.flow = false
    seq.items.push(expectationNode(doc, edit.expectation))
  } else {
    const index = seq.items.findIndex((item) => isMap(item) && item.get('id') === edit.id)
    const node = seq.items[index] as YAMLMap
    if (edit.op === 'remove') seq.items.splice(index, 1)
    else if (edit.op === 'enable') {
      // Absent means enabled: nothing to write.
      if (!edit.enabled || node.has('enabled')) node.set('enabled', edit.enabled)
    } else if (edit.op === 'severity') node.set('severity', edit.severity)
    else {
      for (const side of ['min', 'max'] as const) {
        const value = edit[side]
        if (value === undefined) continue
        if (value === null) node.delete(side)
        else node.set(side, value)
      }
    }
  }
  keepTrailingComment(doc, text.value)
  const written = await writeAtomically(path, doc.toString({ lineWidth: 100 }), NOUN)
  if (!written.ok) return written
  return readSuiteFile(path)
}

// ---------------------------------------------------------------------------------------------------

function contentOf(doc: Document, lines: LineCounter): SuiteFileContent {
  const problems: SuiteProblem[] = []
  const lineOf = (node: unknown): number => lineIn(lines, node)
  const root = doc.contents
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    return { suite: { version: 1, expectations: [] }, problems }
  }
  if (!isMap(root)) {
    problems.push({
      line: lineOf(root),
      message:
        'The suite file must be a map with "version: 1" and an "expectations:" list. Nothing was loaded.'
    })
    return { suite: { version: 1, expectations: [] }, problems }
  }
  const version = root.get('version')
  if (version !== undefined && version !== 1) {
    problems.push({
      line: lineOf(root.get('version', true)),
      message: `version ${String(version)} is not supported (this Driftwatch reads version 1); read as version 1.`
    })
  }
  const rawName = root.get('name')
  const name = typeof rawName === 'string' ? rawName : undefined
  if (rawName !== undefined && name === undefined) {
    problems.push({
      line: lineOf(root.get('name', true)),
      message: 'name must be a text; ignored.'
    })
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    if (!['version', 'name', 'expectations'].includes(key)) {
      problems.push({
        line: lineOf(pair.key),
        message: `"${key}" is not a field of a suite (version, name, expectations); ignored.`
      })
    }
  }
  const list = root.get('expectations', true)
  const expectations: Expectation[] = []
  if (list !== undefined && !(isScalar(list) && list.value === null)) {
    if (!isSeq(list)) {
      problems.push({
        line: lineOf(list),
        message: '"expectations" must be a list (each item starting with "- "). Nothing was loaded.'
      })
    } else {
      const seen = new Set<string>()
      for (const item of list.items) {
        const line = lineOf(item)
        if (!isMap(item)) {
          problems.push({
            line,
            message: `The item on line ${line} is not an expectation (a map with id, kind, ...); skipped.`
          })
          continue
        }
        const raw = item.toJSON() as Record<string, unknown>
        const id = typeof raw['id'] === 'string' && raw['id'].length > 0 ? raw['id'] : undefined
        const found = expectationProblems(raw)
        if (id !== undefined && seen.has(id))
          found.push(`its id "${id}" is used by an earlier expectation`)
        if (found.length > 0) {
          problems.push({
            line,
            ...(id === undefined ? {} : { id }),
            message: `Expectation${id === undefined ? '' : ` "${id}"`} on line ${line}: ${found.join('; ')}. It is skipped; fix it in the file.`
          })
          continue
        }
        if (id !== undefined) seen.add(id)
        expectations.push({ severity: 'error', enabled: true, ...raw } as Expectation)
      }
    }
  }
  return {
    suite: { version: 1, ...(name === undefined ? {} : { name }), expectations },
    problems
  }
}

/** The expectation as a YAML map: common fields first, lists of scalars on one line. */
function expectationNode(doc: Document, e: Expectation): YAMLMap {
  const record = e as unknown as Record<string, unknown>
  const kindFields = EXPECTATION_FIELDS[e.kind] ?? []
  const ordered: Record<string, unknown> = {}
  for (const key of ['id', 'kind', 'column', 'severity', 'enabled', 'note', ...kindFields]) {
    if (record[key] !== undefined && !(key in ordered)) ordered[key] = record[key]
  }
  const node = doc.createNode(ordered) as YAMLMap
  for (const pair of node.items) {
    if (isSeq(pair.value)) pair.value.flow = true
  }
  return node
}

function order(key: unknown): number {
  const name = isScalar(key) ? String(key.value) : ''
  return ['version', 'name', 'expectations'].indexOf(name)
}

function readText(path: string): Promise<Result<string>> {
  return readYamlText(path, NOUN, 'Create it or pick another.')
}

function parse(text: string, path: string): Result<ParsedYaml> {
  return parseYamlDocument(text, basename(path), NOUN)
}
