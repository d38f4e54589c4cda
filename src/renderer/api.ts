/**
 * The only module of the renderer that touches `window.api` (Electron) or the network (`driftwatch serve`).
 * Both transports implement `Client`, so the rest of the renderer never knows which one it is on.
 */
import type {
  ApiEventName,
  ApiEvents,
  ApiName,
  ApiRequest,
  ApiResponse,
  Call,
  HostKind,
  PreloadApi,
  Subscribe
} from '../shared/api'
import { BINARY_ENVELOPE_TYPE, decodeBinaryEnvelope } from '../shared/binaryEnvelope'
import { err, isAppError, type Result } from '../shared/errors'
import type { DatasetRef } from '../shared/model'

declare global {
  interface Window {
    api?: PreloadApi
  }
}

export type FileRole = 'reference' | 'current'

/** What every transport gives the screens. */
export type Client = Readonly<{
  host: HostKind
  call: Call
  on: Subscribe
  /** Whether `pickFile` shows a native dialog (Electron); otherwise the screens use `<input type=file>`. */
  canPick: boolean
  /** Makes a file the person dropped or chose readable by the backend. */
  openFile(file: File): Promise<Result<DatasetRef>>
  /**
   * Where a dropped file or folder is on disk (Electron); null where the page cannot know (a browser
   * receives dropped files' contents, never their paths).
   */
  pathOf(file: File): string | null
  /** A native file dialog; `null` when the person cancels. */
  pickFile(role: FileRole): Promise<Result<DatasetRef | null>>
  /**
   * Resolves once pushed events can arrive (the browser's event stream is open), so a job's events are not
   * missed. Calling it also opens the stream.
   */
  eventsReady(): Promise<void>
}>

export const HOST_UNREACHABLE =
  "Driftwatch's host is not reachable. Check that `driftwatch serve` is still running, then reload this page."

/** The Electron transport: IPC through the preload object. */
export function createElectronClient(api: PreloadApi): Client {
  return {
    host: api.host,
    call: api.call,
    on: api.on,
    canPick: true,
    async openFile(file) {
      let path: string
      try {
        path = api.pathForFile(file)
      } catch {
        path = ''
      }
      if (!path) {
        return err(
          'FILE_UNREADABLE',
          `Driftwatch could not find ${file.name} on disk. Drop a file from a folder, or use "Choose file…".`
        )
      }
      const result = await api.call('files:dropped', { paths: [path] })
      if (!result.ok) return result
      const ref = result.value[0]
      return ref
        ? { ok: true, value: ref }
        : err('INTERNAL', `Driftwatch did not accept ${file.name}. Try choosing it again.`)
    },
    pathOf(file) {
      try {
        return api.pathForFile(file) || null
      } catch {
        return null
      }
    },
    pickFile: (role) => api.call('files:pick', { role }),
    eventsReady: () => Promise.resolve()
  }
}

type EventSourceLike = Pick<EventSource, 'addEventListener' | 'close' | 'readyState'>

export type HttpClientOptions = Readonly<{
  token: string | null
  fetch: typeof fetch
  openEvents: (url: string) => EventSourceLike
}>

/** The browser transport for `driftwatch serve`: POST /api/call/<name>, Server-Sent Events, uploads. */
export function createHttpClient(options: HttpClientOptions): Client {
  const { token, fetch: doFetch, openEvents } = options
  const tokenHeader: Record<string, string> = token === null ? {} : { 'x-driftwatch-token': token }

  const call: Call = async <K extends ApiName>(name: K, req: ApiRequest<K>) => {
    let response: Response
    try {
      response = await doFetch('/api/call/' + name, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...tokenHeader },
        body: JSON.stringify(req)
      })
    } catch (e) {
      return err<ApiResponse<K>>('INTERNAL', HOST_UNREACHABLE, String(e))
    }
    return readResult<ApiResponse<K>>(response, `${name}`)
  }

  let source: EventSourceLike | null = null
  let opened: Promise<void> = Promise.resolve()
  const listeners = new Map<ApiEventName, Set<(payload: never) => void>>()

  /** One shared stream for every event, opened on first use; EventSource reconnects by itself. */
  function events(): EventSourceLike {
    if (source !== null) return source
    const created = openEvents('/api/events?token=' + encodeURIComponent(token ?? ''))
    source = created
    opened = new Promise((resolve) => {
      if (created.readyState === 1) resolve()
      else created.addEventListener('open', () => resolve())
    })
    return created
  }

  const on: Subscribe = <E extends ApiEventName>(
    event: E,
    listener: (payload: ApiEvents[E]) => void
  ) => {
    const stream = events()
    let set = listeners.get(event)
    if (!set) {
      const created = new Set<(payload: never) => void>()
      set = created
      listeners.set(event, created)
      stream.addEventListener(event, (e: Event) => {
        const data = (e as MessageEvent<string>).data
        let payload: ApiEvents[E]
        try {
          payload = JSON.parse(data) as ApiEvents[E]
        } catch {
          return
        }
        for (const l of [...created]) (l as (p: ApiEvents[E]) => void)(payload)
      })
    }
    const entry = listener as (payload: never) => void
    set.add(entry)
    return () => {
      set.delete(entry)
    }
  }

  async function openFile(file: File): Promise<Result<DatasetRef>> {
    let response: Response
    try {
      response = await doFetch('/api/upload?name=' + encodeURIComponent(file.name), {
        method: 'POST',
        headers: { ...tokenHeader, 'content-type': 'application/octet-stream' },
        body: file
      })
    } catch (e) {
      return err('UPLOAD_FAILED', HOST_UNREACHABLE, String(e))
    }
    return readResult<DatasetRef>(response, `upload of ${file.name}`)
  }

  return {
    host: 'http',
    call,
    on,
    canPick: false,
    openFile,
    pathOf: () => null,
    pickFile: async () =>
      err('UNSUPPORTED', 'This window cannot open a file dialog; use the file button instead.'),
    eventsReady: () => {
      events()
      return opened
    }
  }
}

/**
 * The response body is the Result JSON, also for 4xx and 5xx, or a binary envelope of it when the answer
 * carries bytes (a preview's Arrow page). Anything else becomes an INTERNAL error.
 */
export async function readResult<T>(response: Response, what: string): Promise<Result<T>> {
  if (response.headers.get('content-type')?.startsWith(BINARY_ENVELOPE_TYPE) === true) {
    return readEnvelope<T>(response, what)
  }
  let text: string
  try {
    text = await response.text()
  } catch (e) {
    return err('INTERNAL', HOST_UNREACHABLE, String(e))
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return err(
      'INTERNAL',
      `Driftwatch's host sent an answer the app cannot read (HTTP ${response.status} for ${what}). Reload the page and try again.`,
      text.slice(0, 500)
    )
  }
  if (isResult(body)) return body as Result<T>
  return err(
    'INTERNAL',
    `Driftwatch's host sent an unexpected answer (HTTP ${response.status} for ${what}). Reload the page and try again.`,
    text.slice(0, 500)
  )
}

async function readEnvelope<T>(response: Response, what: string): Promise<Result<T>> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await response.arrayBuffer())
  } catch (e) {
    return err('INTERNAL', HOST_UNREACHABLE, String(e))
  }
  let body: unknown
  try {
    body = decodeBinaryEnvelope(bytes)
  } catch (e) {
    return err(
      'INTERNAL',
      `Driftwatch's host sent binary data the app cannot read (HTTP ${response.status} for ${what}). Reload the page and try again.`,
      String(e)
    )
  }
  if (isResult(body)) return body as Result<T>
  return err(
    'INTERNAL',
    `Driftwatch's host sent an unexpected answer (HTTP ${response.status} for ${what}). Reload the page and try again.`
  )
}

function isResult(v: unknown): v is Result<unknown> {
  if (typeof v !== 'object' || v === null) return false
  const r = v as { ok?: unknown; value?: unknown; error?: unknown }
  if (r.ok === true) return 'value' in r
  if (r.ok === false) return isAppError(r.error)
  return false
}

/** The client for this window: Electron's preload object when present, else the HTTP host. */
export function createClient(): Client {
  const preload = window.api
  if (preload) return createElectronClient(preload)
  return createHttpClient({
    token: new URLSearchParams(window.location.search).get('token'),
    fetch: (input, init) => window.fetch(input, init),
    openEvents: (url) => new EventSource(url)
  })
}

let shared: Client | null = null

/** One client per window, created on first use. */
export function getClient(): Client {
  shared ??= createClient()
  return shared
}
