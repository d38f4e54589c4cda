import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { PreloadApi } from '../shared/api'
import type { Result } from '../shared/errors'

type EventListener = (event: unknown, ...args: unknown[]) => void

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>()
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>()
  return {
    exposed,
    listeners,
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, value: unknown) => {
        exposed.set(key, value)
      })
    },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'pong' })),
      on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
        const set = listeners.get(channel) ?? new Set()
        set.add(listener)
        listeners.set(channel, set)
      }),
      removeListener: vi.fn(
        (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
          listeners.get(channel)?.delete(listener)
        }
      )
    },
    webUtils: { getPathForFile: vi.fn((file: { name: string }) => `/dropped/${file.name}`) }
  }
})

vi.mock('electron', () => ({
  contextBridge: electron.contextBridge,
  ipcRenderer: electron.ipcRenderer,
  webUtils: electron.webUtils
}))

await import('./index')

function api(): PreloadApi {
  return electron.exposed.get('api') as PreloadApi
}

function emit(...args: unknown[]): void {
  for (const listener of electron.listeners.get('api:event') ?? []) {
    ;(listener as EventListener)({ sender: 'ipc event object' }, ...args)
  }
}

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear()
})

describe('preload', () => {
  it('exposes exactly one key, api, for the electron host', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    expect([...electron.exposed.keys()]).toEqual(['api'])
    expect(api().host).toBe('electron')
    expect(Object.keys(api()).sort()).toEqual(['call', 'host', 'on', 'pathForFile'])
  })

  it('sends known channels through api:call', async () => {
    const result = await api().call('app:info', {})
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('api:call', 'app:info', {})
    expect(result).toEqual({ ok: true, value: 'pong' })
  })

  it('refuses unknown channels without touching IPC', async () => {
    const call = api().call as unknown as (name: string, req: unknown) => Promise<Result<unknown>>
    for (const name of ['fs:read', 'api:call', '__proto__']) {
      const result = await call(name, {})
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('NOT_FOUND')
    }
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('turns a rejected invoke into a Result error', async () => {
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error('No handler registered'))
    const result = await api().call('app:info', {})
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('INTERNAL')
  })

  it('delivers only the subscribed event, without the IPC event object, until unsubscribed', () => {
    const progress = vi.fn()
    const finished = vi.fn()
    const stopProgress = api().on('job:progress', progress)
    const stopFinished = api().on('job:finished', finished)
    const payload = { jobId: 'j1', phase: 'drift', done: 2, total: 3, message: 'Testing' }
    emit('job:progress', payload)
    emit('job:unknown', { jobId: 'j1' })
    expect(progress).toHaveBeenCalledTimes(1)
    expect(progress).toHaveBeenCalledWith(payload)
    expect(finished).not.toHaveBeenCalled()

    stopProgress()
    emit('job:progress', payload)
    expect(progress).toHaveBeenCalledTimes(1)
    emit('job:finished', { jobId: 'j1', outcome: 'done' })
    expect(finished).toHaveBeenCalledWith({ jobId: 'j1', outcome: 'done' })
    stopFinished()
    expect(electron.listeners.get('api:event')?.size).toBe(0)
  })

  it('refuses to subscribe to unknown events', () => {
    const on = api().on as unknown as (event: string, listener: () => void) => () => void
    expect(() => on('fs:changed', () => undefined)).toThrow(/Unknown API event/)
    expect(electron.listeners.get('api:event')?.size ?? 0).toBe(0)
  })

  it('reads the path of a dropped file through webUtils', () => {
    const file = { name: 'week2.csv' } as unknown as File
    expect(api().pathForFile(file)).toBe('/dropped/week2.csv')
    expect(electron.webUtils.getPathForFile).toHaveBeenCalledWith(file)
  })
})
