/** p / Σp, refusing empty, negative or all-zero inputs with a message naming the caller. O(k). */
export function normalize(values: readonly number[], caller: string): number[] {
  if (values.length === 0) throw new Error(`${caller} requires at least one category`)
  let total = 0
  for (const v of values) {
    if (!(v >= 0)) throw new Error(`${caller} requires non-negative probabilities or counts`)
    total += v
  }
  if (!(total > 0)) throw new Error(`${caller} requires a distribution with a positive total`)
  return values.map((v) => v / total)
}

/** x·ln(x/y) with 0·ln(0/y) = 0 and +∞ where x > 0 = y (SciPy's `rel_entr`). */
export function relativeEntropyTerm(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y)
  if (x === 0 && y >= 0) return 0
  return Number.POSITIVE_INFINITY
}

export function checkSameLength(p: readonly number[], q: readonly number[], caller: string): void {
  if (p.length !== q.length) {
    throw new Error(`${caller} requires two distributions over the same categories`)
  }
}
