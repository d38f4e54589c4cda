/**
 * The drop watcher's name rules: which names are transient (partial downloads, temp, swap and lock files,
 * dotfiles) and how glob patterns match a file name. The watching itself is tested with real files and
 * chokidar in test/integration/dropWatcher.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_DROP_PATTERNS } from '../../shared/project/dropPatterns'
import { fileNameMatches, isTransientName } from './dropWatcher'

describe('isTransientName', () => {
  it.each([
    'week4.csv.part',
    'week4.csv.partial',
    'week4.csv.crdownload',
    'week4.csv.download',
    'week4.csv.filepart',
    'week4.csv.crswap',
    'week4.csv.tmp',
    'week4.csv.temp',
    'week4.csv.swp',
    '.week4.csv.swo',
    'week4.csv~',
    '~$week4.xlsx',
    '.week4.csv',
    '.week4.csv.Xy12Ab',
    '.DS_Store',
    '.driftwatch',
    'WEEK4.CSV.PART'
  ])('%s is transient', (name) => {
    expect(isTransientName(name)).toBe(true)
  })

  it.each([
    'week4.csv',
    'week4.csv.gz',
    'partial.csv',
    'week4.part.csv',
    'tmp',
    'data~backup.csv',
    'a$b.csv',
    'processed'
  ])('%s is not', (name) => {
    expect(isTransientName(name)).toBe(false)
  })
})

describe('fileNameMatches', () => {
  it('matches * with any run of characters, none included, against the whole name', () => {
    const patterns = ['week*.csv']
    expect(fileNameMatches('week1.csv', patterns)).toBe(true)
    expect(fileNameMatches('week.csv', patterns)).toBe(true)
    expect(fileNameMatches('week-2024-01.csv', patterns)).toBe(true)
    expect(fileNameMatches('aweek1.csv', patterns)).toBe(false)
    expect(fileNameMatches('week1.csv.gz', patterns)).toBe(false)
    expect(fileNameMatches('week1.csvx', patterns)).toBe(false)
  })

  it('matches ? with exactly one character, also outside ASCII', () => {
    const patterns = ['week?.csv']
    expect(fileNameMatches('week1.csv', patterns)).toBe(true)
    expect(fileNameMatches('weekü.csv', patterns)).toBe(true)
    expect(fileNameMatches('week😀.csv', patterns)).toBe(true)
    expect(fileNameMatches('week12.csv', patterns)).toBe(false)
    expect(fileNameMatches('week.csv', patterns)).toBe(false)
  })

  it('ignores case', () => {
    expect(fileNameMatches('Week1.CSV', ['week*.csv'])).toBe(true)
    expect(fileNameMatches('week1.csv', ['WEEK*.CSV'])).toBe(true)
  })

  it('takes every other character literally, regular-expression syntax included', () => {
    expect(fileNameMatches('data (1)+[x]{2}^$|.csv', ['data (1)+[x]{2}^$|.csv'])).toBe(true)
    expect(fileNameMatches('abcsv', ['a.csv'])).toBe(false)
    expect(fileNameMatches('a\\b.csv', ['a\\b.csv'])).toBe(true)
    expect(fileNameMatches('ab.csv', ['a\\b.csv'])).toBe(false)
  })

  it('matches when any pattern does', () => {
    expect(fileNameMatches('b.parquet', ['*.csv', '*.parquet'])).toBe(true)
    expect(fileNameMatches('b.json', ['*.csv', '*.parquet'])).toBe(false)
  })

  it('uses the engine’s data files when there are no patterns', () => {
    for (const patterns of [undefined, []]) {
      for (const name of ['a.csv', 'a.csv.gz', 'a.tsv', 'a.tab.gz', 'a.json', 'a.ndjson']) {
        expect(fileNameMatches(name, patterns)).toBe(true)
      }
      for (const name of ['a.jsonl.gz', 'a.parquet', 'a.pq']) {
        expect(fileNameMatches(name, patterns)).toBe(true)
      }
      // The engine reads Parquet only uncompressed (its own compression is inside the file).
      // Text files are notes and logs more often than data: a folder's patterns can name *.txt.
      for (const name of ['a.parquet.gz', 'a.xlsx', 'a.pkl', 'a.gz', 'csv', 'a.csv.zip', 'a.txt']) {
        expect(fileNameMatches(name, patterns)).toBe(false)
      }
    }
    expect(DEFAULT_DROP_PATTERNS).toHaveLength(14)
  })
})
