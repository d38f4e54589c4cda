/**
 * The peak RSS a case reports is its own: read from VmHWM on Linux, not from getrusage's maxRSS, which a
 * forked process inherits from its parent. The last test starts a real case-like process from a parent
 * holding 400 MB.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { peakRssMb } from './caseProcess'

const repoDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')
const folder = mkdtempSync(join(tmpdir(), 'driftwatch-case-process-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('peakRssMb', () => {
  it('reads the peak from the VmHWM line of a status file, in MB', () => {
    const status = join(folder, 'status')
    writeFileSync(
      status,
      'Name:\tnode\nVmPeak:\t 9999999 kB\nVmHWM:\t  153600 kB\nVmRSS:\t  100000 kB\n'
    )
    expect(peakRssMb(status)).toBe(150)
  })

  it('falls back to getrusage when the status file has no VmHWM or cannot be read', () => {
    const status = join(folder, 'no-hwm')
    writeFileSync(status, 'Name:\tnode\nVmRSS:\t  100000 kB\n')
    for (const file of [status, join(folder, 'missing')]) {
      const before = process.resourceUsage().maxRSS / 1024
      const peak = peakRssMb(file)
      expect(peak).toBeGreaterThanOrEqual(before)
      expect(peak).toBeLessThanOrEqual(process.resourceUsage().maxRSS / 1024)
    }
  })

  it.runIf(process.platform === 'linux')(
    "gives a process forked from a big parent its own peak, not its parent's",
    () => {
      // A parent holding 400 MB starts a child that imports this module and reports both figures.
      const child = `import('./bench/caseProcess.ts').then((m) =>
        console.log(JSON.stringify({ peak: m.peakRssMb(), maxRss: process.resourceUsage().maxRSS / 1024 })))`
      const parent = `
        const { execFileSync } = require('node:child_process')
        const held = Buffer.alloc(400 * 1024 * 1024, 1)
        const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', ${JSON.stringify(child)}])
        process.stdout.write(held.length > 0 ? out : '')
      `
      const output = execFileSync(process.execPath, ['-e', parent], { cwd: repoDir }).toString()
      const figures = JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
        peak: number
        maxRss: number
      }
      // getrusage counts the parent's 400 MB in the child; the figure peakRssMb gives does not.
      expect(figures.maxRss).toBeGreaterThan(400)
      expect(figures.peak).toBeGreaterThan(0)
      expect(figures.peak).toBeLessThan(300)
    },
    30_000
  )
})
