/**
 * Flags of `npm run bench` and the cases they select: the default suite (1e5–1e7 for both formats, then
 * 1e8 Parquet at 4 GB), explicit sizes and formats, and clear errors for bad flags.
 */
import { describe, expect, it } from 'vitest'
import { parseBenchArgs, planCases } from './args'

describe('parseBenchArgs', () => {
  it('defaults to the whole suite of exported data with one worker', () => {
    expect(parseBenchArgs([])).toEqual({
      sizes: null,
      formats: ['csv', 'parquet'],
      variant: 'exported',
      memoryLimitMb: null,
      threads: null,
      workers: 1,
      source: false,
      generateOnly: false,
      help: false
    })
  })

  it('reads every flag', () => {
    expect(
      parseBenchArgs([
        '--sizes',
        '1e5,1000000',
        '--formats',
        'Parquet',
        '--continuous',
        '--memory-limit',
        '2048',
        '--threads',
        '1',
        '--workers',
        '2',
        '--source',
        '--generate-only'
      ])
    ).toEqual({
      sizes: [100_000, 1_000_000],
      formats: ['parquet'],
      variant: 'continuous',
      memoryLimitMb: 2048,
      threads: 1,
      workers: 2,
      source: true,
      generateOnly: true,
      help: false
    })
  })

  it('says what is wrong with a flag', () => {
    expect(() => parseBenchArgs(['--sizes', '1e5,abc'])).toThrow(
      '--sizes takes a positive whole number, not "abc".'
    )
    expect(() => parseBenchArgs(['--sizes', '0.5'])).toThrow(
      '--sizes takes a positive whole number'
    )
    expect(() => parseBenchArgs(['--memory-limit'])).toThrow(
      '--memory-limit takes a positive whole number, not "".'
    )
    expect(() => parseBenchArgs(['--formats', 'json'])).toThrow(
      '--formats takes csv, parquet or csv,parquet.'
    )
    expect(() => parseBenchArgs(['--rows', '10'])).toThrow('Unknown flag "--rows".')
  })

  it('keeps --continuous to the comparison benchmark and shows the usage of the one run', () => {
    expect(() => parseBenchArgs(['--continuous'], 'bench:validate')).toThrow(
      '--continuous is not a flag of bench:validate'
    )
    expect(() => parseBenchArgs(['--rows', '10'], 'bench:validate')).toThrow(
      'npm run bench:validate -- [flags]'
    )
  })
})

describe('planCases', () => {
  it('runs 1e5, 1e6, 1e7 for CSV and Parquet, then 1e8 Parquet with a 4 GB limit', () => {
    expect(planCases(parseBenchArgs([]))).toEqual([
      { rows: 1e5, format: 'csv', memoryLimitMb: null },
      { rows: 1e5, format: 'parquet', memoryLimitMb: null },
      { rows: 1e6, format: 'csv', memoryLimitMb: null },
      { rows: 1e6, format: 'parquet', memoryLimitMb: null },
      { rows: 1e7, format: 'csv', memoryLimitMb: null },
      { rows: 1e7, format: 'parquet', memoryLimitMb: null },
      { rows: 1e8, format: 'parquet', memoryLimitMb: 4096 }
    ])
  })

  it('runs 1e5, 1e6, 1e7 for CSV and Parquet without the 1e8 case when validating', () => {
    const args = parseBenchArgs([], 'bench:validate')
    expect(planCases(args, 'bench:validate').map((c) => `${c.rows} ${c.format}`)).toEqual([
      '100000 csv',
      '100000 parquet',
      '1000000 csv',
      '1000000 parquet',
      '10000000 csv',
      '10000000 parquet'
    ])
  })

  it('runs only the sizes and formats asked for, with the limit asked for', () => {
    expect(planCases(parseBenchArgs(['--sizes', '1e5,1e6', '--formats', 'csv']))).toEqual([
      { rows: 1e5, format: 'csv', memoryLimitMb: null },
      { rows: 1e6, format: 'csv', memoryLimitMb: null }
    ])
    expect(planCases(parseBenchArgs(['--formats', 'csv', '--memory-limit', '512']))).toEqual([
      { rows: 1e5, format: 'csv', memoryLimitMb: 512 },
      { rows: 1e6, format: 'csv', memoryLimitMb: 512 },
      { rows: 1e7, format: 'csv', memoryLimitMb: 512 }
    ])
    expect(planCases(parseBenchArgs(['--sizes', '1e8', '--formats', 'csv']))).toEqual([
      { rows: 1e8, format: 'csv', memoryLimitMb: 4096 }
    ])
  })
})
