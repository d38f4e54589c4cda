/**
 * Benchmark of issue 6's Speed section: two large generated CSV files dropped on the app's window and
 * compared, measured the way the person meets it. How soon the schema shows, and whether the window and
 * the main process stay responsive throughout.
 *
 *   npm run bench:dragdrop                        6.5e7 rows per file (about 5 GB of CSV each)
 *   npm run bench:dragdrop -- --rows 1e7          any size (--rows takes 1e7, 10000000, 6.5e7)
 *   npm run bench:dragdrop -- --format parquet    Parquet files instead of CSV
 *   npm run bench:dragdrop -- --generate-only     only make the data
 *
 * A desktop user drops files as paths: nothing is copied. To measure that path, the built CLI's
 * `driftwatch serve` is started with `--allow-path` for the two files (they are granted at start, nothing
 * else is) and `--loop-stats`, and Chromium loads the app with a stand-in for the desktop preload: the
 * same `window.api` object (call, on, pathForFile) over the loopback host's HTTP and Server-Sent Events
 * instead of IPC. The drop is a DataTransfer of two empty files named like the generated ones, dispatched
 * on the window; the app asks the stand-in for their paths (`files:dropped`) and compares them at once,
 * exactly as it does with a desktop drop. (Uploading 2 × 5 GB through a browser is not what anyone does.)
 *
 * Measured, from the drop:
 * - the schema shown (both files' columns and kinds), the profiles shown (both files read and counted),
 *   the first column's result, and the whole report, on the page's clock (a MutationObserver notes when
 *   each first appears);
 * - the main process's event-loop delay during the comparison (p50, p99, max) and the loop's utilisation,
 *   measured inside serve by `--loop-stats` (perf_hooks.monitorEventLoopDelay, 10 ms resolution);
 * - the renderer's long tasks (over 50 ms) from the drop until a second after the report is shown, from
 *   the Long Tasks API (a PerformanceObserver of 'longtask' entries installed before the app loads), each
 *   with when it happened; the tasks of the benchmark's own screenshot are listed but not counted;
 * - a control: the long tasks of an empty page in a browser context of its own (so a renderer process of
 *   its own) over the same time, a page that only does what an idle window does, a task of half a
 *   millisecond every 50 ms. A long task there is the machine's (its renderer thread waiting for a core or
 *   for its memory), not the app's; each of the app's long tasks is listed with whether the control had
 *   one within half a second of it;
 * - the renderer's main-thread work over the same time (Chromium's performance metrics: task, script,
 *   layout and style time), and how contended the machine's cores were (load average, and from Linux's
 *   pressure stall information the share of the time some runnable task waited for a core): long tasks
 *   and event-loop delays are wall time, so a busy machine lengthens both;
 * - whether the machine ran short of memory or of CPU time given by its host over the same time
 *   (machineCounters.ts): how long some task stalled waiting for memory, how many allocations had to
 *   reclaim memory in their own thread because none was free (a renderer among them stalls), the major
 *   page faults, and the host's steal time;
 * - which threads held the cores during each long task, the app's and the control's (threadSampler.ts:
 *   every thread's CPU time on the machine, sampled every 100 ms from the drop on): the busiest five
 *   within 100 ms of the task, each with its process, its nice value and its time in the kernel;
 * - the nice value of each thread of serve's process at the end: the main thread at 0, the helper threads
 *   (DuckDB's, its query pool, the workers) lowered (src/main/workers/threadPriority.ts);
 *   DRIFTWATCH_HELPER_NICE=0 in the environment leaves them at 0, to measure what that buys.
 *
 * The files are not read beforehand: a dropped file is usually not in the page cache either.
 * Prints the figures, writes them to bench/results/dragdrop-<time>.json and a screenshot of the report
 * while it fills in to test-results/screenshots/bench-live-report.png.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type CDPSession, chromium, type Page } from '@playwright/test'
import { countersSince, readMachineCounters } from './machineCounters'
import { busiestThreads, describeBusy, startThreadSampler } from './threadSampler'
import { type LoopFigures, parseLoopLine } from '../src/main/hosts/cli/loopStats'
import { threadNice } from '../src/main/workers/threadPriority'
import { type ServeProcess, startServe, stopServe } from '../test/e2e/serve'
import { DRAG_DROP_USAGE, parseDragDropArgs } from './dragDropArgs'
import { ensureDataset, freeBytes, gigabytes, rowsLabel } from './generate'

const benchDir = fileURLToPath(new URL('.', import.meta.url))
const repoDir = resolve(benchDir, '..')

/** Targets of issue 6. */
const TARGETS = { schemaSeconds: 2, loopP99Ms: 30, longTaskMs: 50 } as const

/*
 * The page-side code below is plain JavaScript in strings: this file compiles without the DOM's types
 * (tsconfig.node.json), and the page receives the text as it is.
 */

/**
 * Runs in the page before the app (its argument maps file names to paths): records long tasks in
 * globalThis.__longTasks, and puts the desktop preload's `window.api` in place over the loopback host
 * (the token from the address), with `pathForFile` answering from the map.
 */
const INSTALL_IN_PAGE = `(paths) => {
  const tasks = []
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration })
  }).observe({ type: 'longtask', buffered: true })
  const token = new URLSearchParams(location.search).get('token') ?? ''
  let source = null
  const api = {
    host: 'electron',
    call: async (name, req) => {
      try {
        const response = await fetch('/api/call/' + name, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-driftwatch-token': token },
          body: JSON.stringify(req)
        })
        return await response.json()
      } catch (e) {
        return { ok: false, error: { code: 'INTERNAL', message: String(e) } }
      }
    },
    on: (event, listener) => {
      source ??= new EventSource('/api/events?token=' + encodeURIComponent(token))
      const forward = (e) => listener(JSON.parse(e.data))
      source.addEventListener(event, forward)
      return () => source.removeEventListener(event, forward)
    },
    pathForFile: (file) => paths[file.name] ?? ''
  }
  Object.assign(globalThis, { api, __longTasks: tasks })
}`

/**
 * From now on, notes in globalThis.__seen when each part of the report first appears (the page's clock):
 * the schema, the reference's profile, both profiles, the first column's result, the report, an error.
 */
const RECORD_APPEARANCES = `(() => {
  const seen = {}
  const rows = (side) => {
    const text = document.querySelector('[data-testid="live-' + side + '-rows"]')?.textContent
    return typeof text === 'string' && !text.includes('reading')
  }
  const check = () => {
    const now = performance.now()
    const mark = (key, isThere) => {
      if (isThere && seen[key] === undefined) seen[key] = now
    }
    mark('schema', document.querySelector('[data-testid="live-schema"]') !== null)
    mark('referenceProfile', rows('reference'))
    mark('profiles', rows('reference') && rows('current'))
    mark('firstColumn', document.querySelector('[data-testid="live-report"] [data-testid^="column-row-"]') !== null)
    mark('report', document.querySelector('[data-testid="report"]') !== null)
    mark('error', document.querySelector('[data-testid="error-banner"]') !== null)
  }
  new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true })
  globalThis.__seen = seen
})()`

/**
 * The control page (see above): half a millisecond of work every 50 ms, its long tasks recorded in
 * globalThis.__longTasks with their start on the wall clock (ms since 1970), to line up with the app's.
 */
const CONTROL_PAGE = `<!doctype html><meta charset="utf-8"><title>control</title><script>
  const tasks = []
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      tasks.push({ start: performance.timeOrigin + entry.startTime, duration: entry.duration })
  }).observe({ type: 'longtask', buffered: true })
  setInterval(() => {
    const until = performance.now() + 0.5
    while (performance.now() < until);
  }, 50)
  globalThis.__longTasks = tasks
</script><p>control</p>`

/** How often every thread's CPU time is sampled (ms), from the drop to the report. */
const SAMPLE_MS = 100

/** Prints the busiest threads around a long task, indented under it. */
function printHeldBy(heldBy: readonly string[]): void {
  if (heldBy.length === 0) return
  console.log(`                        the cores ran: ${heldBy.join('; ')}`)
}

/** How near (ms) one of the control page's long tasks must be to one of the app's to count as the same stall. */
const SAME_STALL_MS = 500

/** Drops stand-in files of the given names on the window; evaluates to the drop's time. */
const DROP_FILES = `(names) => {
  const transfer = new DataTransfer()
  for (const name of names) transfer.items.add(new File([], name, { type: 'text/csv' }))
  const target = document.querySelector('.app')
  if (target === null) throw new Error('the app is not shown')
  const at = performance.now()
  for (const type of ['dragenter', 'dragover', 'drop'])
    target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }))
  return at
}`

type Stage = 'schema' | 'referenceProfile' | 'profiles' | 'firstColumn' | 'report' | 'error'
type Seen = Partial<Record<Stage, number>>

/** A time span on the page's clock, in ms. */
type Span = Readonly<{ from: number; to: number }>

/**
 * Polls the page every 500 ms until the report (or an error) shows. Once the first column's result is in,
 * takes one screenshot of the report filling in; returns when that happened, so the long tasks the
 * screenshot itself causes (it lays out and paints the whole page) are told apart.
 */
async function waitForReport(
  page: Page,
  served: ServeProcess
): Promise<Readonly<{ seen: Seen; screenshot: Span | null }>> {
  let screenshot: Span | null = null
  for (;;) {
    const seen = await page.evaluate(() => (globalThis as { __seen?: Seen }).__seen ?? {})
    if (seen.report !== undefined || seen.error !== undefined) return { seen, screenshot }
    if (screenshot === null && seen.firstColumn !== undefined) {
      const folder = join(repoDir, 'test-results', 'screenshots')
      mkdirSync(folder, { recursive: true })
      const from = await page.evaluate(() => performance.now())
      await page.screenshot({ path: join(folder, 'bench-live-report.png'), fullPage: true })
      screenshot = { from, to: await page.evaluate(() => performance.now()) }
    }
    if (served.child.exitCode !== null) throw new Error(`serve stopped:\n${served.output()}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

/** The renderer's own work, from Chromium's performance metrics (seconds, summed over its tasks). */
type RendererWork = Readonly<{
  tasks: number
  script: number
  layout: number
  style: number
  /** CPU time of the renderer's main thread. */
  thread: number | null
}>

async function rendererMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: Array<{ name: string; value: number }>
  }
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]))
}

function rendererWork(before: Record<string, number>, after: Record<string, number>): RendererWork {
  const delta = (name: string): number => (after[name] ?? 0) - (before[name] ?? 0)
  return {
    tasks: delta('TaskDuration'),
    script: delta('ScriptDuration'),
    layout: delta('LayoutDuration'),
    style: delta('RecalcStyleDuration'),
    thread: after['ThreadTime'] === undefined ? null : delta('ThreadTime')
  }
}

/** The stage a moment falls in: the last part of the report shown before it. */
function stageAt(seen: Seen, at: number): string {
  const order: Stage[] = ['schema', 'referenceProfile', 'profiles', 'firstColumn', 'report']
  let stage = 'drop'
  for (const s of order) if ((seen[s] ?? Infinity) <= at) stage = s
  return stage
}

function seconds(from: number, to: number | undefined): number | null {
  return to === undefined ? null : (to - from) / 1000
}

function show(value: number | null, unit: string, digits = 2): string {
  return value === null ? 'never' : `${value.toFixed(digits)} ${unit}`
}

async function main(): Promise<number> {
  const args = parseDragDropArgs(process.argv.slice(2))
  if (args.help) {
    console.log(DRAG_DROP_USAGE)
    return 0
  }
  const shape = { rows: args.rows, format: args.format, variant: 'exported' as const }
  const data = await ensureDataset(join(benchDir, 'data'), shape, (text) => console.log(text))
  if (!data.ok) {
    console.error(`The data could not be generated: ${data.reason}. Choose fewer rows with --rows.`)
    return 1
  }
  if (args.generateOnly) return 0
  const files = [data.paths.reference, data.paths.current]
  const tempDir = mkdtempSync(join(benchDir, 'data', 'dragdrop-'))
  console.log(
    `${rowsLabel(args.rows)} rows per file, ${args.format} (${files.map((f) => `${(statSync(f).size / 1e9).toFixed(2)} GB`).join(' and ')}); ${gigabytes(freeBytes(tempDir))} free for DuckDB to spill to; load average ${loadavg()[0]?.toFixed(2)}`
  )
  const served = await startServe(tempDir, [
    '--loop-stats',
    ...files.flatMap((f) => ['--allow-path', f])
  ])
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run']
  })
  let sampler: ReturnType<typeof startThreadSampler> | null = null
  try {
    const control = await browser.newPage({ viewport: { width: 400, height: 300 } })
    await control.setContent(CONTROL_PAGE)
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    const paths = Object.fromEntries(files.map((f) => [basename(f), f]))
    await page.addInitScript(`(${INSTALL_IN_PAGE})(${JSON.stringify(paths)})`)
    await page.goto(served.url)
    await page.getByTestId('project-screen').waitFor({ timeout: 60_000 })
    // Let the start-up (the demo project opening and being watched) settle before the drop.
    await page.waitForTimeout(3000)
    await page.evaluate(RECORD_APPEARANCES)
    const loadAtStart = loadavg()[0] ?? 0
    const countersAtStart = readMachineCounters()
    sampler = startThreadSampler(SAMPLE_MS)
    const wallAtStart = performance.now()
    const metricsAtStart = await rendererMetrics(cdp)
    const droppedAt = (await page.evaluate(
      `(${DROP_FILES})(${JSON.stringify(Object.keys(paths))})`
    )) as number
    const { seen, screenshot } = await waitForReport(page, served)
    if (seen.error !== undefined) {
      const text = await page.getByTestId('error-banner').textContent()
      throw new Error(`the comparison failed: ${text ?? ''}`)
    }
    const reportAt = seen.report as number
    // The report's own render counts: wait a moment for its long task, if any, to be reported.
    await page.waitForTimeout(1000)
    const work = rendererWork(metricsAtStart, await rendererMetrics(cdp))
    const backendThreads = threadNices(served.child.pid)
    const machine = countersSince(countersAtStart, readMachineCounters())
    const threadSamples = sampler.stop()
    const samplerMs = sampler.ownMs()
    sampler = null
    /** The busiest threads around a task (its start on the wall clock, ms since 1970). */
    const heldBy = (startEpochMs: number, durationMs: number): string[] =>
      busiestThreads(
        threadSamples,
        startEpochMs - SAMPLE_MS,
        startEpochMs + durationMs + SAMPLE_MS,
        5
      ).map(describeBusy)
    const wallSeconds = (performance.now() - wallAtStart) / 1000
    const tasks = await page.evaluate(
      () =>
        (globalThis as { __longTasks?: Array<{ start: number; duration: number }> }).__longTasks ??
        []
    )
    const isInScreenshot = (t: { start: number }): boolean =>
      screenshot !== null && t.start >= screenshot.from && t.start <= screenshot.to
    const timeOrigin = await page.evaluate(() => performance.timeOrigin)
    // The control's long tasks over the same span, on the app page's clock.
    const controlTasks = (
      await control.evaluate(
        () =>
          (globalThis as { __longTasks?: Array<{ start: number; duration: number }> })
            .__longTasks ?? []
      )
    )
      .map((t) => ({ start: t.start - timeOrigin, duration: t.duration }))
      .filter((t) => t.start >= droppedAt && t.start <= reportAt + 1000)
    const isNearControl = (t: { start: number; duration: number }): boolean =>
      controlTasks.some(
        (c) =>
          c.start <= t.start + t.duration + SAME_STALL_MS &&
          t.start <= c.start + c.duration + SAME_STALL_MS
      )
    const during = tasks
      .filter((t) => t.start >= droppedAt && t.start <= reportAt + 1000)
      .map((t) => ({
        atSeconds: Number(((t.start - droppedAt) / 1000).toFixed(2)),
        durationMs: Math.round(t.duration),
        after: stageAt(seen, t.start),
        isScreenshot: isInScreenshot(t),
        controlToo: isNearControl(t),
        heldBy: heldBy(timeOrigin + t.start, t.duration)
      }))
    const counted = during.filter((t) => !t.isScreenshot)
    const controlDuring = controlTasks.map((t) => ({
      atSeconds: Number(((t.start - droppedAt) / 1000).toFixed(2)),
      durationMs: Math.round(t.duration),
      isScreenshot: isInScreenshot(t),
      heldBy: heldBy(timeOrigin + t.start, t.duration)
    }))
    const controlCounted = controlDuring.filter((t) => !t.isScreenshot)
    let loop: LoopFigures | null = null
    for (let i = 0; i < 20 && loop === null; i++) {
      loop =
        served
          .output()
          .split('\n')
          .map(parseLoopLine)
          .find((l) => l !== null) ?? null
      if (loop === null) await new Promise((r) => setTimeout(r, 250))
    }
    const figures = {
      /** The drop on the wall clock (ms since 1970), to line the figures up with outside samplers. */
      droppedAtEpochMs: Math.round(timeOrigin + droppedAt),
      schemaSeconds: seconds(droppedAt, seen.schema),
      referenceProfileSeconds: seconds(droppedAt, seen.referenceProfile),
      profilesSeconds: seconds(droppedAt, seen.profiles),
      firstColumnSeconds: seconds(droppedAt, seen.firstColumn),
      reportSeconds: seconds(droppedAt, seen.report),
      loop,
      longTasks: {
        count: counted.length,
        maxMs: counted.reduce((m, t) => Math.max(m, t.durationMs), 0),
        totalMs: counted.reduce((sum, t) => sum + t.durationMs, 0),
        tasks: during
      },
      /** The control page's long tasks over the same span (not the app's: the machine's). */
      controlLongTasks: {
        count: controlCounted.length,
        maxMs: controlCounted.reduce((m, t) => Math.max(m, t.durationMs), 0),
        totalMs: controlCounted.reduce((sum, t) => sum + t.durationMs, 0),
        tasks: controlDuring
      },
      rendererWork: work,
      backendThreads,
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      /** The share of the time some runnable task on the machine waited for a core (Linux PSI). */
      cpuStallShare:
        machine.cpuStallMicroseconds === null
          ? null
          : machine.cpuStallMicroseconds / 1e6 / wallSeconds,
      /** The machine's CPU and memory stalls and the host's steal over the same span (machineCounters.ts). */
      machine,
      /** The thread sampler's samples and its own work (ms, on the benchmark's main thread, at nice 0). */
      threadSampler: { samples: threadSamples.length, ownMs: Math.round(samplerMs) }
    }
    const met = (isMet: boolean): string => (isMet ? 'met' : 'NOT met')
    console.log(
      `schema shown          ${show(figures.schemaSeconds, 's')}  (target ≤ ${TARGETS.schemaSeconds} s: ${met((figures.schemaSeconds ?? Infinity) <= TARGETS.schemaSeconds)})`
    )
    console.log(`reference profiled    ${show(figures.referenceProfileSeconds, 's')}`)
    console.log(`both profiled         ${show(figures.profilesSeconds, 's')}`)
    console.log(`first column result   ${show(figures.firstColumnSeconds, 's')}`)
    console.log(`report shown          ${show(figures.reportSeconds, 's')}`)
    console.log(
      loop === null
        ? 'main-process event loop: no figures (serve printed no loop line)'
        : `main-process event loop p50 ${loop.p50Ms.toFixed(1)} ms, p99 ${loop.p99Ms.toFixed(1)} ms, max ${loop.maxMs.toFixed(1)} ms over ${loop.seconds.toFixed(1)} s, utilisation ${loop.utilisationPercent.toFixed(1)}% (target p99 ≤ ${TARGETS.loopP99Ms} ms: ${met(loop.p99Ms <= TARGETS.loopP99Ms)})`
    )
    console.log(
      `renderer long tasks   ${counted.length}, longest ${figures.longTasks.maxMs} ms, ${figures.longTasks.totalMs} ms in all (target: none over ${TARGETS.longTaskMs} ms: ${met(counted.length === 0)})`
    )
    for (const t of during) {
      console.log(
        `                      ${t.durationMs} ms at ${t.atSeconds} s, after ${t.after}${t.isScreenshot ? ' (the benchmark’s screenshot, not counted)' : ''}${t.controlToo ? '; the control page had one too' : ''}`
      )
      printHeldBy(t.heldBy)
    }
    console.log(
      `control page          ${controlCounted.length} long tasks, longest ${figures.controlLongTasks.maxMs} ms, ${figures.controlLongTasks.totalMs} ms in all (an empty page: the machine's stalls)`
    )
    for (const t of controlDuring) {
      console.log(
        `                      ${t.durationMs} ms at ${t.atSeconds} s${t.isScreenshot ? ' (during the screenshot, not counted)' : ''}`
      )
      printHeldBy(t.heldBy)
    }
    console.log(
      `renderer main thread  ${work.tasks.toFixed(2)} s in tasks (script ${work.script.toFixed(2)} s, layout ${work.layout.toFixed(2)} s, style ${work.style.toFixed(2)} s)${work.thread === null ? '' : `, ${work.thread.toFixed(2)} s of CPU`}`
    )
    console.log(
      `machine               load average ${figures.loadAverage.start.toFixed(2)} at the start, ${figures.loadAverage.end.toFixed(2)} at the end${figures.cpuStallShare === null ? '' : `; a task waited for a core ${(figures.cpuStallShare * 100).toFixed(0)}% of the time`}`
    )
    console.log(
      `memory, host          ${[
        machine.memoryStallMicroseconds === null
          ? null
          : `some task stalled for memory ${(machine.memoryStallMicroseconds / 1e6).toFixed(2)} s`,
        machine.directReclaims === null
          ? null
          : `${machine.directReclaims} allocations reclaimed memory themselves (none was free)`,
        machine.majorFaults === null ? null : `${machine.majorFaults} major page faults`,
        machine.stealTicks === null
          ? null
          : `the host took the CPUs for ${(machine.stealTicks / 100).toFixed(2)} s (steal)`
      ]
        .filter((part) => part !== null)
        .join('; ')}`
    )
    if (backendThreads !== null) {
      const helpers = Object.entries(backendThreads.helpers)
        .map(([nice, count]) => `${count} at nice ${nice}`)
        .join(', ')
      console.log(
        `backend threads       main thread at nice ${backendThreads.main}; helper threads (DuckDB, its query pool, workers): ${helpers} (DRIFTWATCH_HELPER_NICE=0 leaves them at 0)`
      )
    }
    console.log(
      `thread sampler        ${threadSamples.length} samples, its own work ${(samplerMs / 1000).toFixed(2)} s (${((samplerMs / 1000 / wallSeconds) * 100).toFixed(1)}% of a core, at nice 0)`
    )
    const resultsDir = join(benchDir, 'results')
    mkdirSync(resultsDir, { recursive: true })
    const file = join(resultsDir, `dragdrop-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          benchmark: 'bench:dragdrop',
          rows: args.rows,
          format: args.format,
          fileBytes: files.map((f) => statSync(f).size),
          machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 1024 ** 3) },
          node: process.version,
          targets: TARGETS,
          figures
        },
        null,
        2
      )}\n`
    )
    console.log(`figures written to ${file}`)
    return 0
  } finally {
    sampler?.stop()
    await browser.close()
    await stopServe(served.child, 10_000)
    rmSync(tempDir, { recursive: true, force: true })
  }
}

/**
 * The nice value of each thread of the backend's process (Linux; null elsewhere): its main thread's, and
 * how many helper threads have each value.
 */
function threadNices(
  pid: number | undefined
): { main: number | null; helpers: Record<string, number> } | null {
  if (pid === undefined || process.platform !== 'linux') return null
  const dir = `/proc/${pid}/task`
  let main: number | null = null
  const helpers: Record<string, number> = {}
  for (const id of readdirSync(dir)) {
    const nice = threadNice(`${dir}/${id}/stat`)
    if (nice === null) continue
    if (Number(id) === pid) main = nice
    else helpers[String(nice)] = (helpers[String(nice)] ?? 0) + 1
  }
  return { main, helpers }
}

process.exitCode = await main()
