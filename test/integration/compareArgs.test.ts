/**
 * Two of a comparison's arguments that change how it runs, never what it reports. A reference kept between
 * comparisons (`keepReference`, as a project asks for every batch): the second comparison against the
 * unchanged file uses the reference as read for the first and reports exactly what reading it again
 * reports; a reference changed meanwhile is read again. A comparison held to one thread (`threads`, as
 * one started from a window on two cores) reports what one on every thread does. Real DuckDB, real files.
 */
import { appendFileSync, copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '../../src/shared/model'
import { runCompare } from '../../src/main/engine/compare'
import { comparableReport, expectSame } from '../nearlyEqual'
import { WEATHER_REFERENCE, weatherWeek } from '../paths'
import { useTempFolder } from './harness'

const temp = useTempFolder('kept-reference')
let instance: DuckDBInstance
let reference: string

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '2' })
  reference = join(temp.root(), 'reference.csv')
  copyFileSync(WEATHER_REFERENCE, reference)
})
afterAll(() => {
  instance.closeSync()
})

/** Compares week `n` with the reference; returns the report and the progress messages. */
async function compare(
  n: 1 | 2 | 3,
  keepReference: boolean,
  threads?: number
): Promise<{ report: Report; messages: string[] }> {
  const messages: string[] = []
  const connection = await instance.connect()
  try {
    const report = await runCompare(
      connection,
      {
        reportId: `week${n}`,
        reference,
        current: weatherWeek(n),
        options: {},
        appVersion: 'test',
        keepReference,
        ...(threads === undefined ? {} : { threads })
      },
      {
        progress: (_phase, _done, _total, message) => messages.push(message),
        isCancelled: () => false,
        connect: () => instance.connect()
      }
    )
    return { report, messages }
  } finally {
    connection.closeSync()
  }
}

const KEPT = /as read for the previous comparison/

describe('a reference kept between comparisons', () => {
  it('is read once and gives the reports that reading it each time gives', async () => {
    const first = await compare(1, true)
    expect(first.messages.some((m) => KEPT.test(m))).toBe(false)
    const second = await compare(2, true)
    expect(second.messages.some((m) => KEPT.test(m))).toBe(true)
    const third = await compare(3, true)
    expect(third.messages.some((m) => KEPT.test(m))).toBe(true)

    const fresh = await compare(2, false)
    expect(fresh.messages.some((m) => KEPT.test(m))).toBe(false)
    expectSame(comparableReport(second.report), comparableReport(fresh.report), 'week 2')
    expectSame(
      comparableReport(third.report),
      comparableReport((await compare(3, false)).report),
      'week 3'
    )
  })

  it('is read again once the file changed', async () => {
    await compare(1, true)
    const before = (await compare(1, true)).report.inputs.reference
    // Twenty more rows: a new size, modification time and hash.
    const lines = readFileSync(reference, 'utf8').trimEnd().split('\n')
    appendFileSync(reference, `${lines.slice(1, 21).join('\n')}\n`)
    const after = await compare(1, true)
    expect(after.messages.some((m) => KEPT.test(m))).toBe(false)
    expect(after.report.inputs.reference.rows).toBe(before.rows + 20)
    expect(after.report.inputs.reference.sha256).not.toBe(before.sha256)
    const again = await compare(1, true)
    expect(again.messages.some((m) => KEPT.test(m))).toBe(true)
    expect(again.report.inputs.reference).toEqual(after.report.inputs.reference)
  })
})

describe('a comparison held to one thread', () => {
  it('reports what a comparison on every thread reports', async () => {
    const one = await compare(3, false, 1)
    const every = await compare(3, false)
    expectSame(comparableReport(one.report), comparableReport(every.report), 'week 3')
  })
})
