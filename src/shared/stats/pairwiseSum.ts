/** Below this many values the sum is a plain loop with eight interleaved partial sums (NumPy's block). */
const BLOCK = 128
const UNROLL = 8

/**
 * Sum of the values in NumPy's order of operations (pairwise summation), so that means and variances
 * reproduce `numpy.sum` / `numpy.mean` / `numpy.std` bit for bit, not just to a few ulps. This matters where
 * a result goes through `ceil`, as histogram bin counts do.
 *
 * Fewer than 8 values are added left to right; up to 128 values are added into 8 interleaved partial sums
 * combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the remainder; larger inputs are
 * split in two at a multiple of 8 below the middle and the halves summed recursively. The rounding error
 * grows as O(log n) instead of O(n).
 *
 * Reference: Higham, "The accuracy of floating point summation", SIAM J. Sci. Comput. 14(4), 1993; NumPy
 * `pairwise_sum` in `loops_utils.h`. O(n).
 *
 * @example pairwiseSum([0.1, 0.2, 0.3]) // 0.6000000000000001
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, end = values.length): number {
  const n = end - start
  if (n < UNROLL) {
    let total = 0
    for (let i = start; i < end; i += 1) total += values[i] as number
    return total
  }
  if (n <= BLOCK) {
    let r0 = values[start] as number
    let r1 = values[start + 1] as number
    let r2 = values[start + 2] as number
    let r3 = values[start + 3] as number
    let r4 = values[start + 4] as number
    let r5 = values[start + 5] as number
    let r6 = values[start + 6] as number
    let r7 = values[start + 7] as number
    const whole = start + (n - (n % UNROLL))
    let i = start + UNROLL
    for (; i < whole; i += UNROLL) {
      r0 += values[i] as number
      r1 += values[i + 1] as number
      r2 += values[i + 2] as number
      r3 += values[i + 3] as number
      r4 += values[i + 4] as number
      r5 += values[i + 5] as number
      r6 += values[i + 6] as number
      r7 += values[i + 7] as number
    }
    const low = r0 + r1 + (r2 + r3)
    const high = r4 + r5 + (r6 + r7)
    let total = low + high
    for (; i < end; i += 1) total += values[i] as number
    return total
  }
  let half = Math.floor(n / 2)
  half -= half % UNROLL
  return pairwiseSum(values, start, start + half) + pairwiseSum(values, start + half, end)
}
