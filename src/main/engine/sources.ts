/**
 * Sources: a data file on disk becomes a DuckDB view, without copying the data where DuckDB can scan it.
 * The format comes from the extension and the first bytes; DuckDB sniffs delimiters, headers and types,
 * and what it decided is reported back (SniffInfo) so the person can check it.
 */
import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { AppFailure } from '../../shared/errors'
import type { ColumnInfo, ColumnKind, DataFormat, SniffInfo } from '../../shared/model'
import { quoteIdent, quoteString, toNumber } from './sql'

export type FileFacts = Readonly<{
  path: string
  name: string
  sizeBytes: number
  format: DataFormat
  compressed: boolean
}>

export type OpenedSource = Readonly<{
  view: string
  file: FileFacts
  columns: readonly ColumnInfo[]
  sniff: SniffInfo
}>

const HEAD_BYTES = 8192

/** Checks that the path is a readable, non-empty file and decides its format. */
export async function inspectFile(path: string): Promise<FileFacts> {
  const name = basename(path)
  let size: number
  try {
    const s = await stat(path)
    if (s.isDirectory()) {
      throw new AppFailure(
        'NOT_A_FILE',
        `${name} is a folder, not a data file. Choose a CSV, TSV, Parquet or JSON file inside it.`
      )
    }
    if (!s.isFile()) {
      throw new AppFailure(
        'NOT_A_FILE',
        `${name} is not a regular file. Choose a CSV, TSV, Parquet or JSON file.`
      )
    }
    size = s.size
  } catch (e) {
    if (e instanceof AppFailure) throw e
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new AppFailure(
        'FILE_NOT_FOUND',
        `${path} does not exist. Check the path, or choose the file again.`
      )
    }
    throw new AppFailure(
      'FILE_UNREADABLE',
      `${path} cannot be read (${code ?? 'error'}). Check its permissions.`
    )
  }
  if (size === 0) {
    throw new AppFailure(
      'FILE_EMPTY',
      `${name} is empty (0 bytes). Export the data again, or choose another file.`
    )
  }
  const head = await readHead(path, name)
  return { path, name, sizeBytes: size, ...detectFormat(name, head) }
}

async function readHead(path: string, name: string): Promise<Uint8Array> {
  try {
    const handle = await open(path, 'r')
    try {
      const buffer = new Uint8Array(HEAD_BYTES)
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0)
      return buffer.subarray(0, bytesRead)
    } finally {
      await handle.close()
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new AppFailure(
      'FILE_UNREADABLE',
      `${name} cannot be read (${code ?? 'error'}). Check that you have permission to read it.`
    )
  }
}

const GZIP_MAGIC = [0x1f, 0x8b]
const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31] // 'PAR1'

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

/** Format from the first bytes first (they cannot lie), then from the extension. */
export function detectFormat(
  name: string,
  head: Uint8Array
): { format: DataFormat; compressed: boolean } {
  const lower = name.toLowerCase()
  if (startsWith(head, PARQUET_MAGIC)) return { format: 'parquet', compressed: false }
  const compressed = startsWith(head, GZIP_MAGIC)
  const bare = lower.endsWith('.gz') ? lower.slice(0, -3) : lower
  const byExtension = formatFromExtension(bare)
  if (byExtension === 'parquet') {
    throw new AppFailure(
      'PARQUET_READ_FAILED',
      `${name} is named like a Parquet file but does not start with the Parquet signature. It may be truncated or another format; export it again.`
    )
  }
  if (!compressed) assertText(name, head)
  // A .json file holds either an array of records or one record per line (as many exporters write it,
  // DuckDB's COPY among them): the first character tells which.
  if (byExtension === 'json' && !compressed && firstNonSpace(head) === '{') {
    return { format: 'ndjson', compressed }
  }
  if (byExtension) return { format: byExtension, compressed }
  if (compressed) return { format: 'csv', compressed }
  const first = firstNonSpace(head)
  if (first === '[') return { format: 'json', compressed }
  if (first === '{') return { format: 'ndjson', compressed }
  return { format: 'csv', compressed }
}

function formatFromExtension(lower: string): DataFormat | null {
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv'
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tsv'
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet'
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson'
  if (lower.endsWith('.json')) return 'json'
  return null
}

function firstNonSpace(head: Uint8Array): string {
  for (const b of head) {
    if (
      b !== 0x20 &&
      b !== 0x09 &&
      b !== 0x0a &&
      b !== 0x0d &&
      b !== 0xef &&
      b !== 0xbb &&
      b !== 0xbf
    ) {
      return String.fromCharCode(b)
    }
  }
  return ''
}

/** Text files have no NUL bytes and decode as UTF-8 (a multi-byte character cut at the end is fine). */
function assertText(name: string, head: Uint8Array): void {
  const hasNul = head.includes(0)
  let decodes = true
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
  } catch {
    decodes = false
  }
  if (hasNul || !decodes) {
    throw new AppFailure(
      'CSV_PARSE_FAILED',
      `${name} does not look like a text file: its first bytes are binary data. Driftwatch reads CSV/TSV (optionally .gz), Parquet and JSON; check that this is the file you meant.`
    )
  }
}

/** Creates (or replaces) a view named `view` over the file and reads its columns and what the sniffer decided. */
export async function openSource(
  connection: DuckDBConnection,
  path: string,
  view: string
): Promise<OpenedSource> {
  const file = await inspectFile(path)
  const p = quoteString(path)
  let reader: string
  let sniff: SniffInfo = {}
  switch (file.format) {
    case 'csv':
    case 'tsv': {
      const sniffed = await sniffCsv(connection, file)
      sniff = sniffed.info
      reader = sniffed.reader
      break
    }
    case 'parquet':
      reader = `read_parquet(${p})`
      break
    case 'json':
      reader = `read_json(${p}, format = 'array')`
      break
    case 'ndjson':
      reader = `read_json(${p}, format = 'newline_delimited')`
      break
    default:
      return assertNever(file.format)
  }
  try {
    await connection.run(`CREATE OR REPLACE VIEW ${quoteIdent(view)} AS SELECT * FROM ${reader}`)
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${quoteIdent(view)}`)
    const columns = described.getRowObjectsJson().map((row) => {
      const sqlType = String(row['column_type'])
      return { name: String(row['column_name']), sqlType, kind: kindOfType(sqlType) }
    })
    const expected = file.format === 'tsv' ? '\t' : ','
    const only = columns.length === 1 ? (columns[0]?.name ?? '') : ''
    if (only.includes(expected) && (file.format === 'tsv' || sniff.delimiter !== ',')) {
      // The sniffer gave up on the expected delimiter (usually because rows differ in length) and read
      // each line as one field. Find the first ragged line so the person knows what to fix.
      throw await raggedRows(connection, file, expected)
    }
    if (columns.length === 0) {
      throw new AppFailure(
        'NO_ROWS',
        `${file.name} has no columns. Check that it is a table with a header.`
      )
    }
    return { view, file, columns, sniff }
  } catch (e) {
    throw readFailure(file, e)
  }
}

/**
 * The bytes of a text file each of DuckDB's threads parses at a time, less than DuckDB's default. The
 * threads share a file buffer by buffer, so the last buffer is parsed by one thread while the others wait;
 * smaller buffers shorten that wait (16 MB did as well, 64 MB no better than the default). On a 750 MB CSV of 10^7 rows, copying one column in file order took
 * 1.07–1.11 s against 1.17–1.22 s with the default, and a file of 75 MB was read into a table in 0.38 s
 * against 0.55–0.66 s.
 */
export const CSV_BUFFER_BYTES = 8 * 2 ** 20

/**
 * The reader of a CSV or TSV file, with the named columns read as text (VARCHAR) whatever the sniffer guessed:
 * the sniffer guesses types from the first rows, so a value further down that does not fit (text in a column
 * of numbers) needs its column read again as text.
 *
 * @example csvReader(file, ['age']) // "read_csv('/data/a.csv', types = {'age': 'VARCHAR'})"
 */
export function csvReader(file: FileFacts, textColumns: readonly string[] = []): string {
  const delim = file.format === 'tsv' ? `, delim = ${quoteString('\t')}` : ''
  const types =
    textColumns.length === 0
      ? ''
      : `, types = {${textColumns.map((c) => `${quoteString(c)}: 'VARCHAR'`).join(', ')}}`
  return `read_csv(${quoteString(file.path)}${delim}${types})`
}

/** Reads the file line by line (no quoting rules) and names the first line whose field count differs. */
async function raggedRows(
  connection: DuckDBConnection,
  file: FileFacts,
  delimiter: string
): Promise<AppFailure> {
  const result = await connection.runAndReadAll(
    `WITH lines AS (
       SELECT row_number() OVER () AS line, len(string_split(content, ${quoteString(delimiter)})) AS fields
       FROM read_csv(${quoteString(file.path)}, delim = ${quoteString('\u001f')}, quote = '', escape = '',
                     header = false, columns = {'content': 'VARCHAR'}, auto_detect = false)
       WHERE content IS NOT NULL)
     SELECT line, fields, first(fields) OVER (ORDER BY line) AS header_fields FROM lines
     QUALIFY fields <> header_fields ORDER BY line LIMIT 1`
  )
  const row = result.getRowObjectsJson()[0]
  const name = delimiter === '\t' ? 'tab' : `"${delimiter}"`
  if (!row) {
    return new AppFailure(
      'CSV_PARSE_FAILED',
      `${file.name} could not be split into columns by ${name}. Check the delimiter, the quoting and the encoding (UTF-8).`
    )
  }
  return new AppFailure(
    'CSV_PARSE_FAILED',
    `${file.name} has rows of different lengths: line ${toNumber(row['line'])} has ${toNumber(row['fields'])} fields where the header has ${toNumber(row['header_fields'])}. Fix or remove the broken rows and try again.`
  )
}

/**
 * Sniffs a CSV or TSV file once: what it decided (for the report), and a reader of the file with exactly
 * those decisions spelled out (`auto_detect = false`), which reads it as the sniffing reader would but
 * without sniffing again each time a query over it is planned (a view, a DESCRIBE, every statement).
 */
async function sniffCsv(
  connection: DuckDBConnection,
  file: FileFacts
): Promise<Readonly<{ info: SniffInfo; reader: string }>> {
  const options = file.format === 'tsv' ? `, delim = ${quoteString('\t')}` : ''
  try {
    const result = await connection.runAndReadAll(
      `SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, HasHeader, SkipRows, DateFormat,
              TimestampFormat, Columns
       FROM sniff_csv(${quoteString(file.path)}${options})`
    )
    const row = result.getRowObjectsJson()[0] ?? {}
    const text = (value: unknown): string =>
      value === null || value === undefined || value === '(empty)' ? '' : String(value)
    const info: Record<string, unknown> = {
      delimiter: String(row['Delimiter']),
      header: row['HasHeader'] === true,
      skipRows: toNumber(row['SkipRows']),
      compression: file.compressed ? 'gzip' : 'none'
    }
    if (text(row['Quote']) !== '') info['quote'] = String(row['Quote'])
    if (text(row['DateFormat']) !== '') info['dateFormat'] = String(row['DateFormat'])
    if (text(row['TimestampFormat']) !== '')
      info['timestampFormat'] = String(row['TimestampFormat'])
    const columns = Array.isArray(row['Columns'])
      ? (row['Columns'] as { name?: unknown; type?: unknown }[])
      : []
    const reader =
      columns.length === 0
        ? csvReader(file)
        : `read_csv(${[
            quoteString(file.path),
            'auto_detect = false',
            `delim = ${quoteString(String(row['Delimiter']))}`,
            `quote = ${quoteString(text(row['Quote']))}`,
            `escape = ${quoteString(text(row['Escape']))}`,
            `new_line = ${quoteString(text(row['NewLineDelimiter']))}`,
            `comment = ${quoteString(text(row['Comment']))}`,
            `skip = ${toNumber(row['SkipRows'])}`,
            `header = ${row['HasHeader'] === true}`,
            `buffer_size = ${CSV_BUFFER_BYTES}`,
            `columns = {${columns.map((c) => `${quoteString(String(c.name))}: ${quoteString(String(c.type))}`).join(', ')}}`,
            ...(text(row['DateFormat']) === ''
              ? []
              : [`dateformat = ${quoteString(text(row['DateFormat']))}`]),
            ...(text(row['TimestampFormat']) === ''
              ? []
              : [`timestampformat = ${quoteString(text(row['TimestampFormat']))}`])
          ].join(', ')})`
    return { info: info as SniffInfo, reader }
  } catch (e) {
    throw readFailure(file, e)
  }
}

/** Turns a DuckDB read error into a sentence about the file and what to do. */
export function readFailure(file: FileFacts, e: unknown): AppFailure {
  if (e instanceof AppFailure) return e
  const text = e instanceof Error ? e.message : String(e)
  const firstLine = text.split('\n').find((l) => l.trim().length > 0) ?? text
  if (file.format === 'parquet') {
    return new AppFailure(
      'PARQUET_READ_FAILED',
      `${file.name} could not be read as Parquet: ${firstLine}. The file may be truncated or corrupt; export it again.`,
      text
    )
  }
  if (file.format === 'json' || file.format === 'ndjson') {
    return new AppFailure(
      'JSON_PARSE_FAILED',
      `${file.name} could not be read as ${file.format === 'json' ? 'a JSON array of records' : 'newline-delimited JSON'}: ${firstLine}. Check that each record is an object with the same fields.`,
      text
    )
  }
  const fields = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(text)
  const line = /(?:line|Line)[: ]+(\d+)/.exec(text)
  if (fields) {
    return new AppFailure(
      'CSV_PARSE_FAILED',
      `${file.name} has rows of different lengths: ${line ? `line ${line[1]} has` : 'a row has'} ${fields[2]} fields where the header has ${fields[1]}. Fix or remove the broken rows and try again.`,
      text
    )
  }
  return new AppFailure(
    'CSV_PARSE_FAILED',
    `${file.name} could not be read as CSV: ${firstLine}. Check the delimiter, the quoting and the encoding (UTF-8).`,
    text
  )
}

/** How a DuckDB type is treated before looking at the values (VARCHAR may become 'text' after profiling). */
export function kindOfType(sqlType: string): ColumnKind {
  const t = sqlType.toUpperCase()
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL)$/.test(
      t
    )
  ) {
    return 'numeric'
  }
  if (t.startsWith('DECIMAL')) return 'numeric'
  if (t === 'BOOLEAN') return 'boolean'
  if (t === 'DATE' || t.startsWith('TIMESTAMP') || t === 'TIME' || t === 'TIME WITH TIME ZONE')
    return 'datetime'
  if (t === 'VARCHAR' || t.startsWith('ENUM') || t === 'UUID') return 'categorical'
  return 'text'
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}

const DESCRIBE_VIEW = 'dw_describe'

/** A file's columns as the engine reads them (the sniffed types), without reading its rows. */
export async function describeFile(
  connection: DuckDBConnection,
  path: string
): Promise<readonly ColumnInfo[]> {
  try {
    return (await openSource(connection, path, DESCRIBE_VIEW)).columns
  } finally {
    await connection.run(`DROP VIEW IF EXISTS ${DESCRIBE_VIEW}`).catch(() => undefined)
  }
}
