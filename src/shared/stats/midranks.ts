export type Midranks = Readonly<{
  /** ranks[i] is the rank of values[i] in 1..n; tied values share the mean of the ranks they span. */
  ranks: Float64Array
  /** The size of every group of equal values, in ascending order of the value (1 for an untied value). */
  tieSizes: number[]
}>

/**
 * Midranks (average ranks) of a sample: the values are ranked 1..n in ascending order and every group of
 * t equal values gets the mean of the t ranks it occupies, so the ranks always add up to n(n + 1)/2. The
 * rank tests (Mann–Whitney, Cramér–von Mises) use them to handle ties, and their tie corrections use the
 * group sizes, which come along.
 *
 * Reference: SciPy `scipy.stats.rankdata(method='average')`; Kendall & Gibbons, "Rank Correlation
 * Methods" (1990), §3. O(n log n).
 *
 * @example midranks([10, 20, 20, 30]).ranks // Float64Array [1, 2.5, 2.5, 4]
 */
export function midranks(values: ArrayLike<number>): Midranks {
  const n = values.length
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b)
  const ranks = new Float64Array(n)
  const tieSizes: number[] = []
  let start = 0
  while (start < n) {
    const value = values[order[start] as number] as number
    let end = start + 1
    while (end < n && values[order[end] as number] === value) end += 1
    // Ranks start + 1 .. end, whose mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2
    for (let i = start; i < end; i += 1) ranks[order[i] as number] = rank
    tieSizes.push(end - start)
    start = end
  }
  return { ranks, tieSizes }
}
