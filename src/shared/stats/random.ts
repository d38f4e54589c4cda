import mt19937 from '@stdlib/random-base-mt19937'

/** A seeded source of uniform numbers in [0, 1) (53-bit resolution), and integers in [0, n). */
export type Random = Readonly<{
  /** Uniform in [0, 1). */
  next: () => number
  /** Uniform integer in [0, n). */
  integer: (n: number) => number
}>

/**
 * A deterministic pseudorandom generator: the 32-bit Mersenne Twister (MT19937) seeded with `seed`, so that
 * every sample, permutation and split in a report can be reproduced from the seed it states.
 *
 * Reference: Matsumoto & Nishimura, "Mersenne Twister", ACM TOMACS 8(1), 1998. O(1) per draw.
 *
 * @example seededRandom(42).next() // the same number on every run
 */
export function seededRandom(seed: number): Random {
  if (!Number.isInteger(seed) || seed < 0) {
    throw new Error('seededRandom requires a non-negative integer seed')
  }
  const generate = mt19937.factory({ seed: (seed % 4294967295) + 1 })
  // Two 32-bit draws make one double with 53 random bits (genrand_res53 of the reference implementation).
  const next = (): number => {
    const a = generate() >>> 5
    const b = generate() >>> 6
    return (a * 67108864 + b) / 9007199254740992
  }
  return {
    next,
    integer: (n: number) => Math.floor(next() * n)
  }
}

/**
 * Shuffles `values` in place by Fisher–Yates with the given generator, and returns it.
 *
 * Reference: Knuth, TAOCP vol. 2, Algorithm 3.4.2P. O(n).
 *
 * @example shuffleInPlace([1, 2, 3], seededRandom(1))
 */
export function shuffleInPlace<T>(values: T[], random: Random): T[] {
  for (let i = values.length - 1; i > 0; i -= 1) {
    const j = random.integer(i + 1)
    const t = values[i] as T
    values[i] = values[j] as T
    values[j] = t
  }
  return values
}
