/**
 * YAML files a person edits (the suite file, `driftwatch.yaml`): read as text, parsed with the `yaml`
 * package's Document API (the parsed tree with comments attached, and a line counter so every node can be
 * traced to its line), and written back atomically (a temp file beside the target, renamed over it, so a
 * crash never leaves half a file).
 *
 * Each function takes the file's `noun` ("suite file", "project config") so that its messages say which
 * file they are about.
 *
 * Cost: O(size of the file) per read, parse or write.
 *
 * @example
 * const text = await readYamlText(path, 'suite file', 'Create it or pick another.')
 * const parsed = text.ok ? parseYamlDocument(text.value, basename(path), 'suite file') : text
 */
import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { type Document, isMap, LineCounter, parseDocument } from 'yaml'
import { err, ok, type Result } from '../../shared/errors'

/** A parsed YAML document and the line counter that turns its node offsets into lines. */
export type ParsedYaml = Readonly<{ doc: Document; lines: LineCounter }>

/**
 * The text of the file at `path`. A missing file is FILE_NOT_FOUND (its message ends with `whenMissing`,
 * what the person should do), a folder NOT_A_FILE, anything else FILE_UNREADABLE.
 */
export async function readYamlText(
  path: string,
  noun: string,
  whenMissing: string
): Promise<Result<string>> {
  try {
    return ok(await readFile(path, 'utf8'))
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'ENOENT') {
      return err('FILE_NOT_FOUND', `The ${noun} ${path} does not exist. ${whenMissing}`)
    }
    if (code === 'EISDIR') {
      return err('NOT_A_FILE', `${path} is a folder, not a ${noun}. Pick the YAML file.`)
    }
    return err(
      'FILE_UNREADABLE',
      `The ${noun} ${path} could not be read. Check its permissions.`,
      String(e)
    )
  }
}

/**
 * Parses `text` as one YAML document, keeping comments and node positions. A syntax error is
 * FILE_UNREADABLE with a message that names the line and column, quotes the line, and says what to fix.
 */
export function parseYamlDocument(
  text: string,
  fileName: string,
  noun: string
): Result<ParsedYaml> {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true })
  const first = doc.errors[0]
  if (first !== undefined) {
    const at = first.linePos?.[0] ?? lines.linePos(first.pos[0])
    const reason = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? ''
    const source = text.split(/\r?\n/)[at.line - 1]?.trim() ?? ''
    const shown = source.length > 0 ? ` (\`${source.slice(0, 60)}\`)` : ''
    return err(
      'FILE_UNREADABLE',
      `The ${noun} ${fileName} has a YAML syntax error at line ${at.line}, column ${at.col}${shown}: ${reason}. Fix the file there (indentation, a missing ":" or an unclosed quote or bracket) and reload it.`,
      first.message
    )
  }
  return ok({ doc, lines })
}

/** The 1-based line a parsed node starts on (line 1 for a node made in memory, which has no range). */
export function lineOf(lines: LineCounter, node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range
  return range ? lines.linePos(range[0]).line : 1
}

/**
 * The `yaml` printer always puts a blank line before a comment that ends the document; when the person's
 * file had none, the comment is moved onto the root map, which prints it right after the last line.
 */
export function keepTrailingComment(doc: Document, original: string): void {
  if (!doc.comment || !isMap(doc.contents)) return
  const lines = original.split(/\r?\n/)
  let i = lines.length - 1
  while (i >= 0 && (lines[i] ?? '').trim() === '') i -= 1
  while (i >= 0 && (lines[i] ?? '').trim().startsWith('#')) i -= 1
  if (i >= 0 && (lines[i] ?? '').trim() !== '') {
    doc.contents.comment = doc.comment
    doc.comment = null
  }
}

/**
 * Writes `text` to a temp file beside `path` and renames it over `path`, so readers see the old file or
 * the new one, never half of one; on failure the temp file is removed and the old file is untouched.
 */
export async function writeAtomically(
  path: string,
  text: string,
  noun: string
): Promise<Result<void>> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temp, text, 'utf8')
    await rename(temp, path)
    return ok(undefined)
  } catch (e) {
    await rm(temp, { force: true })
    return err(
      'FILE_UNREADABLE',
      `The ${noun} ${path} could not be written. Check that its folder exists and is writable.`,
      String(e)
    )
  }
}
