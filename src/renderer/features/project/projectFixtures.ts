/** A small project history for the renderer's tests: three weeks, two columns, the second week invalid. */
import type {
  BatchRecord,
  ColumnResult,
  ProjectHistory,
  ProjectSummary
} from '../../../shared/model'

export function fixtureBatch(n: number, extra: Partial<BatchRecord> = {}): BatchRecord {
  return {
    id: `b${n}`,
    path: `data-drift/week${n}.csv`,
    name: `week${n}.csv`,
    sha256: `${n}`.repeat(64),
    sizeBytes: 1000 * n,
    modifiedAt: `2024-01-0${n}T00:00:00.000Z`,
    arrivedAt: `2024-01-0${n}T00:00:01.000Z`,
    status: 'done',
    attempts: 1,
    result: {
      runId: `r${n}`,
      finishedAt: `2024-01-0${n}T00:00:02.000Z`,
      rows: 100 + n,
      validation: n === 2 ? 'fail' : 'pass',
      gate: n === 2 ? 'invalid' : 'valid',
      drifted: n !== 1,
      driftedColumns: n - 1,
      testedColumns: 2,
      countsTowardRetraining: n === 3
    },
    ...extra
  }
}

function cell(batch: number, column: string, score: number, drifted: boolean): ColumnResult {
  return {
    batchId: `b${batch}`,
    runId: `r${batch}`,
    column,
    test: column === 'city' ? 'jensenshannon' : 'ks',
    scoreKind: column === 'city' ? 'distance' : 'p_value',
    score,
    threshold: 0.1,
    drifted
  }
}

export function fixtureHistory(): ProjectHistory {
  return {
    folder: '/p',
    batches: [
      fixtureBatch(1),
      fixtureBatch(2),
      fixtureBatch(3),
      fixtureBatch(4, { status: 'failed', result: undefined, reason: 'it is empty' })
    ],
    columns: [
      cell(1, 'temp', 0.5, false),
      cell(1, 'city', 0.05, false),
      cell(2, 'temp', 0.001, true),
      cell(2, 'city', 0.05, false),
      cell(3, 'temp', 0.0001, true),
      cell(3, 'city', 0.4, true)
    ],
    events: []
  }
}

export function fixtureSummary(extra: Partial<ProjectSummary> = {}): ProjectSummary {
  return {
    folder: '/p',
    name: 'p',
    config: { version: 1, reference: 'ref.csv', drops: [{ path: 'data-drift' }] },
    mode: 'watching',
    isDemo: false,
    counts: { queued: 0, running: 0, done: 3, failed: 1 },
    latest: [fixtureBatch(3)],
    ...extra
  }
}
