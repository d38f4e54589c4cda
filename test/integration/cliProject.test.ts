/**
 * `driftwatch run` and `driftwatch history` on a copy of the seed-weather project (its reference/ and drops/
 * folders, no driftwatch.yaml: the layout is inferred), in-process: the first run prints the three weeks'
 * verdicts, the same as Evidently's (7, 8 and 9 of 10 columns drifted), a second run does nothing, and the
 * history lists the three batches; `--fail-on-drift` turns their drift into exit 1, and a folder that is
 * not there exits 2 with a sentence.
 */
import { cpSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProjectHistory } from '../../src/shared/model'
import { SEED_WEATHER } from '../paths'
import { runCli, useTempFolder } from './harness'

const temp = useTempFolder('cli-project')
let project: string

beforeAll(() => {
  project = join(temp.root(), 'seed-weather')
  cpSync(join(SEED_WEATHER, 'reference'), join(project, 'reference'), { recursive: true })
  cpSync(join(SEED_WEATHER, 'drops'), join(project, 'drops'), { recursive: true })
  // The weeks landed in order: their modification times say so.
  for (const week of [1, 2, 3]) {
    const time = Date.UTC(2011, 1, 7 * week) / 1000
    utimesSync(join(project, 'drops', `week${week}.csv`), time, time)
  }
})

describe('driftwatch run and history on the seed-weather project', () => {
  it('the first run prints the three verdicts; a second does nothing', async () => {
    const first = await runCli(['run', project])
    expect(first.err).toContain('No driftwatch.yaml')
    expect(first.code).toBe(0)
    const lines = first.out.trim().split('\n')
    expect(lines.slice(0, 3)).toEqual([
      'week1.csv: drift in 7 of 10 columns; counts toward retraining.',
      'week2.csv: drift in 8 of 10 columns; counts toward retraining.',
      'week3.csv: drift in 9 of 10 columns; counts toward retraining.'
    ])
    expect(lines[3]).toMatch(
      /^3 batches processed: 3 drifted, 0 with invalid data, 0 could not be processed\./
    )

    const second = await runCli(['run', project])
    expect(second.code).toBe(0)
    expect(second.out.trim()).toBe(`Nothing new in ${project}: every drop has been processed.`)
  }, 120_000)

  it('history lists the batches, as a table and as JSON', async () => {
    const table = await runCli(['history', project])
    expect(table.code).toBe(0)
    expect(table.out).toMatch(/week1\.csv .* done .* 165 .* (pass|warning) .* DRIFT 7\/10/)
    const json = await runCli(['history', project, '--json', '-'])
    const history = JSON.parse(json.out) as ProjectHistory
    expect(history.batches.map((b) => b.name)).toEqual(['week1.csv', 'week2.csv', 'week3.csv'])
    expect(history.columns.filter((c) => c.column === 'temp').every((c) => c.drifted)).toBe(true)
  }, 60_000)

  it('--fail-on-drift exits 1 when a new batch drifted; a missing folder exits 2', async () => {
    const copy = join(temp.root(), 'again')
    cpSync(project, copy, { recursive: true, filter: (src) => !src.includes('.driftwatch') })
    const gated = await runCli(['run', copy, '--fail-on-drift', '--quiet'])
    expect(gated.code).toBe(1)
    const missing = await runCli(['run', join(temp.root(), 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/nope/)
  }, 120_000)
})
