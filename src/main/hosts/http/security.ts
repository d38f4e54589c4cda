/**
 * The loopback host's guards: only 127.0.0.1/localhost on our port may talk to it (a DNS-rebinding page
 * carries a foreign Host header; a foreign page carries a foreign Origin), and the API needs the session
 * token, compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

/** The page may load only its own scripts and styles and talk only to this host. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'"
].join('; ')

/** Sent with every response, static or API. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

export const TOKEN_HEADER = 'x-driftwatch-token'

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'] as const

/** Whether a Host header names this server (127.0.0.1:<port> or localhost:<port>). */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false
  const wanted = host.toLowerCase()
  return LOOPBACK_NAMES.some((name) => wanted === `${name}:${port}`)
}

/** Whether a request's Origin is absent or this server's own (http://127.0.0.1:<port>, http://localhost:<port>). */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true
  const wanted = origin.toLowerCase()
  return LOOPBACK_NAMES.some((name) => wanted === `http://${name}:${port}`)
}

/** Compares a presented token with the session's in constant time (hashing first evens out the lengths). */
export function tokensMatch(presented: string | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false
  const a = createHash('sha256').update(presented, 'utf8').digest()
  const b = createHash('sha256').update(expected, 'utf8').digest()
  return timingSafeEqual(a, b)
}
