/**
 * Multivariate drift on real CSV files through real DuckDB: two columns that are standard normal on both
 * sides but correlated +0.8 in the reference and −0.8 in the current batch. No column alone changes (KS
 * agrees), yet MMD, PCA reconstruction error and the domain classifier must each see it; an unchanged
 * batch from the same generator must set off none of them.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { multivariateDrift, sampleRows } from '../../src/main/engine/multivariate'
import { quoteIdent, quoteString } from '../../src/main/engine/sql'
import { ks2samp } from '../../src/shared/stats/ks2samp'
import { seededRandom } from '../../src/shared/stats/random'
import { roundTo, standardNormal, useDuckDB, useTempFolder } from './harness'

type Row = { i: number; ts: string; a: number; b: number; n1: number; n2: number }

const ROWS = 500

/** a, b standard normal with correlation rho; n1, n2 independent standard normal noise. */
function generate(count: number, rho: number, seed: number): Row[] {
  const random = seededRandom(seed)
  const normal = (): number => standardNormal(random)
  const start = Date.UTC(2024, 0, 1)
  return Array.from({ length: count }, (_, i) => {
    const z1 = normal()
    const z2 = normal()
    const round = (v: number): number => roundTo(v, 6)
    return {
      i,
      ts: new Date(start + i * 3_600_000).toISOString().replace('T', ' ').slice(0, 19),
      a: round(z1),
      b: round(rho * z1 + Math.sqrt(1 - rho * rho) * z2),
      n1: round(normal()),
      n2: round(normal())
    }
  })
}

function toCsv(rows: readonly Row[]): string {
  const body = rows.map((r) => `${r.i},${r.ts},${r.a},${r.b},${r.n1},${r.n2}`).join('\n')
  return `i,ts,a,b,n1,n2\n${body}\n`
}

const folder = useTempFolder('multivariate')
const db = useDuckDB()

/** Writes a CSV file and opens it as a DuckDB view of the same name. */
async function view(name: string, csv: string): Promise<string> {
  const path = folder.file(`${name}.csv`, csv)
  await db
    .connection()
    .run(
      `CREATE OR REPLACE VIEW ${quoteIdent(name)} AS SELECT * FROM read_csv(${quoteString(path)})`
    )
  return name
}

const reference = generate(ROWS, 0.8, 1)
const flipped = generate(ROWS, -0.8, 2)
const unchanged = generate(ROWS, 0.8, 3)
const FEATURES = ['a', 'b', 'n1', 'n2']

beforeAll(async () => {
  await view('reference', toCsv(reference))
  await view('flipped', toCsv(flipped))
  await view('unchanged', toCsv(unchanged))
})

describe('multivariateDrift', () => {
  it('sees a correlation flip that no single column shows', async () => {
    for (const column of FEATURES) {
      const key = column as keyof Row
      const ks = ks2samp(
        reference.map((r) => r[key] as number),
        flipped.map((r) => r[key] as number)
      )
      expect(ks.pvalue, `KS p-value of ${column}`).toBeGreaterThan(0.05)
    }
    const result = await multivariateDrift(db.connection(), {
      referenceView: 'reference',
      currentView: 'flipped',
      columns: FEATURES
    })
    expect(result.columns).toEqual(FEATURES)
    expect(result.sample).toEqual({ reference: ROWS, current: ROWS, seed: 42 })
    expect(result.notes).toEqual([])
    expect(result.mmd?.drifted).toBe(true)
    expect(result.mmd?.pvalue).toBe(1 / 201)
    expect(result.mmd?.permutations).toBe(200)
    expect(result.mmd?.threshold).toBe(0.05)
    expect(result.pca?.drifted).toBe(true)
    expect(result.pca?.currentError).toBeGreaterThan(result.pca!.upper)
    expect(result.pca?.chunks).toBe(10)
    // Correlation matrix eigenvalues 1.8, 1, 1, 0.2: the a+b axis and one noise axis reach 65%.
    expect(result.pca?.components).toBe(2)
    expect(result.classifier?.drifted).toBe(true)
    expect(result.classifier?.score).toBeGreaterThan(0.5)
    expect(result.classifier?.train).toBe(ROWS)
    expect(result.classifier?.test).toBe(ROWS)
    expect(result.drifted).toBe(true)
  })

  it('sets off nothing on an unchanged batch', async () => {
    const result = await multivariateDrift(db.connection(), {
      referenceView: 'reference',
      currentView: 'unchanged',
      columns: FEATURES
    })
    expect(result.mmd?.drifted).toBe(false)
    expect(result.mmd?.pvalue).toBeGreaterThan(0.05)
    expect(result.pca?.drifted).toBe(false)
    expect(result.pca?.currentError).toBeGreaterThan(result.pca!.lower)
    expect(result.pca?.currentError).toBeLessThan(result.pca!.upper)
    expect(result.classifier?.drifted).toBe(false)
    // 250 test rows per side: 3 null standard deviations of the score are 0.155… > 0.1.
    expect(result.classifier?.threshold).toBe(0.156)
    expect(result.drifted).toBe(false)
  })

  it('stratifies the sample over time and gives the same answer for the same seed', async () => {
    const args = {
      referenceView: 'reference',
      currentView: 'flipped',
      columns: FEATURES,
      timeColumn: 'ts',
      sampleSize: 200,
      permutations: 100
    }
    const first = await multivariateDrift(db.connection(), args)
    expect(first.sample).toEqual({ reference: 200, current: 200, seed: 42, stratifiedBy: 'ts' })
    expect(first.drifted).toBe(true)
    expect(await multivariateDrift(db.connection(), args)).toEqual(first)
    const other = await multivariateDrift(db.connection(), { ...args, seed: 7 })
    expect(other.sample.seed).toBe(7)
    expect(other.mmd?.mmd2).not.toBe(first.mmd?.mmd2)
  })

  it('leaves out missing values, sparse and constant columns, and says so', async () => {
    const rows = generate(60, 0.8, 9)
    const lines = rows.map((r, k) => {
      const a = k === 3 ? '' : k === 5 ? 'inf' : String(r.a)
      const sparse = k % 3 === 0 ? String(r.n1) : ''
      return `${r.ts},${a},${r.b},${sparse},7`
    })
    await view('gappy', `ts,a,b,sparse,constant\n${lines.join('\n')}\n`)
    const result = await multivariateDrift(db.connection(), {
      referenceView: 'gappy',
      currentView: 'gappy',
      columns: ['a', 'b', 'sparse', 'constant']
    })
    expect(result.columns).toEqual(['a', 'b'])
    expect(result.sample.reference).toBe(58)
    expect(result.notes).toEqual([
      'sparse was left out of the multivariate checks: it has finite values in 33.3% of the reference rows and 33.3% of the current rows (at least 50% needed on each side).',
      '2 of 60 rows of the reference were left out of the multivariate checks for a missing or non-finite value in the columns used.',
      '2 of 60 rows of the current batch were left out of the multivariate checks for a missing or non-finite value in the columns used.',
      'constant is constant in the reference sample, so it was left out of the multivariate checks (its drift, if any, shows in its own test).'
    ])
    expect(result.mmd?.pvalue).toBe(1)
    expect(result.drifted).toBe(false)
  })

  it('skips every check, with a note each, for too few columns or rows', async () => {
    const oneColumn = await multivariateDrift(db.connection(), {
      referenceView: 'reference',
      currentView: 'flipped',
      columns: ['a']
    })
    expect(oneColumn.mmd).toBeUndefined()
    expect(oneColumn.pca).toBeUndefined()
    expect(oneColumn.classifier).toBeUndefined()
    expect(oneColumn.drifted).toBe(false)
    expect(oneColumn.notes).toEqual([
      'MMD was not computed: it needs at least 2 numeric columns with values on both sides, and only 1 was usable.',
      'PCA reconstruction error was not computed: it needs at least 2 numeric columns with values on both sides, and only 1 was usable.',
      'The domain classifier was not run: it needs at least 2 numeric columns with values on both sides, and only 1 was usable.'
    ])

    await view('tiny', toCsv(generate(15, 0.8, 4)))
    const fewRows = await multivariateDrift(db.connection(), {
      referenceView: 'reference',
      currentView: 'tiny',
      columns: FEATURES
    })
    expect(fewRows.sample).toEqual({ reference: ROWS, current: 15, seed: 42 })
    expect(fewRows.mmd).toBeUndefined()
    expect(fewRows.notes).toHaveLength(3)
    expect(fewRows.notes[0]).toBe(
      'MMD was not computed: it needs at least 20 usable rows on each side, and the sample has 500 reference and 15 current rows.'
    )
  })

  it('stops when cancelled and refuses bad options', async () => {
    const args = { referenceView: 'reference', currentView: 'flipped', columns: FEATURES }
    await expect(
      multivariateDrift(db.connection(), { ...args, isCancelled: () => true })
    ).rejects.toThrow('The comparison was cancelled.')
    await expect(multivariateDrift(db.connection(), { ...args, sampleSize: 5 })).rejects.toThrow(
      'The multivariate sampleSize must be a whole number of at least 20; it is 5.'
    )
  })
})

describe('sampleRows', () => {
  it('takes one row from each equal stretch of time', async () => {
    const sample = await sampleRows(db.connection(), {
      view: 'reference',
      columns: ['i'],
      size: 50,
      seed: 42,
      timeColumn: 'ts'
    })
    expect(sample.total).toBe(ROWS)
    expect(sample.usable).toBe(ROWS)
    // ts grows with i, so bucket k of the 50 holds i in [10k, 10k + 10).
    const buckets = sample.rows.map(([i]) => Math.floor(i! / 10)).sort((x, y) => x - y)
    expect(buckets).toEqual(Array.from({ length: 50 }, (_, k) => k))
    // Rows come back in a random order, not by time.
    expect(sample.rows.map(([i]) => i)).not.toEqual(
      [...sample.rows.map(([i]) => i!)].sort((x, y) => x - y)
    )
  })

  it('depends on the data and the seed, not on the order of the rows in the file', async () => {
    const shuffled = [...reference].reverse()
    await view('reversed', toCsv(shuffled))
    const args = { columns: ['a', 'b'], size: 100, seed: 5 }
    const forward = await sampleRows(db.connection(), { ...args, view: 'reference' })
    const backward = await sampleRows(db.connection(), { ...args, view: 'reversed' })
    expect(forward.rows).toHaveLength(100)
    expect(backward.rows).toEqual(forward.rows)
    const reseeded = await sampleRows(db.connection(), { ...args, seed: 6, view: 'reference' })
    expect(reseeded.rows).not.toEqual(forward.rows)
  })

  it('keeps every copy of a repeated row available to the sample', async () => {
    const lines = Array.from({ length: 40 }, (_, k) => (k < 30 ? '1,2' : `${k},${k}`))
    await view('repeated', `x,y\n${lines.join('\n')}\n`)
    const sample = await sampleRows(db.connection(), {
      view: 'repeated',
      columns: ['x', 'y'],
      size: 20,
      seed: 1
    })
    // 30 copies of (1, 2) among 40 rows: a sample of 20 holds some but, drawn row by row, not all or none.
    const copies = sample.rows.filter(([x, y]) => x === 1 && y === 2).length
    expect(copies).toBeGreaterThan(5)
    expect(copies).toBeLessThan(20)
  })
})
