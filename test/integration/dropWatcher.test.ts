/**
 * The drop watcher with real files in temp folders and the real chokidar: the files already there reported
 * oldest first before `ready`; a file still being written reported once, after it stops, with its final
 * size; a file renamed into place reported once and its `.part` never; replaced content reported again, a
 * touch that changes nothing not; transient and non-matching names left silently; a folder named like a data
 * file and a file that stays empty reported as ignored once (the empty one ready once it has content); a file
 * deleted before it settles never reported; skipped folders not looked into; a burst of 200 files each
 * reported once; a missing drop folder reported and watched once created, also after being removed;
 * close() leaving nothing behind (a child process exits by itself); and the one-off scanDrops.
 *
 * Timing: stableMs is 400 ms; the tests wait for events (with generous timeouts) rather than for fixed
 * times. "Never reported" is checked with a sentinel: a file written after the event in question, whose
 * report means every earlier file would have been reported by then.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type DropError,
  type DropFile,
  type DropWatcher,
  type DropWatcherOptions,
  type IgnoredFile,
  scanDrops,
  watchDrops
} from '../../src/main/watch/dropWatcher'
import { REPO_ROOT } from '../paths'
import { useTempFolder } from './harness'

const STABLE_MS = 400
const TIMEOUT_MS = 30_000

const temp = useTempFolder('drop-watcher')
let folderCount = 0

/** A new empty folder (with `parts` made inside it) for one test. */
function freshFolder(...parts: string[]): string {
  const folder = temp.path(`case-${++folderCount}`)
  mkdirSync(folder)
  for (const part of parts) mkdirSync(join(folder, part), { recursive: true })
  return folder
}

function write(path: string, content: string): string {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, content)
  return path
}

/** Writes `path` and sets its modification time `secondsAgo` seconds back. */
function writeOld(path: string, content: string, secondsAgo: number): string {
  write(path, content)
  const when = Date.now() / 1000 - secondsAgo
  utimesSync(path, when, when)
  return path
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Waits until files just written have been left alone for `ms`. Setting a file's mtime back changes its
 * ctime, which the watcher counts as a change too: only then is a file found at start ready at once.
 */
const untouchedFor = (ms: number): Promise<void> => sleep(ms + 50)

/** Everything a watcher reported, with the time of each ready report, and a way to wait for a condition. */
type Recorder = Readonly<{
  ready: (DropFile & { at: number })[]
  ignored: IgnoredFile[]
  errors: DropError[]
  callbacks: Pick<DropWatcherOptions, 'onReady' | 'onIgnored' | 'onError'>
  until: (what: string, condition: () => boolean) => Promise<void>
  readyPaths: () => string[]
}>

function recorder(): Recorder {
  const ready: (DropFile & { at: number })[] = []
  const ignored: IgnoredFile[] = []
  const errors: DropError[] = []
  const checks = new Set<() => void>()
  const changed = (): void => {
    for (const check of [...checks]) check()
  }
  return {
    ready,
    ignored,
    errors,
    callbacks: {
      onReady: (file) => {
        ready.push({ ...file, at: Date.now() })
        changed()
      },
      onIgnored: (file) => {
        ignored.push(file)
        changed()
      },
      onError: (error) => {
        errors.push(error)
        changed()
      }
    },
    readyPaths: () => ready.map((f) => f.path),
    until: (what, condition) =>
      new Promise<void>((resolve, reject) => {
        if (condition()) return resolve()
        const timer = setTimeout(() => {
          checks.delete(check)
          const seen = JSON.stringify({ ready: ready.map((f) => f.path), ignored, errors })
          reject(new Error(`timed out waiting for ${what}; reported so far: ${seen}`))
        }, TIMEOUT_MS)
        const check = (): void => {
          if (!condition()) return
          clearTimeout(timer)
          checks.delete(check)
          resolve()
        }
        checks.add(check)
      })
  }
}

/** The native file-system watches this process holds open. */
function nativeWatches(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'FSEventWrap').length
}

/**
 * Resolves once this process holds no native watch (a closed watch is released by the event loop a little
 * later); rejects after a few seconds with the number still open.
 */
async function allWatchesReleased(): Promise<void> {
  const deadline = Date.now() + 5000
  while (nativeWatches() > 0) {
    if (Date.now() > deadline) throw new Error(`${nativeWatches()} native watches still open`)
    await sleep(20)
  }
}

const watchers: DropWatcher[] = []
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()))
  await allWatchesReleased()
})

type Started = Readonly<{ watcher: DropWatcher; events: Recorder }>

/** Starts a watcher on `folders` (every data file, unless patterns are given) and waits for its ready. */
async function start(
  folders: DropWatcherOptions['folders'],
  more: Partial<Pick<DropWatcherOptions, 'skipFolders' | 'stableMs'>> = {}
): Promise<Started> {
  const events = recorder()
  const watcher = watchDrops({ folders, stableMs: STABLE_MS, ...more, ...events.callbacks })
  watchers.push(watcher)
  await watcher.ready
  return { watcher, events }
}

let sentinels = 0

/**
 * Writes a sentinel file into `folder` and waits for its report: anything written before it that was going
 * to be reported has been by then.
 */
async function sentinel(events: Recorder, folder: string, name = 'zz-sentinel'): Promise<void> {
  const path = write(join(folder, `${name}-${++sentinels}.csv`), 'a\n1\n')
  await events.until(`the sentinel ${path}`, () => events.readyPaths().includes(path))
}

const count = (list: readonly string[], path: string): number =>
  list.filter((p) => p === path).length

describe('watchDrops', () => {
  it('reports the files already there before ready resolves, oldest modification first, then new ones', async () => {
    const folder = freshFolder()
    const newest = writeOld(join(folder, 'a.csv'), 'x\n1\n', 1000)
    const oldest = writeOld(join(folder, 'c.csv'), 'x\n1\n2\n', 3000)
    const middle = writeOld(join(folder, 'sub', 'b.csv'), 'x\n1\n2\n3\n', 2000)
    await untouchedFor(STABLE_MS)
    const { events } = await start([{ path: folder }])
    expect(events.readyPaths()).toEqual([oldest, middle, newest])
    expect(events.ready.map((f) => f.sizeBytes)).toEqual([6, 8, 4])
    expect(events.ready[0]?.modifiedMs).toBe(statSync(oldest).mtimeMs)

    const later = write(join(folder, 'd.csv'), 'x\n4\n')
    await events.until('d.csv', () => events.readyPaths().includes(later))
    expect(events.readyPaths()).toEqual([oldest, middle, newest, later])
    expect(events.ignored).toEqual([])
    expect(events.errors).toEqual([])
  })

  it('reports a file still being written once, with its final size, after writing stops for stableMs', async () => {
    const folder = freshFolder()
    const { events } = await start([{ path: folder }])
    const path = join(folder, 'growing.csv')
    writeFileSync(path, 'x\n')
    let lastWriteAt = Date.now()
    for (let i = 0; i < 15; i++) {
      await sleep(200)
      appendFileSync(path, `${i}\n`)
      lastWriteAt = Date.now()
    }
    expect(events.readyPaths()).not.toContain(path)
    await events.until('growing.csv', () => events.readyPaths().includes(path))
    const reported = events.ready.find((f) => f.path === path)
    expect(reported?.sizeBytes).toBe(statSync(path).size)
    expect(reported?.at ?? 0).toBeGreaterThanOrEqual(lastWriteAt + STABLE_MS - 20)
    await sentinel(events, folder)
    expect(count(events.readyPaths(), path)).toBe(1)
  })

  it('reports a file renamed into place once, and never its .part', async () => {
    const folder = freshFolder()
    const { events } = await start([{ path: folder }])
    const part = join(folder, 'week5.csv.part')
    writeFileSync(part, 'x\n')
    for (let i = 0; i < 5; i++) {
      await sleep(50)
      appendFileSync(part, `${i}\n`)
    }
    const final = join(folder, 'week5.csv')
    renameSync(part, final)
    await events.until('week5.csv', () => events.readyPaths().includes(final))
    await sentinel(events, folder)
    expect(count(events.readyPaths(), final)).toBe(1)
    expect(events.ready.find((f) => f.path === final)?.sizeBytes).toBe(12)
    expect(events.readyPaths().filter((p) => p.endsWith('.part'))).toEqual([])
    expect(events.ignored).toEqual([])
  })

  it('reports a file again when its content is replaced, in place or by a rename, but not when only touched', async () => {
    const folder = freshFolder()
    const path = write(join(folder, 'week1.csv'), 'x\n1\n')
    const { events } = await start([{ path: folder }])
    await events.until('the first version', () => count(events.readyPaths(), path) === 1)

    writeFileSync(path, 'x\n1\n2\n')
    await events.until('the second version', () => count(events.readyPaths(), path) === 2)
    expect(events.ready.at(-1)?.sizeBytes).toBe(6)

    const replacement = write(join(folder, '.week1.csv.tmp'), 'x\n1\n2\n3\n')
    renameSync(replacement, path)
    await events.until('the third version', () => count(events.readyPaths(), path) === 3)
    expect(events.ready.at(-1)?.sizeBytes).toBe(8)

    chmodSync(path, 0o640)
    await sentinel(events, folder)
    expect(count(events.readyPaths(), path)).toBe(3)
  })

  it('leaves transient and non-matching names silently', async () => {
    const folder = freshFolder()
    const { events } = await start([{ path: folder, patterns: ['week*.csv'] }])
    const names = [
      'week1.csv.part',
      'week1.csv.crdownload',
      'week1.csv.download',
      'week1.csv.tmp',
      'week1.csv.swp',
      'week1.csv~',
      '~$week1.csv',
      '.week1.csv',
      'notes.md',
      'other.csv',
      'week1.parquet'
    ]
    for (const name of names) write(join(folder, name), 'x\n1\n')
    mkdirSync(join(folder, 'week2.csv.download'))
    write(join(folder, '.cache', 'week3.csv'), 'x\n1\n')
    const wanted = write(join(folder, 'week1.csv'), 'x\n1\n')
    await events.until('week1.csv', () => events.readyPaths().includes(wanted))
    await sentinel(events, folder, 'week9')
    expect(events.readyPaths().filter((p) => !p.includes('week9'))).toEqual([wanted])
    expect(events.ignored).toEqual([])
    expect(events.errors).toEqual([])
  })

  it.skipIf(process.platform === 'win32')(
    'reports a folder named like a data file and a pipe once each, and does not look inside the folder',
    async () => {
      const folder = freshFolder()
      write(join(folder, 'week3.csv', 'part-0.csv'), 'x\n1\n')
      const { events } = await start([{ path: folder }])
      const before = join(folder, 'week3.csv')
      await events.until('week3.csv/', () => events.ignored.some((f) => f.path === before))

      const after = join(folder, 'week4.csv')
      write(join(after, 'part-0.csv'), 'x\n1\n')
      await events.until('week4.csv/', () => events.ignored.some((f) => f.path === after))
      const pipe = join(folder, 'pipe.csv')
      execFileSync('mkfifo', [pipe])
      await events.until('pipe.csv', () => events.ignored.some((f) => f.path === pipe))
      // More changes in the parent folder make the watcher list it again; each is still reported once.
      for (let i = 0; i < 3; i++) await sentinel(events, folder)
      expect(events.ignored.map((f) => f.path)).toEqual([before, after, pipe])
      expect(events.ignored[1]?.reason).toMatch(/^week4\.csv is a folder, not a data file/)
      expect(events.ignored[2]?.reason).toMatch(/^pipe\.csv is not a regular file/)
      expect(events.readyPaths().filter((p) => p.includes('part-0'))).toEqual([])
    }
  )

  it('reports a 0-byte file that stays empty as ignored once, and as ready once it has content', async () => {
    const folder = freshFolder()
    const { events } = await start([{ path: folder }])
    const path = write(join(folder, 'empty.csv'), '')
    await events.until('empty.csv ignored', () => events.ignored.some((f) => f.path === path))
    expect(events.ignored[0]?.reason).toMatch(/^empty\.csv is empty/)
    expect(events.readyPaths()).not.toContain(path)

    writeFileSync(path, 'x\n1\n')
    await events.until('empty.csv ready', () => events.readyPaths().includes(path))
    await sentinel(events, folder)
    expect(events.ignored).toHaveLength(1)
    expect(count(events.readyPaths(), path)).toBe(1)
  })

  it('never reports a file deleted before it became stable', async () => {
    const folder = freshFolder()
    const { events } = await start([{ path: folder }])
    const doomed = write(join(folder, 'doomed.csv'), 'x\n1\n')
    await sleep(STABLE_MS / 4)
    rmSync(doomed)
    await sentinel(events, folder)
    expect(events.readyPaths()).not.toContain(doomed)
    expect(events.ignored).toEqual([])
  })

  it('does not look into skipped folders or dot-folders, but watches other subfolders', async () => {
    const folder = freshFolder()
    const archived = write(join(folder, 'processed', 'old.csv'), 'x\n1\n')
    const hidden = write(join(folder, '.driftwatch', 'history.csv'), 'x\n1\n')
    const { events } = await start([{ path: folder }], { skipFolders: ['processed'] })
    expect(events.readyPaths()).toEqual([])

    const nested = write(join(folder, 'sub', 'deeper', 'nested.csv'), 'x\n1\n')
    const archivedLater = write(join(folder, 'processed', 'new.csv'), 'x\n1\n')
    await events.until('nested.csv', () => events.readyPaths().includes(nested))
    // Archiving a reported file into the skipped folder reports nothing more.
    renameSync(nested, join(folder, 'processed', 'nested.csv'))
    await sentinel(events, folder)
    const reported = events.readyPaths()
    for (const path of [archived, hidden, archivedLater]) expect(reported).not.toContain(path)
    expect(reported.filter((p) => p.includes('processed'))).toEqual([])
    expect(count(reported, nested)).toBe(1)
  })

  it('reports each of a burst of 200 files exactly once', async () => {
    const folder = freshFolder()
    const { events } = await start([{ path: folder }])
    const paths: string[] = []
    for (let i = 0; i < 200; i++) {
      paths.push(write(join(folder, `batch-${String(i).padStart(3, '0')}.csv`), `x\n${i}\n`))
    }
    await events.until('200 files', () => new Set(events.readyPaths()).size >= 200)
    await sentinel(events, folder)
    const reported = events.readyPaths().filter((p) => !p.includes('zz-sentinel'))
    expect(reported).toHaveLength(200)
    expect([...reported].sort()).toEqual(paths)
  })

  it('reports a missing drop folder, watches it once created, and again after it is removed and made again', async () => {
    const root = freshFolder()
    const folder = join(root, 'later', 'deep', 'drops')
    const { watcher, events } = await start([{ path: folder }])
    expect(events.errors).toHaveLength(1)
    expect(events.errors[0]?.message).toBe(
      `The drop folder ${folder} does not exist; Driftwatch starts watching it as soon as it is created.`
    )

    mkdirSync(join(root, 'later'))
    await sleep(50)
    mkdirSync(folder, { recursive: true })
    const first = write(join(folder, 'week1.csv'), 'x\n1\n')
    await events.until('week1.csv', () => events.readyPaths().includes(first))

    rmSync(folder, { recursive: true })
    await events.until('the removal', () => events.errors.length === 2)
    expect(events.errors[1]?.message).toMatch(
      /^The drop folder .* was removed or renamed; Driftwatch/
    )

    mkdirSync(folder)
    const second = write(join(folder, 'week2.csv'), 'x\n2\n')
    await events.until('week2.csv', () => events.readyPaths().includes(second))
    expect(events.readyPaths()).toEqual([first, second])
    // Nothing is left of the first watcher nor of the waits for the folder.
    await watcher.close()
    await allWatchesReleased()
  })

  it('watches several folders with their own patterns, a drop folder inside another by its own', async () => {
    const root = freshFolder('csv', 'csv/json')
    const { events } = await start([
      { path: join(root, 'csv'), patterns: ['*.csv'] },
      { path: join(root, 'csv', 'json'), patterns: ['*.json'] }
    ])
    const csv = write(join(root, 'csv', 'a.csv'), 'x\n1\n')
    const json = write(join(root, 'csv', 'json', 'b.json'), '[{"x":1}]')
    write(join(root, 'csv', 'json', 'c.csv'), 'x\n1\n')
    write(join(root, 'csv', 'd.json'), '[{"x":1}]')
    await events.until('both', () => events.readyPaths().length >= 2)
    await sentinel(events, join(root, 'csv'))
    expect(
      events
        .readyPaths()
        .filter((p) => !p.includes('zz-sentinel'))
        .sort()
    ).toEqual([csv, json].sort())
  })

  it.skipIf(process.getuid?.() === 0)('reports a file it cannot read as ignored', async () => {
    const folder = freshFolder()
    const { events } = await start([{ path: folder }])
    const path = write(join(folder, 'locked.csv'), 'x\n1\n')
    chmodSync(path, 0o000)
    try {
      await events.until('locked.csv', () => events.ignored.some((f) => f.path === path))
      expect(events.ignored[0]?.reason).toMatch(/^locked\.csv cannot be read \((EACCES|EPERM)\)/)
      expect(events.readyPaths()).not.toContain(path)
    } finally {
      chmodSync(path, 0o644)
    }
  })

  // Root reads every file, so as root the same check runs in a child process as the user nobody.
  it.skipIf(process.getuid?.() !== 0)(
    'reports a file it cannot read as ignored (checked as the user nobody)',
    async () => {
      const folder = freshFolder()
      chmodSync(folder, 0o755)
      chmodSync(join(folder, '..'), 0o755)
      const locked = writeOld(join(folder, 'locked.csv'), 'x\n1\n', 60)
      chmodSync(locked, 0o600)
      const open = writeOld(join(folder, 'open.csv'), 'x\n1\n', 60)
      const script = write(
        join(folder, '..', `as-nobody-${folderCount}.mts`),
        `import { scanDrops } from ${JSON.stringify(join(REPO_ROOT, 'src', 'main', 'watch', 'dropWatcher.ts'))}
const scan = await scanDrops({ folders: [{ path: ${JSON.stringify(folder)} }], stableMs: 100, maxWaitMs: 5000 })
console.log(JSON.stringify({ ready: scan.ready.map((f) => f.path), ignored: scan.ignored }))
`
      )
      chmodSync(script, 0o644)
      const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
        cwd: REPO_ROOT,
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        env: { ...process.env, HOME: tmpdir() },
        timeout: 60_000
      })
      expect(child.status, child.stderr).toBe(0)
      const scan = JSON.parse(child.stdout) as {
        ready: string[]
        ignored: { path: string; reason: string }[]
      }
      expect(scan.ready).toEqual([open])
      expect(scan.ignored).toEqual([
        {
          path: locked,
          reason: expect.stringMatching(
            /^locked\.csv cannot be read \(EACCES\)\. Check its permissions/
          )
        }
      ])
    }
  )

  it('close() stops everything: the process exits by itself, with nothing reported after', async () => {
    const folder = freshFolder()
    writeOld(join(folder, 'before.csv'), 'x\n1\n', 60)
    await untouchedFor(STABLE_MS)
    const script = write(
      join(folder, '..', `close-${folderCount}.mts`),
      `import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { watchDrops } from ${JSON.stringify(join(REPO_ROOT, 'src', 'main', 'watch', 'dropWatcher.ts'))}
const folder = ${JSON.stringify(folder)}
const watcher = watchDrops({
  folders: [{ path: folder }, { path: join(folder, 'missing', 'drops') }],
  stableMs: ${STABLE_MS},
  onReady: (file) => console.log('ready ' + file.path),
  onIgnored: (file) => console.log('ignored ' + file.path),
  onError: (error) => console.log('error ' + error.message)
})
await watcher.ready
writeFileSync(join(folder, 'pending.csv'), 'x\\n1\\n')
await watcher.close()
writeFileSync(join(folder, 'after.csv'), 'x\\n1\\n')
console.log('closed')
`
    )
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exit = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        resolve(null)
      }, TIMEOUT_MS)
      child.on('exit', (code) => {
        clearTimeout(timer)
        resolve(code)
      })
    })
    expect({ exit, output }).toMatchObject({ exit: 0 })
    expect(output.trim().split('\n')).toEqual([
      expect.stringMatching(/^error The drop folder .*missing.* does not exist/),
      `ready ${join(folder, 'before.csv')}`,
      'closed'
    ])
  })
})

describe('scanDrops', () => {
  it('returns the stable files oldest first and what it left out, waiting for a file still being written', async () => {
    const folder = freshFolder()
    const older = writeOld(join(folder, 'week1.csv'), 'x\n1\n', 7200)
    const old = writeOld(join(folder, 'sub', 'week2.csv'), 'x\n2\n', 3600)
    const empty = writeOld(join(folder, 'week0.csv'), '', 3600)
    write(join(folder, 'week4.csv', 'part-0.csv'), 'x\n1\n')
    write(join(folder, 'week3.csv.part'), 'x\n1\n')
    write(join(folder, 'processed', 'week0.csv'), 'x\n1\n')
    const growing = join(folder, 'week5.csv')
    writeFileSync(growing, 'x\n')
    let writing = true
    const writer = (async (): Promise<void> => {
      for (let i = 0; i < 6; i++) {
        await sleep(200)
        appendFileSync(growing, `${i}\n`)
      }
      writing = false
    })()
    const scan = await scanDrops({
      folders: [{ path: folder }],
      stableMs: STABLE_MS,
      skipFolders: ['processed']
    })
    await writer
    expect(writing).toBe(false)
    expect(scan.ready.map((f) => f.path)).toEqual([older, old, growing])
    expect(scan.ready[2]?.sizeBytes).toBe(statSync(growing).size)
    expect(scan.ignored.map((f) => f.path).sort()).toEqual(
      [empty, join(folder, 'week4.csv')].sort()
    )
    expect(scan.errors).toEqual([])
  })

  it('takes every data file the engine reads when no patterns are given, in any case', async () => {
    const folder = freshFolder()
    const names = ['a.csv.gz', 'b.parquet', 'c.JSONL', 'e.tsv', 'f.json', 'g.pq', 'h.ndjson']
    const wanted = names.map((name, i) => writeOld(join(folder, name), 'x\n1\n', 100 * (10 - i)))
    for (const other of ['d.txt', 'i.xlsx', 'j.pkl', 'k.parquet.gz', 'l.avro', 'README']) {
      writeOld(join(folder, other), 'x\n1\n', 1000)
    }
    const scan = await scanDrops({ folders: [{ path: folder }], stableMs: STABLE_MS })
    expect(scan.ready.map((f) => f.path)).toEqual(wanted)
  })

  it('returns a file that keeps changing as ignored after maxWaitMs, and a missing folder as an error', async () => {
    const folder = freshFolder()
    const busy = join(folder, 'busy.csv')
    writeFileSync(busy, 'x\n')
    let writing = true
    const writer = (async (): Promise<void> => {
      for (let i = 0; writing; i++) {
        await sleep(100)
        appendFileSync(busy, `${i}\n`)
      }
    })()
    const missing = join(folder, 'missing')
    try {
      const scan = await scanDrops({
        folders: [{ path: folder }, { path: missing }],
        stableMs: STABLE_MS,
        maxWaitMs: 1500
      })
      expect(scan.ready).toEqual([])
      expect(scan.ignored).toEqual([
        {
          path: busy,
          reason: 'busy.csv was still changing after 2 s of waiting; it is left for the next scan.'
        }
      ])
      expect(scan.errors).toEqual([
        { message: `The drop folder ${missing} does not exist; nothing was found there.` }
      ])
    } finally {
      writing = false
      await writer
    }
  })
})
