import { describe, expect, it } from 'vitest'
import { expectClose, loadGolden, RTOL_CLOSED_FORM } from '../../../test/golden'
import { rocAuc } from './rocAuc'

const golden = loadGolden<
  { y_true: number[]; y_pred: number[]; y_score: number[] },
  Record<string, unknown>,
  { roc_auc: number }
>('classification_binary.json')

describe('rocAuc against scikit-learn roc_auc_score', () => {
  it.each(golden.cases.map((c) => [`${c.id} (${c.note ?? ''})`, c] as const))('%s', (_name, c) => {
    expectClose(
      rocAuc(c.inputs.y_true, c.inputs.y_score),
      c.expected.roc_auc,
      { rtol: RTOL_CLOSED_FORM },
      'roc_auc'
    )
  })
})

describe('rocAuc', () => {
  it('counts ties across the classes as one half', () => {
    // Pairs (positive, negative): 0.5 vs 0.5 tie, 0.5 vs 0.1 win, 0.9 vs both win: (0.5 + 3) / 4.
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1])).toBe(0.875)
    expect(rocAuc([0, 1, 0, 1], [1, 1, 1, 1])).toBe(0.5)
  })

  it('is 1 − AUC when the scores are reversed, and handles infinite scores', () => {
    const labels = [0, 1, 1, 0, 1, 0, 0]
    const scores = [0.3, 0.2, 0.9, 0.3, -Infinity, Infinity, 0.1]
    expect(
      rocAuc(
        labels,
        scores.map((s) => -s)
      )
    ).toBeCloseTo(1 - rocAuc(labels, scores), 15)
  })

  it('refuses a single class, other labels, NaN scores and mismatched lengths', () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(
      'rocAuc requires at least one positive and one negative label'
    )
    expect(() => rocAuc([0, 2], [0.2, 0.3])).toThrow('rocAuc requires labels 0 and 1')
    expect(() => rocAuc([0, 1], [0.2, Number.NaN])).toThrow(
      'rocAuc requires scores that are numbers (not NaN)'
    )
    expect(() => rocAuc([0, 1], [0.2])).toThrow('rocAuc requires one score per label')
  })
})
