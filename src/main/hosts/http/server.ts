/**
 * `driftwatch serve`: the same renderer and backend over loopback HTTP, for a browser and for the
 * end-to-end tests. node:http only.
 *
 * Protocol (src/renderer's HTTP client is written against exactly this):
 * - GET / and any file of the built renderer: static, no token, strict CSP.
 * - POST /api/call/<channel>, JSON request body → 200 with the backend's Result as JSON, or, when the
 *   answer carries bytes (a preview's Arrow page), as a binary envelope (application/x-driftwatch-envelope,
 *   src/shared/binaryEnvelope.ts).
 * - GET /api/events?token=… → Server-Sent Events, one per backend event.
 * - POST /api/upload?name=<file name>, raw bytes → { ok: true, value: DatasetRef } of the granted copy.
 * The API needs the session token in `x-driftwatch-token`; every request needs a loopback Host header and,
 * when it has one, a loopback Origin.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ApiName, isApiName } from '../../../shared/api'
import { hasBytes } from '../../../shared/binaryEnvelope'
import { ok, type Result } from '../../../shared/errors'
import type { Backend } from '../../backend'
import { type EventStream, openEventStream } from './events'
import { sendEnvelope, sendError, sendJson } from './respond'
import { isAllowedHost, isAllowedOrigin, TOKEN_HEADER, tokensMatch } from './security'
import { serveStatic } from './staticFiles'
import { receiveUpload, sanitiseFileName } from './upload'

/** The largest JSON body `/api/call` accepts. */
export const MAX_CALL_BODY_BYTES = 1024 * 1024

export type HttpHostOptions = Readonly<{
  backend: Backend
  /** The built renderer (index.html, assets/…). */
  rendererDir: string
  /** 0 or undefined: a free port chosen by the OS. */
  port?: number
  /** The session token; default 32 random bytes as hex. */
  token?: string
  /** Log sink for unexpected failures; default writes to stderr. */
  log?: (level: 'info' | 'warn' | 'error', text: string) => void
}>

export type HttpHost = Readonly<{
  /** The address to open, token included: http://127.0.0.1:<port>/?token=<token>. */
  url: string
  port: number
  token: string
  /** Ends event streams, closes every connection and stops listening. */
  close: () => Promise<void>
}>

type Route = Readonly<{ path: string; query: URLSearchParams }>

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { backend, rendererDir } = options
  const log = options.log ?? ((level, text) => console.error(`[${level}] ${text}`))
  const token = options.token ?? randomBytes(32).toString('hex')
  if (token.length === 0) throw new Error('startHttpHost needs a non-empty token')
  const streams = new Set<EventStream>()
  let port = 0

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, port)) {
      sendError(req, res, 403, 'FORBIDDEN', 'Driftwatch answers only on 127.0.0.1 and localhost.')
      return
    }
    if (!isAllowedOrigin(req.headers.origin, port)) {
      sendError(req, res, 403, 'FORBIDDEN', 'Driftwatch answers only its own page.')
      return
    }
    const route = parseRoute(req.url ?? '/')
    if (route.path !== '/api' && !route.path.startsWith('/api/')) {
      await serveStatic(req, res, rendererDir, route.path)
      return
    }
    const presented =
      route.path === '/api/events'
        ? (route.query.get('token') ?? headerValue(req, TOKEN_HEADER))
        : headerValue(req, TOKEN_HEADER)
    if (!tokensMatch(presented, token)) {
      sendError(
        req,
        res,
        401,
        'UNAUTHORIZED',
        'This request did not carry the session token. Open the address Driftwatch printed when it started.'
      )
      return
    }
    if (route.path === '/api/events') {
      if (req.method !== 'GET') return methodNotAllowed(req, res, 'GET')
      const stream = openEventStream(req, res, backend, (closed) => streams.delete(closed))
      streams.add(stream)
      return
    }
    if (route.path === '/api/upload') {
      if (req.method !== 'POST') return methodNotAllowed(req, res, 'POST')
      await upload(req, res, route)
      return
    }
    if (route.path.startsWith('/api/call/')) {
      if (req.method !== 'POST') return methodNotAllowed(req, res, 'POST')
      await call(req, res, route.path.slice('/api/call/'.length))
      return
    }
    sendError(req, res, 404, 'NOT_FOUND', `There is no API at ${route.path}.`)
  }

  async function call(
    req: IncomingMessage,
    res: ServerResponse,
    rawChannel: string
  ): Promise<void> {
    const channel = safeDecode(rawChannel)
    if (!isApiName(channel)) {
      sendError(req, res, 404, 'NOT_FOUND', `Unknown API channel ${channel ?? rawChannel}.`)
      return
    }
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > MAX_CALL_BODY_BYTES) {
      sendError(req, res, 413, 'INVALID_OPTIONS', 'The request is larger than 1 MB.')
      return
    }
    const body = await readBody(req, MAX_CALL_BODY_BYTES)
    if (body === 'too-large') {
      sendError(req, res, 413, 'INVALID_OPTIONS', 'The request is larger than 1 MB.')
      return
    }
    if (body === 'aborted') return
    const parsed = parseRequestObject(body)
    if (!parsed.ok) {
      sendJson(req, res, 400, parsed)
      return
    }
    const forward = backend.call as (name: ApiName, request: unknown) => Promise<Result<unknown>>
    const result = await forward(channel, parsed.value)
    if (result.ok && hasBytes(result.value)) sendEnvelope(req, res, 200, result)
    else sendJson(req, res, 200, result)
  }

  async function upload(req: IncomingMessage, res: ServerResponse, route: Route): Promise<void> {
    const name = route.query.get('name')?.trim() ?? ''
    if (name.length === 0) {
      sendError(req, res, 400, 'INVALID_OPTIONS', 'Give the uploaded file a name (?name=...).')
      return
    }
    const outcome = await receiveUpload(req, backend.tempDir, sanitiseFileName(name))
    switch (outcome.kind) {
      case 'saved':
        sendJson(req, res, 200, ok(backend.grant(outcome.path)))
        return
      case 'aborted':
        return
      case 'failed':
        log('error', `upload of ${JSON.stringify(name)} failed: ${outcome.reason}`)
        sendError(
          req,
          res,
          500,
          'UPLOAD_FAILED',
          'The file could not be saved for comparison. Check there is free disk space and try again.'
        )
        return
      default:
        assertNever(outcome)
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const reference = randomUUID().slice(0, 8)
      const text = e instanceof Error ? (e.stack ?? e.message) : String(e)
      log('error', `[${reference}] ${req.method ?? '?'} ${req.url ?? '?'} failed: ${text}`)
      if (res.headersSent) {
        res.destroy()
        return
      }
      sendError(
        req,
        res,
        500,
        'INTERNAL',
        `Driftwatch hit an unexpected error (log reference ${reference}). Please report it.`
      )
    })
  })
  // Uploads may be larger than memory and slow to send: no overall request deadline on loopback.
  server.requestTimeout = 0

  await new Promise<void>((resolveListening, rejectListening) => {
    server.once('error', rejectListening)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rejectListening)
      resolveListening()
    })
  })
  port = (server.address() as AddressInfo).port
  server.on('error', (e) => log('error', `http host: ${String(e)}`))

  let closing: Promise<void> | null = null
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolveClosed) => {
      for (const stream of [...streams]) stream.end()
      server.close(() => resolveClosed())
      server.closeAllConnections()
    })
    return closing
  }

  return { url: `http://127.0.0.1:${port}/?token=${token}`, port, token, close }
}

/** Splits a request target into its path and query without treating `//host` as an authority. */
export function parseRoute(target: string): Route {
  const queryAt = target.indexOf('?')
  const path = queryAt === -1 ? target : target.slice(0, queryAt)
  const query = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1))
  return { path, query }
}

/** What `/api/call` forwards: an object (an empty body counts as `{}`), else an INVALID_OPTIONS result. */
export function parseRequestObject(body: Buffer): Result<Record<string, unknown>> {
  const text = body.toString('utf8')
  if (text.trim().length === 0) return ok({})
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return {
      ok: false,
      error: { code: 'INVALID_OPTIONS', message: 'The request body is not valid JSON.' }
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      error: { code: 'INVALID_OPTIONS', message: 'The request body must be a JSON object.' }
    }
  }
  return ok(value as Record<string, unknown>)
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((settle) => {
    const chunks: Buffer[] = []
    let size = 0
    let isDone = false
    const finish = (value: Buffer | 'too-large' | 'aborted'): void => {
      if (isDone) return
      isDone = true
      settle(value)
    }
    req.on('data', (chunk: Buffer) => {
      if (isDone) return
      size += chunk.length
      if (size > limit) {
        chunks.length = 0
        finish('too-large')
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => finish(Buffer.concat(chunks)))
    req.on('error', () => finish('aborted'))
    req.on('close', () => {
      if (!req.complete) finish('aborted')
    })
  })
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

function methodNotAllowed(req: IncomingMessage, res: ServerResponse, allowed: string): void {
  sendError(req, res, 405, 'UNSUPPORTED', `Use ${allowed} for this address.`, { Allow: allowed })
}

function assertNever(v: never): never {
  throw new Error(`unexpected value ${JSON.stringify(v)}`)
}
