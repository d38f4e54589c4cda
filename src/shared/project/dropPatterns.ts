/**
 * Drop patterns: which files in a drop folder count as batches. A pattern is a glob over the file's name
 * (not its path): `*` matches any run of characters (also none), `?` exactly one, every other character
 * itself, e.g. `week*.csv` or `batch_????-??-??.parquet`. Pure: the watcher (main) and the config editor
 * (renderer) decide the same way.
 */

/**
 * The extensions of the files the engine reads (src/main/engine/sources.ts): CSV, TSV, Parquet, JSON and
 * newline-delimited JSON, the text formats also gzipped. `.txt` (read as CSV when chosen by hand) is
 * left out: notes and logs in a drop folder are often `.txt`; add `*.txt` to a drop folder's patterns to
 * watch such files.
 */
export const DATA_EXTENSIONS: readonly string[] = [
  '.csv',
  '.tsv',
  '.tab',
  '.parquet',
  '.pq',
  '.json',
  '.ndjson',
  '.jsonl',
  '.csv.gz',
  '.tsv.gz',
  '.tab.gz',
  '.json.gz',
  '.ndjson.gz',
  '.jsonl.gz'
]

/** The patterns of a drop folder that sets none: every data file the engine reads, by extension. */
export const DEFAULT_DROP_PATTERNS: readonly string[] = DATA_EXTENSIONS.map((ext) => `*${ext}`)

/** How names are compared: case-sensitively (Linux) or not (the default file systems of macOS and Windows). */
export type PatternOptions = Readonly<{ caseSensitive?: boolean }>

/**
 * Whether `fileName` matches one of `patterns` (default {@link DEFAULT_DROP_PATTERNS}). Case-sensitive
 * unless `options.caseSensitive` is false; pass `process.platform === 'linux'` where the file system
 * decides.
 *
 * Cost: O(name × pattern) per pattern in the worst case, usually linear.
 *
 * @example matchesPatterns('week4.csv', ['week*.csv']) // true
 * @example matchesPatterns('week4.csv.part', ['week*.csv']) // false
 */
export function matchesPatterns(
  fileName: string,
  patterns: readonly string[] | undefined,
  options: PatternOptions = {}
): boolean {
  const fold = (text: string): string[] =>
    Array.from(options.caseSensitive === false ? text.toLowerCase() : text)
  const name = fold(fileName)
  return (patterns ?? DEFAULT_DROP_PATTERNS).some((pattern) => globMatches(name, fold(pattern)))
}

/**
 * The data extension `fileName` ends with, as written in the name (`.CSV` stays `.CSV`), compared without
 * regard to case; null when it is not a data file the engine reads.
 *
 * @example dataExtensionOf('week1.csv.gz') // '.csv.gz'
 */
export function dataExtensionOf(fileName: string): string | null {
  const lower = fileName.toLowerCase()
  const ext = DATA_EXTENSIONS.find((e) => lower.endsWith(e) && lower.length > e.length)
  return ext === undefined ? null : fileName.slice(fileName.length - ext.length)
}

/**
 * Glob matching of one name against one pattern, both as arrays of code points: walks both, and on a
 * mismatch after a `*` lets that star take one more character (the classic greedy algorithm with one
 * backtrack point, which is enough because a later star can absorb whatever an earlier one would have).
 */
function globMatches(name: readonly string[], pattern: readonly string[]): boolean {
  let i = 0
  let j = 0
  let star = -1
  let resume = 0
  while (i < name.length) {
    const p = pattern[j]
    if (p === '*') {
      star = j
      resume = i
      j += 1
    } else if (p !== undefined && (p === '?' || p === name[i])) {
      i += 1
      j += 1
    } else if (star >= 0) {
      j = star + 1
      resume += 1
      i = resume
    } else {
      return false
    }
  }
  while (pattern[j] === '*') j += 1
  return j === pattern.length
}
