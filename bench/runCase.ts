/**
 * One benchmark case, alone in its own process so that the peak RSS is this case's: a full comparison
 * through the public backend API (createBackend + runComparison, default options), then a bare DuckDB scan
 * of the same two files in the same process. The comparison runs first so that its peak RSS is read before
 * the scan can raise it; the orchestrator has already read both files once, so both find them in the OS
 * page cache.
 *
 * The main thread's event-loop delay is sampled (monitorEventLoopDelay, 10 ms resolution) only while the
 * comparison runs. Each sample is the time between two timer ticks, so an idle loop reads about 10 ms.
 *
 * Started by compare.bench.ts with the case as JSON in argv[2]; sends one CaseFigures message back over IPC.
 *
 * @example node --import tsx bench/runCase.ts '{"rows":100000,"format":"csv",...}'
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { runComparison } from '../src/main/runComparison'
import { caseBackend, caseStart, peakRssMb, scanFigures, serveCase } from './caseProcess'
import type { BenchCase, CaseFigures, LoopDelay } from './benchCase'
import { PLANTED_DRIFT } from './generate'

/** Sampling interval of the event-loop delay histogram, in milliseconds. */
export const LOOP_DELAY_RESOLUTION_MS = 10

function loopDelay(histogram: ReturnType<typeof monitorEventLoopDelay>): LoopDelay {
  const ms = (ns: number): number => (Number.isFinite(ns) ? ns / 1e6 : 0)
  return {
    resolutionMs: LOOP_DELAY_RESOLUTION_MS,
    samples: histogram.count,
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max)
  }
}

/** Runs the case: comparison, then bare scan. */
export async function runCase(spec: BenchCase): Promise<CaseFigures> {
  const { startRssMb, loadBefore } = caseStart()
  const histogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS })
  const started = performance.now()
  histogram.enable()
  const backend = caseBackend(spec)
  let outcome: Awaited<ReturnType<typeof runComparison>>
  try {
    outcome = await runComparison(backend, {
      reference: spec.reference,
      current: spec.current,
      options: {}
    })
  } finally {
    histogram.disable()
  }
  const compareSeconds = (performance.now() - started) / 1000
  const comparePeakRssMb = peakRssMb()
  await backend.dispose()

  const figures = {
    compareSeconds,
    startRssMb,
    comparePeakRssMb,
    loopDelay: loopDelay(histogram),
    ...(await scanFigures(spec.format, [spec.reference, spec.current], spec, {
      seconds: compareSeconds,
      rows: 2 * spec.rows,
      loadBefore
    }))
  }
  if (!outcome.ok) {
    return {
      ...figures,
      engineSeconds: null,
      verdict: null,
      error: `${outcome.error.code}: ${outcome.error.message}`
    }
  }
  const report = outcome.value
  const drifted = report.columns.filter((c) => c.drifted).map((c) => c.column)
  return {
    ...figures,
    engineSeconds: report.durationMs / 1000,
    verdict: {
      datasetDrifted: report.dataset.drifted,
      numberOfDrifted: report.dataset.numberOfDrifted,
      numberOfColumns: report.dataset.numberOfColumns,
      drifted,
      missed: PLANTED_DRIFT.filter((c) => !drifted.includes(c)),
      unexpected: drifted.filter((c) => !PLANTED_DRIFT.includes(c))
    }
  }
}

await serveCase(import.meta.url, runCase)
