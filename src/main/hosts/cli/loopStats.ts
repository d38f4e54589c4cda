/**
 * `driftwatch serve --loop-stats`: how responsive the main thread stayed while each comparison ran. The
 * event-loop delay histogram (perf_hooks.monitorEventLoopDelay, a 10 ms timer) is reset when a job's first
 * event arrives and read when its `job:finished` event does; one line per job goes to `write`. Each sample
 * is the time between two ticks of the timer, so an idle loop reads about 10 ms and a 25 ms stall reads
 * about 35 ms, as in the comparison benchmark. Beside it, the loop's utilisation over the same time
 * (performance.eventLoopUtilization: the share of the time it was running callbacks rather than waiting):
 * a small utilisation with long delays means the thread was kept waiting for a core, not busy itself.
 *
 * @example
 * // loop: job 5f0c… done: event-loop delay p50 10.1 ms, p99 12.4 ms, max 19.8 ms over 41.2 s (4012 samples), utilisation 0.4%
 */
import { type EventLoopUtilization, monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { Backend } from '../../backend'

/** The timer's period, in ms. */
export const LOOP_RESOLUTION_MS = 10

/** The figures of one job, as printed. */
export type LoopFigures = Readonly<{
  jobId: string
  outcome: string
  p50Ms: number
  p99Ms: number
  maxMs: number
  seconds: number
  samples: number
  /** The share of the time the loop ran callbacks, in percent. */
  utilisationPercent: number
}>

/** The line printed for a job; the benchmark reads it back with {@link parseLoopLine}. */
export function formatLoopLine(f: LoopFigures): string {
  return `loop: job ${f.jobId} ${f.outcome}: event-loop delay p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, max ${f.maxMs.toFixed(1)} ms over ${f.seconds.toFixed(1)} s (${f.samples} samples), utilisation ${f.utilisationPercent.toFixed(1)}%`
}

/** The figures of a line written by {@link formatLoopLine}, or null for any other line. */
export function parseLoopLine(line: string): LoopFigures | null {
  const match =
    /^loop: job (\S+) (\w+): event-loop delay p50 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms over ([\d.]+) s \((\d+) samples\), utilisation ([\d.]+)%$/.exec(
      line.trim()
    )
  if (!match) return null
  return {
    jobId: match[1] as string,
    outcome: match[2] as string,
    p50Ms: Number(match[3]),
    p99Ms: Number(match[4]),
    maxMs: Number(match[5]),
    seconds: Number(match[6]),
    samples: Number(match[7]),
    utilisationPercent: Number(match[8])
  }
}

/** Starts measuring; returns a function that stops. One job is measured at a time (the first to start). */
export function watchLoopDelay(
  backend: Pick<Backend, 'on'>,
  write: (line: string) => void
): () => void {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
  histogram.enable()
  let running: { jobId: string; started: number; utilisation: EventLoopUtilization } | null = null
  const begin = (jobId: string): void => {
    if (running !== null) return
    histogram.reset()
    running = {
      jobId,
      started: performance.now(),
      utilisation: performance.eventLoopUtilization()
    }
  }
  const offProgress = backend.on('job:progress', (p) => begin(p.jobId))
  const offPartial = backend.on('job:partial', (p) => begin(p.jobId))
  const offFinished = backend.on('job:finished', (f) => {
    if (running?.jobId !== f.jobId) return
    const ms = (ns: number): number => ns / 1e6
    write(
      formatLoopLine({
        jobId: f.jobId,
        outcome: f.outcome,
        p50Ms: ms(histogram.percentile(50)),
        p99Ms: ms(histogram.percentile(99)),
        maxMs: ms(histogram.max),
        seconds: (performance.now() - running.started) / 1000,
        samples: histogram.count,
        utilisationPercent: performance.eventLoopUtilization(running.utilisation).utilization * 100
      })
    )
    running = null
  })
  return () => {
    offProgress()
    offPartial()
    offFinished()
    histogram.disable()
  }
}
