/**
 * Stand-ins for Electron's objects in unit tests of the desktop host (which mock the `electron` module):
 * an event emitter that fires its listeners by hand, and an event whose default can be prevented.
 * Load them inside `vi.hoisted` with `await import(...)`, since mock factories run before imports.
 */

/** `on`, `once` (kept like `on`: the tests fire each event when they choose) and `fire`. */
export class FakeEmitter {
  readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>()
  on(name: string, listener: (...args: unknown[]) => void): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
    return this
  }
  once(name: string, listener: (...args: unknown[]) => void): this {
    return this.on(name, listener)
  }
  fire(name: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(name) ?? []) listener(...args)
  }
}

/** An event like a window's `close` or a navigation, remembering whether its default was prevented. */
export function preventableEvent<T extends object>(
  fields: T = {} as T
): T & { preventDefault: () => void; prevented: boolean } {
  const event = {
    ...fields,
    prevented: false,
    preventDefault: () => {
      event.prevented = true
    }
  }
  return event
}
