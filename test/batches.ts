/**
 * Project model values for unit tests: a batch (queued, done, failed), its result, a column result and a
 * project summary, each with plausible defaults that a test overrides where it matters.
 */
import type {
  BatchRecord,
  BatchResult,
  ColumnResult,
  ProjectConfig,
  ProjectSummary
} from '../src/shared/model'

export const SHA = '3f2a9c1b7d4e5f60718293a4b5c6d7e8f9011223344556677889900aabbccdd'

/** A processed batch's result: valid data, not drifted, 2 of 10 columns drifted unless overridden. */
export function batchResult(overrides: Partial<BatchResult> = {}): BatchResult {
  return {
    runId: 'run-3',
    finishedAt: '2024-05-20T08:01:00.000Z',
    rows: 1234,
    validation: 'pass',
    gate: 'valid',
    drifted: false,
    driftedColumns: 2,
    testedColumns: 10,
    countsTowardRetraining: false,
    ...overrides
  }
}

/** A batch `week3.csv` in `data/incoming`, done with `result` (or in the status the overrides give). */
export function batchRecord(overrides: Partial<BatchRecord> = {}): BatchRecord {
  return {
    id: 'batch-3',
    path: 'data/incoming/week3.csv',
    name: 'week3.csv',
    sha256: SHA,
    sizeBytes: 52_000,
    modifiedAt: '2024-05-20T07:59:00.000Z',
    arrivedAt: '2024-05-20T08:00:00.000Z',
    status: 'done',
    attempts: 1,
    result: batchResult(),
    ...overrides
  }
}

/** A drifted batch on valid data. */
export function driftedBatch(overrides: Partial<BatchResult> = {}): BatchRecord {
  return batchRecord({
    result: batchResult({
      drifted: true,
      driftedColumns: 4,
      countsTowardRetraining: true,
      ...overrides
    })
  })
}

/** A batch that could not be processed. */
export function failedBatch(reason = 'The file is empty (0 bytes).'): BatchRecord {
  const { result: _result, ...rest } = batchRecord({ status: 'failed', reason })
  return rest
}

/** One column's drift result. */
export function columnResult(overrides: Partial<ColumnResult> = {}): ColumnResult {
  return {
    batchId: 'batch-3',
    runId: 'run-3',
    column: 'temp',
    test: 'ks',
    scoreKind: 'p_value',
    score: 0.2,
    threshold: 0.05,
    drifted: false,
    ...overrides
  }
}

const CONFIG: ProjectConfig = {
  version: 1,
  reference: 'data/reference.csv',
  drops: [{ path: 'data/incoming', patterns: ['week*.csv'] }]
}

/** An open project `Churn` in `/projects/churn`, watching, with `latest` batches. */
export function projectSummary(overrides: Partial<ProjectSummary> = {}): ProjectSummary {
  return {
    folder: '/projects/churn',
    name: 'Churn',
    config: CONFIG,
    mode: 'watching',
    isDemo: false,
    counts: { queued: 0, running: 0, done: 3, failed: 0 },
    latest: [],
    ...overrides
  }
}
