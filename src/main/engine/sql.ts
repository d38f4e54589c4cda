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
