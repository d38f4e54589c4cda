import { describe, expect, it } from 'vitest'
import { BINARY_ENVELOPE_TYPE, encodeBinaryEnvelope } from '../shared/binaryEnvelope'
import { createHttpClient, HOST_UNREACHABLE } from './api'

type Sent = { url: string; init: RequestInit | undefined }

function fakeFetch(respond: (url: string) => Response | Promise<Response>) {
  const sent: Sent[] = []
  const doFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(input), init })
    return respond(String(input))
  }) as typeof fetch
  return { doFetch, sent }
}

function fakeEvents() {
  const opened: string[] = []
  const handlers = new Map<string, Array<(e: Event) => void>>()
  const openEvents = (url: string) => {
    opened.push(url)
    return {
      readyState: 1,
      addEventListener: (name: string, h: (e: Event) => void) => {
        handlers.set(name, [...(handlers.get(name) ?? []), h])
      },
      close: () => undefined
    } as unknown as EventSource
  }
  const fire = (name: string, data: string) => {
    for (const h of handlers.get(name) ?? []) h({ data } as MessageEvent)
  }
  return { openEvents, opened, fire }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('createHttpClient', () => {
  it('posts the request with the token and returns the Result body', async () => {
    const { doFetch, sent } = fakeFetch(() => json({ ok: true, value: { jobId: 'j1' } }))
    const client = createHttpClient({
      token: 't0k',
      fetch: doFetch,
      openEvents: fakeEvents().openEvents
    })
    const result = await client.call('compare:run', {
      reference: { path: '/a.csv' },
      current: { path: '/b.csv' }
    })
    expect(result).toEqual({ ok: true, value: { jobId: 'j1' } })
    expect(sent[0]?.url).toBe('/api/call/compare:run')
    expect(sent[0]?.init?.method).toBe('POST')
    expect(sent[0]?.init?.headers).toEqual({
      'content-type': 'application/json',
      'x-driftwatch-token': 't0k'
    })
    expect(JSON.parse(String(sent[0]?.init?.body))).toEqual({
      reference: { path: '/a.csv' },
      current: { path: '/b.csv' }
    })
  })

  it('reads error Results from 4xx and 5xx answers', async () => {
    const body = { ok: false, error: { code: 'NOT_FOUND', message: 'No report.' } }
    const { doFetch } = fakeFetch(() => json(body, 404))
    const client = createHttpClient({
      token: 't',
      fetch: doFetch,
      openEvents: fakeEvents().openEvents
    })
    expect(await client.call('report:get', { reportId: 'x' })).toEqual(body)
  })

  /** A preview page asked of a host that answers with `bytes` labelled as a binary envelope. */
  function pageFrom(bytes: Uint8Array) {
    const { doFetch } = fakeFetch(
      () =>
        new Response(bytes.slice().buffer, {
          status: 200,
          headers: { 'content-type': BINARY_ENVELOPE_TYPE }
        })
    )
    const client = createHttpClient({
      token: 't',
      fetch: doFetch,
      openEvents: fakeEvents().openEvents
    })
    return client.call('data:rows', { previewId: 'p', offset: 0, limit: 2 })
  }

  it('reads a binary envelope into a Result with its bytes', async () => {
    const result = await pageFrom(
      encodeBinaryEnvelope({
        ok: true,
        value: { offset: 0, total: 2, arrow: new Uint8Array([4, 5, 6]), ms: 1 }
      })
    )
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.value.total).toBe(2)
      expect([...result.value.arrow]).toEqual([4, 5, 6])
    }
  })

  it('turns a broken binary envelope into an INTERNAL sentence', async () => {
    const result = await pageFrom(new Uint8Array([1, 2]))
    expect(result.ok ? '' : result.error.message).toMatch(/binary data the app cannot read/)
  })

  it('turns a body that is not JSON into an INTERNAL sentence', async () => {
    const { doFetch } = fakeFetch(() => new Response('<h1>Bad gateway</h1>', { status: 502 }))
    const client = createHttpClient({
      token: 't',
      fetch: doFetch,
      openEvents: fakeEvents().openEvents
    })
    const result = await client.call('app:info', {})
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL')
      expect(result.error.message).toMatch(/HTTP 502/)
      expect(result.error.detail).toBe('<h1>Bad gateway</h1>')
    }
  })

  it('says the host is not reachable when fetch throws', async () => {
    const { doFetch } = fakeFetch(() => {
      throw new TypeError('Failed to fetch')
    })
    const client = createHttpClient({
      token: 't',
      fetch: doFetch,
      openEvents: fakeEvents().openEvents
    })
    const result = await client.call('app:info', {})
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: HOST_UNREACHABLE, detail: 'TypeError: Failed to fetch' }
    })
  })

  it('uploads a file as octet-stream with its name', async () => {
    const { doFetch, sent } = fakeFetch(() =>
      json({ ok: true, value: { path: '/tmp/up/a b.csv' } })
    )
    const client = createHttpClient({
      token: 't',
      fetch: doFetch,
      openEvents: fakeEvents().openEvents
    })
    const file = new File(['x,y\n1,2\n'], 'a b.csv')
    const result = await client.openFile(file)
    expect(result).toEqual({ ok: true, value: { path: '/tmp/up/a b.csv' } })
    expect(sent[0]?.url).toBe('/api/upload?name=a%20b.csv')
    expect(sent[0]?.init?.headers).toEqual({
      'x-driftwatch-token': 't',
      'content-type': 'application/octet-stream'
    })
    expect(sent[0]?.init?.body).toBe(file)
  })

  it('shares one event stream and unsubscribes listeners', () => {
    const events = fakeEvents()
    const client = createHttpClient({
      token: 'a&b',
      fetch: fakeFetch(() => json({})).doFetch,
      openEvents: events.openEvents
    })
    const seen: string[] = []
    const off = client.on('job:progress', (p) => seen.push(`1:${p.jobId}`))
    client.on('job:progress', (p) => seen.push(`2:${p.jobId}`))
    client.on('job:finished', (p) => seen.push(`f:${p.outcome}`))
    expect(events.opened).toEqual(['/api/events?token=a%26b'])
    events.fire(
      'job:progress',
      JSON.stringify({ jobId: 'j', phase: 'open', done: 0, total: 1, message: '' })
    )
    off()
    events.fire(
      'job:progress',
      JSON.stringify({ jobId: 'k', phase: 'open', done: 0, total: 1, message: '' })
    )
    events.fire('job:finished', JSON.stringify({ jobId: 'k', outcome: 'done', reportId: 'r' }))
    expect(seen).toEqual(['1:j', '2:j', '2:k', 'f:done'])
  })

  it('says when the event stream is open', async () => {
    let onOpen: (() => void) | null = null
    const openEvents = () =>
      ({
        readyState: 0,
        addEventListener: (name: string, h: () => void) => {
          if (name === 'open') onOpen = h
        },
        close: () => undefined
      }) as unknown as EventSource
    const client = createHttpClient({
      token: 't',
      fetch: fakeFetch(() => json({})).doFetch,
      openEvents
    })
    let isReady = false
    const ready = client.eventsReady().then(() => {
      isReady = true
    })
    await Promise.resolve()
    expect(isReady).toBe(false)
    ;(onOpen as (() => void) | null)?.()
    await ready
    expect(isReady).toBe(true)
  })
})
