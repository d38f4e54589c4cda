/**
 * Markdown summaries for a CI step summary (GitHub Actions' `$GITHUB_STEP_SUMMARY`, a merge request
 * comment): a Report, a validation alone, or a project run with one section per batch.
 *
 * A report reads top down as the app does: the verdict (with the gate: drift on invalid data is
 * unreliable) and the gate's sentence; the validation, failures first with their counts; schema changes;
 * the drifted columns as a table, the others folded in `<details>`; target and prediction; multivariate
 * drift; the inputs with their hash prefixes, so each figure can be traced to its file.
 *
 * Every text from data (column names, values, file names, explanations that quote them) goes through
 * `escapeMarkdown`, so it can neither break a table nor inject markup or HTML. Long lists are cut (GitHub
 * caps a step summary at 1 MiB), saying how many were left out.
 *
 * Pure: values in, text out.
 */
import { formatNumber, formatPercent, formatScore } from '../../shared/drift'
import type {
  ColumnDrift,
  ExpectationResult,
  MultivariateDrift,
  Report,
  SchemaChanges,
  SchemaDifferences,
  SuiteProblem,
  TargetDrift,
  ValidationResult
} from '../../shared/model'
import { batchSentence } from '../../shared/project/batchSentence'
import { notPassed } from '../../shared/validation/notPassed'
import { validationCounts, validationHeadline } from '../../shared/validation/summary'
import type { RunBatch } from './outputs'

/** Rows a table shows before it says how many more there are. */
export const MARKDOWN_TABLE_ROWS = 50

export type MarkdownOptions = Readonly<{
  /** The level of the title (`##` is 2); sections are one level below. Default 2. */
  headingLevel?: number
}>

/**
 * A Report as a Markdown summary.
 *
 * @example renderReportMarkdown(report).split('\n')[0] // '## Driftwatch: week1.csv against ref.csv'
 */
export function renderReportMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const level = options.headingLevel ?? 2
  const { reference, current } = report.inputs
  const title = `Driftwatch: ${escapeMarkdown(current.name)} against ${escapeMarkdown(reference.name)}`
  return joinBlocks([heading(level, title), ...reportBlocks(report, level + 1)])
}

export type ValidationMarkdownInput = Readonly<{
  /** The batch's file name. */
  name: string
  validation: ValidationResult
  schemaChanges?: SchemaChanges
  /** Entries of the suite file that could not be read, and so were not run. */
  problems?: readonly SuiteProblem[]
}>

/**
 * A validation alone (`driftwatch validate --markdown`) as a Markdown summary.
 *
 * @example renderValidationMarkdown({ name: 'week1.csv', validation }).split('\n')[0]
 * // '## Driftwatch validation: week1.csv'
 */
export function renderValidationMarkdown(
  input: ValidationMarkdownInput,
  options: MarkdownOptions = {}
): string {
  const level = options.headingLevel ?? 2
  const problems = input.problems ?? []
  const changes = input.schemaChanges?.sentences ?? []
  return joinBlocks([
    heading(level, `Driftwatch validation: ${escapeMarkdown(input.name)}`),
    ...validationBlocks(input.validation, problems),
    ...(changes.length > 0
      ? [heading(level + 1, 'Schema changes'), bullets(changes.map(escapeMarkdown))]
      : [])
  ])
}

/**
 * A project run (`driftwatch run --markdown`): the folder and a summary line, then a section per batch
 * (its report, or why it could not be processed).
 *
 * @example renderRunMarkdown('/projects/churn', batches).split('\n')[0] // '## Driftwatch run: /projects/churn'
 */
export function renderRunMarkdown(
  folder: string,
  batches: readonly RunBatch[],
  options: MarkdownOptions = {}
): string {
  const level = options.headingLevel ?? 2
  const blocks = [heading(level, `Driftwatch run: ${escapeMarkdown(folder)}`)]
  if (batches.length === 0) {
    blocks.push('Nothing new: every drop had been processed.')
    return joinBlocks(blocks)
  }
  const done = batches.filter((b) => b.batch.status === 'done')
  const drifted = done.filter((b) => b.batch.result?.drifted === true).length
  const invalid = done.filter((b) => b.batch.result?.gate === 'invalid').length
  blocks.push(
    `${count(batches.length, 'batch', 'batches')} processed: ${drifted} drifted, ${invalid} with invalid data, ${batches.length - done.length} could not be processed.`
  )
  for (const { batch, report } of batches) {
    blocks.push(heading(level + 1, escapeMarkdown(batch.path)))
    if (report === undefined) {
      blocks.push(
        batch.status === 'done'
          ? `${escapeMarkdown(batchSentence(batch))} Its report could not be read from the history.`
          : escapeMarkdown(batchSentence(batch))
      )
    } else {
      blocks.push(...reportBlocks(report, level + 2))
    }
  }
  return joinBlocks(blocks)
}

/**
 * `text` as literal Markdown text, safe in a table cell, in a `<details>` summary and in running text:
 * HTML's `&`, `<` and `>` become entities; Markdown's punctuation (`\`, backticks, `*`, `_`, `[`, `]`,
 * `|`, `~`, `$` for math) is backslash-escaped; line breaks and tabs become spaces and other control
 * characters U+FFFD, so a value can never end a table row or start a block.
 *
 * @example escapeMarkdown('a|b <i>') // 'a\\|b &lt;i&gt;'
 */
export function escapeMarkdown(text: string): string {
  let safe = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) as number
    if (ch === '\n' || ch === '\r' || ch === '\t') safe += ' '
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff)) {
      safe += '\uFFFD'
    } else if (ch === '&') safe += '&amp;'
    else if (ch === '<') safe += '&lt;'
    else if (ch === '>') safe += '&gt;'
    else if ('\\`*_[]|~$'.includes(ch)) safe += `\\${ch}`
    else safe += ch
  }
  return safe
}

/** The sections of a report, headings at `level`. */
function reportBlocks(report: Report, level: number): string[] {
  const blocks = [verdictBlock(report)]
  const v = report.validation
  if (v !== undefined) {
    blocks.push(
      heading(level, 'Validation'),
      ...validationBlocks(v.result, v.source.kind === 'file' ? v.source.problems : [])
    )
  }
  const changes = schemaLines(report.schema, v?.schemaChanges)
  if (changes.length > 0) blocks.push(heading(level, 'Schema changes'), bullets(changes))
  blocks.push(heading(level, 'Drift'), ...driftBlocks(report))
  if (report.targets) {
    blocks.push(heading(level, `Target and prediction (${report.targets.task})`))
    blocks.push(...targetBlocks(report.targets))
  }
  if (report.multivariate) {
    const m = report.multivariate
    blocks.push(
      heading(level, `Multivariate drift: ${m.drifted ? 'detected' : 'none'}`),
      ...multivariateBlocks(m)
    )
  }
  blocks.push(heading(level, 'Inputs'), bullets(inputLines(report)))
  return blocks
}

/** The verdict in bold (unreliable when the data is invalid), the rule's sentence, the gate's sentence. */
function verdictBlock(report: Report): string {
  const d = report.dataset
  const verdict = d.drifted ? 'Dataset drift detected' : 'No dataset drift'
  const headline =
    report.gate.status === 'invalid'
      ? `❌ **Data invalid: ${verdict.toLowerCase()}, unreliable.**`
      : d.drifted
        ? `⚠️ **${verdict}.**`
        : `✅ **${verdict}.**`
  return `${headline} ${escapeMarkdown(d.decision)}\n\n${escapeMarkdown(report.gate.reason)}`
}

/** The verdict with its counts, the suite file's problems, then what did not pass, worst first. */
function validationBlocks(v: ValidationResult, problems: readonly SuiteProblem[]): string[] {
  const blocks = [
    `**${validationHeadline(v, problems.length)}:** ${validationCounts(v, problems.length)}; ${count(v.rows, 'row', 'rows')} checked.`
  ]
  if (problems.length > 0) {
    blocks.push(
      bullets(
        problems.map(
          (p) =>
            `Not run: line ${p.line}${p.id === undefined ? '' : ` (${escapeMarkdown(p.id)})`}: ${escapeMarkdown(p.message)}`
        )
      )
    )
  }
  const failing = notPassed(v.results)
  if (failing.length > 0) {
    blocks.push(
      table(
        ['Result', 'Expectation', 'What was found', 'Expected', 'Observed'],
        failing.map((r) => [
          r.status === 'error' ? 'not checked' : `failed (${r.severity})`,
          escapeMarkdown(r.id),
          escapeMarkdown(r.explanation),
          escapeMarkdown(r.expected),
          observedText(r)
        ])
      )
    )
  }
  return blocks
}

function observedText(r: ExpectationResult): string {
  const o = r.observed
  const value =
    o === null
      ? ''
      : Array.isArray(o)
        ? o.length === 0
          ? 'none'
          : o.map(escapeMarkdown).join(', ')
        : typeof o === 'number'
          ? formatNumber(o)
          : escapeMarkdown(String(o))
  const unexpected =
    r.unexpectedCount === undefined || r.elementCount === undefined
      ? ''
      : `${r.unexpectedCount} of ${r.elementCount} unexpected (${formatPercent(r.unexpectedShare ?? 0)})`
  return [value, unexpected].filter((s) => s !== '').join('; ') || '–'
}

/** The explained schema changes when validation has them, else the columns each side lacks. */
function schemaLines(schema: SchemaDifferences, changes: SchemaChanges | undefined): string[] {
  if (changes !== undefined) return changes.sentences.map(escapeMarkdown)
  const names = (columns: readonly string[]): string => columns.map(escapeMarkdown).join(', ')
  return [
    ...(schema.referenceOnly.length > 0
      ? [`Only in the reference: ${names(schema.referenceOnly)}.`]
      : []),
    ...(schema.currentOnly.length > 0
      ? [`Only in the current batch: ${names(schema.currentOnly)}.`]
      : []),
    ...schema.kindMismatches.map(
      (k) =>
        `${escapeMarkdown(k.column)} is ${k.reference} in the reference and ${k.current} in the current batch.`
    )
  ]
}

/** The drifted columns as a table, the others folded below it. */
function driftBlocks(report: Report): string[] {
  const d = report.dataset
  const withAdjusted = d.rule === 'bonferroni' || d.rule === 'bh'
  const drifted = report.columns.filter((c) => c.status === 'tested' && c.drifted)
  const others = report.columns.filter((c) => !(c.status === 'tested' && c.drifted))
  const headers = [
    'Column',
    'Type',
    'Test',
    'Score',
    'Threshold',
    ...(withAdjusted ? ['Adj. p'] : [])
  ]
  const blocks = [
    drifted.length === 0
      ? `No column drifted (${count(d.numberOfColumns, 'column', 'columns')} tested).`
      : `${drifted.length} of ${count(d.numberOfColumns, 'tested column', 'tested columns')} drifted:`
  ]
  if (drifted.length > 0) {
    blocks.push(
      table(
        headers,
        drifted.map((c) => columnCells(c, withAdjusted))
      )
    )
  }
  if (others.length > 0) {
    const summary = `${count(others.length, 'other column', 'other columns')} (no drift or not tested)`
    blocks.push(
      `<details><summary>${summary}</summary>`,
      table(
        [...headers, 'Result'],
        others.map((c) => [
          ...columnCells(c, withAdjusted),
          c.status === 'tested'
            ? 'no drift'
            : `not tested: ${escapeMarkdown(c.note ?? 'no reason was given')}`
        ])
      ),
      '</details>'
    )
  }
  return blocks
}

function columnCells(c: ColumnDrift, withAdjusted: boolean): string[] {
  const tested = c.status === 'tested'
  return [
    escapeMarkdown(c.column),
    c.kind,
    escapeMarkdown(c.testName ?? c.test ?? '–'),
    tested ? formatScore(c.score, c.scoreKind) : '–',
    c.threshold === undefined ? '–' : String(c.threshold),
    ...(withAdjusted
      ? [c.adjustedScore === undefined ? '–' : formatScore(c.adjustedScore, 'p_value')]
      : [])
  ]
}

/** One line each for the target and the prediction, the relationship, and the notes. */
function targetBlocks(t: TargetDrift): string[] {
  const lines: string[] = []
  for (const [role, c] of [
    ['Target', t.target],
    ['Prediction', t.prediction]
  ] as const) {
    if (c === undefined) continue
    const verdict =
      c.status === 'not_tested'
        ? `not tested (${escapeMarkdown(c.note ?? 'no reason was given')})`
        : `${c.drifted ? '**drifted**' : 'no drift'} (${escapeMarkdown(c.testName ?? c.test ?? 'test')} ${formatScore(c.score, c.scoreKind)}, threshold ${c.threshold ?? '–'})`
    lines.push(`${role} ${escapeMarkdown(c.column)}: ${verdict}.`)
  }
  const r = t.relationship
  if (r.correlation) {
    lines.push(
      `Correlation of target and prediction: ${correlation(r.correlation.reference)} in the reference, ${correlation(r.correlation.current)} in the current batch.`
    )
  }
  lines.push(...t.notes.map(escapeMarkdown))
  const blocks = [bullets(lines)]
  if (r.perClass && r.perClass.length > 0) {
    blocks.push(
      table(
        ['Class', 'Share (reference)', 'Share (current)', 'Recall (reference)', 'Recall (current)'],
        r.perClass.map((k) => [
          escapeMarkdown(k.value),
          formatPercent(k.referenceShare),
          formatPercent(k.currentShare),
          k.referenceRecall === null ? 'n/a' : formatPercent(k.referenceRecall),
          k.currentRecall === null ? 'n/a' : formatPercent(k.currentRecall)
        ])
      )
    )
  }
  return blocks
}

function correlation(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3)
}

/** One line per method that ran, the sample and columns, and the notes. */
function multivariateBlocks(m: MultivariateDrift): string[] {
  const verdict = (drifted: boolean): string => (drifted ? '**drift**' : 'no drift')
  const lines: string[] = []
  if (m.mmd) {
    lines.push(
      `MMD: ${verdict(m.mmd.drifted)}, MMD² = ${formatNumber(m.mmd.mmd2)}, p = ${formatScore(m.mmd.pvalue, 'p_value')} over ${m.mmd.permutations} permutations, threshold ${m.mmd.threshold}.`
    )
  }
  if (m.pca) {
    lines.push(
      `PCA reconstruction error: ${verdict(m.pca.drifted)}, ${formatNumber(m.pca.currentError)} against the reference band ${formatNumber(m.pca.lower)} to ${formatNumber(m.pca.upper)}.`
    )
  }
  if (m.classifier) {
    lines.push(
      `Domain classifier: ${verdict(m.classifier.drifted)}, 2·AUC − 1 = ${m.classifier.score.toFixed(3)} (AUC ${m.classifier.auc.toFixed(3)}), threshold ${m.classifier.threshold}.`
    )
  }
  const stratified =
    m.sample.stratifiedBy === undefined
      ? ''
      : `, stratified by ${escapeMarkdown(m.sample.stratifiedBy)}`
  lines.push(
    `On ${m.sample.reference} reference and ${m.sample.current} current rows (seed ${m.sample.seed}${stratified}) of ${m.columns.map(escapeMarkdown).join(', ')}.`
  )
  lines.push(...m.notes.map(escapeMarkdown))
  return [bullets(lines)]
}

/** Each file with its rows, columns and hash prefix; the profile, the run and the notes. */
function inputLines(report: Report): string[] {
  const { reference, current } = report.inputs
  const file = (role: string, info: typeof reference): string =>
    `${role}: ${escapeMarkdown(info.name)}, ${count(info.rows, 'row', 'rows')}, ${count(info.columns.length, 'column', 'columns')}, sha256 \`${hashPrefix(info.sha256)}\`.`
  const lines = [file('Reference', reference)]
  if (report.referenceProfile) {
    lines.push(
      `The reference's statistics came from the stored profile ${escapeMarkdown(report.referenceProfile.path)} (built ${escapeMarkdown(report.referenceProfile.createdAt)}).`
    )
  }
  lines.push(file('Current', current))
  lines.push(
    `Report ${escapeMarkdown(report.id)}, ${escapeMarkdown(report.createdAt)}, Driftwatch ${escapeMarkdown(report.app.version)}.`
  )
  lines.push(...report.notes.map(escapeMarkdown))
  return lines
}

/** The first 12 hex digits of a SHA-256 (anything else in it removed, so it is safe in a code span). */
function hashPrefix(sha256: string): string {
  return sha256.replace(/[^0-9a-fA-F]/g, '').slice(0, 12)
}

function heading(level: number, text: string): string {
  return `${'#'.repeat(Math.min(Math.max(level, 1), 6))} ${text}`
}

function bullets(lines: readonly string[]): string {
  return lines.map((line) => `- ${line}`).join('\n')
}

/** A table of cells already escaped; cut after MARKDOWN_TABLE_ROWS rows, saying how many more there are. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const shown = rows.slice(0, MARKDOWN_TABLE_ROWS)
  const lines = [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => ' --- ').join('|')}|`,
    ...shown.map((cells) => `| ${cells.join(' | ')} |`)
  ]
  if (rows.length > shown.length) {
    lines.push('', `… and ${rows.length - shown.length} more, not shown here.`)
  }
  return lines.join('\n')
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

function joinBlocks(blocks: readonly string[]): string {
  return `${blocks.join('\n\n')}\n`
}
