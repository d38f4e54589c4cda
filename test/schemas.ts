/**
 * The published JSON Schemas (schema/*.schema.json), compiled with Ajv (draft 2020-12, strict, with the
 * standard formats), for the tests that check every JSON output Driftwatch writes against them.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { OUTPUT_SCHEMAS } from '../src/main/export/outputs'
import { REPO_ROOT } from './paths'

/** The outputs with a schema, by the type each is generated from. */
export type SchemaName = 'Report' | 'ValidateOutput' | 'RunOutput' | 'HistoryOutput'

let compiled: Map<SchemaName, ValidateFunction> | undefined

/** The committed schema of `name`, parsed. */
export function readSchema(name: SchemaName): Record<string, unknown> {
  const output = OUTPUT_SCHEMAS.find((s) => s.type === name)
  if (output === undefined) throw new Error(`no schema is published for ${name}`)
  return JSON.parse(readFileSync(resolve(REPO_ROOT, output.path), 'utf8')) as Record<
    string,
    unknown
  >
}

/** Ajv's validator of the committed schema of `name`, compiled once. */
export function schemaValidator(name: SchemaName): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true })
    addFormats(ajv)
    compiled = new Map(
      OUTPUT_SCHEMAS.map((s) => [
        s.type as SchemaName,
        ajv.compile(readSchema(s.type as SchemaName))
      ])
    )
  }
  return compiled.get(name) as ValidateFunction
}

/**
 * The problems of `value` against the schema of `name`, one line each (path and message); empty when it
 * is valid. `value` goes through JSON first, as a reader of the file would get it.
 */
export function schemaProblems(name: SchemaName, value: unknown): string[] {
  const validate = schemaValidator(name)
  const data: unknown =
    typeof value === 'string' ? JSON.parse(value) : JSON.parse(JSON.stringify(value))
  if (validate(data)) return []
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`
  )
}
