/**
 * Test choices: which drift tests of the catalogue the options screen offers for a kind of column or for one
 * column, in the catalogue's order, with the labels the selects show.
 *
 * Numeric columns take the tests for numbers and the ones for any values (they are binned); categorical,
 * boolean and text columns take the ones for any values and, since a category can have two values, the
 * two-category tests. A single column gets the two-category tests only when each side has at most two values.
 * Big-O: O(t) for t tests in the catalogue.
 *
 * @example testsForKind('numeric').map((t) => t.id).includes('anderson') // true
 */
import { DRIFT_TESTS, DRIFT_TEST_IDS, type DriftTestInfo } from '../../../shared/drift'
import type { ColumnDrift, ColumnKind, DriftTestId } from '../../../shared/model'

/** The two groups of columns the options choose tests for. */
export type KindGroup = 'numeric' | 'categorical'

export const KIND_GROUPS: readonly KindGroup[] = ['numeric', 'categorical']

export const KIND_GROUP_LABELS: Readonly<Record<KindGroup, string>> = {
  numeric: 'Numeric columns',
  categorical: 'Categorical columns'
}

/** The group whose options apply to a column of this kind; datetime columns are not tested. */
export function kindGroup(kind: ColumnKind): KindGroup | null {
  switch (kind) {
    case 'numeric':
      return 'numeric'
    case 'categorical':
    case 'boolean':
    case 'text':
      return 'categorical'
    case 'datetime':
      return null
    default:
      return assertNever(kind)
  }
}

/** Tests offered for every column of a group. */
export function testsForKind(group: KindGroup): DriftTestInfo[] {
  return DRIFT_TEST_IDS.map((id) => DRIFT_TESTS[id]).filter((t) =>
    group === 'numeric' ? t.accepts !== 'binary' : t.accepts !== 'numeric'
  )
}

/** Tests offered for one column of the report: its group's, plus the two-category ones when it has two values. */
export function testsForColumn(c: ColumnDrift): DriftTestInfo[] {
  const group = kindGroup(c.kind)
  if (group === null) return []
  const isTwoValued =
    c.reference !== undefined &&
    c.current !== undefined &&
    (c.reference.distinct ?? Infinity) <= 2 &&
    (c.current.distinct ?? Infinity) <= 2
  return DRIFT_TEST_IDS.map((id) => DRIFT_TESTS[id]).filter((t) => {
    if (t.accepts === 'any') return true
    if (t.accepts === 'binary') return group === 'categorical' || isTwoValued
    return group === 'numeric'
  })
}

/** The label of a test in a select: its long name and the id the CLI and config use. */
export function testOptionLabel(test: DriftTestInfo): string {
  const only = test.accepts === 'binary' ? ' — two-valued columns' : ''
  const own = test.isDriftwatchOnly ? ' · Driftwatch' : ''
  return `${test.label} (${test.id})${only}${own}`
}

/** Whether the test's score is a p-value (threshold at most 1) rather than a distance. */
export function isPValueTest(test: DriftTestId): boolean {
  return DRIFT_TESTS[test].scoreKind === 'p_value'
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${String(v)}`)
}
