/** Quoting for identifiers and literals that come from data or the file system: never interpolate raw. */

/** `my "col"` -> `"my ""col"""`. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** `it's` -> `'it''s'`. */
export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

/** A DuckDB JSON-converted value as a number: BIGINT/HUGEINT arrive as strings, DOUBLE as numbers. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string') {
    if (value === 'NaN') return Number.NaN
    if (value === 'Infinity' || value === 'inf') return Number.POSITIVE_INFINITY
    if (value === '-Infinity' || value === '-inf') return Number.NEGATIVE_INFINITY
    return Number(value)
  }
  if (value === null || value === undefined) return Number.NaN
  return Number(value)
}

export function toOptionalNumber(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined
  const n = toNumber(value)
  return Number.isNaN(n) ? undefined : n
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  bytes: 1,
  byte: 1,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12
}

/**
 * The bytes of a size as DuckDB prints a setting ("13.4 GiB", "61.0 MiB", "512 bytes"), or null when
 * the text is not one.
 *
 * @example sizeInBytes('1.5 GiB') // 1610612736
 */
export function sizeInBytes(text: string): number | null {
  const found = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)?\s*$/i.exec(text)
  if (!found) return null
  const unit = SIZE_UNITS[(found[2] ?? 'bytes').toLowerCase()]
  return unit === undefined ? null : Number(found[1]) * unit
}
