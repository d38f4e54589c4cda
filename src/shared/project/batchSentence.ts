/**
 * One sentence for a batch, as the overview, the CLI, logs and notifications say it: the gate, then the
 * drift verdict, or why the batch is not done.
 *
 * @example batchSentence(batch) // 'week2.csv: drift in 8 of 10 columns; counts toward retraining.'
 */
import type { BatchRecord } from '../model'

export function batchSentence(batch: BatchRecord): string {
  const r = batch.result
  if (r === undefined) {
    if (batch.status === 'failed')
      return `${batch.name}: could not be processed (${batch.reason ?? 'no reason given'}).`
    if (batch.status === 'running') return `${batch.name}: being processed.`
    return batch.retryAt === undefined
      ? `${batch.name}: queued.`
      : `${batch.name}: queued again after a failure (${batch.reason ?? 'no reason given'}).`
  }
  const drift = r.drifted
    ? `drift in ${r.driftedColumns} of ${r.testedColumns} columns`
    : `no drift (${r.driftedColumns} of ${r.testedColumns} columns drifted)`
  if (r.gate === 'invalid') {
    return `${batch.name}: data invalid, so its ${drift} is unreliable; fix the data first.`
  }
  return `${batch.name}: ${drift}${r.countsTowardRetraining ? '; counts toward retraining' : ''}.`
}
