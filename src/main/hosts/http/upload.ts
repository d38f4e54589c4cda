/**
 * Uploads: the browser's stand-in for a dropped file. The body is streamed to disk (never held in memory)
 * under `<tempDir>/uploads/<uuid>/<name>`; a failed or abandoned upload leaves nothing behind.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { extname, join } from 'node:path'

export const FALLBACK_UPLOAD_NAME = 'upload.bin'
const MAX_NAME_LENGTH = 200

/**
 * A safe file name from what the client sent: the last path segment only, without control characters,
 * separators or characters Windows reserves, at most 200 characters with the extension kept; `upload.bin`
 * when nothing usable is left.
 */
export function sanitiseFileName(name: string): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? ''
  const cleaned = lastSegment
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .trim()
  if (cleaned.length === 0 || /^\.+$/.test(cleaned)) return FALLBACK_UPLOAD_NAME
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned
  const extension = extname(cleaned).slice(0, 20)
  return cleaned.slice(0, MAX_NAME_LENGTH - extension.length) + extension
}

export type UploadOutcome =
  | Readonly<{ kind: 'saved'; path: string }>
  | Readonly<{ kind: 'aborted' }>
  | Readonly<{ kind: 'failed'; reason: string }>

/**
 * Streams the request body into a new folder under `<tempDir>/uploads`. On a write failure the rest of the
 * body is discarded (so the caller can still answer) and the folder removed; on a client abort the folder
 * is removed too.
 */
export async function receiveUpload(
  req: IncomingMessage,
  tempDir: string,
  fileName: string
): Promise<UploadOutcome> {
  const folder = join(tempDir, 'uploads', randomUUID())
  const path = join(folder, fileName)
  try {
    await mkdir(folder, { recursive: true })
  } catch (e) {
    req.resume()
    return { kind: 'failed', reason: describe(e) }
  }
  const outcome = await new Promise<UploadOutcome>((settle) => {
    const out = createWriteStream(path, { flags: 'wx' })
    // Set on failure or abort; the outcome is reported once the file is closed, so it can be removed.
    let failure: UploadOutcome | null = null
    out.on('close', () => {
      settle(failure ?? (out.writableFinished ? { kind: 'saved', path } : { kind: 'aborted' }))
    })
    out.on('error', (e) => {
      failure ??= { kind: 'failed', reason: describe(e) }
      req.unpipe(out)
      req.resume()
      out.destroy()
    })
    const onAbort = (): void => {
      if (req.complete) return
      failure ??= { kind: 'aborted' }
      req.unpipe(out)
      out.destroy()
    }
    req.on('error', onAbort)
    req.on('close', onAbort)
    req.pipe(out)
  })
  if (outcome.kind !== 'saved') await rm(folder, { recursive: true, force: true })
  return outcome
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  const message = e instanceof Error ? e.message : String(e)
  return code === undefined ? message : `${code}: ${message}`
}
