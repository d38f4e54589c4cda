/**
 * Target, prediction and concept drift on real CSV files through the worker's DuckDB: the target and the
 * prediction are tested like any column but reported in report.targets, apart from the features and outside
 * the dataset verdict; their relationship (regression: Pearson correlation of target and prediction and of
 * the target with each feature; classification: each class's share and recall) is checked against the same
 * figures computed here from the rows written.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Report, TargetDrift } from '../../src/shared/model'
import { seededRandom, shuffleInPlace } from '../../src/shared/stats/random'
import { type Cell, expectNear, roundTo, standardNormal, useBackend } from './harness'

const harness = useBackend('targets', { defaults: { multivariate: { enabled: false } } })

type Table = Readonly<{ header: readonly string[]; rows: readonly (readonly Cell[])[] }>

function write(name: string, table: Table): string {
  return harness.csv(name, table.header, table.rows)
}

function targetsOf(report: Report): TargetDrift {
  if (report.targets === undefined) throw new Error('the report has no targets section')
  return report.targets
}

/** Pearson correlation over the pairs where both values are numbers. */
function pearson(xs: readonly Cell[], ys: readonly Cell[]): number {
  const pairs = xs
    .map((x, i) => [x, ys[i]] as const)
    .filter(
      (p): p is readonly [number, number] => typeof p[0] === 'number' && typeof p[1] === 'number'
    )
  const n = pairs.length
  const mx = pairs.reduce((s, p) => s + p[0], 0) / n
  const my = pairs.reduce((s, p) => s + p[1], 0) / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my)
    sxx += (x - mx) ** 2
    syy += (y - my) ** 2
  }
  return sxy / Math.sqrt(sxx * syy)
}

describe('regression: numeric target and prediction', () => {
  const header = ['x1', 'x2', 'y', 'yhat', 'city'] as const
  /** y = 2·x1 + noise; the current batch's predictions are noisier and y depends less on x1. */
  function makeTable(n: number, seed: number, isCurrent: boolean): Table {
    const random = seededRandom(seed)
    const normal = (): number => standardNormal(random)
    const round = (x: number): number => roundTo(x, 4)
    const rows = Array.from({ length: n }, (_, i) => {
      const x1 = round(normal())
      const x2 = round(normal() + 5)
      const y = round((isCurrent ? 0.8 : 2) * x1 + normal())
      const yhat = round(y + normal() * (isCurrent ? 1.5 : 0.3))
      // A missing prediction and a missing target now and then, on different rows.
      return [x1, x2, i % 41 === 0 ? null : y, i % 53 === 0 ? null : yhat, `c${i % 3}`] as Cell[]
    })
    return { header, rows }
  }
  const reference = makeTable(800, 11, false)
  const current = makeTable(700, 12, true)
  const col = (t: Table, name: (typeof header)[number]): Cell[] =>
    t.rows.map((r) => r[header.indexOf(name)] as Cell)
  let report: Report

  beforeAll(async () => {
    report = await harness.compare(write('reg-ref.csv', reference), write('reg-cur.csv', current), {
      target: 'y',
      prediction: 'yhat'
    })
  })

  it('reads the task as regression and says why', () => {
    const t = targetsOf(report)
    expect(t.task).toBe('regression')
    expect(t.notes.join(' ')).toMatch(/Read as regression: the target is numeric/)
  })

  it('tests target and prediction apart from the features', () => {
    const t = targetsOf(report)
    expect(t.target?.column).toBe('y')
    expect(t.target?.role).toBe('target')
    expect(t.target?.status).toBe('tested')
    expect(t.prediction?.column).toBe('yhat')
    expect(t.prediction?.role).toBe('prediction')
    expect(t.prediction?.status).toBe('tested')
    expect(t.target?.sampleSize).toEqual({
      reference: col(reference, 'y').filter((v) => v !== null).length,
      current: col(current, 'y').filter((v) => v !== null).length
    })
    expect(report.columns.map((c) => c.column)).toEqual(['x1', 'x2', 'city'])
    expect(report.dataset.numberOfColumns).toBe(3)
  })

  it('the relationship: correlation of target and prediction on each side', () => {
    const r = targetsOf(report).relationship.correlation
    expectNear(r?.reference, pearson(col(reference, 'y'), col(reference, 'yhat')), 1e-9)
    expectNear(r?.current, pearson(col(current, 'y'), col(current, 'yhat')), 1e-9)
    expect(r?.reference as number).toBeGreaterThan(0.9)
    expect(r?.current as number).toBeLessThan(0.8)
  })

  it('the target’s correlation with each numeric feature (not with itself or the prediction)', () => {
    const f = targetsOf(report).relationship.featureCorrelations ?? []
    expect(f.map((c) => c.feature)).toEqual(['x1', 'x2'])
    for (const [i, name] of (['x1', 'x2'] as const).entries()) {
      expectNear(f[i]?.reference, pearson(col(reference, 'y'), col(reference, name)), 1e-9)
      expectNear(f[i]?.current, pearson(col(current, 'y'), col(current, name)), 1e-9)
    }
  })

  it('under a multiple-testing rule the target is not in the family', async () => {
    const corrected = await harness.compare(
      write('reg-ref2.csv', reference),
      write('reg-cur2.csv', current),
      { target: 'y', prediction: 'yhat', rule: 'bonferroni' }
    )
    const t = targetsOf(corrected)
    expect(t.target?.scoreKind).toBe('p_value')
    expect(t.target?.adjustedScore).toBeUndefined()
    expect(t.prediction?.adjustedScore).toBeUndefined()
    expect(corrected.dataset.decision).toMatch(/over 3 p-values/)
    expect(corrected.dataset.excludedFromCorrection).toBeUndefined()
  })
})

describe('classification: string labels, and a concept drift with the same class shares', () => {
  const classes = ['bird', 'cat', 'dog'] as const
  const perClassRows = { bird: 150, cat: 250, dog: 400 }
  /**
   * The same number of rows per class on both sides (so the target does not drift), a numeric feature that
   * does not change, and predictions right 90% of the time in the reference; in the current batch 'dog' is
   * predicted right only half of the time (mistaken for 'cat').
   */
  function makeTable(seed: number, isCurrent: boolean): Table {
    const random = seededRandom(seed)
    const rows: Cell[][] = []
    for (const label of classes) {
      const n = perClassRows[label]
      const wrong = Math.round(n * (isCurrent && label === 'dog' ? 0.5 : 0.1))
      for (let i = 0; i < n; i += 1) {
        const other = label === 'dog' ? 'cat' : 'dog'
        const predicted = i < wrong ? other : label
        rows.push([Math.round(random.next() * 1000) / 10, label, predicted])
      }
    }
    // Mix the rows so that file order says nothing.
    return { header: ['size', 'label', 'predicted'], rows: shuffleInPlace(rows, random) }
  }
  const reference = makeTable(21, false)
  const current = makeTable(22, true)
  let report: Report

  beforeAll(async () => {
    report = await harness.compare(write('cls-ref.csv', reference), write('cls-cur.csv', current), {
      target: 'label',
      prediction: 'predicted'
    })
  })

  /** Each class's share of rows and recall, computed from the rows written. */
  function expected(t: Table, label: string): { share: number; recall: number } {
    const ofClass = t.rows.filter((r) => r[1] === label)
    return {
      share: ofClass.length / t.rows.length,
      recall: ofClass.filter((r) => r[2] === label).length / ofClass.length
    }
  }

  it('reads the task as classification and keeps target and prediction out of the columns', () => {
    const t = targetsOf(report)
    expect(t.task).toBe('classification')
    expect(t.notes.join(' ')).toMatch(/Read as classification: the target has 3 distinct values/)
    expect(report.columns.map((c) => c.column)).toEqual(['size'])
    expect(report.dataset.numberOfColumns).toBe(1)
  })

  it('per class: share and recall on each side, most frequent class first', () => {
    const perClass = targetsOf(report).relationship.perClass ?? []
    expect(perClass.map((c) => c.value)).toEqual(['dog', 'cat', 'bird'])
    for (const row of perClass) {
      const ref = expected(reference, row.value)
      const cur = expected(current, row.value)
      expectNear(row.referenceShare, ref.share, 1e-15)
      expectNear(row.currentShare, cur.share, 1e-15)
      expectNear(row.referenceRecall, ref.recall, 1e-15)
      expectNear(row.currentRecall, cur.recall, 1e-15)
    }
  })

  it('the concept drift shows in recall while the target does not drift', () => {
    const t = targetsOf(report)
    const dog = t.relationship.perClass?.find((c) => c.value === 'dog')
    expect(dog?.referenceShare).toBe(dog?.currentShare)
    expect(dog?.referenceRecall).toBeCloseTo(0.9, 12)
    expect(dog?.currentRecall).toBeCloseTo(0.5, 12)
    expect(t.target?.status).toBe('tested')
    expect(t.target?.drifted).toBe(false)
    expect(t.target?.score).toBeCloseTo(1, 12)
    // The predictions change (more 'cat'), so the prediction drifts.
    expect(t.prediction?.drifted).toBe(true)
    // Neither is counted in the dataset verdict: the one feature did not drift.
    expect(report.dataset.numberOfDrifted).toBe(0)
    expect(report.dataset.drifted).toBe(false)
    expect(t.relationship.correlation).toBeUndefined()
    expect(t.relationship.featureCorrelations).toBeUndefined()
  })

  it('numeric class labels match predictions written as decimals (1 and 1.0 are the same class)', async () => {
    const numericLabels = (t: Table): Table => ({
      header: t.header,
      rows: t.rows.map((r) => [
        r[0] as Cell,
        classes.indexOf(r[1] as (typeof classes)[number]),
        `${classes.indexOf(r[2] as (typeof classes)[number])}.0`
      ])
    })
    const numeric = await harness.compare(
      write('num-ref.csv', numericLabels(reference)),
      write('num-cur.csv', numericLabels(current)),
      { target: 'label', prediction: 'predicted' }
    )
    const t = targetsOf(numeric)
    expect(t.task).toBe('classification')
    const dog = t.relationship.perClass?.find((c) => c.value === '2')
    expect(dog).toBeDefined()
    expect(dog?.referenceRecall).toBeCloseTo(0.9, 12)
    expect(dog?.currentRecall).toBeCloseTo(0.5, 12)
  })
})

describe('a stray word far down a numeric prediction column', () => {
  it('counts as missing (a wrong prediction), with a note; the report is not lost', async () => {
    const n = 30_000
    const rows = (bad: number | null): Cell[][] =>
      Array.from({ length: n }, (_, i) => [
        i % 10,
        i % 3,
        i === bad ? 'oops' : (i % 3) + (i % 7 === 0 ? 1 : 0)
      ])
    const report = await harness.compare(
      write('stray-ref.csv', { header: ['x', 'label', 'predicted'], rows: rows(null) }),
      write('stray-cur.csv', { header: ['x', 'label', 'predicted'], rows: rows(25_000) }),
      { target: 'label', prediction: 'predicted' }
    )
    expect(report.notes.join(' ')).toMatch(/"predicted" holds numbers, but 1 of its values is text/)
    const t = targetsOf(report)
    expect(t.prediction?.status).toBe('tested')
    expect(t.prediction?.current?.missing).toBe(1)
    const recall = (rs: Cell[][], label: number): number => {
      const of = rs.filter((r) => r[1] === label)
      return of.filter((r) => r[2] === label).length / of.length
    }
    const current = rows(25_000)
    for (const row of t.relationship.perClass ?? []) {
      expectNear(row.currentRecall, recall(current, Number(row.value)), 1e-15)
    }
    expect(t.relationship.perClass?.length).toBe(3)
  })
})

describe('a target or prediction missing from a file', () => {
  const rows = (n: number, shift: number): Cell[][] =>
    Array.from({ length: n }, (_, i) => [i % 17, (i % 7) + shift, i % 3 === 0 ? 'a' : 'b'])

  it('a target column only in the reference gives notes, and the rest of the report', async () => {
    const reference = write('miss-ref.csv', { header: ['x', 'y', 'p'], rows: rows(200, 0) })
    const current = write('miss-cur.csv', {
      header: ['x', 'other', 'p'],
      rows: rows(150, 1)
    })
    const report = await harness.compare(reference, current, { target: 'y', prediction: 'p' })
    expect(report.notes.join(' ')).toMatch(
      /The target column "y" is not in the current batch, so target drift is not reported\. Check the column name\./
    )
    const t = targetsOf(report)
    expect(t.target).toBeUndefined()
    expect(t.prediction?.column).toBe('p')
    expect(t.prediction?.status).toBe('tested')
    const notes = t.notes.join(' ')
    expect(notes).toMatch(/relationship of target and prediction is not reported/)
    expect(notes).toMatch(/check its name in both files/)
    expect(report.columns.map((c) => c.column)).toEqual(['x'])
    expect(report.schema.referenceOnly).toEqual(['y'])
  })

  it('a target that cannot be tested stays in the targets section with its note', async () => {
    const reference = write('empty-t-ref.csv', { header: ['x', 'y', 'p'], rows: rows(200, 0) })
    const current = write('empty-t-cur.csv', {
      header: ['x', 'y', 'p'],
      rows: rows(150, 1).map((r) => [r[0] as Cell, null, r[2] as Cell])
    })
    const report = await harness.compare(reference, current, { target: 'y', prediction: 'p' })
    const t = targetsOf(report)
    expect(t.target?.column).toBe('y')
    expect(t.target?.role).toBe('target')
    expect(t.target?.status).toBe('not_tested')
    expect(t.target?.note).toMatch(/Every value of y is missing in the current batch/)
    expect(t.prediction?.status).toBe('tested')
    expect(report.columns.map((c) => c.column)).toEqual(['x'])
    expect(report.dataset.numberOfColumns).toBe(1)
  })

  it('a target named but absent from both files, with no prediction: no targets section, a note', async () => {
    const path = write('none.csv', { header: ['x', 'y', 'p'], rows: rows(100, 0) })
    const report = await harness.compare(path, path, { target: 'label' })
    expect(report.targets).toBeUndefined()
    expect(report.notes.join(' ')).toMatch(
      /The target column "label" is not in the reference and the current batch/
    )
    expect(report.columns.map((c) => c.column)).toEqual(['x', 'y', 'p'])
  })
})
