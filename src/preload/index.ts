/**
 * The preload: exposes one object, `window.api`, and nothing else. Every call names a known channel and
 * goes through `api:call`; every subscription names a known event and listens on `api:event`. The page
 * never sees `ipcRenderer` or an IPC event object. Built as CommonJS: sandboxed preloads cannot be ESM.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { isApiEventName, isApiName } from '../shared/api'
import type { ApiEventName, ApiEvents, Call, PreloadApi, Subscribe } from '../shared/api'
import { err, toAppError } from '../shared/errors'

const CALL_CHANNEL = 'api:call'
const EVENT_CHANNEL = 'api:event'

const call: Call = (name, req) => {
  if (!isApiName(name)) {
    return Promise.resolve(err('NOT_FOUND', `Unknown API channel ${String(name)}.`))
  }
  return ipcRenderer
    .invoke(CALL_CHANNEL, name, req)
    .catch((e: unknown) => ({ ok: false as const, error: toAppError(e) }))
}

const on: Subscribe = <E extends ApiEventName>(
  event: E,
  listener: (payload: ApiEvents[E]) => void
) => {
  if (!isApiEventName(event)) {
    throw new Error(`Unknown API event ${String(event)}.`)
  }
  const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
    if (name === event) listener(payload as ApiEvents[E])
  }
  ipcRenderer.on(EVENT_CHANNEL, forward)
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward)
  }
}

const api = {
  host: 'electron',
  call,
  on,
  pathForFile: (file: File) => webUtils.getPathForFile(file)
} satisfies PreloadApi

contextBridge.exposeInMainWorld('api', api)
