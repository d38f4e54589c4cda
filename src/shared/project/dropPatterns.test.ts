import { describe, expect, it } from 'vitest'
import { dataExtensionOf, DEFAULT_DROP_PATTERNS, matchesPatterns } from './dropPatterns'

describe('matchesPatterns', () => {
  it('matches * against any run of characters, also none', () => {
    expect(matchesPatterns('week4.csv', ['week*.csv'])).toBe(true)
    expect(matchesPatterns('week.csv', ['week*.csv'])).toBe(true)
    expect(matchesPatterns('week12-final.csv', ['week*.csv'])).toBe(true)
    expect(matchesPatterns('month4.csv', ['week*.csv'])).toBe(false)
    expect(matchesPatterns('week4.csv.part', ['week*.csv'])).toBe(false)
    expect(matchesPatterns('a.b.c', ['*.*.*'])).toBe(true)
    expect(matchesPatterns('abcabd', ['*abd'])).toBe(true)
    expect(matchesPatterns('', ['*'])).toBe(true)
  })
  it('matches ? against exactly one character (one code point)', () => {
    expect(matchesPatterns('batch_2024-01-05.parquet', ['batch_????-??-??.parquet'])).toBe(true)
    expect(matchesPatterns('batch_2024-1-05.parquet', ['batch_????-??-??.parquet'])).toBe(false)
    expect(matchesPatterns('wëek1.csv', ['w?ek?.csv'])).toBe(true)
    expect(matchesPatterns('😀1.csv', ['?1.csv'])).toBe(true)
  })
  it('takes every other character literally', () => {
    expect(matchesPatterns('week[1].csv', ['week[1].csv'])).toBe(true)
    expect(matchesPatterns('week1.csv', ['week[1].csv'])).toBe(false)
    expect(matchesPatterns('weekXcsv', ['week.csv'])).toBe(false)
  })
  it('matches when any pattern does, and never with no patterns', () => {
    expect(matchesPatterns('b.parquet', ['*.csv', '*.parquet'])).toBe(true)
    expect(matchesPatterns('b.parquet', [])).toBe(false)
  })
  it('is case-sensitive unless told otherwise', () => {
    expect(matchesPatterns('WEEK1.CSV', ['week*.csv'])).toBe(false)
    expect(matchesPatterns('WEEK1.CSV', ['week*.csv'], { caseSensitive: false })).toBe(true)
  })
  it('defaults to every data file the engine reads', () => {
    for (const name of [
      'a.csv',
      'a.tsv',
      'a.tab',
      'a.parquet',
      'a.pq',
      'a.json',
      'a.ndjson',
      'a.jsonl',
      'a.csv.gz',
      'a.tsv.gz',
      'a.json.gz',
      'a.ndjson.gz',
      'a.jsonl.gz'
    ]) {
      expect(matchesPatterns(name, undefined), name).toBe(true)
    }
    for (const name of ['notes.txt', 'a.csv.part', 'a.xlsx', 'a.parquet.gz', 'csv', 'a.tmp']) {
      expect(matchesPatterns(name, undefined), name).toBe(false)
    }
    expect(DEFAULT_DROP_PATTERNS).toContain('*.csv')
  })
})

describe('dataExtensionOf', () => {
  it('gives the data extension as written, compared without regard to case', () => {
    expect(dataExtensionOf('week1.csv')).toBe('.csv')
    expect(dataExtensionOf('week1.csv.gz')).toBe('.csv.gz')
    expect(dataExtensionOf('WEEK1.CSV')).toBe('.CSV')
    expect(dataExtensionOf('log.ndjson')).toBe('.ndjson')
  })
  it('is null for other files and for a bare extension', () => {
    expect(dataExtensionOf('notes.txt')).toBeNull()
    expect(dataExtensionOf('.csv')).toBeNull()
    expect(dataExtensionOf('model.pkl')).toBeNull()
  })
})
