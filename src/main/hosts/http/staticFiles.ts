/**
 * Serves the built renderer (index.html, assets/...) from one folder, and nothing outside it: encoded or
 * literal `..`, separators hidden in a segment, drive letters and symlinks that leave the folder all give 404.
 */
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, isAbsolute, join, relative, sep } from 'node:path'
import { sendError } from './respond'
import { SECURITY_HEADERS } from './security'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm'
}

/** The Content-Type for a file name; unknown extensions are served as opaque bytes. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The relative file path a URL path names inside the served folder, or null when it is not a plain path
 * of ordinary segments. `/` is index.html.
 */
export function staticRelativePath(urlPath: string): string | null {
  if (!urlPath.startsWith('/')) return null
  if (urlPath === '/') return 'index.html'
  const segments: string[] = []
  for (const raw of urlPath.slice(1).split('/')) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return null
    }
    if (
      segment.length === 0 ||
      segment === '.' ||
      segment === '..' ||
      /[/\\:\0]/.test(segment) ||
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f]/.test(segment)
    ) {
      return null
    }
    segments.push(segment)
  }
  return segments.join('/')
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file)
  return rel.length > 0 && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

/** Resolves a URL path to a regular file inside root (after following symlinks), or null. */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | null> {
  const rel = staticRelativePath(urlPath)
  if (rel === null) return null
  try {
    const realRoot = await realpath(root)
    const file = await realpath(join(realRoot, rel))
    if (!isInside(realRoot, file)) return null
    const info = await stat(file)
    return info.isFile() ? file : null
  } catch {
    return null
  }
}

/** Answers GET/HEAD for a file of the renderer; 404 for anything else. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  urlPath: string
): Promise<void> {
  const file = await resolveStaticFile(root, urlPath)
  if (file === null || (req.method !== 'GET' && req.method !== 'HEAD')) {
    sendError(req, res, 404, 'NOT_FOUND', `Nothing is served at ${urlPath}.`)
    return
  }
  const info = await stat(file)
  const isIndex = extname(file).toLowerCase() === '.html'
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeFor(file),
    'Content-Length': info.size,
    'Cache-Control': isIndex ? 'no-store' : 'no-cache'
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  await new Promise<void>((resolveSent) => {
    const stream = createReadStream(file)
    stream.on('error', () => {
      res.destroy()
      resolveSent()
    })
    res.on('close', () => {
      stream.destroy()
      resolveSent()
    })
    stream.pipe(res)
  })
}
