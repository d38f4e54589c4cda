/**
 * Bad columns in the drift engine, on real files through the worker's DuckDB: constant columns, a column
 * missing on one side, infinite values, a single row, 10^4 categories, mixed types in one CSV column, dates
 * that fail to parse, columns named like a time axis. Each gets a clear note or a fallback test and the
 * report always comes back. Then cancellation after each progress phase of a 300k-row comparison (files
 * written by DuckDB's COPY), after which the same backend still compares. Whole-file failures are in
 * badInput.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { JobFinished, JobPhase } from '../../src/shared/api'
import { DRIFT_TEST_IDS, DRIFT_TESTS } from '../../src/shared/drift'
import type { ColumnDrift } from '../../src/shared/model'
import { column, useBackend, useDuckDB } from './harness'

const harness = useBackend('bad-drift')
const { csv, compare } = harness

/** A person can tell what happened: a tested column has a score or says why not; an untested one says why. */
function expectExplained(c: ColumnDrift): void {
  if (c.status === 'not_tested') {
    expect(c.note, `${c.column} not tested without a note`).toMatch(/\w/)
    return
  }
  if (c.score === null || c.score === undefined) {
    expect(c.note, `${c.column} (${c.test}) has no score and no note`).toMatch(/\w/)
  } else {
    expect(Number.isFinite(c.score), `${c.column} score ${c.score}`).toBe(true)
  }
  expect(c.explanation, `${c.column} has no explanation`).toMatch(/\w/)
}

const NUMERIC_TESTS = DRIFT_TEST_IDS.filter((t) => DRIFT_TESTS[t].accepts === 'numeric')
const ANY_TESTS = DRIFT_TEST_IDS.filter((t) => DRIFT_TESTS[t].accepts === 'any')

/** Rows of a normal-ish varying column so that every file also has a column that behaves. */
const varying = (i: number, shift = 0): number =>
  Math.round((Math.sin(i * 12.9898) * 3 + shift) * 100) / 100

describe('constant columns', () => {
  let same: [string, string]
  let different: [string, string]
  beforeAll(() => {
    const rows = (n: number, k: number, label: string, shift = 0) =>
      Array.from({ length: n }, (_, i) => [k, label, varying(i, shift)])
    const header = ['k', 'label', 'v']
    same = [
      csv('const-ref.csv', header, rows(300, 5, 'x')),
      csv('const-cur.csv', header, rows(200, 5, 'x'))
    ]
    different = [
      csv('const2-ref.csv', header, rows(300, 5, 'x')),
      csv('const2-cur.csv', header, rows(200, 7, 'y', 1))
    ]
  })

  it('the same value on both sides: no drift, and a note that it is constant', async () => {
    const report = await compare(...same)
    for (const name of ['k', 'label']) {
      const c = column(report, name)
      expectExplained(c)
      expect(c.drifted, name).toBe(false)
      expect(c.note, name).toMatch(/same value/)
    }
    expect(column(report, 'v').status).toBe('tested')
  })

  it('different constants: drift, and a note that each side is constant', async () => {
    const report = await compare(...different)
    for (const name of ['k', 'label']) {
      const c = column(report, name)
      expectExplained(c)
      expect(c.drifted, name).toBe(true)
      expect(c.note, name).toMatch(/one value on each side/)
    }
  })

  for (const test of NUMERIC_TESTS) {
    it(`${test} on constant columns gives a score or says why not`, async () => {
      const options = { perColumn: { k: { test } }, multivariate: { enabled: false } }
      const equal = column(await compare(...same, options), 'k')
      expectExplained(equal)
      expect(equal.drifted).toBe(false)
      const unequal = column(await compare(...different, options), 'k')
      expectExplained(unequal)
    })
  }

  for (const test of ANY_TESTS) {
    it(`${test} on a constant category gives a score or says why not`, async () => {
      const options = { perColumn: { label: { test } }, multivariate: { enabled: false } }
      const equal = column(await compare(...same, options), 'label')
      expectExplained(equal)
      expect(equal.drifted).toBe(false)
      expectExplained(column(await compare(...different, options), 'label'))
    })
  }
})

describe('missing and non-finite values', () => {
  it('a column all missing in the reference, and one all missing on both sides', async () => {
    const header = ['a', 'b', 'c']
    const reference = csv(
      'miss-ref.csv',
      header,
      Array.from({ length: 50 }, (_, i) => [varying(i), null, null])
    )
    const current = csv(
      'miss-cur.csv',
      header,
      Array.from({ length: 40 }, (_, i) => [varying(i), `v${i % 3}`, null])
    )
    const report = await compare(reference, current)
    expect(column(report, 'b').note).toMatch(/Every value of b is missing in the reference/)
    expect(column(report, 'c').note).toMatch(/Every value of c is missing in both files/)
    expect(column(report, 'a').status).toBe('tested')
    expect(report.dataset.numberOfColumns).toBe(1)
  })

  it('infinite values and NaN are left out of the test and counted in a note', async () => {
    const header = ['x', 'y']
    const special = ['inf', '-inf', 'nan', 'Infinity']
    const reference = csv(
      'inf-ref.csv',
      header,
      // Not in the first row: there DuckDB's sniffer takes 'inf' for a date and reads the column as text.
      Array.from({ length: 200 }, (_, i) => [i % 50 === 7 ? special[(i - 7) / 50] : varying(i), i])
    )
    const current = csv(
      'inf-cur.csv',
      header,
      Array.from({ length: 150 }, (_, i) => [i === 3 ? '-inf' : varying(i), i])
    )
    const report = await compare(reference, current)
    const x = column(report, 'x')
    expectExplained(x)
    expect(x.status).toBe('tested')
    expect(x.sampleSize).toEqual({ reference: 196, current: 149 })
    expect(x.reference?.nonFinite).toBe(4)
    expect(x.current?.nonFinite).toBe(1)
    expect(report.notes.join(' ')).toMatch(
      /"x" has 5 NaN or infinite values \(reference 4, current 1\)/
    )
  })

  it('a column of nothing but infinities on one side: a type mismatch, not a time axis', async () => {
    // DuckDB's sniffer reads a column of only 'inf' and '-inf' as dates (infinite dates).
    const header = ['x', 'y']
    const reference = csv(
      'allinf-ref.csv',
      header,
      Array.from({ length: 60 }, (_, i) => [varying(i), i])
    )
    const current = csv(
      'allinf-cur.csv',
      header,
      Array.from({ length: 60 }, (_, i) => [i % 2 === 0 ? 'inf' : '-inf', i])
    )
    const report = await compare(reference, current)
    expect(report.timeColumn).toBeUndefined()
    const x = column(report, 'x')
    expect(x.status).toBe('not_tested')
    expect(x.note).toMatch(/x is numeric in the reference but datetime in the current batch/)
    expect(column(report, 'y').status).toBe('tested')
  })

  it('a column of nothing but NaN on one side says missing or not finite', async () => {
    const header = ['x', 'y']
    const reference = csv(
      'allnan-ref.csv',
      header,
      Array.from({ length: 60 }, (_, i) => [varying(i), i])
    )
    const current = csv(
      'allnan-cur.csv',
      header,
      Array.from({ length: 60 }, (_, i) => ['nan', i])
    )
    const report = await compare(reference, current)
    const x = column(report, 'x')
    expect(x.status).toBe('not_tested')
    expect(x.note).toMatch(
      /Every value of x is missing or not a finite number \(NaN, infinite\) in the current batch/
    )
  })
})

describe('a single row on one side', () => {
  const header = ['a', 'b', 'c', 'label']
  const row = (i: number, shift = 0): unknown[] => [
    varying(i, shift),
    varying(i + 7, shift) * 2,
    (i * 7) % 11,
    `l${i % 4}`
  ]
  for (const side of ['current', 'reference'] as const) {
    it(`a one-row ${side}: every column is tested or says why, multivariate included`, async () => {
      const many = csv(
        `one-${side}-many.csv`,
        header,
        Array.from({ length: 300 }, (_, i) => row(i))
      )
      const one = csv(`one-${side}-one.csv`, header, [row(5, 1)])
      const report = side === 'current' ? await compare(many, one) : await compare(one, many)
      for (const c of report.columns) expectExplained(c)
      expect(report.inputs[side].rows).toBe(1)
      // Multivariate methods need more rows: a note, not a failure.
      expect(report.multivariate?.notes.join(' ') ?? '').toMatch(/\w/)
      expect(report.multivariate?.drifted ?? false).toBe(false)
    })
  }

  it('forced tests that need several values say so on a one-row side', async () => {
    const many = csv(
      'one-forced-many.csv',
      header,
      Array.from({ length: 300 }, (_, i) => row(i))
    )
    const one = csv('one-forced-one.csv', header, [row(5, 1)])
    for (const test of NUMERIC_TESTS) {
      const report = await compare(many, one, {
        perColumn: { a: { test } },
        multivariate: { enabled: false }
      })
      expectExplained(column(report, 'a'))
    }
  })
})

describe('many categories', () => {
  it('10^4 categories: compared, the chart folds the rest into "other"', async () => {
    const n = 20_000
    const header = ['cat', 'id', 'v']
    const reference = csv(
      'cats-ref.csv',
      header,
      Array.from({ length: n }, (_, i) => [`c${i % 10_000}`, `id${i}`, varying(i)])
    )
    const current = csv(
      'cats-cur.csv',
      header,
      Array.from({ length: n }, (_, i) => [`c${(i * 7) % 10_000}`, `id${n + i}`, varying(i)])
    )
    const started = performance.now()
    const report = await compare(reference, current, { multivariate: { enabled: false } })
    expect(performance.now() - started).toBeLessThan(30_000)
    const cat = column(report, 'cat')
    expectExplained(cat)
    expect(cat.status).toBe('tested')
    expect(cat.drifted).toBe(false)
    expect(cat.reference?.distinct).toBe(10_000)
    const d = cat.distribution
    expect(d?.kind).toBe('categories')
    if (d?.kind === 'categories') {
      expect(d.categories.length).toBeLessThanOrEqual(30)
      expect((d.otherReference ?? 0) + d.reference.reduce((s, x) => s + x, 0)).toBe(n)
    }
    const id = column(report, 'id')
    expectExplained(id)
    expect(id.kind).toBe('text')
    expect(report.notes.join(' ')).toMatch(/"id" has many distinct values/)
  })
})

describe('mixed types in one CSV column', () => {
  it('numbers and text from the first rows on both sides: compared as categories', async () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => [i % 5 === 0 ? 'n/a' : String(i % 9), varying(i)])
    const report = await compare(
      csv('mixed-ref.csv', ['m', 'v'], rows(200)),
      csv('mixed-cur.csv', ['m', 'v'], rows(150))
    )
    const m = column(report, 'm')
    expectExplained(m)
    expect(m.status).toBe('tested')
    expect(m.kind).toBe('categorical')
    expect(m.drifted).toBe(false)
  })

  it('text in a numeric column on one side only: a note on that column, the rest compared', async () => {
    const reference = csv(
      'mixed1-ref.csv',
      ['m', 'v'],
      Array.from({ length: 100 }, (_, i) => [i % 9, varying(i)])
    )
    const current = csv(
      'mixed1-cur.csv',
      ['m', 'v'],
      Array.from({ length: 100 }, (_, i) => [i === 10 ? 'unknown' : i % 9, varying(i)])
    )
    const report = await compare(reference, current)
    const m = column(report, 'm')
    expect(m.status).toBe('not_tested')
    expect(m.note).toMatch(/numeric in the reference but .* in the current batch/)
    expect(column(report, 'v').status).toBe('tested')
  })

  it('text far down a numeric column (past the type sniffer’s sample): the report is not lost', async () => {
    const n = 30_000
    const rows = (shift: number, bad: number | null) =>
      Array.from({ length: n }, (_, i) => [i === bad ? 'abc' : i % 100, varying(i, shift)])
    const reference = csv('late-ref.csv', ['m', 'v'], rows(0, null))
    const current = csv('late-cur.csv', ['m', 'v'], rows(0.2, 25_000))
    const report = await compare(reference, current, { multivariate: { enabled: false } })
    const m = column(report, 'm')
    expectExplained(m)
    expect(m.status).toBe('tested')
    expect(m.current?.missing).toBe(1)
    expect(m.sampleSize).toEqual({ reference: n, current: n - 1 })
    expect(report.notes.join(' ')).toContain(
      'late-cur.csv: "m" holds numbers, but 1 of its values is text (e.g. "abc" on line 25002); it counts as missing and the numbers are compared.'
    )
    expect(column(report, 'v').status).toBe('tested')
  })
})

describe('dates and time axes', () => {
  it('a date column with values that fail to parse: a note naming one, not a false alarm', async () => {
    const day = (i: number) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`
    const reference = csv(
      'dates-ref.csv',
      ['when', 'v'],
      Array.from({ length: 120 }, (_, i) => [i === 70 ? '2024-13-45' : day(i), varying(i)])
    )
    const current = csv(
      'dates-cur.csv',
      ['when', 'v'],
      Array.from({ length: 120 }, (_, i) => [
        i === 5 ? 'yesterday' : day(i).replace('-01-', '-02-'),
        varying(i)
      ])
    )
    const report = await compare(reference, current)
    const when = column(report, 'when')
    expect(when.status).toBe('not_tested')
    expect(when.drifted).toBe(false)
    expect(when.note).toMatch(/dates/)
    expect(when.note).toMatch(/"2024-13-45"|"yesterday"/)
    expect(column(report, 'v').status).toBe('tested')
  })

  it('columns named like a time axis: the first is the axis, the others are not tested', async () => {
    const header = ['Timestamp', 'date', 'v', 'w']
    const rows = (n: number, offset: number) =>
      Array.from({ length: n }, (_, i) => [
        1_700_000_000 + offset + i * 60,
        i % 30,
        varying(i),
        varying(i + 3)
      ])
    const report = await compare(
      csv('time-ref.csv', header, rows(200, 0)),
      csv('time-cur.csv', header, rows(200, 86_400))
    )
    expect(report.timeColumn).toBe('Timestamp')
    expect(report.notes.join(' ')).toMatch(/"Timestamp" is used as the time axis \(by its name\)/)
    expect(report.columns.map((c) => c.column)).not.toContain('Timestamp')
    const date = column(report, 'date')
    expect(date.status).toBe('not_tested')
    expect(date.note).toMatch(/"Timestamp" is the time axis/)
    expect(report.dataset.numberOfColumns).toBe(2)
    expect(report.multivariate?.sample.stratifiedBy).toBe('Timestamp')
  })
})

describe('cancel at any point', () => {
  const N = 300_000
  let reference: string
  let current: string
  const db = useDuckDB()

  beforeAll(async () => {
    reference = harness.path('big-ref.csv')
    current = harness.path('big-cur.csv')
    const connection = db.connection()
    const select = (shift: number) => `
      SELECT (hash(i, 1) % 100000) / 1000.0 + ${shift} AS a, (hash(i, 2) % 1000) / 10.0 AS b,
             (hash(i, 3) % 100000) / 100.0 AS c, (hash(i, 4) % 50) AS d,
             'level_' || (hash(i, 5) % 20) AS e, CASE WHEN hash(i, 6) % 3 = 0 THEN 'yes' ELSE 'no' END AS f
      FROM range(${N}) t(i)`
    await connection.run(`COPY (${select(0)}) TO '${reference}' (HEADER, DELIMITER ',')`)
    await connection.run(`COPY (${select(5)}) TO '${current}' (HEADER, DELIMITER ',')`)
  })

  /** Starts a comparison and cancels it at the first progress event of `phase`. */
  async function cancelAt(
    phase: JobPhase,
    message = /./
  ): Promise<{ finished: JobFinished; phases: JobPhase[] }> {
    const phases: JobPhase[] = []
    let cancelled = false
    let resolveFinished: (f: JobFinished) => void = () => undefined
    const finished = new Promise<JobFinished>((r) => (resolveFinished = r))
    const backend = harness.backend()
    const offProgress = backend.on('job:progress', (p) => {
      phases.push(p.phase)
      if (p.phase === phase && message.test(p.message) && !cancelled) {
        cancelled = true
        void backend.call('job:cancel', { jobId: p.jobId })
      }
    })
    const offFinished = backend.on('job:finished', (f) => resolveFinished(f))
    try {
      const ticket = await backend.call('compare:run', {
        reference: backend.grant(reference),
        current: backend.grant(current),
        options: {}
      })
      if (!ticket.ok) throw new Error(ticket.error.message)
      return { finished: await finished, phases }
    } finally {
      offProgress()
      offFinished()
    }
  }

  const points = [
    ['open', /./],
    ['profile', /./],
    ['drift', /^Testing/],
    ['drift', /joint distribution/]
  ] as const
  for (const [phase, message] of points) {
    it(`cancelled at '${phase}' (${message.source}): the job ends cancelled, the backend still compares`, async () => {
      const { finished, phases } = await cancelAt(phase, message)
      expect(phases).toContain(phase)
      expect(finished.outcome).toBe('cancelled')
      expect(finished.error?.code).toBe('CANCELLED')
      expect(finished.error?.message).toMatch(/cancelled/)
      expect(phases).not.toContain('report')
      const after = await compare(
        csv(
          `after-${phase}-ref.csv`,
          ['x', 'y'],
          Array.from({ length: 50 }, (_, i) => [varying(i), i % 3])
        ),
        csv(
          `after-${phase}-cur.csv`,
          ['x', 'y'],
          Array.from({ length: 50 }, (_, i) => [varying(i, 1), i % 3])
        )
      )
      expect(after.columns.map((c) => c.status)).toEqual(['tested', 'tested'])
    }, 120_000)
  }
})
