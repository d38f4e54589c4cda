/**
 * driftwatch.yaml on real temp folders: a full config loads with no problem; a missing file, a syntax
 * error, a missing or bad reference or drops are errors naming the key and line; every other bad key is a
 * problem with its dotted key and line and is left out while the rest loads (drift options with
 * optionsProblem's own words); a config written and read back is the same config; editing an existing
 * file keeps the person's comments and order and changes only what changed (checked on the exact text);
 * a config that would not load, or a file with a syntax error, is never written; no temp file is left.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConfigProblem, DriftOptions, ProjectConfig } from '../../shared/model'
import { optionsProblem } from '../optionsProblem'
import { CONFIG_FILE, readProjectConfig, writeProjectConfig } from './config'

let root = ''
let count = 0
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'driftwatch-config-'))
})
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

/** A new project folder, with driftwatch.yaml holding `lines` when given. */
function project(lines?: readonly string[]): string {
  count += 1
  const folder = join(root, `project-${count}`)
  mkdirSync(folder)
  if (lines !== undefined) writeFileSync(join(folder, CONFIG_FILE), lines.join('\n'))
  return folder
}

const BASE = ['version: 1', 'reference: reference/train.csv', 'drops:', '  - path: incoming']

/** Reads a config that must load, and returns it with its problems. */
async function loads(
  lines: readonly string[]
): Promise<{ config: ProjectConfig; problems: readonly ConfigProblem[] }> {
  const read = await readProjectConfig(project(lines))
  if (!read.ok) throw new Error(`${read.error.code}: ${read.error.message}`)
  return read.value
}

/** The one problem of a config that must load with exactly one problem. */
async function oneProblem(lines: readonly string[]): Promise<ConfigProblem> {
  const { problems } = await loads(lines)
  expect(problems).toHaveLength(1)
  return problems[0] as ConfigProblem
}

/** The error message of a config that must not load, checking its code. */
async function refused(lines: readonly string[]): Promise<string> {
  const read = await readProjectConfig(project(lines))
  if (read.ok) throw new Error(`expected an error, got ${JSON.stringify(read.value)}`)
  expect(read.error.code).toBe('INVALID_OPTIONS')
  return read.error.message
}

const FULL: ProjectConfig = {
  version: 1,
  name: 'bike demand',
  reference: 'data/reference/weather-reference-sample.csv',
  drops: [{ path: 'data/data-drift', patterns: ['week*.csv'] }, { path: 'incoming' }],
  timeColumn: 'datetime',
  idColumns: ['ride_id'],
  target: 'casual',
  prediction: 'predicted_casual',
  task: 'regression',
  ignore: ['count'],
  drift: {
    test: 'psi',
    threshold: 0.2,
    perKind: { numeric: { test: 'ks', threshold: 0.01 }, categorical: { test: 'chisquare' } },
    perColumn: { temp: { test: 'wasserstein', threshold: 0.1 }, 'wind speed': { threshold: 0.2 } },
    rule: 'bh',
    driftShare: 0.5,
    alpha: 0.05,
    multivariate: { enabled: true, sampleSize: 500, permutations: 50 },
    seed: 7
  },
  validation: { enabled: true, suite: 'checks/weather.yaml' },
  notifications: {
    desktop: false,
    on: ['drift', 'failed'],
    webhook: { url: 'https://hooks.slack.com/services/T0/B0/x', on: ['invalid'] }
  },
  archive: { enabled: true, folder: 'processed' },
  watch: { stableMs: 5000 }
}

describe('readProjectConfig', () => {
  it('loads every key of a full config, with no problem', async () => {
    const folder = project()
    expect((await writeProjectConfig(folder, FULL)).ok).toBe(true)
    const read = await readProjectConfig(folder)
    expect(read).toEqual({ ok: true, value: { config: FULL, problems: [] } })
  })

  it('loads a minimal config, and takes a key with no value as not set', async () => {
    const { config, problems } = await loads([...BASE, 'timeColumn:', 'drift:', 'name:'])
    expect(problems).toEqual([])
    expect(config).toEqual({
      version: 1,
      reference: 'reference/train.csv',
      drops: [{ path: 'incoming' }]
    })
  })

  it('says FILE_NOT_FOUND when there is no driftwatch.yaml, so the caller proposes one', async () => {
    const read = await readProjectConfig(project())
    expect(read.ok ? '' : read.error.code).toBe('FILE_NOT_FOUND')
    expect(read.ok ? '' : read.error.message).toContain('Driftwatch can propose one')
  })

  it('points a YAML syntax error at its line and column', async () => {
    const read = await readProjectConfig(
      project([...BASE, 'drift:', '  rule: bh', ' alpha: 0.05', 'name: "unclosed'])
    )
    if (read.ok) throw new Error('expected a syntax error')
    expect(read.error.code).toBe('FILE_UNREADABLE')
    expect(read.error.message).toMatch(
      /^The project config driftwatch\.yaml has a YAML syntax error at line 7, column \d+ \(`alpha: 0.05`\)/
    )
    expect(read.error.message).toContain('Fix the file there')
  })

  it('names an unknown key and its line, lists the known keys, and suggests a near spelling', async () => {
    const { config, problems } = await loads([...BASE, 'timecolumn: datetime', 'colour: blue'])
    expect(problems).toEqual([
      {
        key: 'timecolumn',
        line: 5,
        message:
          'Unknown key "timecolumn". Did you mean "timeColumn"? Known keys: version, name, reference, drops, timeColumn, idColumns, target, prediction, task, ignore, drift, validation, notifications, archive, watch. It is ignored until it is fixed.'
      },
      expect.objectContaining({ key: 'colour', line: 6 })
    ])
    expect(config.timeColumn).toBeUndefined()
  })

  it('names unknown keys inside sections, and points a model column under drift to the top level', async () => {
    const { problems } = await loads([
      'version: 1',
      'reference: reference/train.csv',
      'drops:',
      '  - path: incoming',
      '    recursive: true',
      'drift:',
      '  target: count',
      '  multivariate: { size: 10 }',
      'watch: { stable: 10 }'
    ])
    expect(problems.map((p) => [p.key, p.line])).toEqual([
      ['drops[0].recursive', 5],
      ['drift.target', 7],
      ['drift.multivariate.size', 8],
      ['watch.stable', 9]
    ])
    expect(problems[0]?.message).toContain('Known keys under drops[]: path, patterns.')
    expect(problems[1]?.message).toContain(
      'target is a top-level key of driftwatch.yaml (not indented under drift).'
    )
    expect(problems[2]?.message).toContain(
      'Known keys under drift.multivariate: enabled, sampleSize, permutations.'
    )
  })

  it('leaves out keys of the wrong type, naming each with its line, and loads the rest', async () => {
    const { config, problems } = await loads([
      ...BASE,
      'name: 2024',
      'timeColumn: 5',
      'idColumns: customer_id',
      'ignore: notes',
      'task: regresion',
      'target: count',
      'validation: { enabled: "yes", suite: checks/suite.yaml }',
      'notifications: { desktop: 1, on: [drift] }',
      'archive: true',
      'watch: { stableMs: 1.5 }'
    ])
    expect(problems.map((p) => [p.key, p.line])).toEqual([
      ['name', 5],
      ['ignore', 8],
      ['task', 9],
      ['timeColumn', 6],
      ['idColumns', 7],
      ['validation.enabled', 11],
      ['notifications.desktop', 12],
      ['archive', 13],
      ['watch.stableMs', 14]
    ])
    const message = (key: string): string => problems.find((p) => p.key === key)?.message ?? ''
    expect(message('name')).toContain('quote it if it looks like a number: name: "2024"')
    expect(message('ignore')).toBe(
      `${optionsProblem({ ignore: 'notes' } as unknown as DriftOptions)} It is ignored until it is fixed.`
    )
    expect(message('task')).toContain('task must be "classification" or "regression"')
    expect(message('timeColumn')).toContain('timeColumn must be the name of a column')
    expect(message('validation.enabled')).toBe(
      'validation.enabled must be true or false; got "yes". It is ignored until it is fixed.'
    )
    expect(message('archive')).toContain('archive must be a map of settings')
    expect(message('watch.stableMs')).toContain('a whole number of milliseconds from 100 to 600000')
    expect(config).toEqual({
      version: 1,
      reference: 'reference/train.csv',
      drops: [{ path: 'incoming' }],
      target: 'count',
      validation: { suite: 'checks/suite.yaml' },
      notifications: { on: ['drift'] }
    })
  })

  it('checks watch.stableMs is a whole number of ms from 100 to 600000', async () => {
    for (const bad of ['99', '600001', '"2s"', '-5']) {
      const problem = await oneProblem([...BASE, `watch: { stableMs: ${bad} }`])
      expect(problem.key).toBe('watch.stableMs')
    }
    for (const good of [100, 600_000]) {
      const { config } = await loads([...BASE, `watch: { stableMs: ${good} }`])
      expect(config.watch).toEqual({ stableMs: good })
    }
  })

  it('reports a bad drift option with the words of optionsProblem, at its own line, keeping the others', async () => {
    const { config, problems } = await loads([
      ...BASE,
      'drift:',
      '  rule: majority',
      '  test: ks',
      '  threshold: 2',
      '  alpha: 0.01',
      '  perKind:',
      '    categorical: { test: wasserstein }',
      '    numeric: { test: anderson }',
      '  perColumn:',
      '    temp: { test: kolmogorov }',
      '    humidity: { threshold: 0.2 }',
      '  multivariate: { sampleSize: 5, permutations: 20 }'
    ])
    const asDrift = (options: unknown): string =>
      `${optionsProblem(options as DriftOptions)} It is ignored until it is fixed.`
    expect(problems).toEqual([
      { key: 'drift.rule', line: 6, message: asDrift({ rule: 'majority' }) },
      { key: 'drift.threshold', line: 8, message: asDrift({ test: 'ks', threshold: 2 }) },
      {
        key: 'drift.perKind.categorical',
        line: 11,
        message: asDrift({ perKind: { categorical: { test: 'wasserstein' } } })
      },
      {
        key: 'drift.perColumn.temp',
        line: 14,
        message: asDrift({ perColumn: { temp: { test: 'kolmogorov' } } })
      },
      {
        key: 'drift.multivariate.sampleSize',
        line: 16,
        message: asDrift({ multivariate: { sampleSize: 5 } })
      }
    ])
    expect(problems[0]?.message).toContain('rule must be "share"')
    expect(problems[1]?.message).toContain('ks gives a p-value')
    expect(config.drift).toEqual({
      test: 'ks',
      alpha: 0.01,
      perKind: { numeric: { test: 'anderson' } },
      perColumn: { humidity: { threshold: 0.2 } },
      multivariate: { permutations: 20 }
    })
  })

  it('names a column that is not a plain identifier in brackets', async () => {
    const problem = await oneProblem([...BASE, 'drift:', '  perColumn:', '    "wind speed": 3'])
    expect(problem.key).toBe('drift.perColumn["wind speed"]')
    expect(problem.line).toBe(7)
  })

  it('refuses a drift section that is not a map', async () => {
    const problem = await oneProblem([...BASE, 'drift: ks'])
    expect(problem).toEqual({
      key: 'drift',
      line: 5,
      message:
        'drift must be a map of settings, e.g. drift: { rule: bh, alpha: 0.05 }; got "ks". It is ignored until it is fixed.'
    })
  })

  it('refuses an ignored target and a prediction that is the target, at the key that adds them', async () => {
    const { config, problems } = await loads([
      ...BASE,
      'ignore: [count]',
      'target: count',
      'prediction: predicted_count'
    ])
    expect(problems.map((p) => [p.key, p.line])).toEqual([['target', 6]])
    expect(problems[0]?.message).toContain('target "count" is also in ignore')
    expect(config.ignore).toEqual(['count'])
    expect(config.prediction).toBe('predicted_count')
    const same = await oneProblem([...BASE, 'target: y', 'prediction: y'])
    expect([same.key, same.line]).toEqual(['prediction', 6])
    expect(same.message).toContain('target and prediction are both "y"')
  })

  it('refuses an absolute or escaping reference or drop folder: the config cannot be used', async () => {
    const absolute = await refused([
      'version: 1',
      'reference: /home/ana/train.csv',
      'drops: [{ path: incoming }]'
    ])
    expect(absolute).toBe(
      'driftwatch.yaml cannot be used. reference (line 2): reference is the absolute path /home/ana/train.csv. Give it relative to the project folder (e.g. reference/train.csv), and move the file into the project if it is elsewhere. Fix the file and open the project again.'
    )
    expect(
      await refused(['reference: C:\\data\\train.csv', 'drops: [{ path: incoming }]'])
    ).toContain('reference (line 1): reference is the absolute path C:\\data\\train.csv.')
    const escaping = await refused([
      'reference: train.csv',
      'drops:',
      '  - path: incoming',
      '  - path: data/../../shared/drops'
    ])
    expect(escaping).toContain(
      'drops[1].path (line 4): drops[1].path (data/../../shared/drops) points outside the project folder'
    )
    expect(await refused(['reference: ../train.csv', 'drops: [{ path: incoming }]'])).toContain(
      'reference (line 1): reference (../train.csv) points outside the project folder'
    )
  })

  it('accepts paths that stay inside the project, however written', async () => {
    const { config, problems } = await loads([
      'reference: ./data/../reference/train.csv',
      'drops: [{ path: "data\\\\incoming" }]'
    ])
    expect(problems).toEqual([])
    expect(config.reference).toBe('./data/../reference/train.csv')
    expect(config.drops).toEqual([{ path: 'data\\incoming' }])
  })

  it('leaves out a suite path or archive folder outside the project', async () => {
    const suite = await oneProblem([...BASE, 'validation: { suite: /etc/suite.yaml }'])
    expect([suite.key, suite.line]).toEqual(['validation.suite', 5])
    expect(suite.message).toContain('validation.suite is the absolute path /etc/suite.yaml.')
    const archive = await loads([
      ...BASE,
      'archive:',
      '  enabled: true',
      '  folder: ../../processed'
    ])
    expect(archive.problems.map((p) => [p.key, p.line])).toEqual([['archive.folder', 7]])
    expect(archive.problems[0]?.message).toBe(
      'archive.folder (../../processed) inside the drop folder incoming points outside the project folder. Give a folder inside the project, e.g. processed. The archive is ignored until it is fixed.'
    )
    expect(archive.config.archive).toBeUndefined()
    const itself = await oneProblem([...BASE, 'archive: { enabled: true, folder: . }'])
    expect(itself.message).toContain('is the drop folder incoming itself, so nothing would move')
    const beside = await loads([...BASE, 'archive: { enabled: true, folder: ../processed }'])
    expect(beside.problems).toEqual([])
    const noSwitch = await oneProblem([...BASE, 'archive: { folder: processed }'])
    expect([noSwitch.key, noSwitch.message]).toEqual([
      'archive.enabled',
      'archive.enabled is missing. Give archive.enabled: true to move each processed drop into the archive folder, or false. It is ignored until it is fixed.'
    ])
  })

  it('leaves out a webhook whose url is not http(s), keeping the other notification settings', async () => {
    for (const [url, words] of [
      ['ftp://example.com/hook', 'uses ftp, but a webhook is posted over http or https'],
      ['hooks.slack.com/services/x', 'is not a web address'],
      ['""', "must be the webhook's address"]
    ] as const) {
      const { config, problems } = await loads([
        ...BASE,
        'notifications:',
        '  desktop: false',
        '  webhook:',
        `    url: ${url}`
      ])
      expect(problems.map((p) => [p.key, p.line])).toEqual([['notifications.webhook.url', 8]])
      expect(problems[0]?.message).toContain(words)
      expect(problems[0]?.message).toMatch(/The webhook is ignored until it is fixed\.$/)
      expect(config.notifications).toEqual({ desktop: false })
    }
    const missing = await oneProblem([...BASE, 'notifications: { webhook: { on: [drift] } }'])
    expect(missing.key).toBe('notifications.webhook.url')
    const plain = await loads([
      ...BASE,
      'notifications: { webhook: { url: "http://localhost:8080/hook" } }'
    ])
    expect(plain.config.notifications).toEqual({
      webhook: { url: 'http://localhost:8080/hook' }
    })
  })

  it('checks what notifications are sent on', async () => {
    const bad = await oneProblem([...BASE, 'notifications: { on: [drift, drifted] }'])
    expect([bad.key, bad.message]).toEqual([
      'notifications.on',
      'notifications.on must be a list of what to notify on, from drift (a batch drifted), invalid (a batch failed validation) and failed (a batch could not be processed), e.g. on: [drift, invalid]; got "drifted" in the list. It is ignored until it is fixed.'
    ])
    const empty = await oneProblem([
      ...BASE,
      'notifications: { webhook: { url: "https://x.org", on: [] } }'
    ])
    expect(empty.key).toBe('notifications.webhook.on')
    expect(empty.message).toContain('an empty list')
  })

  it('refuses a config without a reference, naming the key', async () => {
    const message = await refused(['version: 1', 'drops: [{ path: incoming }]'])
    expect(message).toBe(
      'driftwatch.yaml cannot be used. reference (line 1): reference is missing. Name the data file every batch is compared with, relative to the project folder, e.g. reference: reference/train.csv. Fix the file and open the project again.'
    )
  })

  it('refuses a config without drop folders, or with drops that are not folders', async () => {
    expect(await refused(['reference: train.csv'])).toContain('drops (line 1): drops is missing.')
    expect(await refused(['reference: train.csv', 'drops: []'])).toContain(
      'drops (line 2): drops is empty, so no batch would ever be processed.'
    )
    expect(await refused(['reference: train.csv', 'drops: incoming'])).toContain(
      'drops (line 2): drops must be a list of folders'
    )
    expect(await refused(['reference: train.csv', 'drops:', '  - incoming'])).toContain(
      'drops[0] (line 3): drops[0] must be a folder given as "- path: <folder>"'
    )
    expect(await refused(['reference: train.csv', 'drops:', '  - patterns: [a*.csv]'])).toContain(
      'drops[0].path (line 3): drops[0] has no path.'
    )
  })

  it('refuses drop patterns that could not match what the person meant', async () => {
    const drops = (patterns: string): string[] => [
      'reference: train.csv',
      'drops:',
      '  - path: incoming',
      `    patterns: ${patterns}`
    ]
    expect(await refused(drops('week*.csv'))).toContain(
      'drops[0].patterns (line 4): drops[0].patterns must be a list of file-name patterns'
    )
    expect(await refused(drops('[]'))).toContain('drops[0].patterns is empty')
    expect(await refused(drops('[data/week*.csv]'))).toContain(
      'has "data/week*.csv", but patterns match file names, not paths'
    )
  })

  it('reports every problem in the error detail, the optional ones too', async () => {
    const read = await readProjectConfig(project(['name: 3', 'drops: []']))
    if (read.ok) throw new Error('expected an error')
    expect(read.error.message).toContain('reference (line 1)')
    expect(read.error.message).toContain('drops (line 2)')
    expect(read.error.detail?.split('\n')).toEqual([
      expect.stringMatching(/^line 1, name: name must be a text/),
      expect.stringMatching(/^line 1, reference: reference is missing/),
      expect.stringMatching(/^line 2, drops: drops is empty/)
    ])
  })

  it('refuses an empty file and a file that is not a map', async () => {
    expect(await refused([''])).toContain('driftwatch.yaml is empty.')
    expect(await refused(['- reference: train.csv'])).toContain(
      'driftwatch.yaml must be a map of keys'
    )
  })

  it('reads another version as version 1, saying so', async () => {
    const problem = await oneProblem(['version: 2', ...BASE.slice(1)])
    expect(problem).toEqual({
      key: 'version',
      line: 1,
      message:
        'version is 2, but this Driftwatch reads version 1. Set version: 1. The file is read as version 1.'
    })
  })

  it('leaves out a drop folder listed twice', async () => {
    const { config, problems } = await loads([
      'reference: train.csv',
      'drops:',
      '  - path: incoming',
      '  - path: incoming/',
      '    patterns: [a*.csv]'
    ])
    expect(problems.map((p) => [p.key, p.line])).toEqual([['drops[1].path', 4]])
    expect(problems[0]?.message).toContain('is the folder incoming/ again (also drops[0])')
    expect(config.drops).toEqual([{ path: 'incoming' }])
  })
})

describe('writeProjectConfig', () => {
  it('writes a new file with a header explaining the keys, that reads back as the same config', async () => {
    const folder = project()
    expect(await writeProjectConfig(folder, FULL)).toEqual({ ok: true, value: undefined })
    const text = readFileSync(join(folder, CONFIG_FILE), 'utf8')
    expect(text.startsWith('# Driftwatch project config.')).toBe(true)
    expect(text).toContain('#   reference       the data file every batch is compared with')
    expect(text).toContain(
      'version: 1\nname: bike demand\nreference: data/reference/weather-reference-sample.csv\n\ndrops:\n  - path: data/data-drift\n    patterns: [week*.csv]\n  - path: incoming\n\ntimeColumn: datetime\nidColumns: [ride_id]\n'
    )
    expect(text).toContain('\n\nwatch:\n  stableMs: 5000\n')
    expect(readdirSync(folder)).toEqual([CONFIG_FILE])
  })

  const COMMENTED = [
    '# Churn project, kept by the data team.',
    'version: 1',
    'reference: data/train.parquet # the March training set',
    '',
    '# Where the nightly export lands.',
    'drops:',
    '  - path: incoming # nightly',
    '    patterns: [churn_*.parquet]',
    '',
    'ignore: [notes] # free text',
    'drift:',
    '  # Benjamini-Hochberg, agreed with Ana.',
    '  rule: bh',
    '  alpha: 0.05 # family-wise',
    'watch:',
    '  stableMs: 3000',
    '# end',
    ''
  ].join('\n')

  it('edits an existing file in place, keeping every comment and the order of what stays', async () => {
    const folder = project([COMMENTED])
    const read = await readProjectConfig(folder)
    if (!read.ok) throw new Error(read.error.message)
    const { ignore: _ignore, ...kept } = read.value.config
    const edited: ProjectConfig = {
      ...kept,
      target: 'churn',
      drift: { ...kept.drift, alpha: 0.01 },
      drops: [{ path: 'incoming', patterns: ['churn_*.parquet', 'late_*.parquet'] }]
    }
    expect((await writeProjectConfig(folder, edited)).ok).toBe(true)
    expect(readFileSync(join(folder, CONFIG_FILE), 'utf8')).toBe(
      // The blank line before ignore goes with it.
      COMMENTED.replace('[churn_*.parquet]', '[churn_*.parquet, late_*.parquet]')
        .replace('\nignore: [notes] # free text\n', 'target: churn\n')
        .replace('alpha: 0.05 # family-wise', 'alpha: 0.01 # family-wise')
    )
    expect(readdirSync(folder)).toEqual([CONFIG_FILE])
    const again = await readProjectConfig(folder)
    expect(again).toEqual({ ok: true, value: { config: edited, problems: [] } })
  })

  it('changes nothing when the config is the one read', async () => {
    const folder = project([COMMENTED])
    const read = await readProjectConfig(folder)
    if (!read.ok) throw new Error(read.error.message)
    expect((await writeProjectConfig(folder, read.value.config)).ok).toBe(true)
    expect(readFileSync(join(folder, CONFIG_FILE), 'utf8')).toBe(COMMENTED)
  })

  it('adds a new section beside its neighbours and drops keys that are not in the config', async () => {
    const folder = project([...BASE, 'colour: blue # not a key', 'watch: { stableMs: 3000 }'])
    const config: ProjectConfig = {
      version: 1,
      reference: 'reference/train.csv',
      drops: [{ path: 'incoming' }, { path: 'batches' }],
      timeColumn: 'created_at',
      watch: { stableMs: 3000 }
    }
    expect((await writeProjectConfig(folder, config)).ok).toBe(true)
    expect(readFileSync(join(folder, CONFIG_FILE), 'utf8')).toBe(
      [
        'version: 1',
        'reference: reference/train.csv',
        'drops:',
        '  - path: incoming',
        '  - path: batches',
        'timeColumn: created_at',
        'watch: { stableMs: 3000 }',
        ''
      ].join('\n')
    )
  })

  it('keeps a drop folder with its comments when another is removed or the order changes', async () => {
    const folder = project([
      'reference: train.csv',
      'drops:',
      '  - path: incoming # the old export',
      '  # Nightly batches, from March.',
      '  - path: batches',
      '    patterns: [b*.csv] # agreed',
      '  - path: new',
      ''
    ])
    const config: ProjectConfig = {
      version: 1,
      reference: 'train.csv',
      drops: [{ path: 'new' }, { path: 'batches', patterns: ['b*.csv', 'c*.csv'] }]
    }
    expect((await writeProjectConfig(folder, config)).ok).toBe(true)
    expect(readFileSync(join(folder, CONFIG_FILE), 'utf8')).toBe(
      [
        'version: 1',
        'reference: train.csv',
        'drops:',
        '  - path: new',
        '  # Nightly batches, from March.',
        '  - path: batches',
        '    patterns: [b*.csv, c*.csv] # agreed',
        ''
      ].join('\n')
    )
  })

  it('refuses a config that would not load, and writes nothing', async () => {
    const folder = project()
    const proposal: ProjectConfig = { version: 1, reference: '', drops: [] }
    const written = await writeProjectConfig(folder, proposal)
    expect(written.ok ? '' : written.error.code).toBe('INVALID_OPTIONS')
    expect(written.ok ? '' : written.error.message).toMatch(
      /^The config was not saved\. reference: reference must be a path relative to the project folder, e\.g\. reference\/train\.csv; got an empty text\. drops: drops is empty/
    )
    const badOption = await writeProjectConfig(folder, {
      ...FULL,
      drift: { rule: 'majority' as 'bh' }
    })
    expect(badOption.ok ? '' : badOption.error.message).toBe(
      `The config was not saved. drift.rule: ${optionsProblem({ rule: 'majority' as 'bh' })}`
    )
    expect(readdirSync(folder)).toEqual([])
  })

  it('does not overwrite a file with a syntax error', async () => {
    const broken = [...BASE, 'name: "unclosed'].join('\n')
    const folder = project([broken])
    const written = await writeProjectConfig(folder, FULL)
    expect(written.ok ? '' : written.error.message).toMatch(
      /syntax error at line 5.*The config was not saved, so that the file is not overwritten\.$/
    )
    expect(readFileSync(join(folder, CONFIG_FILE), 'utf8')).toBe(broken)
    expect(readdirSync(folder)).toEqual([CONFIG_FILE])
  })

  it('writes into a file with only comments, keeping them', async () => {
    const folder = project(['# to be filled in', ''])
    const config: ProjectConfig = { version: 1, reference: 'a.csv', drops: [{ path: 'new' }] }
    expect((await writeProjectConfig(folder, config)).ok).toBe(true)
    const text = readFileSync(join(folder, CONFIG_FILE), 'utf8')
    expect(text.startsWith('# to be filled in\n')).toBe(true)
    expect(await readProjectConfig(folder)).toEqual({ ok: true, value: { config, problems: [] } })
  })
})
