/**
 * Staged tables that hold a large share of DuckDB's memory limit are compressed (compactIfLarge in
 * compare.ts): they then take a fraction of the memory, keep every row in its place (row numbers are
 * rowid + 1), and a comparison run that way reports exactly what one with room to spare reports, sample
 * rows and their numbers included. Real DuckDB, real files: a 48 MB memory limit stands in for a machine
 * whose files are larger than its memory.
 */
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '../../src/shared/model'
import {
  COMPACT_SHARE,
  compactIfLarge,
  runCompare,
  stageOrExplain
} from '../../src/main/engine/compare'
import { openSource } from '../../src/main/engine/sources'
import { sizeInBytes, toNumber } from '../../src/main/engine/sql'
import { seededRandom } from '../../src/shared/stats/random'
import { comparableReport, expectSame } from '../nearlyEqual'
import { useTempFolder } from './harness'

const temp = useTempFolder('compaction')
const ROWS = 400_000
const CATEGORIES = ['north', 'south', 'east', 'west', 'centre']
let reference: string
let current: string
/** A memory limit the staged reference exceeds a quarter of; one it does not. */
let tight: DuckDBInstance
let roomy: DuckDBInstance

/** `ROWS` rows: an id, an amount, a category, a score; the current side shifted, with 30 absurd amounts. */
function rows(seed: number, shift: number, corrupt: boolean): unknown[][] {
  const random = seededRandom(seed).next
  const out: unknown[][] = []
  for (let i = 0; i < ROWS; i++) {
    const amount = Math.round((50 + 20 * random() + shift) * 100) / 100
    out.push([
      i + 1,
      corrupt && i % 10_000 === 7 ? 999999999 : amount,
      CATEGORIES[Math.floor(random() * CATEGORIES.length)],
      Math.round(random() * 1e6) / 1e3
    ])
  }
  return out
}

beforeAll(async () => {
  const header = ['id', 'amount', 'region', 'score']
  reference = temp.csv('reference.csv', header, rows(1, 0, false))
  current = temp.csv('current.csv', header, rows(2, 3, true))
  // Spilled blocks go to the test's folder, not to DuckDB's default (.tmp in the working folder).
  const spill = { temp_directory: temp.path('spill') }
  tight = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '48MB', ...spill })
  roomy = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '4GB', ...spill })
})
afterAll(() => {
  tight.closeSync()
  roomy.closeSync()
})

/** The bytes the instance's tables hold, in memory and spilled. */
async function heldBytes(instance: DuckDBInstance): Promise<number> {
  const connection = await instance.connect()
  try {
    const row = (
      await connection.runAndReadAll(
        `SELECT sum(memory_usage_bytes + temporary_storage_bytes) AS held FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'`
      )
    ).getRowObjectsJson()[0]
    return toNumber(row?.['held'])
  } finally {
    connection.closeSync()
  }
}

/** Stages the reference in `instance`; returns an order-sensitive digest of its rows and their rowids. */
async function stageReference(instance: DuckDBInstance): Promise<string> {
  const connection = await instance.connect()
  try {
    const source = await openSource(connection, reference, 'dw_test_view')
    const table = await stageOrExplain(connection, source, 'dw_test_stage')
    const digest = (
      await connection.runAndReadAll(
        `SELECT count(*) AS n, bit_xor(hash(rowid, id, amount, region, score)) AS digest,
           min(id) FILTER (WHERE rowid = 0) AS first_id, max(id) FILTER (WHERE rowid = ${ROWS - 1}) AS last_id
         FROM "${table}"`
      )
    ).getRowObjectsJson()[0]
    return JSON.stringify(digest)
  } finally {
    connection.closeSync()
  }
}

async function compare(instance: DuckDBInstance): Promise<Report> {
  const connection = await instance.connect()
  try {
    return await runCompare(
      connection,
      {
        reportId: 'compaction',
        reference,
        current,
        options: {},
        appVersion: 'test',
        validation: { isEnabled: true, source: { kind: 'inferred', from: reference } }
      },
      { progress: () => undefined, isCancelled: () => false, connect: () => instance.connect() }
    )
  } finally {
    connection.closeSync()
  }
}

describe('staged tables near the memory limit', () => {
  it('are compressed, every row kept in its place', async () => {
    const inTight = await stageReference(tight)
    const inRoomy = await stageReference(roomy)
    expect(inTight).toBe(inRoomy)
    expect(JSON.parse(inTight)).toMatchObject({
      n: String(ROWS),
      first_id: '1',
      last_id: String(ROWS)
    })
    const roomyHeld = await heldBytes(roomy)
    const tightHeld = await heldBytes(tight)
    // Uncompressed, the table is over a quarter of the tight limit; compressed, a fraction of its size.
    expect(roomyHeld).toBeGreaterThan(COMPACT_SHARE * 48 * 2 ** 20)
    expect(tightHeld).toBeLessThan(roomyHeld / 3)
  })

  it('are left as they are while they hold less than a quarter of the limit', async () => {
    const connection = await roomy.connect()
    try {
      const limit = (
        await connection.runAndReadAll(`SELECT current_setting('memory_limit') AS m`)
      ).getRowObjectsJson()[0]?.['m']
      expect(await heldBytes(roomy)).toBeLessThan(COMPACT_SHARE * (sizeInBytes(String(limit)) ?? 0))
      expect(await compactIfLarge(connection)).toBe(false)
    } finally {
      connection.closeSync()
    }
  })

  it('give a comparison the report it gives with memory to spare, sample rows and their numbers included', async () => {
    const inTight = await compare(tight)
    const inRoomy = await compare(roomy)
    expectSame(comparableReport(inTight), comparableReport(inRoomy), 'report')
    const amount = inTight.validation?.result.results.find(
      (r) => r.status === 'fail' && r.column === 'amount' && (r.samples?.length ?? 0) > 0
    )
    expect(amount?.samples?.map((r) => r.row).slice(0, 3)).toEqual([8, 10_008, 20_008])
  })
})
