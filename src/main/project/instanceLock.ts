/**
 * Instance lock: which Driftwatch watches a project. The one that creates `.driftwatch/lock` (exclusively:
 * the file system decides a race) watches and writes the history; any other opens the project read-only
 * and says who holds it. A lock left by a process that no longer runs (killed, crashed, the machine
 * restarted) is taken over: its pid is checked on this host; a lock from another host is respected.
 *
 * The file holds JSON: `{ "pid": 4242, "host": "laptop", "startedAt": "...", "app": "Driftwatch" }`.
 *
 * @example
 * const lock = await acquireProjectLock('/data/project')
 * if (lock.kind === 'held') console.log(`read-only: ${describeHolder(lock.holder)}`)
 * else await lock.release()
 */
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { HISTORY_FOLDER } from './history'

export const LOCK_FILE = 'lock'

export type LockHolder = Readonly<{ pid: number; host: string; startedAt: string }>

export type ProjectLock =
  | Readonly<{ kind: 'acquired'; release: () => Promise<void> }>
  | Readonly<{ kind: 'held'; holder: LockHolder }>

/** A lock file that cannot be read as a holder is taken over once it is this old (a write cut short). */
const UNREADABLE_GRACE_MS = 10_000

/**
 * The `.gitignore` put in `.driftwatch/`: its contents are machine-local (a lock, a database rewritten on
 * every batch), so git leaves the whole folder out without the person having to say so.
 */
export const HISTORY_GITIGNORE =
  '# Driftwatch keeps its local history and lock here; they are not meant for version control.\n*\n'

export async function acquireProjectLock(folder: string): Promise<ProjectLock> {
  const dir = join(folder, HISTORY_FOLDER)
  const path = join(dir, LOCK_FILE)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, '.gitignore'), HISTORY_GITIGNORE, { flag: 'wx' }).catch(() => undefined)
  for (let attempt = 0; attempt < 3; attempt++) {
    const me: LockHolder = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString()
    }
    try {
      const handle = await open(path, 'wx')
      try {
        await handle.writeFile(JSON.stringify({ ...me, app: 'Driftwatch' }))
        await handle.sync()
      } finally {
        await handle.close()
      }
      let released = false
      return {
        kind: 'acquired',
        release: async () => {
          if (released) return
          released = true
          // Only our own lock is removed (a takeover after a long sleep leaves the new holder's).
          const holder = await readHolder(path)
          if (holder?.pid === me.pid && holder.host === me.host) await rm(path, { force: true })
        }
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    const holder = await readHolder(path)
    if (holder === null) {
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => Number.POSITIVE_INFINITY
      )
      if (age < UNREADABLE_GRACE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 200))
        continue
      }
      await rm(path, { force: true })
      continue
    }
    if (holder.host === hostname() && !isAlive(holder.pid)) {
      await rm(path, { force: true })
      continue
    }
    return { kind: 'held', holder }
  }
  const holder = await readHolder(path)
  return holder === null
    ? { kind: 'held', holder: { pid: 0, host: 'unknown', startedAt: '' } }
    : { kind: 'held', holder }
}

/** Who holds a project, in words. */
export function describeHolder(holder: LockHolder): string {
  const since = holder.startedAt === '' ? '' : ` since ${holder.startedAt}`
  return `another Driftwatch (pid ${holder.pid} on ${holder.host}${since})`
}

async function readHolder(path: string): Promise<LockHolder | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null
    return {
      pid: parsed.pid,
      host: parsed.host,
      startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : ''
    }
  } catch {
    return null
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
