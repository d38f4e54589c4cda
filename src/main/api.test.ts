import { describe, expect, it } from 'vitest'
import { interactiveThreads } from './api'

describe('interactiveThreads', () => {
  it('leaves one core to the window and keeps at least one thread', () => {
    expect(interactiveThreads(8)).toBe(7)
    expect(interactiveThreads(2)).toBe(1)
    expect(interactiveThreads(1)).toBe(1)
  })
})
