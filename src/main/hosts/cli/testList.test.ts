import { describe, expect, it } from 'vitest'
import { DRIFT_TEST_IDS, DRIFT_TESTS } from '../../../shared/drift'
import { renderTestList } from './testList'

describe('renderTestList', () => {
  const text = renderTestList()
  const lines = text.split('\n')
  /** The cells of the row of test `id`. */
  const cells = (id: string): string[] =>
    (lines.find((l) => l.split(/\s{2,}/)[0]?.replace(/ \*$/, '') === id) ?? '').split(/\s{2,}/)

  it('has one row per test of the catalogue with its name, values, score, threshold and edge', () => {
    for (const id of DRIFT_TEST_IDS) {
      const info = DRIFT_TESTS[id]
      const row = cells(id)
      expect(row[1]).toBe(info.name)
      expect(row[2]).toBe(
        { numeric: 'numbers', any: 'any values', binary: 'two values' }[info.accepts]
      )
      expect(row[3]).toBe(info.scoreKind === 'p_value' ? 'p-value' : 'distance')
      expect(Number(row[4])).toBe(info.defaultThreshold)
      expect(row[6] === 'yes').toBe(info.deviation !== undefined)
    }
    expect(cells('ks')).toEqual(['ks', 'K-S p_value', 'numbers', 'p-value', '0.05', 'p ≤ t'])
    expect(cells('ed')[5]).toBe('d > t')
    expect(cells('wasserstein')[5]).toBe('d ≥ t')
  })
  it('marks Driftwatch’s own tests', () => {
    for (const id of DRIFT_TEST_IDS) {
      const marked = lines.some((l) => l.startsWith(`${id} *`))
      expect(marked).toBe(DRIFT_TESTS[id].isDriftwatchOnly === true)
    }
  })
  it('states every departure from Evidently in full, and fits 100 columns', () => {
    const flat = text.replace(/\s+/g, ' ')
    for (const id of DRIFT_TEST_IDS) {
      const deviation = DRIFT_TESTS[id].deviation
      if (deviation) expect(flat).toContain(`${id}: ${deviation}`)
    }
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100)
  })
})
