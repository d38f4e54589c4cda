import { describe, expect, it } from 'vitest'
import { validationGate } from './gate'

describe('validationGate', () => {
  it('a failed error-severity expectation makes the batch invalid: drift unreliable, no reason to retrain', () => {
    for (const drifted of [true, false]) {
      expect(validationGate('fail', drifted)).toMatchObject({
        status: 'invalid',
        isDriftReliable: false,
        countsTowardRetraining: false
      })
    }
    expect(validationGate('fail', true).reason).toMatch(/Fix the data first/)
    expect(validationGate('fail', true, undefined, ['temp-range']).reason).toMatch(
      /^An expectation of severity error failed \(temp-range\), so the drift verdict is unreliable/
    )
    expect(validationGate('fail', true, undefined, ['a', 'b', 'c', 'd']).reason).toMatch(
      /^4 expectations of severity error failed \(a, b, c and 1 more\)/
    )
  })

  it('passing, warnings only, or unchecked expectations leave the batch valid; drift then counts', () => {
    for (const status of ['pass', 'warning', 'error'] as const) {
      expect(validationGate(status, true)).toMatchObject({
        status: 'valid',
        isDriftReliable: true,
        countsTowardRetraining: true
      })
      expect(validationGate(status, false).countsTowardRetraining).toBe(false)
    }
    expect(validationGate('warning', true).reason).toMatch(/warnings/)
    expect(validationGate('error', true).reason).toMatch(/could not be checked/)
    expect(validationGate('pass', true).reason).not.toMatch(/warnings|could not/)
  })

  it('no validation: unchecked, the verdict stands on its own, and the reason says why', () => {
    expect(validationGate(null, true, 'validation was turned off')).toEqual({
      status: 'unchecked',
      isDriftReliable: true,
      countsTowardRetraining: true,
      reason:
        'The data was not checked against expectations (validation was turned off); the drift verdict stands on its own.'
    })
    expect(validationGate(null, false).countsTowardRetraining).toBe(false)
  })
})
