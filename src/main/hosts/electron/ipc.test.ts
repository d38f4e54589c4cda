import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { IpcMainInvokeEvent } from 'electron'
import type { ApiEventName, ApiEvents, AppInfo, Subscribe } from '../../../shared/api'
import { API_EVENTS } from '../../../shared/api'
import { ok } from '../../../shared/errors'
import type { Result } from '../../../shared/errors'
import type { PreviewOpened, RowPage } from '../../../shared/model'
import { tableFromIPC } from 'apache-arrow'
import { createBackend } from '../../api'
import type { Backend } from '../../backend'
import {
  CALL_CHANNEL,
  EVENT_CHANNEL,
  isTrustedSenderUrl,
  registerIpc,
  sendEvent,
  senderUrl
} from './ipc'
import type { EventSink, IpcMainLike } from './ipc'

vi.mock('electron', () => ({}))

const APP_FILE_URL = 'file:///opt/driftwatch/out/renderer/index.html'
const DEV_URL = 'http://localhost:5173'

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>

function fakeIpcMain(): IpcMainLike & { handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>()
  return {
    handlers,
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, listener)
    },
    removeHandler: (channel) => {
      handlers.delete(channel)
    }
  }
}

function fakeEvent(url: string | null): IpcMainInvokeEvent {
  return { senderFrame: url === null ? null : { url } } as unknown as IpcMainInvokeEvent
}

function fakeSink(): EventSink & { sent: unknown[][]; destroyed: boolean } {
  const sink = {
    sent: [] as unknown[][],
    destroyed: false,
    send: (channel: string, ...args: unknown[]) => {
      sink.sent.push([channel, ...args])
    },
    isDestroyed: () => sink.destroyed
  }
  return sink
}

/** A backend double whose events the test fires by hand. */
function fakeBackend(): Pick<Backend, 'call' | 'on'> & {
  emit: <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void
  listenerCount: () => number
  calls: unknown[][]
} {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: unknown[][] = []
  const on: Subscribe = (event, listener) => {
    const set = listeners.get(event) ?? new Set()
    set.add(listener as (payload: unknown) => void)
    listeners.set(event, set)
    return () => set.delete(listener as (payload: unknown) => void)
  }
  return {
    calls,
    on,
    call: async (name, req) => {
      calls.push([name, req])
      return ok({ cancelled: false }) as never
    },
    emit: (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload)
    },
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0)
  }
}

describe('isTrustedSenderUrl', () => {
  it("accepts the app's own index.html, with or without a fragment or query", () => {
    expect(isTrustedSenderUrl(APP_FILE_URL, APP_FILE_URL)).toBe(true)
    expect(isTrustedSenderUrl(`${APP_FILE_URL}#/report/1`, APP_FILE_URL)).toBe(true)
    expect(isTrustedSenderUrl(`${APP_FILE_URL}?demo=1`, APP_FILE_URL)).toBe(true)
  })

  it('accepts the dev server origin in dev', () => {
    expect(isTrustedSenderUrl('http://localhost:5173/', DEV_URL)).toBe(true)
    expect(isTrustedSenderUrl('http://localhost:5173/src/index.html#x', DEV_URL)).toBe(true)
  })

  it('rejects other pages, other files and missing frames', () => {
    expect(isTrustedSenderUrl('https://evil.example/', APP_FILE_URL)).toBe(false)
    expect(isTrustedSenderUrl('file:///opt/driftwatch/out/renderer/other.html', APP_FILE_URL)).toBe(
      false
    )
    expect(isTrustedSenderUrl('file:///tmp/index.html', APP_FILE_URL)).toBe(false)
    expect(isTrustedSenderUrl('about:blank', APP_FILE_URL)).toBe(false)
    expect(isTrustedSenderUrl('', APP_FILE_URL)).toBe(false)
    expect(isTrustedSenderUrl(null, APP_FILE_URL)).toBe(false)
    expect(isTrustedSenderUrl(undefined, APP_FILE_URL)).toBe(false)
    expect(isTrustedSenderUrl('not a url', APP_FILE_URL)).toBe(false)
  })

  it('rejects other origins and file pages in dev', () => {
    expect(isTrustedSenderUrl('http://localhost:5174/', DEV_URL)).toBe(false)
    expect(isTrustedSenderUrl('https://localhost:5173/', DEV_URL)).toBe(false)
    expect(isTrustedSenderUrl('http://evil.localhost:5173/', DEV_URL)).toBe(false)
    expect(isTrustedSenderUrl(APP_FILE_URL, DEV_URL)).toBe(false)
  })

  it('trusts nothing when the renderer URL is not a page URL', () => {
    expect(isTrustedSenderUrl('about:blank', 'about:blank')).toBe(false)
    expect(isTrustedSenderUrl('x', 'not a url')).toBe(false)
  })
})

describe('senderUrl', () => {
  it('reads the frame URL, or null when the frame is gone', () => {
    expect(senderUrl({ senderFrame: { url: APP_FILE_URL } })).toBe(APP_FILE_URL)
    expect(senderUrl({ senderFrame: null })).toBeNull()
  })

  it('returns null when reading the frame throws', () => {
    const event = {
      get senderFrame(): { url: string } {
        throw new Error('frame disposed')
      }
    }
    expect(senderUrl(event)).toBeNull()
  })
})

describe('registerIpc with the real backend', () => {
  const backend = createBackend({ host: 'electron', workers: 1, log: () => undefined })
  afterAll(() => backend.dispose())
  const trusted = (url: string | null): boolean => isTrustedSenderUrl(url, APP_FILE_URL)

  it('registers exactly the api:call handler', () => {
    const ipcMain = fakeIpcMain()
    const unregister = registerIpc(ipcMain, backend, trusted)
    expect([...ipcMain.handlers.keys()]).toEqual([CALL_CHANNEL])
    unregister()
  })

  it('answers app:info from a trusted frame with the backend result', async () => {
    const ipcMain = fakeIpcMain()
    const unregister = registerIpc(ipcMain, backend, trusted)
    const handler = ipcMain.handlers.get(CALL_CHANNEL) as Handler
    const result = (await handler(fakeEvent(APP_FILE_URL), 'app:info', {})) as Result<AppInfo>
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.value.name).toBe('Driftwatch')
      expect(result.value.host).toBe('electron')
    }
    unregister()
  })

  it('answers data:rows with the page bytes as a Uint8Array that survives structured cloning', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'driftwatch-ipc-preview-'))
    try {
      const file = join(folder, 'rows.csv')
      writeFileSync(file, ['k,v', ...Array.from({ length: 50 }, (_, i) => `${i},v${i}`)].join('\n'))
      backend.grant(file)
      const ipcMain = fakeIpcMain()
      const unregister = registerIpc(ipcMain, backend, trusted)
      const handler = ipcMain.handlers.get(CALL_CHANNEL) as Handler
      const opened = (await handler(fakeEvent(APP_FILE_URL), 'data:open', {
        path: file
      })) as Result<PreviewOpened>
      if (!opened.ok) throw new Error(opened.error.message)
      const answer = await handler(fakeEvent(APP_FILE_URL), 'data:rows', {
        previewId: opened.value.previewId,
        offset: 10,
        limit: 2
      })
      // Electron's IPC serialises with the structured clone algorithm: what the renderer receives.
      const received = structuredClone(answer) as Result<RowPage>
      if (!received.ok) throw new Error(received.error.message)
      expect(received.value.arrow).toBeInstanceOf(Uint8Array)
      const table = tableFromIPC(received.value.arrow)
      expect([...(table.getChild('__dw_row')?.toArray() ?? [])]).toEqual([11, 12])
      expect(table.getChild('v')?.toArray()).toEqual(['v10', 'v11'])
      await handler(fakeEvent(APP_FILE_URL), 'data:close', { previewId: opened.value.previewId })
      unregister()
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  it('accepts a call without a request object', async () => {
    const ipcMain = fakeIpcMain()
    const unregister = registerIpc(ipcMain, backend, trusted)
    const handler = ipcMain.handlers.get(CALL_CHANNEL) as Handler
    const result = (await handler(fakeEvent(APP_FILE_URL), 'app:info')) as Result<AppInfo>
    expect(result.ok).toBe(true)
    unregister()
  })

  it('refuses unknown channels with a Result error', async () => {
    const ipcMain = fakeIpcMain()
    const unregister = registerIpc(ipcMain, backend, trusted)
    const handler = ipcMain.handlers.get(CALL_CHANNEL) as Handler
    for (const name of ['fs:read', '__proto__', 42, null]) {
      const result = (await handler(fakeEvent(APP_FILE_URL), name, {})) as Result<unknown>
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('NOT_FOUND')
    }
    unregister()
  })

  it('refuses requests that are not one object', async () => {
    const ipcMain = fakeIpcMain()
    const unregister = registerIpc(ipcMain, backend, trusted)
    const handler = ipcMain.handlers.get(CALL_CHANNEL) as Handler
    for (const req of ['x', 1, null, []]) {
      const result = (await handler(fakeEvent(APP_FILE_URL), 'app:info', req)) as Result<unknown>
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('INVALID_OPTIONS')
    }
    unregister()
  })

  it('refuses untrusted senders with a Result error, without calling the backend', async () => {
    const ipcMain = fakeIpcMain()
    const spy = fakeBackend()
    const unregister = registerIpc(ipcMain, spy, trusted)
    const handler = ipcMain.handlers.get(CALL_CHANNEL) as Handler
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', 'about:blank', null]) {
      const result = (await handler(fakeEvent(url), 'app:info', {})) as Result<unknown>
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('UNSUPPORTED')
        expect(result.error.message).toMatch(/not Driftwatch/)
      }
    }
    expect(spy.calls).toEqual([])
    unregister()
  })

  it('turns a throwing backend into an INTERNAL Result instead of a rejection', async () => {
    const ipcMain = fakeIpcMain()
    const broken = { ...fakeBackend(), call: () => Promise.reject(new Error('boom')) }
    const unregister = registerIpc(ipcMain, broken, trusted)
    const handler = ipcMain.handlers.get(CALL_CHANNEL) as Handler
    const result = (await handler(fakeEvent(APP_FILE_URL), 'app:info', {})) as Result<unknown>
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('INTERNAL')
    unregister()
  })
})

describe('registerIpc events', () => {
  const trusted = (url: string | null): boolean => isTrustedSenderUrl(url, APP_FILE_URL)

  it('subscribes to every API event and forwards each to the window on api:event', () => {
    const backend = fakeBackend()
    const sink = fakeSink()
    const unregister = registerIpc(fakeIpcMain(), backend, trusted, () => sink)
    expect(backend.listenerCount()).toBe(API_EVENTS.length)
    const progress = {
      jobId: 'j1',
      phase: 'profile' as const,
      done: 1,
      total: 4,
      message: 'Profiling'
    }
    const finished = { jobId: 'j1', outcome: 'done' as const, reportId: 'r1' }
    const partial = {
      jobId: 'j1',
      stage: 'column' as const,
      result: {
        column: 'temp',
        kind: 'numeric' as const,
        status: 'tested' as const,
        drifted: true
      },
      done: 1,
      total: 4
    }
    backend.emit('job:progress', progress)
    backend.emit('job:partial', partial)
    backend.emit('job:finished', finished)
    expect(sink.sent).toEqual([
      [EVENT_CHANNEL, 'job:progress', progress],
      [EVENT_CHANNEL, 'job:partial', partial],
      [EVENT_CHANNEL, 'job:finished', finished]
    ])
    unregister()
  })

  it("forwards a real comparison's partial results, each before the job's end", async () => {
    const backend = createBackend({ host: 'electron', workers: 1, log: () => undefined })
    const sink = fakeSink()
    const unregister = registerIpc(fakeIpcMain(), backend, trusted, () => sink)
    try {
      const demo = await backend.call('demo:get', {})
      if (!demo.ok) throw new Error(demo.error.message)
      const finished = new Promise<void>((resolve) => backend.on('job:finished', () => resolve()))
      const ticket = await backend.call('compare:run', {
        reference: demo.value.reference,
        current: demo.value.current,
        options: { ignore: ['count'], multivariate: { enabled: false } },
        validation: { enabled: false }
      })
      expect(ticket.ok).toBe(true)
      await finished
      const names = sink.sent.map((message) => message[1])
      const partials = sink.sent
        .filter((message) => message[1] === 'job:partial')
        .map((message) => (message[2] as { stage: string }).stage)
      expect(partials.slice(0, 5)).toEqual(['schema', 'profile', 'profile', 'plan', 'validation'])
      expect(partials.filter((stage) => stage === 'column')).toHaveLength(10)
      expect(names.lastIndexOf('job:partial')).toBeLessThan(names.indexOf('job:finished'))
    } finally {
      unregister()
      await backend.dispose()
    }
  })

  it('drops events while there is no window or it is destroyed', () => {
    const backend = fakeBackend()
    const sink = fakeSink()
    let current: EventSink | null = null
    const unregister = registerIpc(fakeIpcMain(), backend, trusted, () => current)
    backend.emit('job:finished', { jobId: 'j0', outcome: 'cancelled' })
    current = sink
    sink.destroyed = true
    backend.emit('job:finished', { jobId: 'j1', outcome: 'cancelled' })
    expect(sink.sent).toEqual([])
    unregister()
  })

  it('unregister removes the handler and every listener, once', () => {
    const ipcMain = fakeIpcMain()
    const backend = fakeBackend()
    const sink = fakeSink()
    const unregister = registerIpc(ipcMain, backend, trusted, () => sink)
    unregister()
    expect(ipcMain.handlers.size).toBe(0)
    expect(backend.listenerCount()).toBe(0)
    backend.emit('job:finished', { jobId: 'j1', outcome: 'done' })
    expect(sink.sent).toEqual([])
    expect(() => unregister()).not.toThrow()
    // A fresh registration works after unregistering (no duplicate handler).
    const again = registerIpc(ipcMain, backend, trusted, () => sink)
    expect([...ipcMain.handlers.keys()]).toEqual([CALL_CHANNEL])
    again()
  })
})

describe('sendEvent', () => {
  it("sends the host's own events on api:event, like the backend's", () => {
    const sink = fakeSink()
    const target = { view: 'report' as const, folder: '/projects/churn', runId: 'run-7' }
    expect(sendEvent(sink, 'app:navigate', target)).toBe(true)
    expect(sink.sent).toEqual([[EVENT_CHANNEL, 'app:navigate', target]])
  })

  it('says so when there is no live window', () => {
    const sink = fakeSink()
    sink.destroyed = true
    const target = { view: 'project' as const, folder: '/projects/churn' }
    expect(sendEvent(sink, 'app:navigate', target)).toBe(false)
    expect(sendEvent(null, 'app:navigate', target)).toBe(false)
    expect(sink.sent).toEqual([])
  })
})
