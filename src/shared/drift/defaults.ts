/** Defaults of the drift options, shared by the engine, the CLI's help and the options screen. */

/** Rule 'share': dataset drift when at least this share of the tested columns drifted (Evidently's). */
export const DEFAULT_DRIFT_SHARE = 0.5
/** Rules 'bonferroni' and 'bh': the family-wise error rate or false discovery rate. */
export const DEFAULT_ALPHA = 0.05
/** Seed of every random draw (samples, permutations, splits). */
export const DEFAULT_SEED = 42
/**
 * Rows drawn from each side for the multivariate checks. The MMD test holds the pooled kernel matrix
 * ((2n)² doubles: 32 MB at 1000) and each permutation walks it, so this bounds both memory and time.
 */
export const DEFAULT_MULTIVARIATE_SAMPLE = 1000
/** Permutations of the multivariate MMD test (the p-value's resolution is 1/(1 + permutations)). */
export const DEFAULT_MULTIVARIATE_PERMUTATIONS = 100
