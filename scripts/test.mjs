#!/usr/bin/env node
// `npm test`: builds the app and the HTML export bundle (npm run build), then runs the unit and
// integration tests (Vitest), the benchmark harness's own tests (Vitest, bench/vitest.config.ts) and the
// end-to-end tests (Playwright, against the built app served on loopback), and closes with one line of
// totals.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
mkdirSync('test-results', { recursive: true })
// Totals come from this run's result files only.
for (const file of ['vitest.json', 'vitest-bench.json', 'playwright.json'])
  rmSync(`test-results/${file}`, { force: true })

function run(label, command, args, extraEnv = {}) {
  process.stdout.write(`\n== ${label}: ${command} ${args.join(' ')}\n`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } })
  return result.status ?? 1
}

const steps = []
const build = run('build', 'npm', ['run', 'build'])
steps.push(['build', build])
let unit = 1
let harness = 1
let e2e = 1
if (build === 0) {
  unit = run('unit and integration tests', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest.json'
  ])
  harness = run('benchmark harness tests', 'npx', [
    'vitest',
    'run',
    '-c',
    'bench/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest-bench.json'
  ])
  e2e = run('end-to-end tests', 'npx', ['playwright', 'test'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json'
  })
}
steps.push(['vitest', unit], ['bench vitest', harness], ['playwright', e2e])

let passed = 0
let failed = 0
let skipped = 0
for (const file of ['test-results/vitest.json', 'test-results/vitest-bench.json']) {
  if (!existsSync(file)) continue
  const v = JSON.parse(readFileSync(file, 'utf8'))
  passed += v.numPassedTests ?? 0
  failed += v.numFailedTests ?? 0
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
}
if (existsSync('test-results/playwright.json')) {
  const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'))
  passed += p.stats?.expected ?? 0
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0)
  skipped += p.stats?.skipped ?? 0
}
const broken = steps.filter(([, code]) => code !== 0).map(([name]) => name)
if (broken.length > 0 && failed === 0) failed = broken.length
process.stdout.write(`\n${broken.length ? `failing steps: ${broken.join(', ')}\n` : ''}`)
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`)
process.exit(broken.length === 0 ? 0 : 1)
