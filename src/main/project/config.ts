/**
 * Project config: `driftwatch.yaml` at the root of a project folder, read into a {@link ProjectConfig},
 * written back without losing the person's comments, and proposed from the folder's contents when there
 * is none yet ({@link inferProjectConfig}, in inferConfig.ts).
 *
 * The shape of the file:
 *
 * ```yaml
 * version: 1
 * name: bike demand                 # optional; default the folder's name
 * reference: data/reference/weather-reference-sample.csv
 * drops:
 *   - path: data/data-drift         # a folder that receives batches
 *     patterns: [week*.csv]         # optional; default every data file the engine reads
 * timeColumn: datetime              # optional, like every key below
 * idColumns: [ride_id]
 * target: count
 * prediction: predicted_count
 * task: regression                  # classification | regression
 * ignore: [notes]
 * drift: { rule: bh, alpha: 0.05, perColumn: { temp: { test: ks } } }
 * validation: { enabled: true, suite: driftwatch/expectations.yaml }
 * notifications:
 *   desktop: true
 *   on: [drift, invalid, failed]
 *   webhook: { url: https://hooks.slack.com/services/..., on: [drift] }
 * archive: { enabled: false, folder: processed }   # inside each drop folder; moved, never deleted
 * watch: { stableMs: 1000 }
 * ```
 *
 * Reading is forgiving where it can be and strict where it must be. A YAML syntax error fails the read
 * with its line and column. `reference` and `drops` (at least one folder, each a path inside the project
 * with well-formed patterns) are required: when one is missing or wrong the read fails (INVALID_OPTIONS)
 * with a message naming the key and its line, since watching the wrong files is worse than not watching.
 * Anything else that is wrong (an unknown key, a wrong type, a bad drift option, a webhook that is not
 * http(s), a path outside the project) is a {@link ConfigProblem} naming the key (a dotted path such as
 * `drops[1].patterns` or `notifications.webhook.url`, list positions counted from 0) and its line; that
 * key is left out and the rest loads. The drift options are checked by the same {@link optionsProblem}
 * that checks every comparison request.
 *
 * Writing goes through the `yaml` Document API: when the file exists, only the nodes whose values changed
 * are replaced, so the person's comments, key order and layout stay; a new file gets a header explaining
 * the keys. The text is checked by reading it back before it is written (a config that would not load is
 * refused, and nothing is written), then written to a temp file renamed over the old one.
 *
 * Cost: O(size of the file) per read or write.
 *
 * @example
 * const read = await readProjectConfig('/data/churn')
 * if (!read.ok && read.error.code === 'FILE_NOT_FOUND') {
 *   const proposal = await inferProjectConfig('/data/churn', describeInWorker)
 *   await writeProjectConfig('/data/churn', proposal.config)
 * }
 */
import { join, posix } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import {
  Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  Pair,
  Scalar,
  type YAMLMap,
  visit,
  type YAMLSeq
} from 'yaml'
import { err, ok, type Result } from '../../shared/errors'
import type {
  ConfigProblem,
  DriftOptions,
  DropFolder,
  NotifyOn,
  ProjectConfig,
  ProjectDriftOptions
} from '../../shared/model'
import { DRIFT_OPTION_KEYS, optionsProblem } from '../optionsProblem'
import {
  keepTrailingComment,
  lineOf,
  parseYamlDocument,
  readYamlText,
  writeAtomically
} from './yamlFile'

export { inferProjectConfig } from './inferConfig'

/** The config file's name, at the root of the project folder. */
export const CONFIG_FILE = 'driftwatch.yaml'

/** A config as read: what loaded, and what was wrong with the keys that were left out. */
export type ProjectConfigRead = Readonly<{
  config: ProjectConfig
  problems: readonly ConfigProblem[]
}>

/** The keys of driftwatch.yaml in the order a new file lists them. */
const TOP_KEYS = [
  'version',
  'name',
  'reference',
  'drops',
  'timeColumn',
  'idColumns',
  'target',
  'prediction',
  'task',
  'ignore',
  'drift',
  'validation',
  'notifications',
  'archive',
  'watch'
] as const

/** The drift options a project sets under `drift` (the model columns and `ignore` are top-level keys). */
const DRIFT_KEYS = DRIFT_OPTION_KEYS.filter(
  (key): key is keyof ProjectDriftOptions => !(TOP_KEYS as readonly string[]).includes(key)
)

/** The known keys of every map in the file, by its dotted path (`drops[]` for an item of drops). */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': TOP_KEYS,
  'drops[]': ['path', 'patterns'],
  drift: DRIFT_KEYS,
  'drift.perKind': ['numeric', 'categorical'],
  'drift.multivariate': ['enabled', 'sampleSize', 'permutations'],
  validation: ['enabled', 'suite'],
  notifications: ['desktop', 'on', 'webhook'],
  'notifications.webhook': ['url', 'on'],
  archive: ['enabled', 'folder'],
  watch: ['stableMs']
}

/** The top-level keys a new file groups together, a blank line between groups. */
const KEY_GROUPS: readonly (readonly string[])[] = [
  ['version', 'name', 'reference'],
  ['drops'],
  ['timeColumn', 'idColumns', 'target', 'prediction', 'task', 'ignore'],
  ['drift'],
  ['validation'],
  ['notifications'],
  ['archive'],
  ['watch']
]

const NOTIFY_ON: readonly NotifyOn[] = ['drift', 'invalid', 'failed']

/** The range of `watch.stableMs`: a tenth of a second to ten minutes. */
const STABLE_MS = { min: 100, max: 600_000 } as const

/** How a new file is printed: lists on one line as people often write them, `[a, b]`. */
const PRINT = { lineWidth: 100, flowCollectionPadding: false } as const

/** What messages call this file. */
const NOUN = 'project config'

/** What to do when there is no driftwatch.yaml yet. */
const WHEN_MISSING =
  'Driftwatch can propose one from the folder; accept or edit the proposal to create it.'

/** What happens to an optional key that is wrong: `subject` is left out of the config. */
function leftOut(subject = 'It'): string {
  return `${subject} is ignored until it is fixed.`
}

/** What happens when `reference` or `drops` is wrong: the config cannot be used. */
const FATAL = 'fatal'

const HEADER = [
  ' Driftwatch project config. Edit freely: the app keeps your comments when it changes a key.',
  ' Paths are relative to this folder. A bad key is reported with its line; optional ones are ignored.',
  '   reference       the data file every batch is compared with (required)',
  '   drops           folders that receive batches (required): - path: data-drift',
  '                   optional patterns: [week*.csv] (default: every CSV, TSV, Parquet or JSON file)',
  '   timeColumn      the time axis (not tested)    idColumns  identifiers (not tested for drift)',
  '   target, prediction, task (classification | regression)    the model columns, reported apart',
  '   ignore          columns never tested',
  '   drift           test, threshold, perKind, perColumn, rule (share | bonferroni | bh), driftShare,',
  '                   alpha, multivariate, seed',
  '   validation      enabled (default true), suite (default driftwatch/expectations.yaml)',
  '   notifications   desktop (default true), on: [drift, invalid, failed], webhook: { url, on }',
  '   archive         enabled (default false), folder (default processed, inside each drop folder);',
  '                   processed drops are moved there, never deleted',
  '   watch           stableMs: how long a new file must stay unchanged to count (default 500)'
].join('\n')

/**
 * Reads `<folder>/driftwatch.yaml`. A missing file is FILE_NOT_FOUND (propose a config instead); a YAML
 * syntax error is FILE_UNREADABLE with its line and column; a missing or bad `reference` or `drops` is
 * INVALID_OPTIONS naming the key and line (every problem found is in the error's detail). Any other bad
 * key is a problem in the value and is left out of the config.
 */
export async function readProjectConfig(folder: string): Promise<Result<ProjectConfigRead>> {
  const text = await readYamlText(join(folder, CONFIG_FILE), NOUN, WHEN_MISSING)
  if (!text.ok) return text
  return checkConfigText(text.value)
}

/**
 * Writes `config` to `<folder>/driftwatch.yaml`. An existing file is edited in place (the person's
 * comments, key order and layout stay; only changed values are replaced, removed keys removed, new keys
 * added beside their neighbours); a new file gets a header explaining the keys. Refused, with nothing
 * written, when the result would not read back cleanly or the existing file has a syntax error.
 */
export async function writeProjectConfig(
  folder: string,
  config: ProjectConfig
): Promise<Result<void>> {
  const path = join(folder, CONFIG_FILE)
  const existing = await readYamlText(path, NOUN, WHEN_MISSING)
  if (!existing.ok && existing.error.code !== 'FILE_NOT_FOUND') return existing
  const desired = plainConfig(config)
  let text: string
  if (existing.ok) {
    const parsed = parseYamlDocument(existing.value, CONFIG_FILE, NOUN)
    if (!parsed.ok) {
      return err(
        parsed.error.code,
        `${parsed.error.message} The config was not saved, so that the file is not overwritten.`,
        parsed.error.detail
      )
    }
    const { doc } = parsed.value
    const flowCollectionPadding = isFlowPadded(doc, existing.value)
    patchDocument(doc, desired)
    keepTrailingComment(doc, existing.value)
    text = doc.toString({ ...PRINT, flowCollectionPadding })
  } else {
    text = renderConfigYaml(desired)
  }
  // What is written must read back as this config, with nothing left out.
  const checked = runChecker(text)
  if (!checked.ok) return checked
  const { checker, config: readBack } = checked.value
  if (checker.problems.length > 0 || readBack === null) {
    const causes = checker.problems.map((p) => `${p.key}: ${checker.causes.get(p) ?? p.message}`)
    return err('INVALID_OPTIONS', `The config was not saved. ${causes.join(' ')}`)
  }
  return writeAtomically(path, text, NOUN)
}

/**
 * Checks the text of a driftwatch.yaml file: the config that loads and the problems of what did not, or
 * an error for a syntax error or a missing or bad required key.
 */
export function checkConfigText(text: string): Result<ProjectConfigRead> {
  const checked = runChecker(text)
  if (!checked.ok) return checked
  const { checker, config } = checked.value
  const fatal = checker.problems.filter((p) => checker.fatal.has(p))
  if (fatal.length > 0 || config === null) {
    const causes = fatal.map((p) => `${p.key} (line ${p.line}): ${p.message}`)
    return err(
      'INVALID_OPTIONS',
      `${CONFIG_FILE} cannot be used. ${causes.join(' ')} Fix the file and open the project again.`,
      checker.problems.map((p) => `line ${p.line}, ${p.key}: ${p.message}`).join('\n')
    )
  }
  return ok({ config, problems: checker.problems })
}

function runChecker(
  text: string
): Result<Readonly<{ checker: ConfigChecker; config: ProjectConfig | null }>> {
  const parsed = parseYamlDocument(text, CONFIG_FILE, NOUN)
  if (!parsed.ok) return parsed
  const checker = new ConfigChecker(parsed.value.doc, parsed.value.lines)
  return ok({ checker, config: checker.check() })
}

// ---------------------------------------------------------------------------------------------------
// Reading

/** A key of a map as found in the file: its name, its key node (whose line problems name) and value. */
type Entry = Readonly<{ name: string; key: unknown; node: unknown }>

/** Checks one field (at dotted `key`): its value for the config, or undefined when it is left out. */
type FieldCheck = (field: Entry, key: string) => unknown

/**
 * Walks the parsed document key by key, collecting problems (with the key's dotted path and line) and
 * building the config out of the keys that are well formed.
 */
class ConfigChecker {
  readonly problems: ConfigProblem[] = []
  /** The problems that make the config unusable (of `reference` and `drops`). */
  readonly fatal = new Set<ConfigProblem>()
  /** Each problem's cause alone, without what Driftwatch does about it. */
  readonly causes = new Map<ConfigProblem, string>()

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter
  ) {}

  /** The config, or null when the file is not a map at all (then a fatal problem says so). */
  check(): ProjectConfig | null {
    const root = this.doc.contents
    if (!isMap(root)) {
      const isEmpty = root === null || (isScalar(root) && (root.value ?? '') === '')
      this.report(
        isEmpty ? 'reference' : '(file)',
        root,
        isEmpty
          ? `${CONFIG_FILE} is empty. Give at least reference (the file batches are compared with) and drops (the folders that receive them).`
          : `${CONFIG_FILE} must be a map of keys (reference:, drops:, ...), not a single value or a list.`,
        FATAL
      )
      return null
    }
    const out: Record<string, unknown> = {}
    const entries = this.entries(root, '')
    const found = new Map(entries.map((e) => [e.name, e]))
    const version = found.get('version')
    if (version !== undefined && this.value(version.node) !== 1) {
      this.report(
        'version',
        version.key,
        `version is ${this.shown(version.node)}, but this Driftwatch reads version 1. Set version: 1.`,
        'The file is read as version 1.'
      )
    }
    out['version'] = 1
    const name = found.get('name')
    if (name !== undefined && !this.isAbsent(name.node)) {
      const value = this.value(name.node)
      if (typeof value === 'string' && value.trim().length > 0) out['name'] = value
      else
        this.report(
          'name',
          name.key,
          `name must be a text, e.g. name: churn model (quote it if it looks like a number: name: "2024"); got ${this.shown(name.node)}.`,
          leftOut()
        )
    }
    this.checkReference(found.get('reference'), out)
    this.checkDrops(found.get('drops'), out)
    this.checkColumns(found, out)
    this.checkDrift(found.get('drift'), out)
    this.checkSection(
      found.get('validation'),
      'validation',
      '{ enabled: true, suite: checks/suite.yaml }',
      {
        enabled: this.valueCheck(booleanProblem),
        suite: this.valueCheck((value, key) =>
          pathProblem(value, key, 'driftwatch/expectations.yaml')
        )
      },
      out
    )
    this.checkSection(
      found.get('notifications'),
      'notifications',
      '{ desktop: true, on: [drift] }',
      {
        desktop: this.valueCheck(booleanProblem),
        on: this.valueCheck(onProblem),
        webhook: (field) => this.checkWebhook(field) ?? undefined
      },
      out
    )
    this.checkArchive(found.get('archive'), out)
    this.checkSection(
      found.get('watch'),
      'watch',
      '{ stableMs: 2000 }',
      { stableMs: this.valueCheck(stableMsProblem) },
      out
    )
    return out as ProjectConfig
  }

  private checkReference(entry: Entry | undefined, out: Record<string, unknown>): void {
    if (entry === undefined || this.isAbsent(entry.node)) {
      this.report(
        'reference',
        entry?.key,
        'reference is missing. Name the data file every batch is compared with, relative to the project folder, e.g. reference: reference/train.csv.',
        FATAL
      )
      return
    }
    const problem = pathProblem(this.value(entry.node), 'reference', 'reference/train.csv')
    if (problem !== null) this.report('reference', entry.key, problem, FATAL)
    else out['reference'] = this.value(entry.node)
  }

  private checkDrops(entry: Entry | undefined, out: Record<string, unknown>): void {
    const example = 'drops: [{ path: data-drift }]'
    if (entry === undefined || this.isAbsent(entry.node)) {
      this.report(
        'drops',
        entry?.key,
        `drops is missing. List the folders that receive batches, e.g. ${example}.`,
        FATAL
      )
      return
    }
    if (!isSeq(entry.node)) {
      this.report(
        'drops',
        entry.key,
        `drops must be a list of folders, each item starting with "- path:", e.g. ${example}; got ${this.shown(entry.node)}.`,
        FATAL
      )
      return
    }
    if (entry.node.items.length === 0) {
      this.report(
        'drops',
        entry.key,
        `drops is empty, so no batch would ever be processed. List at least one folder, e.g. ${example}.`,
        FATAL
      )
      return
    }
    const drops: DropFolder[] = []
    const seen = new Map<string, number>()
    entry.node.items.forEach((item, index) => {
      const key = `drops[${index}]`
      if (!isMap(item)) {
        this.report(
          key,
          item,
          `${key} must be a folder given as "- path: <folder>" (with optional patterns: [week*.csv]); got ${this.shown(item)}.`,
          FATAL
        )
        return
      }
      const fields = new Map(this.entries(item, key, 'drops[]').map((e) => [e.name, e]))
      const path = fields.get('path')
      if (path === undefined || this.isAbsent(path.node)) {
        this.report(
          `${key}.path`,
          item,
          `${key} has no path. Give the folder, relative to the project folder, e.g. - path: data-drift.`,
          FATAL
        )
        return
      }
      const pathValue = this.value(path.node)
      const problem = pathProblem(pathValue, `${key}.path`, 'data-drift')
      if (problem !== null) {
        this.report(`${key}.path`, path.key, problem, FATAL)
        return
      }
      const drop: { path: string; patterns?: readonly string[] } = { path: pathValue as string }
      const patterns = fields.get('patterns')
      if (patterns !== undefined && !this.isAbsent(patterns.node)) {
        const patternsProblem = this.patternsProblem(patterns.node, `${key}.patterns`)
        if (patternsProblem !== null) {
          this.report(`${key}.patterns`, patterns.key, patternsProblem, FATAL)
          return
        }
        drop.patterns = this.value(patterns.node) as string[]
      }
      const normal = posix.normalize(drop.path.replace(/\\/g, '/')).replace(/\/$/, '')
      const earlier = seen.get(normal)
      if (earlier !== undefined) {
        this.report(
          `${key}.path`,
          path.key,
          `${key} is the folder ${drop.path} again (also drops[${earlier}]). Remove one of them, or merge their patterns into one.`,
          leftOut()
        )
        return
      }
      seen.set(normal, index)
      drops.push(drop)
    })
    if (drops.length > 0) out['drops'] = drops
  }

  /** ignore, timeColumn, idColumns, target, prediction, task: column names, checked as drift options. */
  private checkColumns(found: ReadonlyMap<string, Entry>, out: Record<string, unknown>): void {
    const accepted: Record<string, unknown> = {}
    // One key at a time, in this order, so that a contradiction (an ignored target) is reported at the
    // key that adds it and only that key is left out.
    for (const name of ['ignore', 'target', 'prediction', 'task'] as const) {
      const entry = found.get(name)
      if (entry === undefined || this.isAbsent(entry.node)) continue
      const value = this.value(entry.node)
      const problem = optionsProblem({ ...accepted, [name]: value } as DriftOptions)
      if (problem !== null) this.report(name, entry.key, problem, leftOut())
      else accepted[name] = value
    }
    const timeColumn = found.get('timeColumn')
    if (timeColumn !== undefined && !this.isAbsent(timeColumn.node)) {
      const value = this.value(timeColumn.node)
      if (typeof value === 'string' && value.length > 0) accepted['timeColumn'] = value
      else
        this.report(
          'timeColumn',
          timeColumn.key,
          `timeColumn must be the name of a column (a non-empty text), e.g. timeColumn: datetime; got ${this.shown(timeColumn.node)}.`,
          leftOut()
        )
    }
    const idColumns = found.get('idColumns')
    if (idColumns !== undefined && !this.isAbsent(idColumns.node)) {
      const value = this.value(idColumns.node)
      if (Array.isArray(value) && value.every((c) => typeof c === 'string' && c.length > 0))
        accepted['idColumns'] = value
      else
        this.report(
          'idColumns',
          idColumns.key,
          `idColumns must be a list of column names, e.g. idColumns: [customer_id]; got ${this.shown(idColumns.node)}.`,
          leftOut()
        )
    }
    for (const name of TOP_KEYS) if (name in accepted) out[name] = accepted[name]
  }

  /**
   * `drift`: each option is added to the ones already accepted and checked with optionsProblem, so a
   * bad option, or one that contradicts an earlier one, is reported at its own line and left out alone.
   * The choices inside perKind, perColumn and multivariate are checked one by one the same way.
   */
  private checkDrift(entry: Entry | undefined, out: Record<string, unknown>): void {
    const map = this.mapOf(entry, 'drift', '{ rule: bh, alpha: 0.05 }')
    if (map === null) return
    const accepted: Record<string, unknown> = {}
    for (const option of this.entries(map, 'drift')) {
      if (this.isAbsent(option.node)) continue
      const key = `drift.${option.name}`
      if (isMap(option.node) && ['perKind', 'perColumn', 'multivariate'].includes(option.name)) {
        const inner: Record<string, unknown> = {}
        const known = KNOWN_KEYS[key]
        for (const choice of this.entries(option.node, key, known === undefined ? null : key)) {
          if (this.isAbsent(choice.node)) continue
          const candidate = { ...inner, [choice.name]: this.value(choice.node) }
          const problem = optionsProblem({ ...accepted, [option.name]: candidate } as DriftOptions)
          if (problem !== null) {
            this.report(childKey(key, choice.name), choice.key, problem, leftOut())
          } else {
            inner[choice.name] = candidate[choice.name]
          }
        }
        if (Object.keys(inner).length > 0) accepted[option.name] = inner
        continue
      }
      const value = this.value(option.node)
      const problem = optionsProblem({ ...accepted, [option.name]: value } as DriftOptions)
      if (problem !== null) this.report(key, option.key, problem, leftOut())
      else accepted[option.name] = value
    }
    if (Object.keys(accepted).length > 0) out['drift'] = accepted
  }

  /**
   * A section of settings (validation, notifications, watch): each field is checked by its own check
   * and left out alone when wrong. Puts the accepted fields in `out`, unless there are none.
   */
  private checkSection(
    entry: Entry | undefined,
    section: string,
    example: string,
    checks: Readonly<Record<string, FieldCheck>>,
    out: Record<string, unknown>
  ): void {
    const map = this.mapOf(entry, section, example)
    if (map === null) return
    const accepted: Record<string, unknown> = {}
    for (const field of this.entries(map, section)) {
      if (this.isAbsent(field.node)) continue
      const value = checks[field.name]?.(field, `${section}.${field.name}`)
      if (value !== undefined) accepted[field.name] = value
    }
    if (Object.keys(accepted).length > 0) out[section] = accepted
  }

  /** A field check from a value check: the value, or undefined (and the problem reported). */
  private valueCheck(check: (value: unknown, key: string) => string | null): FieldCheck {
    return (field, key) => {
      const value = this.value(field.node)
      const problem = check(value, key)
      if (problem === null) return value
      this.report(key, field.key, problem, leftOut())
      return undefined
    }
  }

  /** The webhook, or null when it is not usable (without a good url it is left out as a whole). */
  private checkWebhook(entry: Entry): Record<string, unknown> | null {
    const key = 'notifications.webhook'
    const map = this.mapOf(entry, key, '{ url: https://hooks.slack.com/services/... }')
    if (map === null) return null
    const fields = new Map(this.entries(map, key).map((e) => [e.name, e]))
    const url = fields.get('url')
    if (url === undefined || this.isAbsent(url.node)) {
      this.report(
        `${key}.url`,
        entry.key,
        `${key} has no url. Give the incoming webhook's address, e.g. url: https://hooks.slack.com/services/..., or remove the webhook.`,
        leftOut()
      )
      return null
    }
    const urlValue = this.value(url.node)
    const problem = urlProblem(urlValue, `${key}.url`)
    if (problem !== null) {
      this.report(`${key}.url`, url.key, problem, leftOut('The webhook'))
      return null
    }
    const webhook: Record<string, unknown> = { url: urlValue }
    const on = fields.get('on')
    if (on !== undefined && !this.isAbsent(on.node)) {
      const onValue = this.valueCheck(onProblem)(on, `${key}.on`)
      if (onValue !== undefined) webhook['on'] = onValue
    }
    return webhook
  }

  private checkArchive(entry: Entry | undefined, out: Record<string, unknown>): void {
    const map = this.mapOf(entry, 'archive', '{ enabled: true, folder: processed }')
    if (map === null) return
    const fields = new Map(this.entries(map, 'archive').map((e) => [e.name, e]))
    const enabled = fields.get('enabled')
    const enabledValue = enabled === undefined ? undefined : this.value(enabled.node)
    const enabledProblem =
      enabled === undefined || enabledValue === null
        ? 'archive.enabled is missing. Give archive.enabled: true to move each processed drop into the archive folder, or false.'
        : booleanProblem(enabledValue, 'archive.enabled')
    if (enabledProblem !== null) {
      this.report('archive.enabled', (enabled ?? entry)?.key, enabledProblem, leftOut())
      return
    }
    const archive: Record<string, unknown> = { enabled: enabledValue }
    const folder = fields.get('folder')
    if (folder !== undefined && !this.isAbsent(folder.node)) {
      const value = this.value(folder.node)
      const problem = archiveFolderProblem(value, (out['drops'] as DropFolder[] | undefined) ?? [])
      if (problem !== null) {
        // Without its folder, an enabled archive would move files somewhere the person did not say.
        this.report('archive.folder', folder.key, problem, leftOut('The archive'))
        return
      }
      archive['folder'] = value
    }
    out['archive'] = archive
  }

  // --- helpers -------------------------------------------------------------------------------------

  /**
   * The keys of `map`, reporting (and leaving out) the ones not in the known keys of `knownAt` (by
   * default the map's own path; null for maps whose keys are free, such as column names).
   */
  private entries(map: YAMLMap, path: string, knownAt: string | null = path): Entry[] {
    const known = knownAt === null ? null : (KNOWN_KEYS[knownAt] ?? [])
    const result: Entry[] = []
    for (const pair of map.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      if (known !== null && !known.includes(name)) {
        this.report(childKey(path, name), pair.key, unknownKeyMessage(name, path, known), leftOut())
        continue
      }
      result.push({ name, key: pair.key, node: pair.value })
    }
    return result
  }

  /** The map under `entry`, or null (reported, unless the key is absent or empty) when it is not a map. */
  private mapOf(entry: Entry | undefined, key: string, example: string): YAMLMap | null {
    if (entry === undefined || this.isAbsent(entry.node)) return null
    if (isMap(entry.node)) return entry.node
    this.report(
      key,
      entry.key,
      `${key} must be a map of settings, e.g. ${key.split('.').pop() ?? key}: ${example}; got ${this.shown(entry.node)}.`,
      leftOut()
    )
    return null
  }

  private patternsProblem(node: unknown, key: string): string | null {
    const value = this.value(node)
    if (!Array.isArray(value) || !value.every((p) => typeof p === 'string' && p.length > 0)) {
      return `${key} must be a list of file-name patterns, e.g. patterns: [week*.csv] (* is any run of characters, ? one character); got ${this.shown(node)}.`
    }
    if (value.length === 0) {
      return `${key} is empty, so no file in the folder would count. List patterns such as [week*.csv], or remove the key to count every data file.`
    }
    const withSlash = (value as string[]).find((p) => /[/\\]/.test(p))
    if (withSlash !== undefined) {
      return `${key} has "${withSlash}", but patterns match file names, not paths. Put the sub-folder in path and keep only the name pattern here.`
    }
    return null
  }

  /** A key with no value (`key:` alone) counts as not set. */
  private isAbsent(node: unknown): boolean {
    return node === null || node === undefined || (isScalar(node) && node.value === null)
  }

  private value(node: unknown): unknown {
    return isNode(node) ? node.toJS(this.doc) : node
  }

  private shown(node: unknown): string {
    const value = this.value(node)
    if (typeof value === 'string') return JSON.stringify(value)
    if (isMap(node)) return 'a map'
    if (isSeq(node)) return 'a list'
    return String(value)
  }

  /**
   * Records a problem at `key` on the line of `node`: `cause` says what is wrong and what to give
   * instead, `consequence` what Driftwatch does meanwhile ({@link FATAL}: the config cannot be used).
   */
  private report(key: string, node: unknown, cause: string, consequence: string): void {
    const isFatal = consequence === FATAL
    const message = isFatal ? cause : `${cause} ${consequence}`
    const problem: ConfigProblem = { key, line: lineOf(this.lines, node), message }
    this.problems.push(problem)
    this.causes.set(problem, cause)
    if (isFatal) this.fatal.add(problem)
  }
}

/** `parent.child`, or `parent["child"]` for a name that is not a plain identifier. */
function childKey(parent: string, name: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
  const child = plain ? name : `[${JSON.stringify(name)}]`
  if (parent === '') return child
  return plain ? `${parent}.${child}` : `${parent}${child}`
}

function unknownKeyMessage(name: string, path: string, known: readonly string[]): string {
  const where = path === '' ? '' : ` under ${path.replace(/\[\d+\]$/, '[]')}`
  const fold = (text: string): string => text.toLowerCase().replace(/[-_\s]/g, '')
  const near = known.find((k) => fold(k) === fold(name))
  const topLevel = path === 'drift' && (TOP_KEYS as readonly string[]).includes(name)
  const hint = near
    ? ` Did you mean "${near}"?`
    : topLevel
      ? ` ${name} is a top-level key of ${CONFIG_FILE} (not indented under drift).`
      : ''
  return `Unknown key "${name}"${where}.${hint} Known keys${where}: ${known.join(', ')}.`
}

/**
 * Why `value` is not a usable path inside the project folder, or null: it must be a non-empty text,
 * relative (the project may move), and must not climb out of the folder (Driftwatch reads only what is
 * inside the project).
 */
function pathProblem(value: unknown, key: string, example: string): string | null {
  const shape = relativePathProblem(value, key, example)
  if (shape !== null) return shape
  if (escapes(value as string)) {
    return `${key} (${value}) points outside the project folder, and Driftwatch reads only what is inside it. Move the file or folder into the project and give its path from there, e.g. ${example}.`
  }
  return null
}

/** Why `value` is not a relative path (a non-empty text, not absolute), or null. */
function relativePathProblem(value: unknown, key: string, example: string): string | null {
  if (typeof value !== 'string' || value.trim().length === 0) {
    return `${key} must be a path relative to the project folder, e.g. ${example}; got ${typeof value === 'string' ? 'an empty text' : JSON.stringify(value)}.`
  }
  if (isAbsolutePath(value)) {
    return `${key} is the absolute path ${value}. Give it relative to the project folder (e.g. ${example}), and move the file into the project if it is elsewhere.`
  }
  return null
}

/**
 * The archive folder is resolved inside each drop folder (`../processed` beside it is fine) and must
 * stay in the project without being the drop folder itself.
 */
function archiveFolderProblem(value: unknown, drops: readonly DropFolder[]): string | null {
  const problem = relativePathProblem(value, 'archive.folder', 'processed')
  if (problem !== null) return problem
  const folder = value as string
  for (const drop of drops) {
    const resolved = posix.join(drop.path.replace(/\\/g, '/'), folder.replace(/\\/g, '/'))
    if (escapes(resolved)) {
      return `archive.folder (${folder}) inside the drop folder ${drop.path} points outside the project folder. Give a folder inside the project, e.g. processed.`
    }
    if (resolved === posix.normalize(drop.path.replace(/\\/g, '/')).replace(/\/$/, '')) {
      return `archive.folder (${folder}) is the drop folder ${drop.path} itself, so nothing would move. Give a sub-folder name such as processed.`
    }
  }
  return null
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)
}

function escapes(path: string): boolean {
  const normal = posix.normalize(path.replace(/\\/g, '/'))
  return normal === '..' || normal.startsWith('../')
}

function stableMsProblem(value: unknown, key: string): string | null {
  return typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= STABLE_MS.min &&
    value <= STABLE_MS.max
    ? null
    : `${key} must be a whole number of milliseconds from ${STABLE_MS.min} to ${STABLE_MS.max} (how long a new file must stay unchanged before it counts), e.g. 2000; got ${JSON.stringify(value)}.`
}

function booleanProblem(value: unknown, key: string): string | null {
  return typeof value === 'boolean'
    ? null
    : `${key} must be true or false; got ${JSON.stringify(value)}.`
}

function onProblem(value: unknown, key: string): string | null {
  const known = NOTIFY_ON as readonly unknown[]
  if (Array.isArray(value) && value.length > 0 && value.every((v) => known.includes(v))) return null
  const bad = Array.isArray(value) ? value.find((v) => !known.includes(v)) : undefined
  const got = Array.isArray(value)
    ? value.length === 0
      ? 'an empty list (to send nothing, set desktop: false or remove the webhook)'
      : `${JSON.stringify(bad)} in the list`
    : JSON.stringify(value)
  return `${key} must be a list of what to notify on, from drift (a batch drifted), invalid (a batch failed validation) and failed (a batch could not be processed), e.g. on: [drift, invalid]; got ${got}.`
}

function urlProblem(value: unknown, key: string): string | null {
  const example = 'e.g. https://hooks.slack.com/services/...'
  if (typeof value !== 'string' || value.length === 0) {
    return `${key} must be the webhook's address, ${example}; got ${JSON.stringify(value)}.`
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `${key} (${value}) is not a web address. Give a full address starting with https://, ${example}.`
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `${key} (${value}) uses ${url.protocol.slice(0, -1)}, but a webhook is posted over http or https. Give an https:// address, ${example}.`
  }
  return null
}

// ---------------------------------------------------------------------------------------------------
// Writing

/** The config as plain data: keys in the order a new file lists them, no undefined values. */
function plainConfig(config: ProjectConfig): Record<string, unknown> {
  const tidy = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => tidy(item, `${path}[]`))
    if (typeof value !== 'object' || value === null) return value
    const record = value as Record<string, unknown>
    const order = KNOWN_KEYS[path] ?? []
    const keys = [...order.filter((k) => k in record), ...Object.keys(record)]
    const result: Record<string, unknown> = {}
    for (const key of keys) {
      if (record[key] === undefined || key in result) continue
      result[key] = tidy(record[key], path === '' ? key : `${path}.${key}`)
    }
    return result
  }
  return tidy({ ...config, version: 1 }, '') as Record<string, unknown>
}

/** The text of a new driftwatch.yaml holding `config`, with the header that explains the keys. */
function renderConfigYaml(config: Record<string, unknown>): string {
  const doc = new Document()
  doc.contents = buildNode(doc, config) as YAMLMap
  doc.commentBefore = HEADER
  // A blank line before each group of keys (the files, the columns, then each section).
  let group = 0
  for (const pair of (doc.contents as YAMLMap).items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : ''
    const at = KEY_GROUPS.findIndex((keys) => keys.includes(name))
    if (at > group) (pair.key as Scalar).spaceBefore = true
    group = Math.max(group, at)
  }
  return doc.toString(PRINT)
}

/**
 * Whether the person writes one-line lists and maps with spaces inside the brackets (`[ a ]`, `{ a: 1 }`),
 * by a majority of the ones in the file, so that the printer keeps the file's own style.
 */
function isFlowPadded(doc: Document, text: string): boolean {
  let padded = 0
  let tight = 0
  visit(doc, {
    Collection(_key, node) {
      if (!node.flow || node.range === undefined || node.range === null) return
      const inside = text[node.range[0] + 1]
      if (inside === ' ') padded += 1
      else if (inside !== undefined && inside !== ']' && inside !== '}') tight += 1
    }
  })
  return padded > tight
}

/** Makes the document hold `desired`, replacing only the nodes whose values differ. */
function patchDocument(doc: Document, desired: Record<string, unknown>): void {
  if (isMap(doc.contents)) {
    patchMap(doc, doc.contents, desired)
    return
  }
  doc.contents = buildNode(doc, desired) as YAMLMap
  if (!doc.commentBefore) doc.commentBefore = HEADER
}

/** `node` made to hold `value`: the same node where it can be (keeping its comments), else a new one. */
function patchNode(doc: Document, node: unknown, value: unknown): unknown {
  if (isNode(node) && isDeepStrictEqual(node.toJS(doc), value)) return node
  const isRecord = typeof value === 'object' && value !== null && !Array.isArray(value)
  if (isMap(node) && isRecord) {
    patchMap(doc, node, value as Record<string, unknown>)
    return node
  }
  if (isSeq(node) && Array.isArray(value)) {
    patchSeq(doc, node, value)
    return node
  }
  if (isScalar(node) && typeof node.value === typeof value && !isRecord && !Array.isArray(value)) {
    node.value = value
    return node
  }
  const fresh = buildNode(doc, value)
  if (isNode(node)) {
    fresh.comment = node.comment
    fresh.commentBefore = node.commentBefore
    fresh.spaceBefore = node.spaceBefore
  }
  return fresh
}

/**
 * Removes the keys `value` lacks, patches the ones both have, and adds the new ones right after the key
 * that precedes them in `value` (so a new key lands beside its neighbours, not at the end).
 */
function patchMap(doc: Document, map: YAMLMap, value: Record<string, unknown>): void {
  const nameOf = (pair: Pair): string =>
    isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
  map.items = map.items.filter((pair) => value[nameOf(pair)] !== undefined)
  let previous = -1
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue
    const index = map.items.findIndex((pair) => nameOf(pair) === key)
    if (index >= 0) {
      const pair = map.items[index] as Pair
      pair.value = patchNode(doc, pair.value, child)
      previous = index
    } else {
      previous += 1
      map.items.splice(previous, 0, new Pair(new Scalar(key), buildNode(doc, child)))
    }
  }
}

/**
 * Keeps each item that is still wanted (the same value, or the same drop folder `path`, anywhere in the
 * list; else the item at the same position if it has the same shape), in the new order; builds the rest.
 */
function patchSeq(doc: Document, seq: YAMLSeq, value: readonly unknown[]): void {
  const old = [...seq.items]
  const used = new Set<number>()
  const take = (index: number): unknown => {
    used.add(index)
    return old[index]
  }
  const pathOf = (v: unknown): unknown =>
    typeof v === 'object' && v !== null ? (v as { path?: unknown }).path : undefined
  seq.items = value.map((item, position) => {
    const same = old.findIndex((n, i) => !used.has(i) && isDeepStrictEqual(toJS(doc, n), item))
    if (same >= 0) return take(same)
    const path = pathOf(item)
    const samePath =
      path === undefined
        ? -1
        : old.findIndex((n, i) => !used.has(i) && isMap(n) && n.get('path') === path)
    if (samePath >= 0) return patchNode(doc, take(samePath), item)
    const there = old[position]
    const isRecord = typeof item === 'object' && item !== null && !Array.isArray(item)
    const isSameShape =
      !used.has(position) && (isScalar(there) ? typeof item !== 'object' : isMap(there) && isRecord)
    if (isSameShape) return patchNode(doc, take(position), item)
    return buildNode(doc, item)
  })
}

function toJS(doc: Document, node: unknown): unknown {
  return isNode(node) ? node.toJS(doc) : node
}

/** A new node for `value`: maps and lists of maps in block style, lists of plain values on one line. */
function buildNode(doc: Document, value: unknown): Node {
  const node = doc.createNode(value) as Node
  const flowScalarLists = (n: unknown): void => {
    if (isSeq(n)) {
      n.flow = n.items.length > 0 && n.items.every((item) => isScalar(item))
      n.items.forEach(flowScalarLists)
    } else if (isMap(n)) {
      for (const pair of n.items) flowScalarLists(pair.value)
    }
  }
  flowScalarLists(node)
  return node
}
