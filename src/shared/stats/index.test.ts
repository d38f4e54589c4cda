import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { goldenDir } from '../../../test/golden'
import * as stats from './index'

/** Golden files that hold one function's vectors (the others group several functions or metrics). */
const ONE_FUNCTION_FILES = [
  'anderson_ksamp',
  'chi2_contingency',
  'chisquare_gof',
  'cramervonmises_2samp',
  'epps_singleton_2samp',
  'fisher_exact',
  'ks_2samp',
  'levene',
  'mannwhitneyu',
  'mmd',
  'multiple_testing',
  'ttest_ind',
  'two_proportion_ztest'
]

function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

describe('the stats index', () => {
  it('lists files that exist in the golden folder', () => {
    const files = readdirSync(goldenDir()).map((f) => f.replace(/\.json$/, ''))
    for (const name of ONE_FUNCTION_FILES) expect(files).toContain(name)
  })
  it('exports each golden-checked function under its golden file’s name in camelCase', () => {
    const exported = stats as unknown as Record<string, unknown>
    for (const name of ONE_FUNCTION_FILES) {
      expect(typeof exported[camelCase(name)], camelCase(name)).toBe('function')
    }
  })
})
