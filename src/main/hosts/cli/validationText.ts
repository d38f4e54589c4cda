/**
 * The readable text of a validation for a terminal, 100 columns wide: the suite file's problems (each with
 * its line), the schema changes against the reference, then each expectation that did not pass, worst first
 * (failed errors, expectations that could not be checked, failed warnings), each with its explanation, what
 * was expected and observed, and up to three offending rows; then one summary line.
 */
import { formatNumber, formatPercent } from '../../../shared/drift'
import type {
  ExpectationResult,
  SampleRow,
  SchemaChanges,
  ValidationResult
} from '../../../shared/model'
import type { SuiteProblem } from '../../project/suiteFile'
import { notPassed } from '../../../shared/validation/notPassed'
import { validationSummary } from '../../../shared/validation/summary'
import { TEXT_WIDTH, wrapText } from './layout'

/** Sample rows shown per failing expectation (the JSON output keeps all of them). */
export const SHOWN_SAMPLES = 3

export type ValidationText = Readonly<{
  /** The batch's file name, for the summary line. */
  name: string
  validation: ValidationResult
  schemaChanges?: SchemaChanges
  /** The suite file and its problems, when the suite came from a file. */
  suiteFile?: Readonly<{ path: string; problems: readonly SuiteProblem[] }>
  /** Only the summary line. */
  quiet?: boolean
}>

/**
 * The validation as text, `width` columns wide.
 *
 * @example renderValidationText({ name: 'week1.csv', validation }).split('\n').at(-1)
 * // 'Validation passed: 38 of 38 expectations passed, 4 skipped; 125 rows of week1.csv.'
 */
export function renderValidationText(input: ValidationText, width: number = TEXT_WIDTH): string {
  const lines: string[] = []
  const problems = input.suiteFile?.problems ?? []
  if (!input.quiet) {
    if (problems.length > 0 && input.suiteFile) {
      lines.push(`Problems in ${input.suiteFile.path} (these expectations were not run):`)
      for (const p of problems) {
        lines.push(...wrapText(`line ${p.line}: ${p.message}`, width, '  ', '    '))
      }
      lines.push('')
    }
    const changes = input.schemaChanges?.sentences ?? []
    if (changes.length > 0) {
      lines.push('Schema changes against the reference:')
      for (const s of changes) lines.push(...wrapText(s, width, '  ', '    '))
      lines.push('')
    }
    for (const r of notPassed(input.validation.results)) {
      lines.push(...resultBlock(r, width))
      lines.push('')
    }
  }
  lines.push(...wrapText(validationSummary(input.name, input.validation, problems.length), width))
  return lines.join('\n')
}

function resultBlock(r: ExpectationResult, width: number): string[] {
  const status = r.status === 'error' ? 'ERROR' : r.severity === 'error' ? 'FAIL' : 'WARN'
  const lines = [
    `${status.padEnd(5)} ${r.id} (${r.kind}${r.column === undefined ? '' : ` on "${r.column}"`}, severity ${r.severity})`
  ]
  const indent = '      '
  lines.push(...wrapText(r.explanation, width, indent, indent))
  const facts = [`expected ${r.expected}`]
  if (r.observed !== null) facts.push(`observed ${observedText(r.observed)}`)
  if (r.unexpectedCount !== undefined && r.elementCount !== undefined) {
    facts.push(
      `${r.unexpectedCount} of ${r.elementCount} unexpected (${formatPercent(r.unexpectedShare ?? 0)})`
    )
  }
  lines.push(...wrapText(facts.join('; '), width, indent, indent))
  const samples = r.samples ?? []
  for (const row of samples.slice(0, SHOWN_SAMPLES)) {
    lines.push(...wrapText(sampleText(row), width, `${indent}row `, `${indent}    `))
  }
  const more = (r.unexpectedCount ?? samples.length) - Math.min(samples.length, SHOWN_SAMPLES)
  if (samples.length > 0 && more > 0) lines.push(`${indent}… and ${more} more`)
  return lines
}

function sampleText(row: SampleRow): string {
  const cells = Object.entries(row.values).map(([k, v]) => `${k}=${cellText(v)}`)
  return `${row.row}: ${cells.join(', ')}`
}

function cellText(v: string | number | boolean | null): string {
  if (v === null) return 'null'
  if (typeof v === 'string') return JSON.stringify(v)
  return typeof v === 'number' ? formatNumber(v) : String(v)
}

function observedText(v: NonNullable<ExpectationResult['observed']>): string {
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map((c) => `"${c}"`).join(', ')
  return typeof v === 'number' ? formatNumber(v) : String(v)
}
