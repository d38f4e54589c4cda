/**
 * The validation benchmark's suite: 30 well-formed expectations with distinct ids, spread over the
 * catalogue, and on a generated reference (real DuckDB, a real Parquet file in a temp folder) exactly the
 * three planned expectations fail, each with sample rows.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runValidate } from '../src/main/engine/validate'
import type { ValidationResult } from '../src/shared/model'
import { expectationProblems } from '../src/shared/validation/expectationProblems'
import { ensureDataset } from './generate'
import { benchmarkSuite, FAILING_EXPECTATIONS } from './validationSuite'

const ROWS = 20_000
let dir: string
let validation: ValidationResult

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'driftwatch-bench-'))
  const shape = { rows: ROWS, format: 'parquet', variant: 'exported' } as const
  const data = await ensureDataset(dir, shape, () => undefined, ['reference'])
  if (!data.ok) throw new Error(data.reason)
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' })
  const connection = await instance.connect()
  try {
    const outcome = await runValidate(
      connection,
      { file: data.paths.reference, suite: benchmarkSuite(ROWS) },
      { progress: () => undefined, isCancelled: () => false }
    )
    validation = outcome.validation
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('benchmarkSuite', () => {
  it('has 30 well-formed expectations with distinct ids', () => {
    const { expectations } = benchmarkSuite(ROWS)
    expect(expectations).toHaveLength(30)
    expect(new Set(expectations.map((e) => e.id)).size).toBe(30)
    for (const e of expectations) expect(expectationProblems(e, { isComplete: true })).toEqual([])
  })

  it('covers the catalogue but for the date and time kinds', () => {
    const kinds = new Set(benchmarkSuite(ROWS).expectations.map((e) => e.kind))
    expect(kinds.size).toBe(16)
    for (const missing of ['column_parseable_as_date', 'column_fresh', 'column_set_contains']) {
      expect(kinds.has(missing as never)).toBe(false)
    }
  })

  it('fails exactly the planned expectations on the generated reference, each with sample rows', () => {
    expect(validation.rows).toBe(ROWS)
    const failed = validation.results.filter((r) => r.status === 'fail')
    expect(failed.map((r) => r.id).sort()).toEqual([...FAILING_EXPECTATIONS].sort())
    for (const r of failed) expect(r.samples).toHaveLength(20)
    expect(validation.counts).toEqual({ pass: 27, fail: 3, error: 0, skipped: 0 })
  })
})
