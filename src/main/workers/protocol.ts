/**
 * Messages between the main thread and the DuckDB workers. Requests and replies carry sequence numbers;
 * every reply carries its duration so slow jobs can be logged. Only plain data crosses.
 */
import type { ComparePartial, JobPhase } from '../../shared/api'
import type { Result } from '../../shared/errors'
import type { ColumnInfo, DatasetInfo, Report } from '../../shared/model'
import type { BuildProfileArgs, CompareArgs } from '../engine/compare'
import type {
  PreviewFacts,
  PreviewPage,
  PreviewPageArgs,
  PreviewSourceArgs
} from '../engine/preview'
import type { InferArgs, InferOutcome, ValidateArgs, ValidateOutcome } from '../engine/validate'
import type { HistoryArgs } from '../project/history'

export type WorkerOps = {
  compare: { args: CompareArgs; result: Report }
  profile: { args: BuildProfileArgs; result: DatasetInfo }
  validate: { args: ValidateArgs; result: ValidateOutcome }
  infer: { args: InferArgs; result: InferOutcome }
  /** One action on a project's history database (its result depends on the action). */
  history: { args: HistoryArgs; result: unknown }
  /** SHA-256 of a file, streamed. */
  hash: { args: Readonly<{ path: string }>; result: Readonly<{ sha256: string }> }
  /** A file's columns as the engine reads them. */
  describe: { args: Readonly<{ path: string }>; result: readonly ColumnInfo[] }
  /** Opens a file for preview (a text file is read into the preview's table) and hashes it. */
  previewOpen: { args: PreviewSourceArgs; result: PreviewFacts }
  /** One page of a preview's rows, as Arrow IPC bytes (a Uint8Array: structured clone keeps it). */
  previewPage: { args: PreviewPageArgs; result: PreviewPage }
  /** Drops every preview table and detaches the preview database, before the worker stops. */
  previewDetach: { args: Readonly<Record<string, never>>; result: Readonly<{ detached: boolean }> }
  /** Drops a preview's table and filters. */
  previewClose: {
    args: Readonly<{ folder: string; table: string }>
    result: Readonly<{ dropped: boolean }>
  }
}

export type WorkerOpName = keyof WorkerOps

export type WorkerJob = { [K in WorkerOpName]: { op: K; args: WorkerOps[K]['args'] } }[WorkerOpName]

export type WorkerRequest =
  | ({ kind: 'run'; seq: number } & WorkerJob)
  | { kind: 'cancel'; seq: number }
  | { kind: 'shutdown' }

export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'reply'; seq: number; result: Result<unknown>; ms: number }
  | { kind: 'progress'; seq: number; phase: JobPhase; done: number; total: number; message: string }
  /** A comparison's result so far (schema, profiles, plan, validation, one column), before its reply. */
  | { kind: 'partial'; seq: number; partial: ComparePartial }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; text: string }

/** Settings a worker's DuckDB instance is created with. */
export type WorkerSettings = Readonly<{
  threads: number
  memoryLimitMb: number
  tempDirectory: string
}>
