/**
 * The Electron transport of the API: one invoke channel (`api:call`) for every request and one push channel
 * (`api:event`) for every backend event. The main side checks the channel name and the frame that sent the
 * call, and answers with the backend's `Result`; errors cross as plain data, never as a rejected invoke.
 */
import type { IpcMainInvokeEvent } from 'electron'
import { API_EVENTS, isApiName } from '../../../shared/api'
import type { ApiEventName, ApiEvents } from '../../../shared/api'
import { err, toAppError } from '../../../shared/errors'
import type { Result } from '../../../shared/errors'
import type { Backend } from '../../backend'

export const CALL_CHANNEL = 'api:call'
export const EVENT_CHANNEL = 'api:event'

/** The part of `ipcMain` this module uses. */
export type IpcMainLike = Readonly<{
  handle: (
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>
  ) => void
  removeHandler: (channel: string) => void
}>

/** The part of `webContents` events are sent to. */
export type EventSink = Readonly<{
  send: (channel: string, ...args: unknown[]) => void
  isDestroyed: () => boolean
}>

/** The part of an invoke event the sender check reads. */
export type SenderEvent = Readonly<{ senderFrame: Readonly<{ url: string }> | null }>

/**
 * Whether a frame at `url` is the app's own renderer at `rendererUrl`. A file:// renderer must be the same
 * file (query and fragment aside); a dev-server renderer must have the same origin.
 * O(1). @example isTrustedSenderUrl('file:///app/out/renderer/index.html#/x', 'file:///app/out/renderer/index.html') // true
 */
export function isTrustedSenderUrl(url: string | null | undefined, rendererUrl: string): boolean {
  if (typeof url !== 'string' || url.length === 0) return false
  const sender = parseUrl(url)
  const renderer = parseUrl(rendererUrl)
  if (sender === null || renderer === null) return false
  if (renderer.protocol === 'file:') {
    return (
      sender.protocol === 'file:' &&
      sender.host === renderer.host &&
      decodeURIComponent(sender.pathname) === decodeURIComponent(renderer.pathname)
    )
  }
  if (renderer.protocol !== 'http:' && renderer.protocol !== 'https:') return false
  return sender.origin === renderer.origin
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

/** The URL of the frame that sent an invoke, or null when it has navigated away or gone. */
export function senderUrl(event: SenderEvent): string | null {
  try {
    return event.senderFrame?.url ?? null
  } catch {
    return null
  }
}

/**
 * Registers the `api:call` handler and forwards every backend event in API_EVENTS to `target()` on
 * `api:event`. Returns a function that removes the handler and the event listeners.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  backend: Pick<Backend, 'call' | 'on'>,
  isTrustedSender: (url: string | null) => boolean,
  target: () => EventSink | null = () => null
): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, name, req) =>
    handleCall(backend, isTrustedSender(senderUrl(event)), name, req)
  )
  const unsubscribes = API_EVENTS.map((eventName: ApiEventName) =>
    backend.on(eventName, (payload) => {
      sendEvent(target(), eventName, payload)
    })
  )
  let registered = true
  return () => {
    if (!registered) return
    registered = false
    ipcMain.removeHandler(CALL_CHANNEL)
    for (const unsubscribe of unsubscribes) unsubscribe()
  }
}

/**
 * Sends one API event to the renderer on `api:event`, the way backend events are forwarded; the host's own
 * events (`app:navigate`) go the same way. Returns false when there is no live window to send it to.
 */
export function sendEvent<E extends ApiEventName>(
  contents: EventSink | null,
  name: E,
  payload: ApiEvents[E]
): boolean {
  if (contents === null || contents.isDestroyed()) return false
  contents.send(EVENT_CHANNEL, name, payload)
  return true
}

async function handleCall(
  backend: Pick<Backend, 'call'>,
  isTrusted: boolean,
  name: unknown,
  req: unknown
): Promise<Result<unknown>> {
  if (!isTrusted) {
    return err(
      'UNSUPPORTED',
      'This page is not Driftwatch, so it cannot use the Driftwatch API. Reopen the app window.'
    )
  }
  if (!isApiName(name)) {
    return err('NOT_FOUND', `Unknown API channel ${String(name)}.`)
  }
  if (req !== undefined && (typeof req !== 'object' || req === null || Array.isArray(req))) {
    return err('INVALID_OPTIONS', `${name} takes one request object.`)
  }
  try {
    return await backend.call(name, (req ?? {}) as never)
  } catch (e) {
    return { ok: false, error: toAppError(e) }
  }
}
