/**
 * Target and prediction drift, reported apart from the features: their own drift results (computed with the
 * same machinery as any column) and how they relate on each side — a change of that relationship while the
 * inputs look alike is concept drift. Regression: the correlation of target and prediction. Classification:
 * each class's share of rows and the share of its rows predicted right (recall). With a numeric target, also
 * its correlation with each numeric feature. All of it is SQL aggregates over the two tables.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ColumnDrift, Relationship, TargetDrift } from '../../shared/model'
import { quoteIdent, toNumber } from './sql'

/** Classes listed in the per-class table at most (the most frequent in the reference first). */
const MAX_CLASSES = 50
/** Evidently's task recognition: a numeric target with at least this many distinct values is regression. */
const REGRESSION_MIN_DISTINCT = 5

export type TargetDriftArgs = Readonly<{
  /** The reference's rows; absent when the comparison used a stored reference profile (counts only). */
  referenceTable: string | undefined
  currentTable: string
  roles: Readonly<{ target?: string; prediction?: string }>
  /** The drift results of the target and prediction columns. */
  results: readonly ColumnDrift[]
  numericFeatures: readonly string[]
  task?: 'classification' | 'regression'
}>

export async function targetDrift(
  connection: DuckDBConnection,
  args: TargetDriftArgs
): Promise<TargetDrift> {
  const target = args.results.find((r) => r.role === 'target')
  const prediction = args.results.find((r) => r.role === 'prediction')
  const notes: string[] = []
  const labelled = target ?? prediction
  const isNumeric = labelled?.kind === 'numeric'
  const distinct = labelled?.reference?.distinct ?? 0
  const task =
    args.task ??
    (isNumeric && distinct >= REGRESSION_MIN_DISTINCT ? 'regression' : 'classification')
  if (args.task === undefined) {
    notes.push(
      task === 'regression'
        ? `Read as regression: the ${target ? 'target' : 'prediction'} is numeric with ${distinct} distinct values (5 or more). Set the task to change it.`
        : `Read as classification: the ${target ? 'target' : 'prediction'} has ${distinct} distinct value${distinct === 1 ? '' : 's'}${isNumeric ? ' (fewer than 5)' : ''}. Set the task to change it.`
    )
  }
  const relationship: {
    correlation?: Relationship['correlation']
    perClass?: Relationship['perClass']
    featureCorrelations?: Relationship['featureCorrelations']
  } = {}
  const t = args.roles.target
  const p = args.roles.prediction
  const referenceTable = args.referenceTable
  if (referenceTable === undefined) {
    notes.push(
      'How target and prediction relate needs the reference’s rows, and this comparison used a stored reference profile (value counts only), so the relationship is not reported. Compare with the reference file to see it.'
    )
  } else if (t !== undefined && p !== undefined) {
    if (task === 'regression') {
      if (target?.kind === 'numeric' && prediction?.kind === 'numeric') {
        const reference = await correlation(connection, referenceTable, t, p)
        const current = await correlation(connection, args.currentTable, t, p)
        relationship.correlation = { reference: reference ?? null, current: current ?? null }
      } else {
        notes.push('Target and prediction must both be numeric for a regression; no correlation.')
      }
    } else {
      relationship.perClass = await perClass(
        connection,
        referenceTable,
        args.currentTable,
        t,
        p,
        target?.kind === 'numeric' && prediction?.kind === 'numeric'
      )
    }
  } else {
    // Either none was named, or the one named is missing from a file (the report's notes say which).
    notes.push(
      t === undefined
        ? 'There is no target column in both files, so the relationship of target and prediction is not reported. Name the target column in the options, or check its name in both files.'
        : 'There is no prediction column in both files, so the relationship of target and prediction is not reported. Name the prediction column in the options, or check its name in both files.'
    )
  }
  if (
    referenceTable !== undefined &&
    t !== undefined &&
    target?.kind === 'numeric' &&
    args.numericFeatures.length > 0
  ) {
    const reference = await correlations(connection, referenceTable, t, args.numericFeatures)
    const current = await correlations(connection, args.currentTable, t, args.numericFeatures)
    relationship.featureCorrelations = args.numericFeatures.map((feature, i) => ({
      feature,
      reference: reference[i] ?? null,
      current: current[i] ?? null
    }))
  }
  return {
    task,
    ...(target === undefined ? {} : { target }),
    ...(prediction === undefined ? {} : { prediction }),
    relationship,
    notes
  }
}

function finiteNumber(column: string): string {
  const c = quoteIdent(column)
  return `(CASE WHEN isfinite(TRY_CAST(${c} AS DOUBLE)) THEN TRY_CAST(${c} AS DOUBLE) END)`
}

async function correlation(
  connection: DuckDBConnection,
  table: string,
  a: string,
  b: string
): Promise<number | undefined> {
  const values = await correlations(connection, table, a, [b])
  return values[0]
}

/** Pearson correlations of `target` with each column, over the rows where both are finite numbers. */
async function correlations(
  connection: DuckDBConnection,
  table: string,
  target: string,
  columns: readonly string[]
): Promise<(number | undefined)[]> {
  const parts = columns.map(
    (c, i) => `corr(${finiteNumber(target)}, ${finiteNumber(c)}) AS "r${i}"`
  )
  const result = await connection.runAndReadAll(
    `SELECT ${parts.join(', ')} FROM ${quoteIdent(table)}`
  )
  const row = result.getRowObjectsJson()[0] ?? {}
  return columns.map((_, i) => {
    const r = toNumber(row[`r${i}`])
    return Number.isFinite(r) ? r : undefined
  })
}

/**
 * Per class of the target: its share of the labelled rows, and the share of them predicted as that class.
 * Numeric labels are matched as numbers, so a prediction written 1.0 is right for a target written 1.
 */
async function perClass(
  connection: DuckDBConnection,
  referenceTable: string,
  currentTable: string,
  target: string,
  prediction: string,
  isNumeric: boolean
): Promise<NonNullable<Relationship['perClass']>> {
  const t = `CAST(${quoteIdent(target)} AS VARCHAR)`
  const hit = isNumeric
    ? `(TRY_CAST(${quoteIdent(prediction)} AS DOUBLE) = TRY_CAST(${quoteIdent(target)} AS DOUBLE))`
    : `(CAST(${quoteIdent(prediction)} AS VARCHAR) = ${t})`
  const side = (table: string, s: number): string =>
    `SELECT ${t} AS y, ${hit} AS hit, ${s} AS side FROM ${quoteIdent(table)} WHERE ${t} IS NOT NULL`
  const result = await connection.runAndReadAll(
    `WITH rows AS (${side(referenceTable, 0)} UNION ALL ${side(currentTable, 1)}),
     totals AS (SELECT count(*) FILTER (WHERE side = 0) AS nr, count(*) FILTER (WHERE side = 1) AS nc FROM rows)
     SELECT y,
            count(*) FILTER (WHERE side = 0) AS rn, count(*) FILTER (WHERE side = 1) AS cn,
            count(*) FILTER (WHERE side = 0 AND hit) AS rh, count(*) FILTER (WHERE side = 1 AND hit) AS ch,
            any_value(totals.nr) AS nr, any_value(totals.nc) AS nc
     FROM rows, totals GROUP BY y ORDER BY rn DESC, y LIMIT ${MAX_CLASSES}`
  )
  return result.getRowObjectsJson().map((row) => {
    const rn = toNumber(row['rn'])
    const cn = toNumber(row['cn'])
    const nr = toNumber(row['nr'])
    const nc = toNumber(row['nc'])
    return {
      value: String(row['y']),
      referenceShare: nr === 0 ? 0 : rn / nr,
      currentShare: nc === 0 ? 0 : cn / nc,
      referenceRecall: rn === 0 ? null : toNumber(row['rh']) / rn,
      currentRecall: cn === 0 ? null : toNumber(row['ch']) / cn
    }
  })
}
