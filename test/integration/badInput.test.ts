/**
 * Bad input never crashes and never loses the report: each case gives a specific error (nothing to compare)
 * or a per-column note (the rest is compared). Real files in a temp folder, real DuckDB in real workers.
 */
import { chmodSync, mkdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { Result } from '../../src/shared/errors'
import type { Report } from '../../src/shared/model'
import { WEATHER_REFERENCE } from '../paths'
import { useBackend } from './harness'

const harness = useBackend('bad')
const { file } = harness

const good = 'a,b,c\n1,x,true\n2,y,false\n3,x,true\n4,y,true\n5,x,false\n6,z,true\n'

function compare(reference: string, current: string): Promise<Result<Report>> {
  return harness.compareResult(reference, current)
}

function expectError(result: Result<Report>, code: string, pattern: RegExp): void {
  expect(result.ok, result.ok ? 'expected an error' : '').toBe(false)
  if (result.ok) return
  expect(result.error.code).toBe(code)
  expect(result.error.message).toMatch(pattern)
}

describe('files that cannot be compared give a specific error', () => {
  it('a missing file', async () => {
    expectError(
      await compare(harness.path('nope.csv'), WEATHER_REFERENCE),
      'FILE_NOT_FOUND',
      /nope\.csv does not exist/
    )
  })
  it('a folder instead of a file', async () => {
    const folder = harness.path('folder.csv')
    mkdirSync(folder, { recursive: true })
    expectError(await compare(WEATHER_REFERENCE, folder), 'NOT_A_FILE', /is a folder/)
  })
  it.skipIf(process.getuid?.() === 0)('an unreadable file', async () => {
    const path = file('locked.csv', good)
    chmodSync(path, 0o000)
    expectError(await compare(path, WEATHER_REFERENCE), 'FILE_UNREADABLE', /cannot be read/)
  })
  it('an empty file', async () => {
    expectError(
      await compare(WEATHER_REFERENCE, file('empty.csv', '')),
      'FILE_EMPTY',
      /empty \(0 bytes\)/
    )
  })
  it('a header without rows', async () => {
    expectError(
      await compare(WEATHER_REFERENCE, file('header.csv', 'a,b,c\n')),
      'NO_ROWS',
      /header but no data rows/
    )
  })
  it('binary garbage named .csv', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 131 + 7) % 256)
    expectError(
      await compare(WEATHER_REFERENCE, file('garbage.csv', garbage)),
      'CSV_PARSE_FAILED',
      /binary data/
    )
  })
  it('rows of different lengths', async () => {
    const lines = [
      'a,b,c',
      ...Array.from({ length: 50 }, (_, i) => `${i},x,${i % 2}`),
      '1,2,3,4,5',
      '7,y,1'
    ]
    const result = await compare(
      file('ragged-ref.csv', good),
      file('ragged.csv', `${lines.join('\n')}\n`)
    )
    expectError(result, 'CSV_PARSE_FAILED', /ragged\.csv/)
  })
  it('no column in common', async () => {
    expectError(
      await compare(file('left.csv', 'a,b\n1,2\n3,4\n'), file('right.csv', 'c,d\n1,2\n3,4\n')),
      'NO_COMMON_COLUMNS',
      /no column in common/
    )
  })
  it('a Parquet name over other bytes', async () => {
    expectError(
      await compare(WEATHER_REFERENCE, file('fake.parquet', good)),
      'PARQUET_READ_FAILED',
      /Parquet/
    )
  })
})

describe('column problems become notes, and the rest is compared', () => {
  it('a column numeric on one side and text on the other', async () => {
    const ref = file(
      'types-ref.csv',
      'age,city\n' + Array.from({ length: 40 }, (_, i) => `${20 + i},c${i % 3}`).join('\n') + '\n'
    )
    const cur = file(
      'types-cur.csv',
      'age,city\n' +
        Array.from({ length: 40 }, (_, i) => `${20 + i} years,c${i % 3}`).join('\n') +
        '\n'
    )
    const result = await compare(ref, cur)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const age = result.value.columns.find((c) => c.column === 'age')
    expect(age?.status).toBe('not_tested')
    expect(age?.note).toMatch(/numeric in the reference but/)
    expect(result.value.schema.kindMismatches.map((m) => m.column)).toEqual(['age'])
    const city = result.value.columns.find((c) => c.column === 'city')
    expect(city?.status).toBe('tested')
    expect(result.value.dataset.numberOfColumns).toBe(1)
  })
  it('a column entirely empty on one side', async () => {
    const ref = file(
      'empty-col-ref.csv',
      'x,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${i * 2}`).join('\n') + '\n'
    )
    const cur = file(
      'empty-col-cur.csv',
      'x,y\n' + Array.from({ length: 30 }, (_, i) => `${i},`).join('\n') + '\n'
    )
    const result = await compare(ref, cur)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const y = result.value.columns.find((c) => c.column === 'y')
    expect(y?.status).toBe('not_tested')
    expect(y?.note).toMatch(/Every value of y is missing in the current batch/)
    expect(result.value.columns.find((c) => c.column === 'x')?.status).toBe('tested')
  })
  it('columns on one side only are schema differences, not dropped silently', async () => {
    const result = await compare(
      file('s-ref.csv', 'a,b,only_ref\n1,2,3\n4,5,6\n7,8,9\n'),
      file('s-cur.csv', 'a,b,only_cur\n1,2,3\n4,5,6\n')
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.schema.referenceOnly).toEqual(['only_ref'])
    expect(result.value.schema.currentOnly).toEqual(['only_cur'])
  })
  it('hostile column names are quoted in SQL and kept verbatim', async () => {
    const names = ['we"ird', 'with space', 'ünïcödé', '</script><script>alert(1)</script>', "it's"]
    const header = names.map((n) => `"${n.replaceAll('"', '""')}"`).join(',')
    const rows = Array.from({ length: 30 }, (_, i) =>
      names.map((_, k) => (k === 3 ? `v${i % 4}` : i * (k + 1))).join(',')
    )
    const ref = file('hostile-ref.csv', `${header}\n${rows.join('\n')}\n`)
    const cur = file('hostile-cur.csv', `${header}\n${rows.slice(5).join('\n')}\n`)
    const result = await compare(ref, cur)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.columns.map((c) => c.column)).toEqual(names)
    expect(result.value.columns.every((c) => c.status === 'tested')).toBe(true)
  })
})

describe('formats', () => {
  it('reads gzip CSV, TSV, JSON and NDJSON the same as CSV', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      n: (i * 37) % 23,
      c: ['a', 'b', 'c'][i % 3] as string
    }))
    const csv = `n,c\n${rows.map((r) => `${r.n},${r.c}`).join('\n')}\n`
    const paths = [
      file('f.csv', csv),
      file('f.csv.gz', gzipSync(csv)),
      file('f.tsv', csv.replaceAll(',', '\t')),
      file('f.json', JSON.stringify(rows)),
      file('f.ndjson', rows.map((r) => JSON.stringify(r)).join('\n'))
    ]
    const reports: Report[] = []
    for (const p of paths) {
      const result = await compare(paths[0] as string, p)
      if (!result.ok) throw new Error(`${p}: ${result.error.message}`)
      reports.push(result.value)
    }
    expect(reports.map((r) => r.inputs.current.format)).toEqual([
      'csv',
      'csv',
      'tsv',
      'json',
      'ndjson'
    ])
    for (const r of reports) {
      expect(r.dataset.numberOfColumns).toBe(2)
      expect(r.dataset.numberOfDrifted).toBe(0)
      expect(r.columns.map((c) => c.score)).toEqual(reports[0]?.columns.map((c) => c.score))
    }
    expect(reports[1]?.inputs.current.sniff.compression).toBe('gzip')
  })
})
