import { describe, expect, it } from 'vitest'
import type { ColumnDrift } from '../../shared/model'
import { multipleTesting } from '../../shared/stats/multipleTesting'
import { datasetVerdict } from './verdict'

/** A tested column with a p-value test (KS), drifted by its own threshold 0.05 as the engine would. */
function pColumn(column: string, score: number | null): ColumnDrift {
  return {
    column,
    kind: 'numeric',
    status: 'tested',
    test: 'ks',
    scoreKind: 'p_value',
    score,
    threshold: 0.05,
    drifted: score !== null && score <= 0.05
  }
}

/** A tested column with a distance test (Wasserstein), drifted at 0.1 or more. */
function distanceColumn(column: string, score: number): ColumnDrift {
  return {
    column,
    kind: 'numeric',
    status: 'tested',
    test: 'wasserstein',
    scoreKind: 'distance',
    score,
    threshold: 0.1,
    drifted: score >= 0.1
  }
}

function untested(column: string): ColumnDrift {
  return { column, kind: 'numeric', status: 'not_tested', drifted: false, note: 'constant' }
}

const share = (driftShare: number) => ({ rule: 'share' as const, driftShare, alpha: 0.05 })

describe('datasetVerdict, share rule', () => {
  it('drifts when the share equals drift_share exactly (Evidently: share >= drift_share)', () => {
    const columns = [pColumn('a', 0.01), pColumn('b', 0.5)]
    const { dataset } = datasetVerdict(columns, share(0.5))
    expect(dataset.share).toBe(0.5)
    expect(dataset.drifted).toBe(true)
    expect(dataset.decision).toMatch(/1 of 2 columns drifted \(50%\).*so it has drifted/)
  })

  it('drifts at 3 of 10 with drift_share 0.3, and not at 2 of 10', () => {
    const at = (k: number) =>
      Array.from({ length: 10 }, (_, i) => pColumn(`c${i}`, i < k ? 0.001 : 0.9))
    expect(datasetVerdict(at(3), share(0.3)).dataset.drifted).toBe(true)
    expect(datasetVerdict(at(2), share(0.3)).dataset.drifted).toBe(false)
    expect(datasetVerdict(at(7), share(0.7)).dataset.drifted).toBe(true)
  })

  it('counts only tested columns', () => {
    const columns = [pColumn('a', 0.01), untested('b'), untested('c'), pColumn('d', 0.5)]
    const { dataset } = datasetVerdict(columns, share(0.5))
    expect(dataset.numberOfColumns).toBe(2)
    expect(dataset.numberOfDrifted).toBe(1)
    expect(dataset.drifted).toBe(true)
  })

  it('gives no verdict, and says why, when no column was tested', () => {
    const { dataset, columns } = datasetVerdict([untested('a'), untested('b')], share(0.5))
    expect(columns).toHaveLength(2)
    expect(dataset.numberOfColumns).toBe(0)
    expect(dataset.share).toBe(0)
    expect(dataset.drifted).toBe(false)
    expect(dataset.decision).toMatch(/No column could be tested/)
    expect(dataset.decision).toMatch(/note/)
    expect(dataset.alpha).toBeUndefined()
  })

  it('leaves the columns as they are (no adjusted score)', () => {
    const { columns } = datasetVerdict([pColumn('a', 0.01)], share(0.5))
    expect(columns[0]?.adjustedScore).toBeUndefined()
    expect(columns[0]?.drifted).toBe(true)
  })
})

describe('datasetVerdict, Bonferroni and Benjamini–Hochberg', () => {
  const pvalues = [0.001, 0.012, 0.02, 0.04, 0.6]
  const columns = pvalues.map((p, i) => pColumn(`c${i}`, p))

  for (const rule of ['bonferroni', 'bh'] as const) {
    it(`${rule}: adjusted scores and verdicts are multipleTesting's`, () => {
      const expected = multipleTesting(pvalues, 0.05, rule)
      const verdict = datasetVerdict(columns, { rule, driftShare: 0.5, alpha: 0.05 })
      expect(verdict.columns.map((c) => c.adjustedScore)).toEqual(expected.adjusted)
      expect(verdict.columns.map((c) => c.drifted)).toEqual(expected.reject)
      const rejected = expected.reject.filter(Boolean).length
      expect(verdict.dataset.numberOfDrifted).toBe(rejected)
      expect(verdict.dataset.rule).toBe(rule)
      expect(verdict.dataset.alpha).toBe(0.05)
      expect(verdict.dataset.drifted).toBe(rejected > 0)
      expect(verdict.dataset.excludedFromCorrection).toBeUndefined()
      expect(verdict.dataset.decision).toMatch(rule === 'bh' ? /Benjamini–Hochberg/ : /Bonferroni/)
      expect(verdict.dataset.decision).toMatch(/over 5 p-values/)
    })
  }

  it('the two rules disagree here: Bonferroni keeps 1, BH keeps 3 (of 4 below 0.05)', () => {
    const bonferroni = datasetVerdict(columns, { rule: 'bonferroni', driftShare: 0.5, alpha: 0.05 })
    const bh = datasetVerdict(columns, { rule: 'bh', driftShare: 0.5, alpha: 0.05 })
    expect(bonferroni.columns.map((c) => c.drifted)).toEqual([true, false, false, false, false])
    expect(bh.columns.map((c) => c.drifted)).toEqual([true, true, true, true, false])
    // Uncorrected, four columns drift by their own threshold; the share rule at 0.9 says no drift.
    expect(datasetVerdict(columns, share(0.9)).dataset.drifted).toBe(false)
  })

  it('a correction can clear a column that drifted by its own threshold', () => {
    const verdict = datasetVerdict([pColumn('a', 0.03), pColumn('b', 0.5)], {
      rule: 'bonferroni',
      driftShare: 0.5,
      alpha: 0.05
    })
    expect(verdict.columns[0]?.adjustedScore).toBeCloseTo(0.06, 15)
    expect(verdict.columns[0]?.drifted).toBe(false)
    expect(verdict.dataset.drifted).toBe(false)
    expect(verdict.dataset.decision).toMatch(/0 columns keep .*has not drifted/)
  })

  it('distance columns are left out of the family, named, and keep their own verdict', () => {
    const verdict = datasetVerdict(
      [pColumn('a', 0.01), distanceColumn('w', 0.4), pColumn('b', 0.02), untested('u')],
      { rule: 'bonferroni', driftShare: 0.5, alpha: 0.05 }
    )
    const expected = multipleTesting([0.01, 0.02], 0.05, 'bonferroni')
    expect(verdict.columns.map((c) => c.adjustedScore)).toEqual([
      expected.adjusted[0],
      undefined,
      expected.adjusted[1],
      undefined
    ])
    expect(verdict.dataset.excludedFromCorrection).toEqual(['w'])
    expect(verdict.columns[1]?.drifted).toBe(true)
    expect(verdict.dataset.numberOfColumns).toBe(3)
    expect(verdict.dataset.numberOfDrifted).toBe(2)
    expect(verdict.dataset.decision).toMatch(/over 2 p-values/)
    expect(verdict.dataset.decision).toMatch(/\(w\).*left out of the correction/)
  })

  it('without any p-value the rule cannot decide, and says what to do', () => {
    const verdict = datasetVerdict([distanceColumn('w', 0.4), distanceColumn('v', 0.01)], {
      rule: 'bh',
      driftShare: 0.5,
      alpha: 0.05
    })
    expect(verdict.dataset.drifted).toBe(false)
    expect(verdict.dataset.numberOfDrifted).toBe(0)
    expect(verdict.dataset.excludedFromCorrection).toEqual(['w', 'v'])
    expect(verdict.dataset.decision).toMatch(/No column has a p-value to correct/)
    expect(verdict.dataset.decision).toMatch(/choose p-value tests or the share rule/)
  })

  it('a p-value test whose p-value is undefined (null or NaN) is not called a distance', () => {
    const verdict = datasetVerdict(
      [pColumn('a', 0.001), pColumn('n', null), pColumn('nan', Number.NaN), pColumn('b', 0.3)],
      { rule: 'bonferroni', driftShare: 0.5, alpha: 0.05 }
    )
    const expected = multipleTesting([0.001, 0.3], 0.05, 'bonferroni')
    expect(verdict.columns.map((c) => c.adjustedScore)).toEqual([
      expected.adjusted[0],
      null,
      null,
      expected.adjusted[1]
    ])
    expect(verdict.columns.map((c) => c.drifted)).toEqual([true, false, false, false])
    expect(verdict.dataset.excludedFromCorrection).toBeUndefined()
    expect(verdict.dataset.decision).toMatch(/over 2 p-values/)
    expect(verdict.dataset.decision).toMatch(/n, nan/)
    expect(verdict.dataset.decision).not.toMatch(/distance/)
  })

  it('when no column was tested, says so rather than asking for p-value tests', () => {
    const verdict = datasetVerdict([untested('a')], { rule: 'bh', driftShare: 0.5, alpha: 0.05 })
    expect(verdict.dataset.numberOfColumns).toBe(0)
    expect(verdict.dataset.drifted).toBe(false)
    expect(verdict.dataset.decision).toMatch(/No column could be tested/)
    expect(verdict.dataset.decision).not.toMatch(/choose p-value tests/)
  })

  it('a single column: Bonferroni and BH agree with the raw p-value', () => {
    for (const rule of ['bonferroni', 'bh'] as const) {
      const verdict = datasetVerdict([pColumn('a', 0.05)], { rule, driftShare: 0.5, alpha: 0.05 })
      expect(verdict.columns[0]?.adjustedScore).toBe(0.05)
      expect(verdict.columns[0]?.drifted).toBe(true)
      expect(verdict.dataset.decision).toMatch(/over 1 p-value:/)
    }
  })
})
