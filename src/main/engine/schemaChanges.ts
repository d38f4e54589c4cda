/**
 * Schema changes explained: how a batch's columns differ from the reference's, in words a person acts on.
 * Dropped and new columns are listed; a dropped column and a new column with a similar name and compatible
 * values are reported as a probable rename with the mapping to apply (`customer_id → customerId`); a column
 * of another type is reported with the share of its values that do not convert back to the reference's type
 * and up to five examples (`"25 years"`).
 *
 * Rename evidence, both needed:
 * - Names: equal once case and punctuation are dropped (`customer_id`, `customerId`: similarity 1), else
 *   1 − Levenshtein distance / longer length on those squashed names, or 0.75 when one contains the other.
 *   At least 0.6.
 * - Values: the same type family (numeric, datetime, boolean, text), and a compatible distribution. Numeric
 *   columns: the two-sample Kolmogorov–Smirnov statistic D (the largest gap between the two empirical CDFs)
 *   on up to 20,000 sampled values per side, at most 0.3. Text and boolean columns: the Jensen–Shannon
 *   distance (base 2, in [0, 1]) between the value frequencies, at most 0.3. Two columns whose values are all
 *   distinct are keys: ids of a later batch do not overlap the reference's by design, so being unique on both
 *   sides is the evidence. Time columns: a batch covers other times by design, so the type is the evidence.
 *   Confidence = name similarity × (1 − distance) (× 0.9 for keys and times, whose values say less); pairs
 *   are taken one-to-one, most confident first.
 *
 * Reference for D: Hodges (1958), "The significance probability of the Smirnov two-sample test"; for the
 * Jensen–Shannon distance: Endres & Schindelin (2003), "A new metric for probability distributions".
 *
 * Scans: one query per side counting values and distinct values of the columns that could be renamed, one
 * per candidate pair (sampled), one counting unconvertible values of every type change, and one per type
 * change with failures for its examples. Nothing is read when the schemas agree.
 *
 * @example
 * const changes = await explainSchemaChanges(connection,
 *   { table: 'reference', columns: referenceColumns }, { table: 'batch', columns: batchColumns })
 * changes.renames // [{ from: 'customer_id', to: 'customerId', confidence: 0.9, reason: '...' }]
 * changes.typeChanges[0]?.examples // ['25 years', '31 years']
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type {
  ColumnInfo,
  ColumnKind,
  ProbableRename,
  SchemaChanges,
  TypeChange
} from '../../shared/model'
import { quoteIdent, toNumber } from './sql'

/** A table or view and its columns as the engine read them. */
export type SchemaSide = Readonly<{ table: string; columns: readonly ColumnInfo[] }>

/** The findings' types live with the validation model (they cross IPC); re-exported for the engine. */
export type { ProbableRename, SchemaChanges, TypeChange }

export const MIN_NAME_SIMILARITY = 0.6
export const MAX_DISTANCE = 0.3
export const SAMPLE_SIZE = 20000
const EXAMPLES = 5

type Family = 'numeric' | 'datetime' | 'boolean' | 'text'

type Candidate = Readonly<{
  from: ColumnInfo
  to: ColumnInfo
  nameSimilarity: number
  /** null: the values were not compared (keys, times, other families). */
  distance: number | null
  compatible: boolean
  confidence: number
  evidence: string
}>

/**
 * Explains how `current`'s columns differ from `reference`'s. See the file comment for the rules.
 */
export async function explainSchemaChanges(
  connection: DuckDBConnection,
  reference: SchemaSide,
  current: SchemaSide
): Promise<SchemaChanges> {
  const currentNames = new Set(current.columns.map((c) => c.name))
  const referenceNames = new Set(reference.columns.map((c) => c.name))
  const missing = reference.columns.filter((c) => !currentNames.has(c.name))
  const fresh = current.columns.filter((c) => !referenceNames.has(c.name))

  const pairs = missing.flatMap((from) =>
    fresh
      .map((to) => ({ from, to, similarity: nameSimilarity(from.name, to.name) }))
      .filter((p) => p.similarity >= MIN_NAME_SIMILARITY)
  )
  const candidates: Candidate[] = []
  if (pairs.length > 0) {
    const referenceCounts = await counts(connection, reference.table, [
      ...new Set(pairs.map((p) => p.from))
    ])
    const currentCounts = await counts(connection, current.table, [
      ...new Set(pairs.map((p) => p.to))
    ])
    for (const p of pairs) {
      candidates.push(
        await judge(
          connection,
          reference.table,
          current.table,
          p,
          referenceCounts.get(p.from.name),
          currentCounts.get(p.to.name)
        )
      )
    }
  }

  const renames: ProbableRename[] = []
  const taken = new Set<string>()
  for (const c of [...candidates]
    .filter((x) => x.compatible)
    .sort((a, b) => b.confidence - a.confidence)) {
    if (taken.has(`from:${c.from.name}`) || taken.has(`to:${c.to.name}`)) continue
    taken.add(`from:${c.from.name}`)
    taken.add(`to:${c.to.name}`)
    renames.push({
      from: c.from.name,
      to: c.to.name,
      confidence: Number(c.confidence.toFixed(3)),
      reason: c.evidence
    })
  }
  const dropped = missing.filter((c) => !taken.has(`from:${c.name}`))
  const added = fresh.filter((c) => !taken.has(`to:${c.name}`))
  const typeChanges = await findTypeChanges(connection, reference, current)

  const sentences: string[] = []
  for (const r of renames) {
    sentences.push(
      `Column "${r.from}" is missing and "${r.to}" is new: probably a rename (confidence ${r.confidence}; ${r.reason}). Suggested mapping: ${r.from} → ${r.to}.`
    )
  }
  for (const c of candidates) {
    if (c.compatible || taken.has(`from:${c.from.name}`) || taken.has(`to:${c.to.name}`)) continue
    sentences.push(
      `Column "${c.to.name}" has a name like the missing "${c.from.name}", but is not taken for it: ${c.evidence}.`
    )
  }
  for (const c of dropped) {
    sentences.push(`Column "${c.name}" (${c.sqlType}) is missing from the batch.`)
  }
  for (const c of added) {
    sentences.push(`Column "${c.name}" (${c.sqlType}) is new in the batch.`)
  }
  for (const t of typeChanges) {
    const shown = t.examples.map((e) => `"${e}"`).join(', ')
    sentences.push(
      t.failingCount === 0
        ? `Column "${t.column}" arrived as ${t.to} instead of ${t.from}; all its ${t.checked} values convert.`
        : `Column "${t.column}" arrived as ${t.to} instead of ${t.from}: ${t.failingCount} of ${t.checked} values (${percent(t.failingShare)}) do not convert, e.g. ${shown}.`
    )
  }
  return {
    dropped: dropped.map((c) => c.name),
    added: added.map((c) => c.name),
    renames,
    typeChanges,
    sentences
  }
}

/**
 * How alike two column names are, 0..1: 1 when equal without case and punctuation, else one minus the
 * Levenshtein distance over the longer length of those squashed names, at least 0.75 when one contains the
 * other.
 *
 * @example
 * nameSimilarity('customer_id', 'customerId') // 1
 */
export function nameSimilarity(a: string, b: string): number {
  const x = squash(a)
  const y = squash(b)
  if (x.length === 0 || y.length === 0) return 0
  if (x === y) return 1
  const edit = 1 - levenshtein(x, y) / Math.max(x.length, y.length)
  const contains = x.includes(y) || y.includes(x) ? 0.75 : 0
  return Math.max(edit, contains)
}

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/** Edit distance (insertions, deletions, substitutions) by the two-row dynamic programme, O(|a|·|b|). */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row.push(
        Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      )
    }
    previous = row
  }
  return previous[b.length] ?? 0
}

function familyOf(kind: ColumnKind): Family {
  if (kind === 'numeric' || kind === 'datetime' || kind === 'boolean') return kind
  return 'text'
}

type Counts = Readonly<{ values: number; distinct: number }>

/** Non-missing and distinct counts of `columns` in one query. */
async function counts(
  connection: DuckDBConnection,
  table: string,
  columns: readonly ColumnInfo[]
): Promise<Map<string, Counts>> {
  const parts = columns.flatMap((c, i) => [
    `count(${quoteIdent(c.name)}) AS "n${i}"`,
    `count(DISTINCT ${quoteIdent(c.name)}) AS "d${i}"`
  ])
  const row =
    (
      await connection.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${quoteIdent(table)}`)
    ).getRowObjectsJson()[0] ?? {}
  return new Map(
    columns.map((c, i) => [
      c.name,
      { values: toNumber(row[`n${i}`]), distinct: toNumber(row[`d${i}`]) }
    ])
  )
}

/** Whether a missing column and a new one with a similar name hold the same values. */
async function judge(
  connection: DuckDBConnection,
  referenceTable: string,
  currentTable: string,
  pair: Readonly<{ from: ColumnInfo; to: ColumnInfo; similarity: number }>,
  fromCounts: Counts | undefined,
  toCounts: Counts | undefined
): Promise<Candidate> {
  const { from, to, similarity } = pair
  const names =
    similarity === 1
      ? 'names differ only in case and punctuation'
      : `names ${Math.round(similarity * 100)}% alike`
  const base = { from, to, nameSimilarity: similarity }
  const family = familyOf(from.kind)
  if (family !== familyOf(to.kind)) {
    return {
      ...base,
      distance: null,
      compatible: false,
      confidence: 0,
      evidence: `${names}, but it is ${to.sqlType} (${to.kind}) where "${from.name}" was ${from.sqlType} (${from.kind})`
    }
  }
  const types =
    from.sqlType === to.sqlType ? `both ${from.sqlType}` : `${from.sqlType} and ${to.sqlType}`
  const isKey = (c: Counts | undefined): boolean =>
    c !== undefined && c.values > 1 && c.distinct === c.values
  if (isKey(fromCounts) && isKey(toCounts) && family !== 'boolean') {
    return {
      ...base,
      distance: null,
      compatible: true,
      confidence: similarity * 0.9,
      evidence: `${names}, ${types}, every value distinct on both sides as in an id`
    }
  }
  if (family === 'datetime') {
    return {
      ...base,
      distance: null,
      compatible: true,
      confidence: similarity * 0.9,
      evidence: `${names}, ${types} (times of a batch differ from the reference's by design, so not compared)`
    }
  }
  const distance =
    family === 'numeric'
      ? await ksDistance(connection, referenceTable, from.name, currentTable, to.name)
      : await jsDistance(connection, referenceTable, from.name, currentTable, to.name)
  const measure = family === 'numeric' ? 'Kolmogorov–Smirnov D' : 'Jensen–Shannon distance'
  const compatible = distance !== null && distance <= MAX_DISTANCE
  return {
    ...base,
    distance,
    compatible,
    confidence: distance === null ? 0 : similarity * (1 - distance),
    evidence:
      distance === null
        ? `${names}, but one of them has no values to compare`
        : `${names}, ${types}, ${measure} ${distance.toFixed(3)}${compatible ? '' : `, more than the ${MAX_DISTANCE} a rename allows: the values differ`}`
  }
}

/** Up to SAMPLE_SIZE rows of one column, tagged with its side. */
function sampled(
  table: string,
  column: string,
  side: number,
  value: (c: string) => string
): string {
  return `SELECT ${side} AS s, ${value(quoteIdent(column))} AS x FROM (SELECT ${quoteIdent(column)} FROM ${quoteIdent(table)} USING SAMPLE reservoir(${SAMPLE_SIZE} ROWS) REPEATABLE (7))`
}

/** The two-sample KS statistic D of two numeric columns (sampled); null when a side has no value. */
async function ksDistance(
  connection: DuckDBConnection,
  referenceTable: string,
  from: string,
  currentTable: string,
  to: string
): Promise<number | null> {
  const value = (c: string): string => `CAST(${c} AS DOUBLE)`
  const sql = `WITH v AS (${sampled(referenceTable, from, 0, value)} UNION ALL ${sampled(currentTable, to, 1, value)}),
    c AS (SELECT x, count(*) FILTER (WHERE s = 0) AS r, count(*) FILTER (WHERE s = 1) AS k
          FROM v WHERE x IS NOT NULL AND isfinite(x) GROUP BY x),
    f AS (SELECT sum(r) OVER w / sum(r) OVER () AS fr, sum(k) OVER w / sum(k) OVER () AS fk
          FROM c WINDOW w AS (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
    SELECT max(abs(fr - fk)) AS d, (SELECT sum(r) FROM c) AS nr, (SELECT sum(k) FROM c) AS nk FROM f`
  const row = (await connection.runAndReadAll(sql)).getRowObjectsJson()[0] ?? {}
  if (!(toNumber(row['nr']) > 0) || !(toNumber(row['nk']) > 0)) return null
  return toNumber(row['d'])
}

/** The base-2 Jensen–Shannon distance of two columns' value frequencies (sampled), 0..1. */
async function jsDistance(
  connection: DuckDBConnection,
  referenceTable: string,
  from: string,
  currentTable: string,
  to: string
): Promise<number | null> {
  const value = (c: string): string => `CAST(${c} AS VARCHAR)`
  const sql = `WITH v AS (${sampled(referenceTable, from, 0, value)} UNION ALL ${sampled(currentTable, to, 1, value)}),
    c AS (SELECT x, count(*) FILTER (WHERE s = 0) AS r, count(*) FILTER (WHERE s = 1) AS k
          FROM v WHERE x IS NOT NULL GROUP BY x),
    f AS (SELECT r / sum(r) OVER () AS p, k / sum(k) OVER () AS q FROM c)
    SELECT sum(CASE WHEN p > 0 THEN 0.5 * p * log2(p / ((p + q) / 2)) ELSE 0 END
             + CASE WHEN q > 0 THEN 0.5 * q * log2(q / ((p + q) / 2)) ELSE 0 END) AS js,
           (SELECT sum(r) FROM c) AS nr, (SELECT sum(k) FROM c) AS nk FROM f`
  const row = (await connection.runAndReadAll(sql)).getRowObjectsJson()[0] ?? {}
  if (!(toNumber(row['nr']) > 0) || !(toNumber(row['nk']) > 0)) return null
  return Math.sqrt(Math.min(1, Math.max(0, toNumber(row['js']))))
}

/**
 * Columns present on both sides with another DuckDB type, with the batch's values that do not convert to
 * the reference's type (TRY_CAST): one counting query for all, one example query per column with failures.
 */
async function findTypeChanges(
  connection: DuckDBConnection,
  reference: SchemaSide,
  current: SchemaSide
): Promise<TypeChange[]> {
  const changed = current.columns.flatMap((c) => {
    const before = reference.columns.find((r) => r.name === c.name)
    return before !== undefined && before.sqlType.toUpperCase() !== c.sqlType.toUpperCase()
      ? [{ now: c, before }]
      : []
  })
  if (changed.length === 0) return []
  // A plain type name (BIGINT, DECIMAL(10,2), TIMESTAMP WITH TIME ZONE) is cast to; nested types are not.
  const castable = (type: string): string =>
    /^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?$/.test(type) ? type : 'VARCHAR'
  const fails = (c: string, type: string): string =>
    `${c} IS NOT NULL AND TRY_CAST(${c} AS ${castable(type)}) IS NULL`
  const parts = changed.flatMap(({ now, before }, i) => {
    const c = quoteIdent(now.name)
    return [
      `count(${c}) AS "n${i}"`,
      `count(*) FILTER (WHERE ${fails(c, before.sqlType)}) AS "f${i}"`
    ]
  })
  const row =
    (
      await connection.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${quoteIdent(current.table)}`)
    ).getRowObjectsJson()[0] ?? {}
  const out: TypeChange[] = []
  for (const [i, { now, before }] of changed.entries()) {
    const checked = toNumber(row[`n${i}`])
    const failingCount = toNumber(row[`f${i}`])
    let examples: string[] = []
    if (failingCount > 0) {
      const c = quoteIdent(now.name)
      const reader = await connection.runAndReadAll(
        `SELECT v FROM (SELECT CAST(${c} AS VARCHAR) AS v, min(n) AS first
           FROM (SELECT ${c}, row_number() OVER () AS n FROM ${quoteIdent(current.table)})
           WHERE ${fails(c, before.sqlType)} GROUP BY v) ORDER BY first LIMIT ${EXAMPLES}`
      )
      examples = reader.getRowObjectsJson().map((r) => String(r['v']))
    }
    out.push({
      column: now.name,
      from: before.sqlType,
      to: now.sqlType,
      checked,
      failingCount,
      failingShare: checked === 0 ? 0 : failingCount / checked,
      examples
    })
  }
  return out
}

function percent(share: number): string {
  const p = share * 100
  if (p === 0 || p === 100) return `${p}%`
  return `${p < 1 ? p.toPrecision(2) : p.toFixed(1)}%`
}
