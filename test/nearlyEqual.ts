/**
 * Deep equality for reports computed twice, e.g. from a stored profile and from the file.
 */
import { expect } from 'vitest'
import type { Report } from '../src/shared/model'

/**
 * Deep equality, with numbers equal to 1e-10 relative: DuckDB sums in parallel in no fixed order, so a
 * floating-point sum may differ in its last bit between any two runs, with or without a profile, and a far
 * tail p-value (1e-8 from a statistic of 44) magnifies that about a hundredfold.
 */
export function expectSame(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-10 * Math.abs(expected))
    return
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true)
    expect((actual as unknown[]).length, path).toBe(expected.length)
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`))
    return
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true)
    const a = actual as Record<string, unknown>
    const e = expected as Record<string, unknown>
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(e).sort())
    for (const key of Object.keys(e)) expectSame(a[key], e[key], `${path}.${key}`)
    return
  }
  expect(actual, path).toEqual(expected)
}

/**
 * What two runs of the same comparison must report alike, however they ran (a reference kept or read
 * again, one thread or every one, tables compacted or not): everything but the report's id and times,
 * and the validation's time and durations.
 */
export function comparableReport(report: Report): unknown {
  return {
    inputs: report.inputs,
    schema: report.schema,
    columns: report.columns,
    dataset: report.dataset,
    multivariate: report.multivariate,
    validation:
      report.validation === undefined
        ? undefined
        : (JSON.parse(
            JSON.stringify(report.validation, (key, value: unknown) =>
              key === 'durations' || key === 'evaluatedAt' ? undefined : value
            )
          ) as unknown),
    notes: report.notes
  }
}
