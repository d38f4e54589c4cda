/**
 * Config proposals from a folder's layout (real temp folders, with a plain `describe` that answers from
 * a table; test/integration/inferProjectConfig.test.ts reads real files with DuckDB): drop folders and
 * their patterns, the reference and why, the column keys by name and type, what goes under ignore, and a
 * gap for everything that could not be decided.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { err, ok } from '../../shared/errors'
import type { ColumnInfo, ColumnKind } from '../../shared/model'
import {
  type DescribeFile,
  inferDropPatterns,
  inferProjectConfig,
  isIdName,
  isPredictionName,
  isTimeName,
  proposeColumns,
  targetRank
} from './inferConfig'

let root = ''
let count = 0
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'driftwatch-infer-'))
})
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

/** A new project folder holding `files` (relative path → size in bytes, filled with commas). */
function project(files: Readonly<Record<string, number>>): string {
  count += 1
  const folder = join(root, `project-${count}`)
  for (const [path, size] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true })
    writeFileSync(join(folder, path), ','.repeat(size))
  }
  mkdirSync(folder, { recursive: true })
  return folder
}

function column(name: string, kind: ColumnKind = 'numeric'): ColumnInfo {
  const sqlType = { numeric: 'DOUBLE', categorical: 'VARCHAR', boolean: 'BOOLEAN' }[
    kind as 'numeric'
  ]
  return { name, kind, sqlType: kind === 'datetime' ? 'TIMESTAMP' : (sqlType ?? 'VARCHAR') }
}

/** A describe function answering from `columns` (by path relative to `folder`), failing otherwise. */
function describeFrom(
  folder: string,
  columns: Readonly<Record<string, readonly ColumnInfo[]>>
): DescribeFile {
  return async (file) => {
    const relative = file.slice(folder.length + 1).replace(/\\/g, '/')
    const found = columns[relative]
    return found === undefined
      ? err('CSV_PARSE_FAILED', `${relative} could not be read as CSV. Export it again.`)
      : ok(found)
  }
}

const WEATHER = [
  column('datetime', 'datetime'),
  column('season'),
  column('temp'),
  column('humidity'),
  column('count')
]
const WEATHER_DROP = WEATHER.filter((c) => c.name !== 'count')

describe('inferDropPatterns', () => {
  it('finds the stem the files share, before their number or date', () => {
    expect(inferDropPatterns(['week1.csv', 'week2.csv', 'week3.csv'])).toEqual({
      patterns: ['week*.csv'],
      reason:
        'its 3 files (week1.csv, week2.csv, week3.csv) are named week followed by a number or date, so the pattern is week*.csv.'
    })
    expect(
      inferDropPatterns(['batch_2024-01-05.parquet', 'batch_2024-01-12.parquet']).patterns
    ).toEqual(['batch*.parquet'])
    expect(inferDropPatterns(['week10.csv', 'week9.csv']).patterns).toEqual(['week*.csv'])
    expect(inferDropPatterns(['sales_q1.csv', 'sales_q2.csv']).patterns).toEqual(['sales_q*.csv'])
  })
  it('takes the stem of a single numbered file', () => {
    expect(inferDropPatterns(['week1.csv'])).toEqual({
      patterns: ['week*.csv'],
      reason:
        'its file week1.csv is named week followed by a number or date, so the pattern is week*.csv.'
    })
  })
  it('keeps one pattern per extension present', () => {
    expect(inferDropPatterns(['day1.csv', 'day2.csv.gz']).patterns).toEqual([
      'day*.csv',
      'day*.csv.gz'
    ])
    expect(inferDropPatterns(['a.csv', 'b.parquet']).patterns).toEqual(['*.csv', '*.parquet'])
  })
  it('falls back to the extensions when there is no stem to share', () => {
    expect(inferDropPatterns(['north.csv', 'south.csv'])).toEqual({
      patterns: ['*.csv'],
      reason:
        'its files (north.csv, south.csv) share no name stem, so every .csv file counts (*.csv).'
    })
    expect(inferDropPatterns(['current.csv']).patterns).toEqual(['*.csv'])
    expect(inferDropPatterns(['x1.csv', 'x2.csv']).patterns).toEqual(['*.csv'])
    expect(inferDropPatterns(['2024-01.csv', '2024-02.csv']).patterns).toEqual(['*.csv'])
  })
  it('sets no pattern for an empty folder', () => {
    expect(inferDropPatterns([])).toEqual({
      reason: 'it holds no data file yet, so every data file that lands there will count.'
    })
  })
})

describe('column names', () => {
  it('tells time names', () => {
    for (const name of [
      'datetime',
      'Timestamp',
      'date',
      'time',
      'created_at',
      'order_date',
      'updatedAt',
      'event_time'
    ])
      expect(isTimeName(name), name).toBe(true)
    for (const name of ['format', 'threat', 'update', 'dates_count', 'season'])
      expect(isTimeName(name), name).toBe(false)
  })
  it('tells identifier names', () => {
    for (const name of [
      'id',
      'ID',
      'customer_id',
      'customerId',
      'userID',
      'uuid',
      'key',
      'order-key'
    ])
      expect(isIdName(name), name).toBe(true)
    for (const name of ['paid', 'valid', 'grid', 'idle', 'monkey', 'keyword'])
      expect(isIdName(name), name).toBe(false)
  })
  it('tells target names, the strongest first', () => {
    expect(targetRank('target')).toBe(0)
    expect(targetRank('Label')).toBe(1)
    expect((targetRank('churn') ?? 0) > (targetRank('y') ?? 0)).toBe(true)
    expect(targetRank('fraud_label')).not.toBeNull()
    for (const name of ['targeted', 'y_pred', 'count', 'classes'])
      expect(targetRank(name), name).toBeNull()
  })
  it('tells prediction names', () => {
    for (const name of [
      'prediction',
      'pred',
      'predicted_churn',
      'predictedChurn',
      'score',
      'y_pred',
      'churn_pred',
      'churnPred',
      'yhat'
    ])
      expect(isPredictionName(name), name).toBe(true)
    for (const name of ['credit_score', 'predator', 'spread', 'churn'])
      expect(isPredictionName(name), name).toBe(false)
  })
})

describe('proposeColumns', () => {
  it('puts a reference column that no drop has under ignore, as the target whose labels arrive later', () => {
    const drops = [1, 2, 3].map((n) => ({ path: `drops/week${n}.csv`, columns: WEATHER_DROP }))
    const proposal = proposeColumns(WEATHER, drops)
    expect(proposal).toEqual({
      timeColumn: 'datetime',
      ignore: ['count'],
      reasons: [
        'timeColumn: datetime, read as TIMESTAMP and named like a time.',
        'ignore: count, in the reference but missing from all 3 drop files looked at (week1.csv, week2.csv, week3.csv): it is probably the target, whose labels arrive later, so it is not tested or reported missing from every batch. When the batches carry it, set target: count and remove it from ignore.'
      ],
      gaps: [
        "No prediction column was found by name (prediction, pred, predicted..., score, *_pred). If the batches carry the model's output, set prediction to its column."
      ]
    })
  })

  it('sets the target and prediction by name, ids, and the task of a categorical target', () => {
    const columns = [
      column('customer_id', 'categorical'),
      column('created_at', 'datetime'),
      column('tenure'),
      column('churn', 'boolean'),
      column('churn_pred')
    ]
    const drop = { path: 'incoming/b1.parquet', columns }
    expect(proposeColumns(columns, [drop])).toEqual({
      timeColumn: 'created_at',
      idColumns: ['customer_id'],
      target: 'churn',
      prediction: 'churn_pred',
      task: 'classification',
      reasons: [
        'timeColumn: created_at, read as TIMESTAMP and named like a time.',
        'idColumns: customer_id, named like an identifier; not tested for drift, and checked for uniqueness.',
        "prediction: churn_pred, named like a model's output; tested and reported apart from the features.",
        'target: churn, named like a target; tested and reported apart from the features.',
        'task: classification, since the target churn is read as BOOLEAN (categories, not numbers).'
      ],
      gaps: []
    })
  })

  it('ignores a target named so that the drops do not carry, keeping the prediction', () => {
    const columns = [column('id'), column('x'), column('label'), column('score')]
    const drop = { path: 'batches/a.csv', columns: columns.filter((c) => c.name !== 'label') }
    const proposal = proposeColumns(columns, [drop])
    expect(proposal.target).toBeUndefined()
    expect(proposal.ignore).toEqual(['label'])
    expect(proposal.prediction).toBe('score')
    expect(proposal.reasons).toContain(
      'ignore: label, named like the target but missing from the drop file looked at (a.csv): its labels arrive later, so it is not tested or reported missing from every batch. When the batches carry it, move it from ignore to target.'
    )
    expect(proposal.gaps).toEqual([expect.stringMatching(/^No time column was found/)])
  })

  it('lists several columns missing from the drops together', () => {
    const columns = [column('a'), column('b'), column('c')]
    const proposal = proposeColumns(columns, [{ path: 'new/x.csv', columns: [column('a')] }])
    expect(proposal.ignore).toEqual(['b', 'c'])
    expect(proposal.reasons).toContain(
      'ignore: b, c, in the reference but missing from the drop file looked at (x.csv), so they are not tested or reported missing from every batch. Remove them from ignore if the batches should carry them.'
    )
  })

  it('finds the time column by type, else by name, and says which others there are', () => {
    const byType = proposeColumns([column('when', 'datetime'), column('logged', 'datetime')], [])
    expect(byType.timeColumn).toBe('when')
    expect(byType.reasons[0]).toBe(
      'timeColumn: when, read as TIMESTAMP, the first column read as a date or time. Also time-like: logged; set timeColumn to one of them if it is the time axis instead.'
    )
    const byName = proposeColumns([column('date', 'categorical'), column('x')], [])
    expect(byName.reasons[0]).toBe(
      'timeColumn: date, named like a time though read as VARCHAR; check that it holds times.'
    )
    const preferred = proposeColumns(
      [column('birth', 'datetime'), column('event_time', 'datetime')],
      []
    )
    expect(preferred.timeColumn).toBe('event_time')
  })

  it('says what could not be decided', () => {
    const proposal = proposeColumns([column('a'), column('b')], [])
    expect(proposal).toEqual({
      reasons: [],
      gaps: [
        'No time column was found (no column is read as a date or time or named like one). If the data has a time axis, set timeColumn to it; otherwise samples are drawn without regard to time.',
        'No target column was found by name (target, label, y, class, outcome, churn, ...). If the data holds the true value the model predicts, set target to its column so it is reported apart from the features.',
        "No prediction column was found by name (prediction, pred, predicted..., score, *_pred). If the batches carry the model's output, set prediction to its column."
      ]
    })
  })

  it('sets a target by name when no drop file could be looked at', () => {
    expect(proposeColumns([column('x'), column('target')], []).target).toBe('target')
  })
})

describe('inferProjectConfig', () => {
  it('finds the reference folder and a nested drop folder, skipping hidden and tool folders', async () => {
    const folder = project({
      'data/reference/small.csv': 10,
      'data/reference/weather.csv': 50,
      'data/data-drift/week1.csv': 5,
      'data/data-drift/week2.csv': 5,
      'data/data-drift/processed/week0.csv': 5,
      '.git/objects/reference.csv': 500,
      '.driftwatch/incoming/x.csv': 5,
      'node_modules/pkg/train.csv': 900,
      'notes.txt': 3
    })
    const describe = describeFrom(folder, {
      'data/reference/weather.csv': WEATHER,
      'data/data-drift/week1.csv': WEATHER_DROP,
      'data/data-drift/week2.csv': WEATHER_DROP
    })
    const proposal = await inferProjectConfig(folder, describe)
    expect(proposal.config).toEqual({
      version: 1,
      name: `project-${count}`,
      reference: 'data/reference/weather.csv',
      drops: [{ path: 'data/data-drift', patterns: ['week*.csv'] }],
      timeColumn: 'datetime',
      ignore: ['count']
    })
    expect(proposal.reasons.slice(0, 2)).toEqual([
      'reference: data/reference/weather.csv, the largest of 2 data files in folders named like a reference (data/reference/).',
      'drops: data/data-drift/, named like a folder that receives batches; its 2 files (week1.csv, week2.csv) are named week followed by a number or date, so the pattern is week*.csv.'
    ])
  })

  it('takes a reference by its name, never from a drop folder, and lists every drop folder', async () => {
    const folder = project({
      'data/x_train.parquet': 100,
      'data/holdout.parquet': 900,
      'incoming/train_2024-01.parquet': 5000,
      'batches/a.csv': 5,
      'batches/b.csv': 5,
      'inbox/new/deep.csv': 5
    })
    const proposal = await inferProjectConfig(folder, describeFrom(folder, {}))
    expect(proposal.config.reference).toBe('data/x_train.parquet')
    expect(proposal.reasons[0]).toBe(
      'reference: data/x_train.parquet, its name says it is reference data ("train").'
    )
    expect(proposal.config.drops).toEqual([
      { path: 'batches', patterns: ['*.csv'] },
      { path: 'inbox' },
      { path: 'incoming', patterns: ['train*.parquet'] }
    ])
    expect(proposal.gaps[0]).toBe(
      'The columns of data/x_train.parquet could not be read, so timeColumn, idColumns, target and prediction were not proposed: data/x_train.parquet could not be read as CSV. Export it again. Set them by hand if the data has them.'
    )
  })

  it('does not mistake words that only contain a reference word', async () => {
    const folder = project({ 'preferences.csv': 10, 'strain.csv': 10, 'current/a1.csv': 1 })
    const proposal = await inferProjectConfig(folder, describeFrom(folder, {}))
    expect(proposal.config.reference).toBe('')
    expect(proposal.gaps).toEqual([
      'No reference was found (a data file in a folder named reference, ref, baseline, train, training, or with one of those words in its name). Set reference to the file every batch should be compared with, e.g. reference: data/train.csv.'
    ])
  })

  it('looks no deeper than three folders', async () => {
    const folder = project({ 'a/b/c/reference/deep.csv': 10, 'a/b/reference/ok.csv': 1 })
    const proposal = await inferProjectConfig(folder, describeFrom(folder, {}))
    expect(proposal.config.reference).toBe('a/b/reference/ok.csv')
  })

  it('says when there is no drop folder, and when a drop file cannot be read', async () => {
    const empty = project({ 'ref/base.csv': 10 })
    const none = await inferProjectConfig(empty, describeFrom(empty, { 'ref/base.csv': WEATHER }))
    expect(none.config.drops).toEqual([])
    expect(none.gaps[0]).toBe(
      'No drop folder was found (a folder named data-drift/, drift/, incoming/, batches/, current/, drops/, new/, inbox/). Add the folder where new batches arrive under drops, e.g. - path: data/incoming.'
    )
    const broken = project({ 'baseline/base.csv': 10, 'drops/week1.csv': 5, 'drops/week2.csv': 5 })
    const proposal = await inferProjectConfig(
      broken,
      describeFrom(broken, { 'baseline/base.csv': WEATHER, 'drops/week2.csv': WEATHER_DROP })
    )
    expect(proposal.gaps[0]).toBe(
      'drops/week1.csv was left out of the column checks because it could not be read: drops/week1.csv could not be read as CSV. Export it again.'
    )
    expect(proposal.config.ignore).toEqual(['count'])
  })

  it('says when the folder cannot be read', async () => {
    const proposal = await inferProjectConfig(join(root, 'missing'), describeFrom(root, {}))
    expect(proposal.gaps[0]).toMatch(/^The project folder could not be read \(ENOENT/)
    expect(proposal.config.reference).toBe('')
  })
})
