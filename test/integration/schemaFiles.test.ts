/**
 * The published JSON Schemas (schema/): each committed file is what scripts/generateSchemas.ts makes from
 * the current types (run `npm run schemas` when this fails), each compiles under Ajv's strict mode, names
 * its version in `$id`, and means something: the fixture report passes, and reports with a missing field,
 * an unknown field, a value outside its enum, a wrong version or a malformed hash do not.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateSchemas } from '../../scripts/generateSchemas'
import { OUTPUT_SCHEMAS, REPORT_SCHEMA_ID } from '../../src/main/export/outputs'
import { REPORT_VERSION } from '../../src/shared/model'
import { REPO_ROOT } from '../paths'
import { fixtureReport } from '../reportFixture'
import { readSchema, schemaProblems } from '../schemas'

describe('the published JSON Schemas', () => {
  it('are what the generator makes from the current types', async () => {
    const generated = await generateSchemas()
    expect(generated.map((f) => f.path)).toEqual(OUTPUT_SCHEMAS.map((s) => s.path))
    for (const file of generated) {
      const committed = readFileSync(resolve(REPO_ROOT, file.path), 'utf8')
      expect(committed, `${file.path} is stale: run "npm run schemas" and commit it`).toBe(
        file.text
      )
    }
  }, 120_000)

  it('name their draft and their version, and the report pins version and kind', () => {
    const report = readSchema('Report')
    expect(report['$schema']).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(report['$id']).toBe(REPORT_SCHEMA_ID)
    expect(REPORT_SCHEMA_ID).toBe(`https://driftwatch.dev/schema/report-${REPORT_VERSION}.json`)
    const properties = report['properties'] as Record<string, Record<string, unknown>>
    expect(properties['version']).toEqual({ const: REPORT_VERSION })
    expect(properties['kind']).toEqual({ const: 'compare' })
    expect(report['additionalProperties']).toBe(false)
    for (const output of OUTPUT_SCHEMAS) {
      expect(output.id).toMatch(new RegExp(`-${REPORT_VERSION}\\.json$`))
    }
  })

  it('accept a complete report and refuse broken ones', () => {
    const report = fixtureReport()
    expect(schemaProblems('Report', report)).toEqual([])
    const broken = (change: (r: Record<string, unknown>) => void): string[] => {
      const copy = JSON.parse(JSON.stringify(report)) as Record<string, unknown>
      change(copy)
      return schemaProblems('Report', copy)
    }
    expect(broken((r) => delete r['gate']).join('\n')).toMatch(/must have required property 'gate'/)
    expect(broken((r) => (r['surprise'] = 1)).join('\n')).toMatch(/must NOT have additional/)
    expect(broken((r) => (r['version'] = 2)).join('\n')).toMatch(/must be equal to constant/)
    const columns = (r: Record<string, unknown>): Record<string, unknown>[] =>
      r['columns'] as Record<string, unknown>[]
    expect(
      broken((r) => ((columns(r)[0] as Record<string, unknown>)['kind'] = 'float'))
    ).not.toEqual([])
    expect(
      broken((r) => ((columns(r)[0] as Record<string, unknown>)['score'] = 'low'))
    ).not.toEqual([])
    const inputs = (r: Record<string, unknown>): Record<string, Record<string, unknown>> =>
      r['inputs'] as Record<string, Record<string, unknown>>
    expect(
      broken((r) => ((inputs(r)['current'] as Record<string, unknown>)['sha256'] = 'xyz')).join(
        '\n'
      )
    ).toMatch(/must match pattern/)
    expect(
      broken((r) => ((inputs(r)['current'] as Record<string, unknown>)['rows'] = 1.5)).join('\n')
    ).toMatch(/must be integer/)
    expect(broken((r) => (r['createdAt'] = 'yesterday')).join('\n')).toMatch(
      /must match format "date-time"/
    )
    const expectations = (r: Record<string, unknown>): Record<string, unknown>[] =>
      ((r['validation'] as Record<string, unknown>)['result'] as Record<string, unknown>)[
        'results'
      ] as Record<string, unknown>[]
    expect(
      broken((r) => ((expectations(r)[0] as Record<string, unknown>)['status'] = 'ok'))
    ).not.toEqual([])
  })
})
