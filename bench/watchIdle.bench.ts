/**
 * Benchmark of the drop watcher at rest: it writes a tree of small CSV files (100 per folder, two levels of
 * folders) into a temp folder, lets them settle, then measures
 *
 * - scan: one `scanDrops` of the tree (what `driftwatch run` and the catch-up do), wall-clock;
 * - start-up: `watchDrops` until `ready` (the initial scan, every existing file reported), wall-clock and
 *   the CPU time the process used meanwhile;
 * - idle: the CPU time the whole process uses while watching the untouched tree for `--seconds`, and that
 *   as a share of one core (the target is ≈ 0%): first the few seconds after the start-up (which include
 *   collecting the start-up's garbage), then the rest;
 * - one drop: a new file written into the tree, until it is reported (about `--stable-ms`);
 * - the native watches held (Linux: inotify watches of the process) and the resident memory.
 *
 *   npm run bench:watch                                  10^4 files, 20 s idle, stableMs 2000
 *   npm run bench:watch -- --files 50000 --seconds 60 --stable-ms 500
 *
 * The tree is removed at the end. Every figure is printed; nothing is written.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type DropFile, scanDrops, watchDrops } from '../src/main/watch/dropWatcher'

const FILES_PER_FOLDER = 100
const FOLDERS_PER_GROUP = 10

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '20' },
    'stable-ms': { type: 'string', default: '2000' },
    help: { type: 'boolean', default: false }
  }
})
if (values.help) {
  console.log('npm run bench:watch -- [--files 10000] [--seconds 20] [--stable-ms 2000]')
  process.exit(0)
}
const files = positive('--files', values.files)
const seconds = positive('--seconds', values.seconds)
const stableMs = positive('--stable-ms', values['stable-ms'])

function positive(flag: string, text: string): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${flag} needs a positive number; got "${text}"`)
    process.exit(2)
  }
  return value
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** CPU milliseconds (user + system) the process used since `from`. */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from)
  return (used.user + used.system) / 1000
}

/** The inotify watches this process holds (Linux), or null where that cannot be read. */
function nativeWatches(): number | null {
  let fds: string[]
  try {
    fds = readdirSync('/proc/self/fdinfo')
  } catch {
    return null
  }
  let count = 0
  for (const fd of fds) {
    try {
      const info = readFileSync(join('/proc/self/fdinfo', fd), 'utf8')
      count += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length
    } catch {
      // Closed since the listing (the listing's own descriptor among them).
    }
  }
  return count
}

/** Writes `count` small CSV files, 100 per folder, under `root/group-NN/folder-NN/`. */
function writeTree(root: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const folderIndex = Math.floor(i / FILES_PER_FOLDER)
    const group = String(Math.floor(folderIndex / FOLDERS_PER_GROUP)).padStart(3, '0')
    const folder = join(root, `group-${group}`, `folder-${folderIndex % FOLDERS_PER_GROUP}`)
    if (i % FILES_PER_FOLDER === 0) mkdirSync(folder, { recursive: true })
    writeFileSync(
      join(folder, `batch-${String(i).padStart(6, '0')}.csv`),
      `id,value\n${i},${i * 2}\n`
    )
  }
}

const root = mkdtempSync(join(tmpdir(), 'driftwatch-bench-watch-'))
const drops = join(root, 'drops')
const line = (label: string, value: string): void => console.log(`${label.padEnd(28)} ${value}`)

try {
  console.log(
    `drop watcher at rest: ${files} files, ${seconds} s idle, stableMs ${stableMs}; ` +
      `${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}, Node ${process.version}, ${process.platform}`
  )
  let started = performance.now()
  writeTree(drops, files)
  line('tree written', `${((performance.now() - started) / 1000).toFixed(1)} s`)
  // Until the files have been untouched for stableMs, they are not ready, neither for the scan nor at start.
  await sleep(stableMs + 100)
  const folders = [{ path: drops }]

  started = performance.now()
  const scan = await scanDrops({ folders, stableMs })
  line(
    'scan (scanDrops)',
    `${(performance.now() - started).toFixed(0)} ms, ${scan.ready.length} ready`
  )

  const reported: DropFile[] = []
  const problems: string[] = []
  let waitingFor: Readonly<{ path: string; resolve: () => void }> | undefined
  let cpuFrom = process.cpuUsage()
  started = performance.now()
  const watcher = watchDrops({
    folders,
    stableMs,
    onReady: (file) => {
      reported.push(file)
      if (file.path === waitingFor?.path) waitingFor.resolve()
    },
    onIgnored: (file) => problems.push(file.reason),
    onError: (error) => problems.push(error.message)
  })
  await watcher.ready
  const startMs = performance.now() - started
  line(
    'start-up (until ready)',
    `${startMs.toFixed(0)} ms wall, ${cpuMsSince(cpuFrom).toFixed(0)} ms CPU, ${reported.length} reported`
  )
  if (reported.length !== files)
    problems.push(`${reported.length} of ${files} files reported at start`)
  const watches = nativeWatches()
  if (watches !== null) line('native watches', String(watches))
  const memory = process.memoryUsage()
  line(
    'memory',
    `${(memory.rss / 2 ** 20).toFixed(0)} MB resident, ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB heap`
  )

  // The first seconds after the start-up include the garbage collection of what the scan allocated; the
  // rest is the cost of watching itself.
  const reportedAtStart = reported.length
  const settleSeconds = Math.min(5, seconds / 4)
  for (const [label, span] of [
    [`idle, first ${settleSeconds} s`, settleSeconds],
    [`idle, next ${seconds - settleSeconds} s`, seconds - settleSeconds]
  ] as const) {
    cpuFrom = process.cpuUsage()
    started = performance.now()
    await sleep(span * 1000)
    const cpuMs = cpuMsSince(cpuFrom)
    const share = (cpuMs / (performance.now() - started)) * 100
    line(label, `${cpuMs.toFixed(1)} ms CPU = ${share.toFixed(3)}% of one core`)
  }
  if (reported.length !== reportedAtStart)
    problems.push('files were reported while nothing changed')

  const dropped = join(drops, 'group-000', 'folder-0', 'new-drop.csv')
  const droppedReported = new Promise<void>((resolve) => {
    waitingFor = { path: dropped, resolve }
  })
  started = performance.now()
  writeFileSync(dropped, 'id,value\n1,2\n')
  await droppedReported
  line('one drop, until reported', `${(performance.now() - started).toFixed(0)} ms`)

  started = performance.now()
  await watcher.close()
  line('close', `${(performance.now() - started).toFixed(0)} ms`)
  for (const problem of problems) console.log(`problem: ${problem}`)
} finally {
  rmSync(root, { recursive: true, force: true })
}
