import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  folderSize,
  formatBytes,
  profileReference,
  readProfileRecord,
  shellWord
} from './storedProfile'

let dir: string
let folder: string
let reference: string

/** A profile.json as `driftwatch profile` writes it, reduced to the fields the CLI reads. */
function writeProfileJson(target: string, path: string, sizeBytes: number): void {
  mkdirSync(target, { recursive: true })
  writeFileSync(
    join(target, 'profile.json'),
    JSON.stringify({
      version: 1,
      createdAt: '2025-01-01T00:00:00.000Z',
      reference: { path, name: 'ref.csv', sizeBytes, rows: 2, columns: [{ name: 'a' }] },
      columns: []
    })
  )
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'driftwatch-stored-profile-'))
  reference = join(dir, 'ref.csv')
  writeFileSync(reference, 'a\n1\n2\n')
  folder = join(dir, 'ref.csv.profile')
  writeProfileJson(folder, reference, 6)
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('readProfileRecord', () => {
  it('reads the reference it was built from', async () => {
    expect(await readProfileRecord(folder)).toEqual({
      ok: true,
      value: {
        path: reference,
        name: 'ref.csv',
        sizeBytes: 6,
        rows: 2,
        columns: 1,
        createdAt: '2025-01-01T00:00:00.000Z'
      }
    })
  })
  it('says how to build a profile when there is none, or it is not one', async () => {
    const none = await readProfileRecord(dir)
    expect(none.ok).toBe(false)
    if (!none.ok) {
      expect(none.error.message).toBe(
        `No readable reference profile in ${dir} (${join(dir, 'profile.json')} does not exist). Build it with: driftwatch profile <reference> --out ${dir}`
      )
    }
    const other = join(dir, 'other')
    mkdirSync(other)
    writeFileSync(join(other, 'profile.json'), '{"reference": {"path": 3}}')
    const foreign = await readProfileRecord(other)
    expect(!foreign.ok && foreign.error.message).toContain('does not describe a reference file')
    writeFileSync(join(other, 'profile.json'), '{not json')
    const broken = await readProfileRecord(other)
    expect(!broken.ok && broken.error.message).toContain('No readable reference profile in')
  })
})

describe('profileReference', () => {
  it('gives the named reference, or the recorded one when none is named', async () => {
    expect(await profileReference(folder, reference)).toEqual({ ok: true, value: reference })
    expect(await profileReference(folder, undefined)).toEqual({ ok: true, value: reference })
  })
  it('accepts a reference that no longer exists', async () => {
    const gone = join(dir, 'gone.profile')
    writeProfileJson(gone, join(dir, 'gone.csv'), 100)
    expect(await profileReference(gone, undefined)).toEqual({
      ok: true,
      value: join(dir, 'gone.csv')
    })
  })
  it('refuses a reference whose size differs from the recorded one, with the rebuild command', async () => {
    const grown = join(dir, 'grown.profile')
    writeProfileJson(grown, reference, 5)
    const result = await profileReference(grown, reference)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.message).toBe(
        `The reference ${reference} has changed since its profile was built: it is 6 bytes now, and 5 bytes in ${join(grown, 'profile.json')}. Rebuild the profile with: driftwatch profile ${reference} --out ${grown}`
      )
    }
  })
})

describe('folderSize, formatBytes and shellWord', () => {
  it('adds up the files of a folder', async () => {
    const sized = join(dir, 'sized')
    mkdirSync(join(sized, 'sub'), { recursive: true })
    writeFileSync(join(sized, 'a'), 'x'.repeat(1000))
    writeFileSync(join(sized, 'b'), 'y'.repeat(24))
    writeFileSync(join(sized, 'sub', 'c'), 'z')
    expect(await folderSize(sized)).toEqual({ files: 2, bytes: 1024 })
  })
  it('writes sizes in bytes, KiB, MiB and GiB', () => {
    expect(formatBytes(1)).toBe('1 byte')
    expect(formatBytes(1023)).toBe('1023 bytes')
    expect(formatBytes(24732)).toBe('24.2 KiB')
    expect(formatBytes(5 * 1024 ** 2)).toBe('5.0 MiB')
    expect(formatBytes(3.5 * 1024 ** 3)).toBe('3.5 GiB')
  })
  it('quotes a path for the shell only when it must', () => {
    expect(shellWord('/data/ref.csv.profile')).toBe('/data/ref.csv.profile')
    expect(shellWord('my data/ref.csv')).toBe(`'my data/ref.csv'`)
    expect(shellWord("it's.csv")).toBe(`'it'\\''s.csv'`)
  })
})
