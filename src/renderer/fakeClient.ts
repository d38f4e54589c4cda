/**
 * A fake transport for the renderer's tests: calls answered by handlers the test gives, events emitted by
 * the test, and every call recorded. Not used by the app.
 */
import type { ApiEventName, ApiEvents, ApiName, ApiRequest, Call, Subscribe } from '../shared/api'
import { err, ok, type Result } from '../shared/errors'
import type { Client } from './api'

export type Handler = (req: unknown) => Promise<Result<unknown>> | Result<unknown>

/** A client whose calls are answered by `handlers` and whose events the test emits by hand. */
export function fakeClient(handlers: Partial<Record<ApiName, Handler>>) {
  const listeners = new Map<ApiEventName, Set<(p: never) => void>>()
  const calls: Array<{ name: ApiName; req: unknown }> = []
  const call = (async (name: ApiName, req: ApiRequest<ApiName>) => {
    calls.push({ name, req })
    const handler = handlers[name]
    return handler ? handler(req) : err('UNSUPPORTED', `no fake for ${name}`)
  }) as Call
  const on = ((event: ApiEventName, listener: (p: never) => void) => {
    const set = listeners.get(event) ?? new Set()
    set.add(listener)
    listeners.set(event, set)
    return () => set.delete(listener)
  }) as Subscribe
  function emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const l of listeners.get(event) ?? []) (l as (p: ApiEvents[E]) => void)(payload)
  }
  const client: Client = {
    host: 'http',
    call,
    on,
    canPick: false,
    openFile: async () => err('UPLOAD_FAILED', 'no uploads here'),
    pathOf: () => null,
    pickFile: async () => ok(null),
    eventsReady: async () => undefined
  }
  return {
    client,
    emit,
    calls,
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0)
  }
}
