/**
 * One validation benchmark case, alone in its own process so that the peak RSS is this case's: the
 * benchmark's suite of 30 expectations (validationSuite.ts) checked against one generated file through the
 * public backend API (createBackend + `validate:run`, the calls `driftwatch validate` makes), then a bare
 * DuckDB scan of the same file in the same process. The validation runs first so that its peak RSS is read
 * before the scan can raise it; the orchestrator has already read the file once, so both find it in the OS
 * page cache.
 *
 * Started by validate.bench.ts with the case as JSON in argv[2]; sends one ValidateFigures message back over
 * IPC.
 *
 * @example node --import tsx bench/runValidateCase.ts '{"rows":100000,"format":"csv",...}'
 */
import { caseBackend, caseStart, peakRssMb, scanFigures, serveCase } from './caseProcess'
import type { ValidateCase, ValidateFigures } from './validateCase'
import { benchmarkSuite, FAILING_EXPECTATIONS } from './validationSuite'

/** Runs the case: validation, then bare scan. */
export async function runValidateCase(spec: ValidateCase): Promise<ValidateFigures> {
  const { startRssMb, loadBefore } = caseStart()
  const suite = benchmarkSuite(spec.rows)
  const started = performance.now()
  const backend = caseBackend(spec)
  const outcome = await backend.call('validate:run', { file: backend.grant(spec.file), suite })
  const validateSeconds = (performance.now() - started) / 1000
  const validatePeakRssMb = peakRssMb()
  await backend.dispose()

  const figures = {
    validateSeconds,
    startRssMb,
    validatePeakRssMb,
    ...(await scanFigures(spec.format, [spec.file], spec, {
      seconds: validateSeconds,
      rows: spec.rows,
      loadBefore
    }))
  }
  if (!outcome.ok) {
    return {
      ...figures,
      checkSeconds: null,
      aggregateSeconds: null,
      samplesSeconds: null,
      outcome: null,
      error: `${outcome.error.code}: ${outcome.error.message}`
    }
  }
  const { validation } = outcome.value
  const planned = (id: string): string => (FAILING_EXPECTATIONS.includes(id) ? 'fail' : 'pass')
  return {
    ...figures,
    checkSeconds: validation.durations.totalMs / 1000,
    aggregateSeconds: validation.durations.aggregateMs / 1000,
    samplesSeconds: validation.durations.samplesMs / 1000,
    outcome: {
      status: validation.status,
      counts: validation.counts,
      failed: validation.results.filter((r) => r.status === 'fail').map((r) => r.id),
      unexpected: validation.results.filter((r) => r.status !== planned(r.id)).map((r) => r.id),
      sampleRows: validation.results.reduce((sum, r) => sum + (r.samples?.length ?? 0), 0)
    }
  }
}

await serveCase(import.meta.url, runValidateCase)
