/**
 * The results tables: one aligned line per case, figures rounded for reading, a failed comparison or
 * validation without misleading throughput, skipped cases with their reason.
 */
import { describe, expect, it } from 'vitest'
import type { CaseFigures, CaseResult } from './benchCase'
import { resultsTable, validationTable } from './table'
import type { ValidateFigures } from './validateCase'

const figures: CaseFigures = {
  compareSeconds: 2.5,
  engineSeconds: 2.1,
  scanSeconds: 1.25,
  rowsPerSecond: 800_000,
  ratio: 2,
  startRssMb: 95,
  comparePeakRssMb: 240.4,
  processPeakRssMb: 251.6,
  loopDelay: { resolutionMs: 10, samples: 250, p50: 10.08, p99: 14.04, max: 21.5 },
  loadAverage: [1.52, 2.04],
  verdict: {
    datasetDrifted: false,
    numberOfDrifted: 6,
    numberOfColumns: 15,
    drifted: ['age', 'price', 'session_minutes', 'weight_kg', 'visits_30d', 'device'],
    missed: [],
    unexpected: []
  }
}

const base = {
  case: { rows: 1e6, format: 'csv', variant: 'exported', workers: 1 },
  files: { reference: 'r.csv', current: 'c.csv', bytes: 1 }
} as const

describe('resultsTable', () => {
  it('prints one aligned line per case', () => {
    const results: CaseResult[] = [
      { ...base, status: 'done', figures },
      {
        ...base,
        case: { ...base.case, rows: 1e8, format: 'parquet', memoryLimitMb: 4096 },
        status: 'done',
        figures: {
          ...figures,
          verdict: { ...figures.verdict!, missed: ['device'], unexpected: ['income'] }
        }
      }
    ]
    const lines = resultsTable(results).split('\n')
    expect(lines[1]).toBe(
      '1e6   csv      default  1.25    2.50       800k    2.0    240 (252)    10.1/14.0/21.5       2.0   6/15     no drift, as planted'
    )
    expect(lines[2]).toContain('1e8   parquet  4096 MB')
    expect(lines[2]).toContain('missed [device] unexpected [income]')
    expect(lines[0]?.indexOf('scan s')).toBe(lines[1]?.indexOf('1.25'))
  })

  it('shows no throughput for a failed comparison and the reason for a skipped case', () => {
    const text = resultsTable([
      {
        ...base,
        status: 'done',
        figures: { ...figures, verdict: null, error: 'INTERNAL: worker stopped' }
      },
      { ...base, case: { ...base.case, rows: 1e8 }, status: 'skipped', reason: 'disk is short' }
    ])
    const lines = text.split('\n')
    expect(lines[1]).toMatch(/2\.50 +- +- +240/)
    expect(lines[1]).toContain('error: INTERNAL: worker stopped')
    expect(lines[2]).toBe('1e8   csv     default  skipped: disk is short')
  })
})

const validation: ValidateFigures = {
  validateSeconds: 3,
  checkSeconds: 1.5,
  aggregateSeconds: 1.25,
  samplesSeconds: 0.25,
  scanSeconds: 1.2,
  rowsPerSecond: 3_333_333,
  ratio: 2.5,
  startRssMb: 75,
  validatePeakRssMb: 410.2,
  processPeakRssMb: 420.7,
  loadAverage: [0.4, 1.1],
  outcome: {
    status: 'fail',
    counts: { pass: 27, fail: 3, error: 0, skipped: 0 },
    failed: ['temperature-plausible', 'device-known', 'age-sorted'],
    unexpected: [],
    sampleRows: 60
  }
}

describe('validationTable', () => {
  const one = {
    case: { rows: 1e7, format: 'parquet', variant: 'exported', workers: 1 },
    files: { reference: 'r.parquet', bytes: 1 }
  } as const

  it('prints the ratio, the check split into aggregates and samples, and whether it went as planned', () => {
    const lines = validationTable([{ ...one, status: 'done', figures: validation }]).split('\n')
    expect(lines[1]).toBe(
      '1e7   parquet  default  1.20    3.00        3.3M    2.5    1.50 (1.25 + 0.25)              410 (421)    1.1   27 pass, 3 fail, as planned'
    )
  })

  it('names the expectations whose status was not planned, and a failed validation', () => {
    const surprising = {
      ...validation,
      outcome: { ...validation.outcome!, unexpected: ['income-median'] }
    }
    const failed = {
      ...validation,
      checkSeconds: null,
      aggregateSeconds: null,
      samplesSeconds: null,
      outcome: null,
      error: 'FILE_NOT_FOUND: gone'
    }
    const lines = validationTable([
      { ...one, status: 'done', figures: surprising },
      { ...one, status: 'done', figures: failed }
    ]).split('\n')
    expect(lines[1]).toContain('unexpected [income-median]')
    expect(lines[2]).toMatch(/3\.00 +- +- +- \(- \+ -\)/)
    expect(lines[2]).toContain('error: FILE_NOT_FOUND: gone')
  })
})
