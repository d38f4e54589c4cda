/**
 * Reads the golden reference vectors (../shared/golden by default; the folder named by GOLDEN_DIR when set,
 * so that any vector set with the same layout runs through the same tests) and compares numbers the way
 * their README says: |actual − expected| ≤ rtol·|expected| + atol.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

/** The repository root, found from this file's own location (test/golden.ts). */
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))

export type GoldenCase<I, P, E> = Readonly<{
  id: string
  note?: string
  inputs: I
  params: P
  expected: E
}>

export type GoldenFile<I, P, E> = Readonly<{
  tolerance?: Readonly<Record<string, unknown>>
  cases: readonly GoldenCase<I, P, E>[]
}>

/** The folder holding the golden vectors: GOLDEN_DIR when set, otherwise <repo>/../shared/golden. */
export function goldenDir(): string {
  return process.env['GOLDEN_DIR'] ?? resolve(REPO_ROOT, '..', 'shared', 'golden')
}

const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY
}

/** Parses one golden file, turning the markers "NaN", "Infinity" and "-Infinity" into numbers. */
export function loadGolden<I, P = Record<string, unknown>, E = Record<string, unknown>>(
  file: string
): GoldenFile<I, P, E> {
  const text = readFileSync(resolve(goldenDir(), file), 'utf8')
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' && value in NON_FINITE ? NON_FINITE[value] : value
  ) as GoldenFile<I, P, E>
}

/** The expected values of probability_distances.json for one pair of distributions p and q. */
export type ProbabilityDistancesExpected = Readonly<{
  p_normalized: number[]
  q_normalized: number[]
  js_distance_base_e: number
  js_distance_base_2: number
  kl_pq_base_e: number
  kl_pq_base_2: number
  kl_qp_base_e: number
  hellinger: number
  total_variation: number
}>

/** probability_distances.json: pairs of distributions p and q (counts or shares) and NumPy/SciPy's distances. */
export function loadProbabilityDistances(): GoldenFile<
  { p: number[]; q: number[] },
  Record<string, never>,
  ProbabilityDistancesExpected
> {
  return loadGolden('probability_distances.json')
}

export const RTOL_CLOSED_FORM = 1e-9
export const RTOL_PVALUE = 1e-6
export const ATOL = 1e-12

/** Whether actual is within rtol·|expected| + atol of expected; NaN matches NaN, ∞ matches the same ∞. */
export function isClose(actual: number, expected: number, rtol: number, atol = ATOL): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual)
  if (!Number.isFinite(expected)) return actual === expected
  return Math.abs(actual - expected) <= rtol * Math.abs(expected) + atol
}

/** Fails the current test, naming `label`, unless actual is close to expected by {@link isClose}. */
export function expectClose(
  actual: number,
  expected: number,
  tolerance: Readonly<{ rtol: number; atol?: number }>,
  label: string
): void {
  const close = isClose(actual, expected, tolerance.rtol, tolerance.atol ?? ATOL)
  expect(
    close,
    `${label}: got ${actual}, expected ${expected} (rtol ${tolerance.rtol}, atol ${tolerance.atol ?? ATOL})`
  ).toBe(true)
}

/** {@link expectClose} for every element, after checking that the lengths agree. */
export function expectAllClose(
  actual: readonly number[],
  expected: readonly number[],
  tolerance: Readonly<{ rtol: number; atol?: number }>,
  label: string
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length)
  expected.forEach((e, i) => expectClose(actual[i] as number, e, tolerance, `${label}[${i}]`))
}
