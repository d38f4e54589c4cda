import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { projectSuitePath } from './projectSuite'

let folder = ''
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'driftwatch-project-suite-'))
})
afterEach(() => rmSync(folder, { recursive: true, force: true }))

describe('projectSuitePath', () => {
  it('is driftwatch/expectations.yaml without a driftwatch.yaml, or when it names no suite', async () => {
    expect(await projectSuitePath(folder)).toEqual({
      ok: true,
      value: join(folder, 'driftwatch', 'expectations.yaml')
    })
    writeFileSync(join(folder, 'driftwatch.yaml'), 'reference: ref.csv\nvalidation: {}\n')
    expect(await projectSuitePath(folder)).toEqual({
      ok: true,
      value: join(folder, 'driftwatch', 'expectations.yaml')
    })
  })

  it('is validation.suite of driftwatch.yaml, relative to the project', async () => {
    writeFileSync(
      join(folder, 'driftwatch.yaml'),
      '# mine\nvalidation:\n  suite: checks/weather.yaml\n'
    )
    expect(await projectSuitePath(folder)).toEqual({
      ok: true,
      value: join(folder, 'checks', 'weather.yaml')
    })
  })

  it('names the line of a bad value and of a syntax error', async () => {
    writeFileSync(join(folder, 'driftwatch.yaml'), 'reference: ref.csv\nvalidation:\n  suite: 3\n')
    const bad = await projectSuitePath(folder)
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toMatch(/line 3: validation\.suite must be the path/)
    writeFileSync(join(folder, 'driftwatch.yaml'), 'validation:\n  suite: [oops\n')
    const broken = await projectSuitePath(folder)
    expect(broken.ok).toBe(false)
    if (!broken.ok) expect(broken.error.message).toMatch(/syntax error at line \d+/)
  })
})
