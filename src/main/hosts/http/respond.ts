/** Small response helpers shared by the loopback host's routes. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BINARY_ENVELOPE_TYPE, encodeBinaryEnvelope } from '../../../shared/binaryEnvelope'
import { type ErrorCode, err, type Result } from '../../../shared/errors'
import { SECURITY_HEADERS } from './security'

/** Writes a JSON body. Closes the connection when the request body was not read, so it is not drained. */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: Result<unknown>,
  extraHeaders: Readonly<Record<string, string>> = {}
): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const text = JSON.stringify(body)
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extraHeaders
  }
  if (!req.complete) headers['Connection'] = 'close'
  res.writeHead(status, headers)
  res.end(text)
}

/** Writes a failed Result with the given status. */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  extraHeaders: Readonly<Record<string, string>> = {}
): void {
  sendJson(req, res, status, err(code, message), extraHeaders)
}

/**
 * Writes a Result that carries bytes (a preview's Arrow page) as a binary envelope
 * (src/shared/binaryEnvelope.ts): the bytes travel as they are, not as JSON numbers.
 */
export function sendEnvelope(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: Result<unknown>
): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const bytes = encodeBinaryEnvelope(body)
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'Content-Type': BINARY_ENVELOPE_TYPE,
    'Content-Length': bytes.byteLength,
    'Cache-Control': 'no-store'
  }
  if (!req.complete) headers['Connection'] = 'close'
  res.writeHead(status, headers)
  res.end(bytes)
}
