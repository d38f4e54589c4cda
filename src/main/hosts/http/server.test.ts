import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { basename, dirname, join, relative, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  ApiEventName,
  ApiEvents,
  AppInfo,
  DemoComparison,
  JobTicket
} from '../../../shared/api'
import type { Result } from '../../../shared/errors'
import type { DatasetRef, PreviewOpened, Report, RowPage } from '../../../shared/model'
import { createBackend } from '../../api'
import type { Backend } from '../../backend'
import { BINARY_ENVELOPE_TYPE, decodeBinaryEnvelope } from '../../../shared/binaryEnvelope'
import { tableFromIPC } from 'apache-arrow'
import { startHttpHost } from './server'

type Host = Awaited<ReturnType<typeof startHttpHost>>
type RawResponse = {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}
type ReceivedEvent = { [E in ApiEventName]: { event: E; data: ApiEvents[E] } }[ApiEventName]

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body>Driftwatch test page</body></html>'
const APP_JS = 'console.log("driftwatch test bundle")\n'
const SECRET = 'this file is outside the renderer folder'

let backend: Backend
let host: Host
let workDir: string
let rendererDir: string
const backendLog: string[] = []
const hostLog: string[] = []

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'driftwatch-http-test-'))
  rendererDir = join(workDir, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), INDEX_HTML)
  await writeFile(join(rendererDir, 'assets', 'app.js'), APP_JS)
  // A file beside the renderer folder that no request may reach.
  await writeFile(join(workDir, 'package.json'), SECRET)
  backend = createBackend({
    host: 'http',
    workers: 1,
    log: (level, text) => backendLog.push(`${level} ${text}`)
  })
  host = await startHttpHost({
    backend,
    rendererDir,
    log: (level, text) => hostLog.push(`${level} ${text}`)
  })
})

afterAll(async () => {
  await host?.close()
  await backend?.dispose()
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

function origin(): string {
  return `http://127.0.0.1:${host.port}`
}

/** A request through node:http, which (unlike fetch) sends paths and Host headers exactly as given. */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<RawResponse> {
  return new Promise((resolveResponse, rejectResponse) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolveResponse({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8')
          })
        )
        res.on('error', rejectResponse)
      }
    )
    req.on('error', rejectResponse)
    req.end(options.body)
  })
}

async function call<T>(
  channel: string,
  req: unknown
): Promise<{ status: number; result: Result<T> }> {
  const res = await fetch(`${origin()}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-driftwatch-token': host.token },
    body: JSON.stringify(req)
  })
  return { status: res.status, result: (await res.json()) as Result<T> }
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

async function upload(
  name: string,
  content: string | Buffer
): Promise<{ status: number; result: Result<DatasetRef> }> {
  const res = await fetch(`${origin()}/api/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'x-driftwatch-token': host.token, 'content-type': 'application/octet-stream' },
    body: content
  })
  return { status: res.status, result: (await res.json()) as Result<DatasetRef> }
}

/** Reads /api/events with fetch and parses `event:`/`data:` frames; comments are kept apart. */
function listen(target: Host = host): {
  events: ReceivedEvent[]
  comments: string[]
  connected: Promise<void>
  ended: Promise<void>
  waitFor: (predicate: (e: ReceivedEvent) => boolean, timeoutMs?: number) => Promise<ReceivedEvent>
  stop: () => void
} {
  const events: ReceivedEvent[] = []
  const comments: string[] = []
  const waiters: Array<() => void> = []
  const abort = new AbortController()
  let markConnected: () => void = () => {}
  const connected = new Promise<void>((r) => (markConnected = r))
  const notify = (): void => waiters.splice(0).forEach((w) => w())

  const ended = (async () => {
    const res = await fetch(`http://127.0.0.1:${target.port}/api/events?token=${target.token}`, {
      signal: abort.signal
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      buffer += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        let event = ''
        let data = ''
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) {
            comments.push(line.slice(1).trim())
            if (line.slice(1).trim() === 'connected') markConnected()
          } else if (line.startsWith('event:')) event = line.slice(6).trim()
          else if (line.startsWith('data:')) data += line.slice(5).trim()
        }
        if (event) events.push({ event, data: JSON.parse(data) } as ReceivedEvent)
        notify()
      }
    }
  })().catch((e: unknown) => {
    if ((e as Error).name !== 'AbortError') throw e
  })

  function waitFor(
    predicate: (e: ReceivedEvent) => boolean,
    timeoutMs = 45_000
  ): Promise<ReceivedEvent> {
    return new Promise((resolveEvent, rejectEvent) => {
      const timer = setTimeout(
        () => rejectEvent(new Error(`no matching event; saw ${JSON.stringify(events)}`)),
        timeoutMs
      )
      const check = (): void => {
        const found = events.find(predicate)
        if (found) {
          clearTimeout(timer)
          resolveEvent(found)
        } else waiters.push(check)
      }
      check()
    })
  }

  return { events, comments, connected, ended, waitFor, stop: () => abort.abort() }
}

async function compareAndWait(
  reference: DatasetRef,
  current: DatasetRef,
  options: Record<string, unknown> = {}
): Promise<{ report: Report; progress: number }> {
  const stream = listen()
  try {
    await stream.connected
    const started = await call<JobTicket>('compare:run', { reference, current, options })
    expect(started.status).toBe(200)
    const { jobId } = valueOf(started.result)
    const finished = await stream.waitFor(
      (e) => e.event === 'job:finished' && e.data.jobId === jobId
    )
    if (finished.event !== 'job:finished') throw new Error('unreachable')
    expect(finished.data.error ?? null).toBeNull()
    expect(finished.data.outcome).toBe('done')
    const progress = stream.events.filter(
      (e) => e.event === 'job:progress' && e.data.jobId === jobId
    ).length
    const got = await call<Report>('report:get', { reportId: finished.data.reportId })
    return { report: valueOf(got.result), progress }
  } finally {
    stream.stop()
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel.length > 0 && !rel.startsWith(`..${sep}`) && rel !== '..'
}

describe('startHttpHost', () => {
  it('listens on 127.0.0.1 and puts the token in the URL', () => {
    expect(host.token).toMatch(/^[0-9a-f]{64}$/)
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`)
    expect(host.port).toBeGreaterThan(0)
  })

  it('serves index.html and assets with a strict CSP and no token', async () => {
    const res = await fetch(`${origin()}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toBe(INDEX_HTML)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('cache-control')).toBe('no-store')

    const index = await fetch(`${origin()}/index.html`)
    expect(index.status).toBe(200)
    expect(await index.text()).toBe(INDEX_HTML)

    const script = await fetch(`${origin()}/assets/app.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('content-security-policy')).toBe(csp)
    expect(await script.text()).toBe(APP_JS)
  })

  it('answers 404 for unknown paths and every way out of the renderer folder', async () => {
    expect((await fetch(`${origin()}/missing.html`)).status).toBe(404)
    expect((await fetch(`${origin()}/assets`)).status).toBe(404)
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..%5c..%5cpackage.json',
      `/${encodeURIComponent(join(workDir, 'package.json'))}`,
      `/${join(workDir, 'package.json')}`,
      `/${join(workDir, 'package.json').replaceAll('/', '%2f')}`,
      '//etc/passwd',
      '/%00',
      '/%E0%A4%A'
    ]) {
      const res = await raw(path)
      expect(res.status, path).toBe(404)
      expect(res.body).not.toContain(SECRET)
    }
  })

  it('refuses the API without the token or with a wrong one', async () => {
    const none = await fetch(`${origin()}/api/call/app:info`, { method: 'POST', body: '{}' })
    expect(none.status).toBe(401)
    const noneBody = (await none.json()) as Result<unknown>
    expect(noneBody.ok).toBe(false)

    const wrong = await fetch(`${origin()}/api/call/app:info`, {
      method: 'POST',
      headers: { 'x-driftwatch-token': 'f'.repeat(64) },
      body: '{}'
    })
    expect(wrong.status).toBe(401)
    expect(((await wrong.json()) as Result<unknown>).ok).toBe(false)

    const events = await fetch(`${origin()}/api/events?token=nope`)
    expect(events.status).toBe(401)
    await events.body?.cancel()

    const uploadAttempt = await fetch(`${origin()}/api/upload?name=a.csv`, {
      method: 'POST',
      body: 'a\n1\n'
    })
    expect(uploadAttempt.status).toBe(401)
    await uploadAttempt.body?.cancel()
  })

  it('refuses foreign Host headers (DNS rebinding) and foreign origins', async () => {
    const rebound = await raw('/', { headers: { Host: `evil.example:${host.port}` } })
    expect(rebound.status).toBe(403)
    expect((JSON.parse(rebound.body) as Result<unknown>).ok).toBe(false)
    expect((await raw('/', { headers: { Host: `127.0.0.1:${host.port + 1}` } })).status).toBe(403)
    expect((await raw('/', { headers: { Host: `localhost:${host.port}` } })).status).toBe(200)

    const foreign = await raw('/api/call/app:info', {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'x-driftwatch-token': host.token },
      body: '{}'
    })
    expect(foreign.status).toBe(403)
    const own = await raw('/api/call/app:info', {
      method: 'POST',
      headers: { Origin: origin(), 'x-driftwatch-token': host.token },
      body: '{}'
    })
    expect(own.status).toBe(200)
  })

  it('forwards calls to the backend', async () => {
    const { status, result } = await call<AppInfo>('app:info', {})
    expect(status).toBe(200)
    expect(valueOf(result)).toMatchObject({ name: 'Driftwatch', host: 'http', canPickFiles: false })

    const picked = await call<unknown>('files:pick', { role: 'reference' })
    expect(picked.status).toBe(200)
    expect(picked.result.ok ? null : picked.result.error.code).toBe('UNSUPPORTED')
  })

  it('answers 404 for an unknown channel, 400 for bad JSON and 413 for a body over 1 MB', async () => {
    const unknown = await call<unknown>('nope:never', {})
    expect(unknown.status).toBe(404)
    expect(unknown.result.ok ? null : unknown.result.error.code).toBe('NOT_FOUND')

    const bad = await fetch(`${origin()}/api/call/app:info`, {
      method: 'POST',
      headers: { 'x-driftwatch-token': host.token },
      body: '{not json'
    })
    expect(bad.status).toBe(400)
    const badBody = (await bad.json()) as Result<unknown>
    expect(badBody.ok ? null : badBody.error.code).toBe('INVALID_OPTIONS')

    const big = await raw('/api/call/app:info', {
      method: 'POST',
      headers: { 'x-driftwatch-token': host.token, 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) })
    })
    expect(big.status).toBe(413)
  })

  it('runs the demo comparison and streams its progress as Server-Sent Events', async () => {
    const demo = valueOf((await call<DemoComparison>('demo:get', {})).result)
    const { report, progress } = await compareAndWait(demo.reference, demo.current, {
      ignore: ['count']
    })
    expect(progress).toBeGreaterThan(0)
    expect(report.kind).toBe('compare')
    expect(report.dataset.drifted).toBe(true)
  })

  it("streams a comparison's partial results as job:partial events, schema first", async () => {
    const demo = valueOf((await call<DemoComparison>('demo:get', {})).result)
    const stream = listen()
    try {
      await stream.connected
      const started = await call<JobTicket>('compare:run', {
        reference: demo.reference,
        current: demo.current,
        options: { ignore: ['count'], multivariate: { enabled: false } }
      })
      const { jobId } = valueOf(started.result)
      await stream.waitFor((e) => e.event === 'job:finished' && e.data.jobId === jobId)
      const stages = stream.events
        .filter((e) => e.event === 'job:partial' && e.data.jobId === jobId)
        .map((e) => (e.event === 'job:partial' ? e.data.stage : ''))
      expect(stages.slice(0, 5)).toEqual(['schema', 'profile', 'profile', 'plan', 'validation'])
      expect(stages.slice(5).every((stage) => stage === 'column')).toBe(true)
      // The demo's ten numeric columns are tested (datetime is the time axis, count is ignored).
      expect(stages.filter((stage) => stage === 'column')).toHaveLength(10)
      // Every partial result reaches the browser before the job's end.
      const finishedAt = stream.events.findIndex((e) => e.event === 'job:finished')
      const lastPartial = stream.events.map((e) => e.event).lastIndexOf('job:partial')
      expect(lastPartial).toBeLessThan(finishedAt)
    } finally {
      stream.stop()
    }
  })

  it('answers files:dropped only for paths granted at start, never granting new ones', async () => {
    const demo = valueOf((await call<DemoComparison>('demo:get', {})).result)
    const granted = await call<DatasetRef[]>('files:dropped', { paths: [demo.current.path] })
    expect(valueOf(granted.result)).toEqual([{ path: demo.current.path }])
    const secret = join(workDir, 'package.json')
    const refused = await call<DatasetRef[]>('files:dropped', { paths: [secret] })
    expect(refused.result.ok).toBe(false)
    if (!refused.result.ok) {
      expect(refused.result.error.code).toBe('UNSUPPORTED')
      expect(refused.result.error.message).toContain('--allow-path')
    }
    const run = await call<JobTicket>('compare:run', {
      reference: demo.reference,
      current: { path: secret }
    })
    expect(!run.result.ok && run.result.error.code).toBe('PATH_NOT_GRANTED')
  })

  it('streams uploads to a granted file inside the temp folder', async () => {
    const rows = (shift: number): string =>
      [
        'x,colour',
        ...Array.from({ length: 300 }, (_, i) => `${i + shift},${i % 3 === 0 ? 'red' : 'blue'}`)
      ].join('\n') + '\n'
    const referenceCsv = rows(0)
    const currentCsv = rows(250)

    const first = await upload('reference.csv', referenceCsv)
    expect(first.status).toBe(200)
    const reference = valueOf(first.result)
    expect(isInside(backend.tempDir, reference.path)).toBe(true)
    expect(basename(reference.path)).toBe('reference.csv')
    expect(await readFile(reference.path, 'utf8')).toBe(referenceCsv)

    const current = valueOf((await upload('current.csv', currentCsv)).result)
    expect(dirname(current.path)).not.toBe(dirname(reference.path))

    const { report } = await compareAndWait(reference, current)
    expect(report.columns.length).toBeGreaterThan(0)
    expect(report.inputs.current.rows).toBe(300)
  })

  it('carries a preview page as Arrow bytes in a binary envelope', async () => {
    const csv = ['n,word', ...Array.from({ length: 1000 }, (_, i) => `${i},w${i}`)].join('\n')
    const file = valueOf((await upload('preview.csv', csv + '\n')).result)
    const opened = valueOf((await call<PreviewOpened>('data:open', { path: file.path })).result)
    expect(opened.rows).toBe(1000)
    const response = await fetch(`${origin()}/api/call/data:rows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-driftwatch-token': host.token },
      body: JSON.stringify({ previewId: opened.previewId, offset: 500, limit: 3 })
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(BINARY_ENVELOPE_TYPE)
    const result = decodeBinaryEnvelope(new Uint8Array(await response.arrayBuffer()))
    const page = valueOf(result as Result<RowPage>)
    expect(page.total).toBe(1000)
    const table = tableFromIPC(page.arrow)
    expect([...(table.getChild('__dw_row')?.toArray() ?? [])]).toEqual([501, 502, 503])
    expect(table.getChild('word')?.toArray()).toEqual(['w500', 'w501', 'w502'])
    // A failure carries no bytes: it stays JSON.
    const refused = await call('data:rows', { previewId: 'gone', offset: 0, limit: 3 })
    expect(refused.result.ok ? null : refused.result.error.code).toBe('NOT_FOUND')
    expect(valueOf((await call('data:close', { previewId: opened.previewId })).result)).toEqual({
      closed: true
    })
  })

  it('keeps uploads with hostile names inside the temp folder', async () => {
    const evil = valueOf((await upload('../../evil.csv', 'a\n1\n')).result)
    expect(isInside(join(backend.tempDir, 'uploads'), evil.path)).toBe(true)
    expect(basename(evil.path)).toBe('evil.csv')

    const nameless = valueOf((await upload('..\\..\\\u0001', 'a\n1\n')).result)
    expect(isInside(join(backend.tempDir, 'uploads'), nameless.path)).toBe(true)
    expect(basename(nameless.path)).toBe('upload.bin')

    const empty = await upload('', 'a\n1\n')
    expect(empty.status).toBe(400)
    expect(empty.result.ok).toBe(false)
  })

  it('removes the partial file when the client abandons an upload', async () => {
    const uploads = join(backend.tempDir, 'uploads')
    const before = new Set(await readdir(uploads))
    const added = async (): Promise<string[]> =>
      (await readdir(uploads)).filter((name) => !before.has(name))
    const req = httpRequest({
      host: '127.0.0.1',
      port: host.port,
      path: '/api/upload?name=partial.csv',
      method: 'POST',
      headers: { 'x-driftwatch-token': host.token, 'content-length': String(10 * 1024 * 1024) }
    })
    req.on('error', () => {})
    req.write(Buffer.alloc(256 * 1024, 'a'))
    // The upload is under way once its folder exists; then the client walks away.
    await until(async () => (await added()).length === 1)
    req.destroy()
    await until(async () => (await added()).length === 0)
    expect(await added()).toEqual([])
  })

  it('answers UPLOAD_FAILED when the file cannot be written, leaving nothing behind', async () => {
    const tempDir = join(workDir, 'broken-temp')
    await mkdir(tempDir)
    // A file where the uploads folder should be: every upload fails to find a place on disk.
    await writeFile(join(tempDir, 'uploads'), 'not a folder')
    const broken = createBackend({ host: 'http', workers: 1, tempDir, log: () => {} })
    const failures: string[] = []
    const brokenHost = await startHttpHost({
      backend: broken,
      rendererDir,
      log: (level, text) => failures.push(`${level} ${text}`)
    })
    try {
      const res = await fetch(`http://127.0.0.1:${brokenHost.port}/api/upload?name=a.csv`, {
        method: 'POST',
        headers: { 'x-driftwatch-token': brokenHost.token },
        body: 'a\n1\n'
      })
      expect(res.status).toBe(500)
      const body = (await res.json()) as Result<DatasetRef>
      expect(body.ok ? null : body.error.code).toBe('UPLOAD_FAILED')
      expect(failures).toHaveLength(1)
      expect(await readFile(join(tempDir, 'uploads'), 'utf8')).toBe('not a folder')
    } finally {
      await brokenHost.close()
      await broken.dispose()
    }
  })

  it('closes while an event stream is connected', async () => {
    const second = await startHttpHost({ backend, rendererDir, token: 'fixed-token-for-test' })
    expect(second.url).toBe(`http://127.0.0.1:${second.port}/?token=fixed-token-for-test`)
    const stream = listen(second)
    await stream.connected
    await second.close()
    await stream.ended
    await expect(fetch(`http://127.0.0.1:${second.port}/`)).rejects.toThrow()
  })

  it('logged no unexpected failure of its own', () => {
    expect(hostLog).toEqual([])
  })
})
