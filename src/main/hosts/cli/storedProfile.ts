/**
 * The CLI's look at a stored reference profile before a comparison uses it: which reference file it stands
 * for, and whether that file still looks like the one it was built from.
 *
 * A profile folder (written by `driftwatch profile`, see src/main/engine/referenceProfile.ts) records the
 * reference's path and size in profile.json. The check here is deliberately cheap: the file's size against
 * the recorded size, one `stat`, never a hash of the whole file (that would cost the read the profile saves).
 * A changed size always means a changed file; an unchanged size usually means the same one. The engine
 * checks the profile's format version itself when it loads it.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { err, ok, type Result } from '../../../shared/errors'
import type { StoredProfile } from '../../engine/referenceProfile'

/** What profile.json says of the reference it was built from. */
export type ProfileRecord = Readonly<{
  /** The reference file's path when the profile was built. */
  path: string
  name: string
  sizeBytes: number
  rows: number
  columns: number
  createdAt: string
}>

const PROFILE_FILE = 'profile.json'

/**
 * Reads `folder/profile.json`; a refusal that says how to build the profile when it is missing or unreadable.
 * O(size of profile.json).
 *
 * @example (await readProfileRecord('ref.csv.profile')).value.sizeBytes // 24732
 */
export async function readProfileRecord(folder: string): Promise<Result<ProfileRecord>> {
  let stored: Partial<StoredProfile>
  try {
    stored = JSON.parse(
      await readFile(join(folder, PROFILE_FILE), 'utf8')
    ) as Partial<StoredProfile>
  } catch (e) {
    const reason =
      (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? `${join(folder, PROFILE_FILE)} does not exist`
        : e instanceof Error
          ? e.message.split('\n')[0]
          : String(e)
    return err(
      'PROFILE_UNREADABLE',
      `No readable reference profile in ${folder} (${reason}). Build it with: driftwatch profile <reference> --out ${shellWord(folder)}`
    )
  }
  const reference = stored?.reference
  if (
    typeof reference?.path !== 'string' ||
    typeof reference.sizeBytes !== 'number' ||
    typeof reference.rows !== 'number' ||
    !Array.isArray(reference.columns)
  ) {
    return err(
      'PROFILE_UNREADABLE',
      `${join(folder, PROFILE_FILE)} does not describe a reference file. Build the profile again with: driftwatch profile <reference> --out ${shellWord(folder)}`
    )
  }
  return ok({
    path: reference.path,
    name: typeof reference.name === 'string' ? reference.name : reference.path,
    sizeBytes: reference.sizeBytes,
    rows: reference.rows,
    columns: reference.columns.length,
    createdAt: typeof stored.createdAt === 'string' ? stored.createdAt : 'unknown'
  })
}

/**
 * The reference a comparison against the profile in `folder` stands for: `reference` when given, else the
 * path profile.json records. Refused when that file exists and its size differs from the recorded one: the
 * reference has changed since the profile was built, so the profile must be rebuilt. A reference that no
 * longer exists is fine (the profile is there so the file need not be). O(1) file-system calls.
 *
 * @example (await profileReference('ref.csv.profile', undefined)).value // '/data/ref.csv'
 */
export async function profileReference(
  folder: string,
  reference: string | undefined
): Promise<Result<string>> {
  const record = await readProfileRecord(folder)
  if (!record.ok) return record
  const path = reference ?? record.value.path
  let size: number | null = null
  try {
    const facts = await stat(path)
    if (facts.isFile()) size = facts.size
  } catch {
    size = null
  }
  if (size !== null && size !== record.value.sizeBytes) {
    return err(
      'PROFILE_UNREADABLE',
      `The reference ${path} has changed since its profile was built: it is ${size} bytes now, and ${record.value.sizeBytes} bytes in ${join(folder, PROFILE_FILE)}. Rebuild the profile with: driftwatch profile ${shellWord(path)} --out ${shellWord(folder)}`
    )
  }
  return ok(path)
}

/**
 * The total size of the files directly in `folder` (a profile folder has no subfolders). O(files).
 *
 * @example await folderSize('ref.csv.profile') // 13311
 */
export async function folderSize(folder: string): Promise<{ files: number; bytes: number }> {
  const entries = await readdir(folder, { withFileTypes: true })
  let bytes = 0
  let files = 0
  for (const entry of entries) {
    if (!entry.isFile()) continue
    bytes += (await stat(join(folder, entry.name))).size
    files++
  }
  return { files, bytes }
}

/**
 * A byte count for people: bytes below 1 KiB, then KiB, MiB, GiB with one decimal.
 *
 * @example formatBytes(24732) // '24.2 KiB'
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit] as string}`
}

/**
 * A path as one shell word, quoted only when it needs to be, so the suggested command can be pasted.
 *
 * @example shellWord('my data/ref.csv') // "'my data/ref.csv'"
 */
export function shellWord(path: string): string {
  if (/^[\w./:@%+,=-]+$/.test(path)) return path
  return `'${path.replace(/'/g, `'\\''`)}'`
}
