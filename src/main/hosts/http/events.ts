/**
 * Backend events as Server-Sent Events: `event: <name>` and `data: <json>` per event, a `: connected`
 * comment at once so the client knows the stream is live, and a `: ping` comment every 15 s.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { API_EVENTS, type ApiEventName, type ApiEvents } from '../../../shared/api'
import type { Backend } from '../../backend'
import { SECURITY_HEADERS } from './security'

export const PING_INTERVAL_MS = 15_000

export type EventStream = Readonly<{
  /** Ends the stream from the server side (on shutdown). */
  end: () => void
}>

/** One SSE frame; JSON never contains a raw newline, so `data` stays on one line. */
export function formatEvent<E extends ApiEventName>(event: E, payload: ApiEvents[E]): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
}

/** Starts streaming every backend event to one client; unsubscribes when either side closes. */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  backend: Backend,
  onClosed: (stream: EventStream) => void
): EventStream {
  req.socket.setTimeout(0)
  req.socket.setNoDelay(true)
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no'
  })
  res.write(': connected\n\n')

  const unsubscribers = API_EVENTS.map((name) =>
    backend.on(name, (payload) => {
      if (!res.writableEnded && !res.destroyed) res.write(formatEvent(name, payload))
    })
  )
  const ping = setInterval(() => {
    if (!res.writableEnded && !res.destroyed) res.write(': ping\n\n')
  }, PING_INTERVAL_MS)
  ping.unref()

  let isClosed = false
  const stream: EventStream = {
    end: () => {
      cleanUp()
      if (!res.writableEnded) res.end()
    }
  }
  function cleanUp(): void {
    if (isClosed) return
    isClosed = true
    clearInterval(ping)
    for (const unsubscribe of unsubscribers) unsubscribe()
    onClosed(stream)
  }
  // The response closes when the client goes away or the stream is ended here.
  res.on('close', cleanUp)
  return stream
}
