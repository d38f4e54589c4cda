/**
 * Drift of one column between two views. Everything that touches rows runs in DuckDB: the pooled value
 * counts of both sides (one scan of each file), the merged ECDF's largest gap (KS) and area (Wasserstein),
 * counts on shared histogram edges. Only those small results reach src/shared/stats, which turns them into
 * statistics and p-values exactly as SciPy does.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { chooseTest, DRIFT_TESTS, explainDrift, isDrifted } from '../../shared/drift'
import type {
  ColumnDrift,
  ColumnKind,
  ColumnProfile,
  Distribution,
  DriftOptions,
  DriftTestId
} from '../../shared/model'
import {
  binEdgesFromRange,
  chisquareGof,
  jensenShannon,
  ks2sampPvalue,
  sturgesBins,
  twoProportionZtest
} from '../../shared/stats'
import { type ProfiledColumn, valueExpression } from './profile'
import { quoteIdent, quoteString, toNumber } from './sql'

/** Evidently bins a numeric column on shared Sturges edges when the reference has more distinct values than this. */
export const PER_VALUE_MAX_DISTINCT = 20
/** More distinct values than this are not fetched into JavaScript as categories. */
export const MAX_CATEGORIES = 100_000
/** Bars shown per side in a category chart; the rest are folded into "other". */
const CHART_CATEGORIES = 30
const TOP_CATEGORIES = 10

export type ColumnDriftInput = Readonly<{
  connection: DuckDBConnection
  referenceView: string
  currentView: string
  column: string
  kind: ColumnKind
  reference: ProfiledColumn
  current: ProfiledColumn
  options: DriftOptions
}>

type ValueCount = { value: string; sortKey: number | string; reference: number; current: number }

const POOL = 'dw_pool'

export async function columnDrift(input: ColumnDriftInput): Promise<ColumnDrift> {
  const { connection, column, kind, options } = input
  const nr = input.reference.profile.count
  const nc = input.current.profile.count
  const base = { column, kind, reference: input.reference.profile, current: input.current.profile }
  if (nr === 0 || nc === 0) {
    const side = nr === 0 ? 'reference' : 'current batch'
    return {
      ...base,
      status: 'not_tested',
      drifted: false,
      note: `Every value of ${column} is missing in the ${side}, so there is nothing to compare. Check the export that produced it.`
    }
  }
  const requested = options.perColumn?.[column]?.test ?? options.test
  if (requested && DRIFT_TESTS[requested].accepts === 'numeric' && kind !== 'numeric') {
    return {
      ...base,
      status: 'not_tested',
      drifted: false,
      note: `${DRIFT_TESTS[requested].name} needs numeric values, but ${column} is ${kind}. Choose chisquare, z or jensenshannon for it.`
    }
  }

  const numeric = kind === 'numeric'
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${POOL} AS
     SELECT v, count(*) FILTER (WHERE side = 0) AS cr, count(*) FILTER (WHERE side = 1) AS cc
     FROM (
       SELECT ${valueExpression(column, kind)} AS v, 0 AS side FROM ${quoteIdent(input.referenceView)}
       UNION ALL
       SELECT ${valueExpression(column, kind)} AS v, 1 AS side FROM ${quoteIdent(input.currentView)}
     ) WHERE v IS NOT NULL GROUP BY v`
  )
  try {
    const summary = await pooledSummary(connection, numeric, nr, nc)
    const auto = chooseTest({ kind, referenceCount: nr, distinctPooled: summary.distinct })
    const test: DriftTestId = requested ?? auto.test
    const threshold =
      options.perColumn?.[column]?.threshold ??
      options.threshold ??
      DRIFT_TESTS[test].defaultThreshold
    const reason = requested
      ? `${DRIFT_TESTS[test].name} was set by option (the automatic choice would be ${DRIFT_TESTS[auto.test].name}).`
      : auto.reason
    const binned = numeric && summary.distinctReference > PER_VALUE_MAX_DISTINCT
    const needsValues = !binned || test === 'chisquare' || test === 'z'
    if (needsValues && summary.distinct > MAX_CATEGORIES) {
      return {
        ...base,
        status: 'not_tested',
        drifted: false,
        test,
        testName: DRIFT_TESTS[test].name,
        note: `${column} has ${summary.distinct} distinct values, too many to compare value by value (it looks like an identifier or free text). Ignore it, or choose a test for it that works on bins (jensenshannon) or on the numbers (ks, wasserstein).`
      }
    }
    const values = needsValues ? await valueCounts(connection, numeric) : []
    const bins = binned
      ? await binCounts(connection, input.reference.profile, input.current.profile, nr + nc)
      : null
    const distribution: Distribution = bins ?? categoryDistribution(values)

    const outcome = runTest(test, { summary, values, bins, nr, nc, stdPop: input.reference.stdPop })
    const score = outcome.score
    const drifted = score !== null && isDrifted(test, score, threshold)
    const explanation = explainDrift({
      column,
      test,
      score,
      statistic: outcome.statistic,
      threshold,
      drifted,
      ...(outcome.method === undefined ? {} : { method: outcome.method }),
      ...(outcome.bins === undefined ? {} : { bins: outcome.bins }),
      ...(outcome.proportion === undefined ? {} : { proportion: outcome.proportion })
    })
    return {
      ...base,
      reference: withShape(input.reference.profile, distribution, 'reference', values),
      current: withShape(input.current.profile, distribution, 'current', values),
      status: 'tested',
      test,
      testName: DRIFT_TESTS[test].name,
      scoreKind: DRIFT_TESTS[test].scoreKind,
      score,
      statistic: outcome.statistic,
      threshold,
      drifted,
      explanation,
      reason,
      distribution,
      ...(outcome.note === undefined ? {} : { note: outcome.note })
    }
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${POOL}`)
  }
}

type PooledSummary = Readonly<{
  distinct: number
  distinctReference: number
  /** max |F_ref·n_cur − F_cur·n_ref| over the merged support (integer); numeric only. */
  ksNumerator: number
  /** ∫ |F_ref − F_cur| dx over the merged support; numeric only. */
  wasserstein: number
}>

async function pooledSummary(
  connection: DuckDBConnection,
  numeric: boolean,
  nr: number,
  nc: number
): Promise<PooledSummary> {
  const counts = await connection.runAndReadAll(
    `SELECT count(*) AS distinct_pooled, count(*) FILTER (WHERE cr > 0) AS distinct_reference FROM ${POOL}`
  )
  const c = counts.getRowObjectsJson()[0] ?? {}
  if (!numeric) {
    return {
      distinct: toNumber(c['distinct_pooled']),
      distinctReference: toNumber(c['distinct_reference']),
      ksNumerator: Number.NaN,
      wasserstein: Number.NaN
    }
  }
  const ecdf = await connection.runAndReadAll(
    `SELECT max(abs(fr * ${nc} - fc * ${nr})) AS ks_numerator,
            fsum(CASE WHEN nv IS NULL THEN 0.0 ELSE (nv - v) * abs(CAST(fr AS DOUBLE) / ${nr} - CAST(fc AS DOUBLE) / ${nc}) END) AS w1
     FROM (
       SELECT v, sum(cr) OVER w AS fr, sum(cc) OVER w AS fc, lead(v) OVER (ORDER BY v) AS nv
       FROM ${POOL} WINDOW w AS (ORDER BY v ROWS UNBOUNDED PRECEDING)
     )`
  )
  const e = ecdf.getRowObjectsJson()[0] ?? {}
  return {
    distinct: toNumber(c['distinct_pooled']),
    distinctReference: toNumber(c['distinct_reference']),
    ksNumerator: toNumber(e['ks_numerator']),
    wasserstein: toNumber(e['w1'])
  }
}

async function valueCounts(connection: DuckDBConnection, numeric: boolean): Promise<ValueCount[]> {
  const result = await connection.runAndReadAll(`SELECT v, cr, cc FROM ${POOL} ORDER BY v`)
  return result.getRowObjectsJson().map((row) => {
    const raw = row['v']
    const sortKey = numeric ? toNumber(raw) : String(raw)
    return {
      value: numeric ? String(toNumber(raw)) : String(raw),
      sortKey,
      reference: toNumber(row['cr']),
      current: toNumber(row['cc'])
    }
  })
}

/** Counts of both sides on Sturges edges over the pooled values, assigned to bins exactly as NumPy does. */
async function binCounts(
  connection: DuckDBConnection,
  reference: ColumnProfile,
  current: ColumnProfile,
  pooledCount: number
): Promise<Distribution> {
  const min = Math.min(Number(reference.min), Number(current.min))
  const max = Math.max(Number(reference.max), Number(current.max))
  const nBins = sturgesBins(pooledCount, min, max)
  const edges = binEdgesFromRange(min, max, nBins)
  const first = edges[0] as number
  const last = edges[edges.length - 1] as number
  const list = `[${edges.map((e) => `${quoteString(String(e))}::DOUBLE`).join(', ')}]`
  // i0: NumPy's first guess; i1: moved down when v lies below its left edge; i2: moved up when v reaches the
  // next edge (except in the last bin, which is closed). Lists are 1-based in DuckDB.
  const result = await connection.runAndReadAll(
    `WITH e AS (SELECT ${list} AS edges),
     a AS (SELECT v, cr, cc, LEAST(GREATEST(CAST(floor((v - ${quoteString(String(first))}::DOUBLE) / (${quoteString(String(last))}::DOUBLE - ${quoteString(String(first))}::DOUBLE) * ${nBins}) AS BIGINT), 0), ${nBins - 1}) AS i0 FROM ${POOL}),
     b AS (SELECT v, cr, cc, CASE WHEN v < edges[i0 + 1] THEN i0 - 1 ELSE i0 END AS i1 FROM a, e),
     c AS (SELECT cr, cc, CASE WHEN i1 <> ${nBins - 1} AND v >= edges[i1 + 2] THEN i1 + 1 ELSE i1 END AS i2 FROM b, e)
     SELECT i2 AS bin, sum(cr) AS cr, sum(cc) AS cc FROM c GROUP BY i2 ORDER BY i2`
  )
  const referenceCounts = new Array<number>(nBins).fill(0)
  const currentCounts = new Array<number>(nBins).fill(0)
  for (const row of result.getRowObjectsJson()) {
    const bin = toNumber(row['bin'])
    referenceCounts[bin] = toNumber(row['cr'])
    currentCounts[bin] = toNumber(row['cc'])
  }
  return { kind: 'bins', edges, reference: referenceCounts, current: currentCounts }
}

type TestOutcome = Readonly<{
  score: number | null
  statistic: number | null
  method?: string
  bins?: number
  proportion?: Readonly<{ value: string; reference: number; current: number }>
  note?: string
}>

function runTest(
  test: DriftTestId,
  data: Readonly<{
    summary: PooledSummary
    values: readonly ValueCount[]
    bins: Distribution | null
    nr: number
    nc: number
    stdPop: number | undefined
  }>
): TestOutcome {
  const { summary, values, bins, nr, nc } = data
  switch (test) {
    case 'ks': {
      const r = ks2sampPvalue({
        statistic: summary.ksNumerator / nr / nc,
        n1: nr,
        n2: nc,
        method: 'auto'
      })
      return { score: finiteOrNull(r.pvalue), statistic: r.statistic, method: r.methodUsed }
    }
    case 'wasserstein': {
      const std = data.stdPop ?? 0
      return {
        score: finiteOrNull(summary.wasserstein / Math.max(std, 0.001)),
        statistic: summary.wasserstein
      }
    }
    case 'chisquare': {
      const r = chisquareGof(
        values.map((v) => v.reference),
        values.map((v) => v.current)
      )
      const unseen = values.filter((v) => v.reference === 0 && v.current > 0).length
      return {
        score: Number.isNaN(r.pvalue) ? null : r.pvalue,
        statistic: finiteOrNull(r.statistic),
        bins: values.length,
        ...(unseen > 0
          ? {
              note: `${unseen} value${unseen === 1 ? '' : 's'} of the current batch never occur in the reference, which makes chi-square infinite (p = 0).`
            }
          : {})
      }
    }
    case 'z': {
      const first = values[0]
      if (!first) return { score: null, statistic: null }
      if (values.length === 1) {
        // Both sides hold the same single value: identical, p = 1 (as Evidently).
        return {
          score: 1,
          statistic: 0,
          proportion: { value: first.value, reference: 1, current: 1 }
        }
      }
      const r = twoProportionZtest(first.reference, nr, first.current, nc)
      return {
        score: finiteOrNull(r.pvalue),
        statistic: finiteOrNull(r.z),
        proportion: {
          value: first.value,
          reference: first.reference / nr,
          current: first.current / nc
        },
        ...(values.length > 2
          ? {
              note: `The z-test compares two proportions: "${first.value}" against the other ${values.length - 1} values together.`
            }
          : {})
      }
    }
    case 'jensenshannon': {
      const r = bins ?? categoryShares(values)
      const score = jensenShannon(
        r.reference.map((x) => x / nr),
        r.current.map((x) => x / nc)
      )
      return {
        score: finiteOrNull(score),
        statistic: finiteOrNull(score),
        bins: r.reference.length
      }
    }
    default:
      return assertNever(test)
  }
}

function categoryShares(values: readonly ValueCount[]): { reference: number[]; current: number[] } {
  return { reference: values.map((v) => v.reference), current: values.map((v) => v.current) }
}

/** Category bars for charts: the most frequent values (both sides together), the rest folded into "other". */
function categoryDistribution(values: readonly ValueCount[]): Distribution {
  if (values.length <= CHART_CATEGORIES) {
    return {
      kind: 'categories',
      categories: values.map((v) => v.value),
      reference: values.map((v) => v.reference),
      current: values.map((v) => v.current)
    }
  }
  const ranked = [...values].sort((a, b) => b.reference + b.current - (a.reference + a.current))
  const shown = ranked.slice(0, CHART_CATEGORIES)
  const rest = ranked.slice(CHART_CATEGORIES)
  return {
    kind: 'categories',
    categories: shown.map((v) => v.value),
    reference: shown.map((v) => v.reference),
    current: shown.map((v) => v.current),
    otherReference: rest.reduce((s, v) => s + v.reference, 0),
    otherCurrent: rest.reduce((s, v) => s + v.current, 0)
  }
}

/** Adds the side's histogram (numeric bins) or top categories to its profile. */
function withShape(
  profile: ColumnProfile,
  distribution: Distribution,
  side: 'reference' | 'current',
  values: readonly ValueCount[]
): ColumnProfile {
  if (distribution.kind === 'bins') {
    return { ...profile, histogram: { edges: distribution.edges, counts: distribution[side] } }
  }
  const top = [...values]
    .filter((v) => v[side] > 0)
    .sort((a, b) => b[side] - a[side] || (a.value < b.value ? -1 : 1))
    .slice(0, TOP_CATEGORIES)
    .map((v) => ({ value: v.value, count: v[side] }))
  return { ...profile, top }
}

/** JSON has no NaN or infinity: an undefined or infinite statistic is stored as null (the note says why). */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}
