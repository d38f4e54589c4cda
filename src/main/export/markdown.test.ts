import { describe, expect, it } from 'vitest'
import { validationGate } from '../../shared/validation/gate'
import {
  batchRecord,
  fixtureReport,
  FIXTURE_VALIDATION,
  HOSTILE
} from '../../../test/reportFixture'
import {
  escapeMarkdown,
  MARKDOWN_TABLE_ROWS,
  renderReportMarkdown,
  renderRunMarkdown,
  renderValidationMarkdown
} from './markdown'

/** The rows of every table in `markdown` (header and separator rows left out), as lists of raw cells. */
function tableRows(markdown: string): string[][] {
  const lines = markdown.split('\n').filter((line) => line.startsWith('| '))
  return lines
    .filter((line) => !line.startsWith('| ---') && !/^\| (Column|Result|Class) \|/.test(line))
    .map((line) =>
      line
        .slice(2, -2)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim())
    )
}

/** The names of the sections (headings) of `markdown`, with their level. */
function headings(markdown: string): string[] {
  return markdown.split('\n').filter((line) => /^#{1,6} /.test(line))
}

describe('escapeMarkdown', () => {
  it('escapes HTML and Markdown punctuation, flattens line breaks, replaces control characters', () => {
    expect(escapeMarkdown(HOSTILE.script)).toBe(
      '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'
    )
    expect(escapeMarkdown(HOSTILE.markup)).toBe(
      'a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) &amp; "h" \'i\' &lt;j&gt;'
    )
    expect(escapeMarkdown(HOSTILE.control)).toBe('bell\uFFFDtab line break')
    expect(escapeMarkdown('$x$ ~~y~~ \\')).toBe('\\$x\\$ \\~\\~y\\~\\~ \\\\')
  })
})

describe('renderReportMarkdown', () => {
  const report = fixtureReport()
  const markdown = renderReportMarkdown(report)

  it('opens with the title and the verdict, marked unreliable when the data is invalid', () => {
    const lines = markdown.split('\n')
    expect(lines[0]).toBe('## Driftwatch: week&lt;1&gt;&amp;.csv against reference.csv')
    expect(lines[2]).toBe(
      `❌ **Data invalid: dataset drift detected, unreliable.** ${report.dataset.decision}`
    )
    expect(lines[4]).toBe(report.gate.reason)
    expect(headings(markdown)).toEqual([
      '## Driftwatch: week&lt;1&gt;&amp;.csv against reference.csv',
      '### Validation',
      '### Schema changes',
      '### Drift',
      '### Target and prediction (regression)',
      '### Multivariate drift: detected',
      '### Inputs'
    ])
  })

  it('says the verdict of valid data plainly, drifted or not', () => {
    const valid = validationGate('pass', true)
    expect(renderReportMarkdown(fixtureReport({ gate: valid }))).toContain(
      '\n⚠️ **Dataset drift detected.** '
    )
    const calm = fixtureReport({ gate: valid, dataset: { ...report.dataset, drifted: false } })
    expect(renderReportMarkdown(calm)).toContain('\n✅ **No dataset drift.** ')
  })

  it('lists the validation failures worst first, with the counts and the suite file problems', () => {
    expect(markdown).toContain(
      '**Validation failed:** 1 of 3 expectations passed, 2 failed (1 error, 1 warning), 1 could not be checked, 1 not run (problems in the suite file), 1 skipped; 165 rows checked.'
    )
    expect(markdown).toContain('- Not run: line 12 (broken): severity must be error or warning.')
    const validation = markdown.slice(
      markdown.indexOf('### Validation'),
      markdown.indexOf('### Schema')
    )
    expect(tableRows(validation).map((cells) => [cells[0], cells[1]])).toEqual([
      ['failed (error)', 'script-range'],
      ['not checked', 'code-format'],
      ['failed (warning)', 'temp-missing']
    ])
    expect(validation).toContain('| 0.2; 33 of 165 unexpected (20%) |')
  })

  it('tables the drifted columns, folds the others in <details>, each row with its cells', () => {
    const drift = markdown.slice(markdown.indexOf('### Drift'), markdown.indexOf('### Target'))
    expect(drift).toContain('2 of 4 tested columns drifted:')
    const rows = tableRows(drift)
    expect(rows.map((cells) => cells.length)).toEqual([6, 6, 7, 7, 7])
    expect(rows[0]).toEqual(['temp', 'numeric', 'K-S p\\_value', '1.000e-4', '0.05', '3.000e-4'])
    expect(rows[1]?.[0]).toBe('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(rows[2]?.[0]).toBe(escapeMarkdown(HOSTILE.markup))
    expect(rows[4]?.[6]).toBe(
      'not tested: Free text with 160 distinct values in 165 rows: no test fits.'
    )
    const folded = drift.indexOf(
      '<details><summary>3 other columns (no drift or not tested)</summary>'
    )
    expect(folded).toBeGreaterThan(drift.indexOf('| temp |'))
    expect(drift.indexOf('</details>')).toBeGreaterThan(drift.indexOf('| station |'))
  })

  it('has the schema changes, target and multivariate lines, and the inputs with hash prefixes', () => {
    expect(markdown).toContain('- Column "count\\_old" (BIGINT) is missing from the batch.')
    expect(markdown).toContain(
      '- Target count: **drifted** (K-S p\\_value 0.02, threshold 0.05).\n- Prediction predicted: no drift (K-S p\\_value 0.3, threshold 0.05).'
    )
    expect(markdown).toContain(
      '- Correlation of target and prediction: 0.900 in the reference, 0.700 in the current batch.'
    )
    expect(markdown).toContain(
      '- MMD: **drift**, MMD² = 0.04, p = 0.01 over 100 permutations, threshold 0.05.'
    )
    expect(markdown).toContain(
      '- PCA reconstruction error: no drift, 1.3 against the reference band'
    )
    expect(markdown).toContain(
      '- Reference: reference.csv, 431 rows, 1 column, sha256 `0123456789ab`.'
    )
    expect(markdown).toContain('- Current: week&lt;1&gt;&amp;.csv, 165 rows, 1 column')
  })

  it('lets no hostile name through as markup: no raw tag, no unescaped pipe, no line break', () => {
    expect(markdown).not.toContain('<script')
    expect(markdown).not.toContain('</script')
    expect(markdown).not.toContain('<j>')
    expect(markdown).not.toContain('\u0007')
    expect(markdown.match(/<\/?\w+/g)).toEqual(['<details', '<summary', '</summary', '</details'])
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| '))) {
      expect(line.endsWith(' |')).toBe(true)
    }
  })

  it('without validation, targets or multivariate: the schema differences, and no empty sections', () => {
    const bare = fixtureReport({
      validation: undefined,
      targets: undefined,
      multivariate: undefined,
      gate: validationGate(null, true),
      schema: {
        referenceOnly: ['count'],
        currentOnly: ['x|y'],
        kindMismatches: [{ column: 'season', reference: 'numeric', current: 'text' }]
      }
    })
    const text = renderReportMarkdown(bare, { headingLevel: 3 })
    expect(headings(text)).toEqual([
      '### Driftwatch: week&lt;1&gt;&amp;.csv against reference.csv',
      '#### Schema changes',
      '#### Drift',
      '#### Inputs'
    ])
    expect(text).toContain(
      [
        '- Only in the reference: count.',
        '- Only in the current batch: x\\|y.',
        '- season is numeric in the reference and text in the current batch.'
      ].join('\n')
    )
  })

  it('cuts a long table and says how many rows it left out', () => {
    const many = Array.from({ length: MARKDOWN_TABLE_ROWS + 7 }, (_, i) => ({
      ...(report.columns[0] as (typeof report.columns)[number]),
      column: `c${i}`
    }))
    const text = renderReportMarkdown(fixtureReport({ columns: many }))
    expect(text).toContain('… and 7 more, not shown here.')
    expect(tableRows(text.slice(text.indexOf('### Drift')))).toHaveLength(MARKDOWN_TABLE_ROWS)
  })
})

describe('renderValidationMarkdown', () => {
  it('the verdict and counts, the failures, the schema changes', () => {
    const text = renderValidationMarkdown({
      name: 'week|1.csv',
      validation: FIXTURE_VALIDATION,
      schemaChanges: {
        dropped: [],
        added: ['x'],
        renames: [],
        typeChanges: [],
        sentences: ['Column "x" is new.']
      }
    })
    expect(headings(text)).toEqual(['## Driftwatch validation: week\\|1.csv', '### Schema changes'])
    expect(text).toContain('**Validation failed:** 1 of 3 expectations passed')
    expect(tableRows(text)).toHaveLength(3)
    expect(text).toContain('- Column "x" is new.')
  })
})

describe('renderRunMarkdown', () => {
  it('a summary line, then a section per batch one level down', () => {
    const report = fixtureReport()
    const done = batchRecord('week1.csv', {
      result: {
        runId: 'r1',
        finishedAt: '2025-03-01T00:00:02.000Z',
        rows: 165,
        validation: 'fail',
        gate: 'invalid',
        drifted: true,
        driftedColumns: 2,
        testedColumns: 4,
        countsTowardRetraining: false
      }
    })
    const failed = batchRecord('broken.csv', { status: 'failed', reason: 'the file is empty' })
    const text = renderRunMarkdown('/projects/weather', [
      { batch: done, report },
      { batch: failed }
    ])
    expect(text.split('\n').slice(0, 3)).toEqual([
      '## Driftwatch run: /projects/weather',
      '',
      '2 batches processed: 1 drifted, 1 with invalid data, 1 could not be processed.'
    ])
    expect(headings(text)).toEqual([
      '## Driftwatch run: /projects/weather',
      '### drops/week1.csv',
      '#### Validation',
      '#### Schema changes',
      '#### Drift',
      '#### Target and prediction (regression)',
      '#### Multivariate drift: detected',
      '#### Inputs',
      '### drops/broken.csv'
    ])
    expect(text).toContain('broken.csv: could not be processed (the file is empty).')
    expect(renderRunMarkdown('/p', [])).toBe(
      '## Driftwatch run: /p\n\nNothing new: every drop had been processed.\n'
    )
  })
})
