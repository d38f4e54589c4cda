/**
 * Config proposal: what `driftwatch.yaml` should say for a project folder that has none, inferred from
 * the folder's layout and the reference's columns, with a sentence for every decision and a sentence for
 * everything that could not be decided, for the person to accept or edit.
 *
 * - **Drop folders**: folders named like the place batches land (`data-drift/`, `drift/`, `incoming/`,
 *   `batches/`, `current/`, `drops/`, `new/`, `inbox/`), also nested (`data/data-drift/`), with a
 *   pattern from the files already there when their names share a stem (`week1.csv, week2.csv` →
 *   `week*.csv`), else the data extensions present.
 * - **Reference**: a data file in a folder named `reference`, `ref`, `baseline`, `train` or `training`,
 *   else a file whose name has one of those words (`x_train.parquet`, `weather-reference-sample.csv`);
 *   the largest when several qualify. Files in drop folders are never the reference.
 * - **Columns** (from the reference's columns as `describe` reads them, and those of a few drop files):
 *   the time column by name and type, identifier, target and prediction columns by name. A reference
 *   column that no drop file has is put under `ignore` (the usual case: the target, whose labels arrive
 *   after the batch), since every batch would otherwise be reported as missing it.
 *
 * The folder is looked at {@link MAX_DEPTH} levels deep at most, skipping dot folders (`.git`,
 * `.driftwatch`, `.venv`, ...), `node_modules`, `__pycache__`, `venv` and `site-packages`. Reading
 * columns needs DuckDB, which never runs on the main thread, so the caller passes `describe` (backed by
 * a worker in the app, by an in-process DuckDB in tests).
 *
 * Cost: one directory listing per folder visited (at most {@link MAX_ENTRIES} entries), one `describe`
 * of the reference and of at most {@link DESCRIBED_DROPS} drop files.
 */
import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Result } from '../../shared/errors'
import type { ColumnInfo, ConfigProposal, ProjectConfig } from '../../shared/model'
import { dataExtensionOf } from '../../shared/project/dropPatterns'

/** Reads the columns of the data file at an absolute path (in a worker, in the app). */
export type DescribeFile = (file: string) => Promise<Result<readonly ColumnInfo[]>>

/** How many folder levels below the project folder are looked into (`a/b/c/file.csv` at most). */
export const MAX_DEPTH = 3
/** How many folder entries are looked at in all, so a huge tree cannot stall the proposal. */
export const MAX_ENTRIES = 20_000
/** How many drop files are read for their columns, in all (the first by name of each folder). */
export const DESCRIBED_DROPS = 6

/** Folder names of drop folders, compared without regard to case. */
export const DROP_FOLDER_NAMES: readonly string[] = [
  'data-drift',
  'drift',
  'incoming',
  'batches',
  'current',
  'drops',
  'new',
  'inbox'
]

/** Folder names, and words in file names, that mark a reference (compared without regard to case). */
export const REFERENCE_WORDS: readonly string[] = [
  'reference',
  'ref',
  'baseline',
  'train',
  'training'
]

const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__', 'venv', 'site-packages'])

/** A data file found in the project: its path relative to the root (with `/`), folder and size. */
type FoundFile = Readonly<{ path: string; name: string; folder: string; sizeBytes: number }>

type Scan = Readonly<{
  files: readonly FoundFile[]
  /** Every folder visited, relative to the root with `/` ('' is the root). */
  folders: readonly string[]
  isTruncated: boolean
  /** Set when the project folder itself could not be listed. */
  failure?: string
}>

/**
 * Proposes a config for the project at `folder` (see the module comment for the rules). Never fails:
 * what could not be decided, or read, is a gap saying what to do, and a proposal without a reference or
 * a drop folder leaves those empty for the person to fill in.
 */
export async function inferProjectConfig(
  folder: string,
  describe: DescribeFile
): Promise<ConfigProposal> {
  const reasons: string[] = []
  const gaps: string[] = []
  const scan = await scanFolder(folder)
  if (scan.failure !== undefined) {
    gaps.push(
      `The project folder could not be read (${scan.failure}). Check that it exists and that you may read it, then open it again.`
    )
  }
  if (scan.isTruncated) {
    gaps.push(
      `The folder holds more than ${MAX_ENTRIES} files and folders within ${MAX_DEPTH} levels; only the first ${MAX_ENTRIES} were looked at. Check the reference and drop folders below and set them by hand if they were missed.`
    )
  }

  const drops = findDropFolders(scan)
  const reference = findReference(scan, drops)
  if (reference === null) {
    gaps.push(
      `No reference was found (a data file in a folder named ${REFERENCE_WORDS.join(', ')}, or with one of those words in its name). Set reference to the file every batch should be compared with, e.g. reference: data/train.csv.`
    )
  } else {
    reasons.push(reference.reason)
  }
  for (const drop of drops) reasons.push(drop.reason)
  if (drops.length === 0) {
    gaps.push(
      `No drop folder was found (a folder named ${DROP_FOLDER_NAMES.map((n) => `${n}/`).join(', ')}). Add the folder where new batches arrive under drops, e.g. - path: data/incoming.`
    )
  }

  let columns: ColumnProposal = { reasons: [], gaps: [] }
  if (reference !== null) {
    const described = await describe(join(folder, reference.path))
    if (!described.ok) {
      gaps.push(
        `The columns of ${reference.path} could not be read, so timeColumn, idColumns, target and prediction were not proposed: ${described.error.message} Set them by hand if the data has them.`
      )
    } else {
      const dropColumns: DescribedDrop[] = []
      for (const file of dropFilesToDescribe(drops)) {
        const read = await describe(join(folder, file))
        if (read.ok) dropColumns.push({ path: file, columns: read.value })
        else
          gaps.push(
            `${file} was left out of the column checks because it could not be read: ${read.error.message}`
          )
      }
      columns = proposeColumns(described.value, dropColumns)
    }
  }
  reasons.push(...columns.reasons)
  gaps.push(...columns.gaps)

  const { reasons: _r, gaps: _g, ...columnKeys } = columns
  const config: ProjectConfig = {
    version: 1,
    name: basename(folder),
    reference: reference?.path ?? '',
    drops: drops.map(({ path, patterns }) =>
      patterns === undefined ? { path } : { path, patterns }
    ),
    ...columnKeys
  }
  return { config, reasons, gaps }
}

// ---------------------------------------------------------------------------------------------------
// Layout

/**
 * Lists the folder breadth first, {@link MAX_DEPTH} levels deep and {@link MAX_ENTRIES} entries at most,
 * keeping the data files (with their sizes) and the folders visited. Symbolic links are not followed;
 * folders that cannot be listed are passed over.
 */
async function scanFolder(root: string): Promise<Scan> {
  const files: FoundFile[] = []
  const folders: string[] = []
  let entries = 0
  let queue: string[] = ['']
  for (let depth = 0; depth <= MAX_DEPTH && queue.length > 0; depth += 1) {
    const next: string[] = []
    for (const folder of queue) {
      let listing: Dirent[]
      try {
        listing = await readdir(join(root, folder), { withFileTypes: true })
      } catch (e) {
        if (folder === '') {
          return { files, folders, isTruncated: false, failure: (e as Error).message }
        }
        continue
      }
      folders.push(folder)
      listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      for (const entry of listing) {
        entries += 1
        if (entries > MAX_ENTRIES) return { files, folders, isTruncated: true }
        const path = folder === '' ? entry.name : `${folder}/${entry.name}`
        if (entry.isDirectory()) {
          if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) next.push(path)
        } else if (entry.isFile() && dataExtensionOf(entry.name) !== null) {
          const sizeBytes = await stat(join(root, path)).then(
            (s) => s.size,
            () => -1
          )
          if (sizeBytes >= 0) files.push({ path, name: entry.name, folder, sizeBytes })
        }
      }
    }
    queue = next
  }
  return { files, folders, isTruncated: false }
}

type ProposedDrop = Readonly<{
  path: string
  patterns?: readonly string[]
  /** The data files in it now (names, in order). */
  files: readonly string[]
  reason: string
}>

/** Folders named like drop folders, outermost only (a `new/` inside `incoming/` is part of it). */
function findDropFolders(scan: Scan): ProposedDrop[] {
  const found: string[] = []
  for (const folder of scan.folders) {
    const name = folder.split('/').pop() ?? ''
    if (!DROP_FOLDER_NAMES.includes(name.toLowerCase())) continue
    if (found.some((outer) => folder.startsWith(`${outer}/`))) continue
    found.push(folder)
  }
  return found.map((path) => {
    const names = scan.files.filter((f) => f.folder === path).map((f) => f.name)
    const inferred = inferDropPatterns(names)
    return {
      path,
      files: names,
      reason: `drops: ${path}/, named like a folder that receives batches; ${inferred.reason}`,
      ...(inferred.patterns === undefined ? {} : { patterns: inferred.patterns })
    }
  })
}

/**
 * The patterns of a drop folder holding the data files `names`: `<stem>*<ext>` when the names share a
 * stem that each of them extends (`week1.csv, week2.csv` → `week*.csv`), else `*<ext>` for each data
 * extension present; none for an empty folder (every data file counts). With the sentence that says so.
 *
 * @example inferDropPatterns(['week1.csv', 'week2.csv']).patterns // ['week*.csv']
 */
export function inferDropPatterns(
  names: readonly string[]
): Readonly<{ patterns?: readonly string[]; reason: string }> {
  if (names.length === 0) {
    return { reason: 'it holds no data file yet, so every data file that lands there will count.' }
  }
  const split = names.map((name) => {
    const ext = dataExtensionOf(name) ?? ''
    return { stem: name.slice(0, name.length - ext.length), ext }
  })
  const extensions = [...new Set(split.map((s) => s.ext))]
  const stem = sharedStem(split.map((s) => s.stem))
  const listed = names.length <= 4 ? names.join(', ') : `${names.slice(0, 3).join(', ')}, ...`
  if (stem !== null) {
    const patterns = extensions.map((ext) => `${stem}*${ext}`)
    const files =
      names.length === 1 ? `its file ${listed} is` : `its ${names.length} files (${listed}) are`
    return {
      patterns,
      reason: `${files} named ${stem} followed by a number or date, so the pattern is ${patterns.join(', ')}.`
    }
  }
  const patterns = extensions.map((ext) => `*${ext}`)
  return {
    patterns,
    reason: `its files (${listed}) share no name stem, so every ${extensions.join(' or ')} file counts (${patterns.join(', ')}).`
  }
}

/**
 * The stem the names share: their common beginning without a trailing run of digits and separators
 * (the part that numbers or dates the batches), if it has a letter, is at least two characters long and
 * every name goes on after it; else null.
 */
function sharedStem(stems: readonly string[]): string | null {
  let common = stems[0] ?? ''
  for (const stem of stems) {
    let i = 0
    while (i < common.length && i < stem.length && common[i] === stem[i]) i += 1
    common = common.slice(0, i)
  }
  const stem = common.replace(/[\d\s_\-.:T]+$/, '')
  const isUsable =
    stem.length >= 2 &&
    /\p{L}/u.test(stem) &&
    !/[*?]/.test(stem) &&
    stems.every((s) => s.length > stem.length)
  return isUsable ? stem : null
}

/**
 * The reference: among the data files outside the drop folders, those in a folder named like a
 * reference, else those whose name has a reference word; the largest of them (ties: the first by path).
 */
function findReference(
  scan: Scan,
  drops: readonly ProposedDrop[]
): Readonly<{ path: string; reason: string }> | null {
  const outside = scan.files.filter((f) => !drops.some((d) => f.path.startsWith(`${d.path}/`)))
  const inFolder = outside.filter((f) =>
    f.folder.split('/').some((part) => REFERENCE_WORDS.includes(part.toLowerCase()))
  )
  const byName = outside.filter((f) => wordsOf(f.name).some((w) => REFERENCE_WORDS.includes(w)))
  const candidates = inFolder.length > 0 ? inFolder : byName
  const chosen = [...candidates].sort(
    (a, b) => b.sizeBytes - a.sizeBytes || (a.path < b.path ? -1 : 1)
  )[0]
  if (chosen === undefined) return null
  const others = candidates.length - 1
  if (inFolder.length > 0) {
    const where = `${chosen.folder}/`
    const why =
      others === 0
        ? `the only data file in a folder named like a reference (${where})`
        : `the largest of ${candidates.length} data files in folders named like a reference (${where})`
    return { path: chosen.path, reason: `reference: ${chosen.path}, ${why}.` }
  }
  const word = wordsOf(chosen.name).find((w) => REFERENCE_WORDS.includes(w))
  const why =
    others === 0
      ? `its name says it is reference data ("${word}")`
      : `the largest of ${candidates.length} data files whose names say they are reference data ("${word}")`
  return { path: chosen.path, reason: `reference: ${chosen.path}, ${why}.` }
}

/** The lower-case words of a file name: split at non-letters-or-digits, camelCase and letter-digit joins. */
function wordsOf(name: string): string[] {
  const stem = name.slice(0, name.length - (dataExtensionOf(name) ?? '').length)
  return stem
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/(\p{L})(\d)|(\d)(\p{L})/gu, '$1$3 $2$4')
    .split(/[^\p{L}\d]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase())
}

/** The drop files whose columns are read: the first few of each folder, {@link DESCRIBED_DROPS} in all. */
function dropFilesToDescribe(drops: readonly ProposedDrop[]): string[] {
  const perFolder = Math.max(1, Math.floor(DESCRIBED_DROPS / Math.max(1, drops.length)))
  return drops
    .flatMap((d) => d.files.slice(0, perFolder).map((name) => `${d.path}/${name}`))
    .slice(0, DESCRIBED_DROPS)
}

// ---------------------------------------------------------------------------------------------------
// Columns

/** A drop file and its columns as `describe` read them. */
export type DescribedDrop = Readonly<{ path: string; columns: readonly ColumnInfo[] }>

/** The column keys proposed, with the sentences that explain them. */
export type ColumnProposal = Readonly<
  Pick<ProjectConfig, 'timeColumn' | 'idColumns' | 'target' | 'prediction' | 'task' | 'ignore'> & {
    reasons: readonly string[]
    gaps: readonly string[]
  }
>

const TIME_NAMES = ['datetime', 'timestamp', 'date', 'time', 'ts', 'event_time', 'event_date']
const TARGET_NAMES = [
  'target',
  'label',
  'y',
  'class',
  'outcome',
  'churn',
  'churned',
  'is_churn',
  'fraud',
  'is_fraud',
  'default',
  'survived',
  'ground_truth',
  'y_true',
  'actual'
]
const PREDICTION_NAMES = [
  'prediction',
  'predictions',
  'pred',
  'y_pred',
  'y_hat',
  'yhat',
  'score',
  'probability',
  'proba'
]

/** Named like a time: `datetime`, `timestamp`, `date`, `time`, `*_at`, `*_date`, `*_time`, `createdAt`. */
export function isTimeName(name: string): boolean {
  return (
    TIME_NAMES.includes(name.toLowerCase()) ||
    /[_\-\s](at|date|time|timestamp|ts)$/i.test(name) ||
    /\p{Ll}(At|Date|Time|Timestamp)$/u.test(name)
  )
}

/** Named like an identifier: `id`, `*_id`, `*Id`, `uuid`, `guid`, `key` (also `*_uuid`, `*_key`). */
export function isIdName(name: string): boolean {
  return (
    /^(id|uuid|guid|key)$/i.test(name) ||
    /[_\-\s.](id|uuid|guid|key)$/i.test(name) ||
    /[\p{Ll}\d](Id|ID|Uuid|UUID|Key)$/u.test(name)
  )
}

/**
 * How strongly the name says target: its place in the list of target names (`target`, `label`, `y`,
 * `class`, `outcome`, `churn`, ...), then `*_label` and `*_target`; null when it does not.
 */
export function targetRank(name: string): number | null {
  const index = TARGET_NAMES.indexOf(name.toLowerCase())
  if (index >= 0) return index
  return /[_\-\s](label|target)$/i.test(name) ? TARGET_NAMES.length : null
}

/** Named like a model's output: `prediction`, `pred`, `predicted*`, `score`, `y_pred`, `*_pred`, ... */
export function isPredictionName(name: string): boolean {
  return (
    PREDICTION_NAMES.includes(name.toLowerCase()) ||
    /^predicted/i.test(name) ||
    /[_\-\s](pred|prediction|predictions|proba)$/i.test(name) ||
    /\p{Ll}(Pred|Prediction)$/u.test(name)
  )
}

/**
 * The column keys for a reference with `columns`, given the columns of some drop files: the time column
 * (named like a time and read as one, else read as one, else named like one), identifier columns, the
 * prediction and target by name, the task when the target is read as a category, and the reference
 * columns that none of the drop files has under `ignore` (a target among them is not set as the target:
 * its labels arrive later).
 */
export function proposeColumns(
  columns: readonly ColumnInfo[],
  drops: readonly DescribedDrop[]
): ColumnProposal {
  const reasons: string[] = []
  const gaps: string[] = []
  const inDrops = new Set(drops.flatMap((d) => d.columns.map((c) => c.name)))
  const absent = drops.length === 0 ? [] : columns.filter((c) => !inDrops.has(c.name))
  const present = columns.filter((c) => !absent.includes(c))
  const looked = drops.map((d) => d.path.split('/').pop() ?? d.path)
  const lookedAt = `${drops.length === 1 ? 'the drop file' : `all ${drops.length} drop files`} looked at (${looked.join(', ')})`

  const time = chooseTimeColumn(present)
  if (time === null) {
    gaps.push(
      'No time column was found (no column is read as a date or time or named like one). If the data has a time axis, set timeColumn to it; otherwise samples are drawn without regard to time.'
    )
  } else {
    reasons.push(time.reason)
  }
  const taken = new Set(time === null ? [] : [time.column])

  const ids = present.filter((c) => !taken.has(c.name) && isIdName(c.name)).map((c) => c.name)
  if (ids.length > 0) {
    reasons.push(
      `idColumns: ${ids.join(', ')}, named like ${ids.length === 1 ? 'an identifier' : 'identifiers'}; not tested for drift, and checked for uniqueness.`
    )
    for (const id of ids) taken.add(id)
  }

  const predictions = present.filter((c) => !taken.has(c.name) && isPredictionName(c.name))
  const prediction = predictions[0]
  if (prediction !== undefined) {
    taken.add(prediction.name)
    reasons.push(
      `prediction: ${prediction.name}, named like a model's output; tested and reported apart from the features.${alsoMatching(predictions, 'prediction')}`
    )
  }

  const targets = columns
    .filter((c) => !taken.has(c.name) && targetRank(c.name) !== null)
    .sort((a, b) => (targetRank(a.name) ?? 0) - (targetRank(b.name) ?? 0))
  const target = targets[0]
  const ignore: string[] = []
  let task: ProjectConfig['task']
  if (target !== undefined && absent.includes(target)) {
    ignore.push(target.name)
    reasons.push(
      `ignore: ${target.name}, named like the target but missing from ${lookedAt}: its labels arrive later, so it is not tested or reported missing from every batch. When the batches carry it, move it from ignore to target.`
    )
  } else if (target !== undefined) {
    reasons.push(
      `target: ${target.name}, named like a target; tested and reported apart from the features.${alsoMatching(targets, 'target')}`
    )
    if (target.kind === 'boolean' || target.kind === 'categorical') {
      task = 'classification'
      reasons.push(
        `task: classification, since the target ${target.name} is read as ${target.sqlType} (categories, not numbers).`
      )
    }
  }

  const others = absent.filter((c) => c !== target).map((c) => c.name)
  if (others.length === 1 && target === undefined) {
    const name = others[0] as string
    reasons.push(
      `ignore: ${name}, in the reference but missing from ${lookedAt}: it is probably the target, whose labels arrive later, so it is not tested or reported missing from every batch. When the batches carry it, set target: ${name} and remove it from ignore.`
    )
  } else if (others.length > 0) {
    reasons.push(
      `ignore: ${others.join(', ')}, in the reference but missing from ${lookedAt}, so they are not tested or reported missing from every batch. Remove them from ignore if the batches should carry them.`
    )
  }
  ignore.push(...others)

  if (target === undefined && others.length === 0) {
    gaps.push(
      `No target column was found by name (${TARGET_NAMES.slice(0, 6).join(', ')}, ...). If the data holds the true value the model predicts, set target to its column so it is reported apart from the features.`
    )
  }
  if (prediction === undefined) {
    gaps.push(
      "No prediction column was found by name (prediction, pred, predicted..., score, *_pred). If the batches carry the model's output, set prediction to its column."
    )
  }

  return {
    ...(time === null ? {} : { timeColumn: time.column }),
    ...(ids.length === 0 ? {} : { idColumns: ids }),
    ...(target === undefined || absent.includes(target) ? {} : { target: target.name }),
    ...(prediction === undefined ? {} : { prediction: prediction.name }),
    ...(task === undefined ? {} : { task }),
    ...(ignore.length === 0 ? {} : { ignore }),
    reasons,
    gaps
  }
}

/** The time column and why: named like a time and read as one, else read as one, else named like one. */
function chooseTimeColumn(
  columns: readonly ColumnInfo[]
): Readonly<{ column: string; reason: string }> | null {
  const isTimeKind = (c: ColumnInfo): boolean => c.kind === 'datetime'
  const both = columns.filter((c) => isTimeKind(c) && isTimeName(c.name))
  const byType = columns.filter(isTimeKind)
  const byName = columns.filter((c) => isTimeName(c.name))
  const chosen = both[0] ?? byType[0] ?? byName[0]
  if (chosen === undefined) return null
  const rest = [...new Set([...both, ...byType, ...byName])].filter((c) => c !== chosen)
  const also =
    rest.length === 0
      ? ''
      : ` Also time-like: ${rest.map((c) => c.name).join(', ')}; set timeColumn to one of them if it is the time axis instead.`
  const why =
    both[0] !== undefined
      ? `read as ${chosen.sqlType} and named like a time`
      : byType[0] !== undefined
        ? `read as ${chosen.sqlType}, the ${byType.length === 1 ? 'only' : 'first'} column read as a date or time`
        : `named like a time though read as ${chosen.sqlType}; check that it holds times`
  return { column: chosen.name, reason: `timeColumn: ${chosen.name}, ${why}.${also}` }
}

function alsoMatching(matches: readonly ColumnInfo[], role: string): string {
  if (matches.length < 2) return ''
  const rest = matches.slice(1).map((c) => c.name)
  return ` Also named like a ${role}: ${rest.join(', ')}; set ${role} to one of them if that is the one.`
}
