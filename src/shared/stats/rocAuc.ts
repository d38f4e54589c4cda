/**
 * Area under the ROC curve of scores for binary labels (1 = positive): the probability that a random
 * positive scores higher than a random negative, a tie counting ½. This equals the trapezoidal area under
 * the ROC curve (scikit-learn's `roc_auc_score`) and the Mann–Whitney U of the positives divided by
 * n₁·n₀, which is how it is computed here: from the midranks of the pooled scores,
 * AUC = (R₁ − n₁(n₁ + 1)/2) / (n₁ n₀). 0.5 means the scores do not separate the classes.
 *
 * Reference: Hanley & McNeil, "The meaning and use of the area under a ROC curve", Radiology 143 (1982);
 * Fawcett, "An introduction to ROC analysis", Pattern Recognit. Lett. 27 (2006). O(n log n).
 *
 * @example rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number {
  const n = labels.length
  if (scores.length !== n) {
    throw new Error('rocAuc requires one score per label')
  }
  let positives = 0
  for (const y of labels) {
    if (y === 1) positives += 1
    else if (y !== 0) throw new Error('rocAuc requires labels 0 and 1')
  }
  const negatives = n - positives
  if (positives === 0 || negatives === 0) {
    throw new Error('rocAuc requires at least one positive and one negative label')
  }
  if (scores.some((s) => Number.isNaN(s))) {
    throw new Error('rocAuc requires scores that are numbers (not NaN)')
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const sa = scores[a] as number
    const sb = scores[b] as number
    return sa < sb ? -1 : sa > sb ? 1 : 0
  })
  let rankSumPositives = 0
  let start = 0
  while (start < n) {
    let end = start + 1
    const value = scores[order[start] as number] as number
    while (end < n && scores[order[end] as number] === value) end += 1
    // Ranks start + 1 … end share their mean.
    const midrank = (start + 1 + end) / 2
    for (let k = start; k < end; k += 1) {
      if (labels[order[k] as number] === 1) rankSumPositives += midrank
    }
    start = end
  }
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives)
}
