/**
 * Writes the JSON Schemas (draft 2020-12) of Driftwatch's JSON outputs into `schema/`, generated from the
 * TypeScript types that produce them, so a schema can never say something the code does not:
 *
 * - `report.schema.json`: a Report (`src/shared/model/report.ts`), what `compare --json` writes;
 * - `validate-output.schema.json`, `run-output.schema.json`, `history-output.schema.json`: what
 *   `validate --json`, `run --json` and `history --json` write (`src/main/export/outputs.ts`).
 *
 * Every exported type alias the outputs reach becomes a `$defs` entry named like the type, with its doc
 * comment as the description. Objects are closed (`additionalProperties: false`) unless the type has an
 * index signature; a property is required unless it is optional (`?`). Doc comment tags refine what
 * TypeScript cannot say: `@format date-time`, `@pattern ^[0-9a-f]{64}$`, `@minimum 0`, `@maximum 1`,
 * `@integer`. Literal unions become sorted `enum`s, so the output does not depend on the order the
 * compiler happened to meet the literals in. A construct the generator does not know (a function, a
 * tuple, `any`) stops it with the type and the property that hold it.
 *
 * Run `npm run schemas` after changing an output type; test/integration/schemaFiles.test.ts fails while
 * the committed files are stale.
 *
 * @example
 * const files = await generateSchemas()   // [{ path: 'schema/report.schema.json', text: '{ ...' }, ...]
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import ts from 'typescript'
import { OUTPUT_SCHEMAS } from '../src/main/export/outputs'

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))

/** A JSON Schema node: plain data. */
export type JsonSchema = { [key: string]: unknown }

/** One schema file: its path relative to the repository, and its text as committed. */
export type SchemaFile = Readonly<{ path: string; text: string }>

const DRAFT = 'https://json-schema.org/draft/2020-12/schema'

/** Generates every schema file of OUTPUT_SCHEMAS, formatted as Prettier formats the repository. */
export async function generateSchemas(): Promise<SchemaFile[]> {
  const sources = [...new Set(OUTPUT_SCHEMAS.map((s) => resolve(REPO_ROOT, s.source)))]
  const program = ts.createProgram(sources, {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    noEmit: true
  })
  const options = await prettier.resolveConfig(resolve(REPO_ROOT, 'schema', 'x.json'))
  const files: SchemaFile[] = []
  for (const output of OUTPUT_SCHEMAS) {
    const generator = new SchemaGenerator(program)
    const root = generator.root(resolve(REPO_ROOT, output.source), output.type)
    const schema = {
      $schema: DRAFT,
      $id: output.id,
      title: output.title,
      ...root,
      $defs: generator.definitions()
    }
    const text = await prettier.format(JSON.stringify(schema), { ...options, parser: 'json' })
    files.push({ path: output.path, text })
  }
  return files
}

/** Converts the types of one program to JSON Schema; one instance per schema file (its own `$defs`). */
class SchemaGenerator {
  private readonly checker: ts.TypeChecker
  /** Every exported type alias of the program's own files, by the type it declares. */
  private readonly aliases = new Map<ts.Type, ts.Symbol>()
  private readonly defs = new Map<string, JsonSchema>()
  private readonly names = new Map<string, ts.Type>()

  constructor(private readonly program: ts.Program) {
    this.checker = program.getTypeChecker()
    for (const file of program.getSourceFiles()) {
      if (file.isDeclarationFile || file.fileName.includes('/node_modules/')) continue
      for (const statement of file.statements) {
        if (!ts.isTypeAliasDeclaration(statement) || statement.typeParameters) continue
        const symbol = this.checker.getSymbolAtLocation(statement.name)
        if (symbol === undefined) continue
        const type = this.checker.getDeclaredTypeOfSymbol(symbol)
        if (!this.aliases.has(type)) this.aliases.set(type, symbol)
      }
    }
  }

  /** The root schema: the exported type alias `name` of `file`, inlined (its parts go to `$defs`). */
  root(file: string, name: string): JsonSchema {
    const source = this.program.getSourceFile(file)
    const declaration = source?.statements.find(
      (s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === name
    )
    if (declaration === undefined) throw new Error(`generateSchemas: no type ${name} in ${file}`)
    const symbol = this.checker.getSymbolAtLocation(declaration.name) as ts.Symbol
    const type = this.checker.getDeclaredTypeOfSymbol(symbol)
    return { ...descriptionOf(symbol, this.checker), ...this.convert(type, name, true) }
  }

  /** The `$defs` reached so far, sorted by name. */
  definitions(): JsonSchema {
    return Object.fromEntries([...this.defs.entries()].sort(([a], [b]) => a.localeCompare(b)))
  }

  /** `type` as a schema; `where` names the property or type it came from, for error messages. */
  private convert(type: ts.Type, where: string, isRoot = false): JsonSchema {
    const alias = this.aliases.get(type)
    if (alias !== undefined && !isRoot) return this.reference(type, alias)
    const flags = type.flags
    if (flags & ts.TypeFlags.String) return { type: 'string' }
    if (flags & ts.TypeFlags.Number) return { type: 'number' }
    if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' }
    if (flags & ts.TypeFlags.Null) return { type: 'null' }
    if (type.isStringLiteral() || type.isNumberLiteral()) return { const: type.value }
    if (flags & ts.TypeFlags.BooleanLiteral) {
      return { const: this.checker.typeToString(type) === 'true' }
    }
    if (type.isUnion()) return this.union(type.types, where)
    if (this.checker.isArrayType(type)) {
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference)
      if (element === undefined) throw new Error(`generateSchemas: ${where} is an untyped array`)
      return { type: 'array', items: this.convert(element, `${where}[]`) }
    }
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return this.object(type, where)
    throw new Error(
      `generateSchemas: ${where} has the type ${this.checker.typeToString(type)}, which has no JSON Schema here.`
    )
  }

  /** A `$ref` to the alias's definition, generated the first time it is met. */
  private reference(type: ts.Type, alias: ts.Symbol): JsonSchema {
    const name = alias.getName()
    const known = this.names.get(name)
    if (known !== undefined && known !== type) {
      throw new Error(`generateSchemas: two different types are named ${name}; rename one.`)
    }
    if (known === undefined) {
      this.names.set(name, type)
      // Reserved before converting, so a type that refers to itself finds its own name.
      this.defs.set(name, {})
      this.defs.set(name, {
        ...descriptionOf(alias, this.checker),
        ...this.convert(type, name, true)
      })
    }
    return { $ref: `#/$defs/${name}` }
  }

  /**
   * A union: literals as a sorted `enum`, plain types as one `type` list, anything else (objects,
   * references) as `anyOf` in a stable order: aliases by name, object literals by where they are written.
   */
  private union(members: readonly ts.Type[], where: string): JsonSchema {
    const present = members.filter((t) => !(t.flags & ts.TypeFlags.Undefined))
    const booleans = present.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral)
    const rest = booleans.length === 2 ? present.filter((t) => !booleans.includes(t)) : present
    const parts = [...rest]
      .sort((a, b) => this.memberKey(a).localeCompare(this.memberKey(b)))
      .map((t) => this.convert(t, where))
    if (booleans.length === 2) parts.unshift({ type: 'boolean' })
    if (parts.length === 1) return parts[0] as JsonSchema
    if (parts.every((p) => Object.keys(p).length === 1 && 'const' in p)) {
      const values = parts.map((p) => p['const'] as string | number)
      return { enum: values.sort((a, b) => String(a).localeCompare(String(b))) }
    }
    const isPlain = (p: JsonSchema): boolean =>
      Object.keys(p).length === 1 && typeof p['type'] === 'string'
    const plain = parts.filter(isPlain).map((p) => p['type'] as string)
    const others = parts.filter((p) => !isPlain(p))
    const merged = plain.length === 0 ? [] : [{ type: plain.length === 1 ? plain[0] : plain }]
    return others.length === 0 ? (merged[0] as JsonSchema) : { anyOf: [...merged, ...others] }
  }

  /** Where a union member sorts: plain types first, then aliases by name, then literals as written. */
  private memberKey(type: ts.Type): string {
    const alias = this.aliases.get(type)
    if (alias !== undefined) return `1 ${alias.getName()}`
    const declaration = type.getSymbol()?.declarations?.[0]
    if (declaration !== undefined) {
      const file = declaration.getSourceFile().fileName
      return `2 ${file} ${String(declaration.getStart()).padStart(8, '0')}`
    }
    return `0 ${this.checker.typeToString(type)}`
  }

  private object(type: ts.Type, where: string): JsonSchema {
    if (type.getCallSignatures().length > 0) {
      throw new Error(`generateSchemas: ${where} is a function, which JSON cannot hold.`)
    }
    if (this.checker.isTupleType(type)) {
      throw new Error(`generateSchemas: ${where} is a tuple; use an object with named fields.`)
    }
    const properties: JsonSchema = {}
    const required: string[] = []
    for (const property of this.checker.getPropertiesOfType(type)) {
      const name = property.getName()
      const schema = {
        ...descriptionOf(property, this.checker),
        ...this.convert(this.propertyType(property), `${where}.${name}`)
      }
      properties[name] = refine(schema, property, this.checker, `${where}.${name}`)
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(name)
    }
    const indexes = this.checker.getIndexInfosOfType(type)
    const index = indexes[0]
    if (indexes.length > 1 || (index && !(index.keyType.flags & ts.TypeFlags.String))) {
      throw new Error(`generateSchemas: ${where} has an index signature other than [key: string].`)
    }
    return {
      type: 'object',
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: index === undefined ? false : this.convert(index.type, `${where}[key]`)
    }
  }

  /**
   * A property's type as written (an optional property's symbol type carries `| undefined`, which would
   * hide the alias it was written as), else as the checker sees it.
   */
  private propertyType(property: ts.Symbol): ts.Type {
    const declaration = property.declarations?.[0]
    if (declaration && ts.isPropertySignature(declaration) && declaration.type) {
      return this.checker.getTypeFromTypeNode(declaration.type)
    }
    return this.checker.getTypeOfSymbol(property)
  }
}

/** A symbol's doc comment as the schema's description, when it has one. */
function descriptionOf(symbol: ts.Symbol, checker: ts.TypeChecker): JsonSchema {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim()
  return text === '' ? {} : { description: text.replace(/\s*\n\s*/g, ' ') }
}

/**
 * `schema` refined by the property's doc comment tags (see the file comment); on an array, the tags
 * refine its items.
 */
function refine(
  schema: JsonSchema,
  symbol: ts.Symbol,
  checker: ts.TypeChecker,
  where: string
): JsonSchema {
  const tags = symbol.getJsDocTags(checker)
  if (tags.length === 0) return schema
  if (schema['type'] === 'array') {
    return { ...schema, items: refine(schema['items'] as JsonSchema, symbol, checker, where) }
  }
  const refined: JsonSchema = { ...schema }
  for (const tag of tags) {
    const text = ts.displayPartsToString(tag.text).trim()
    switch (tag.name) {
      case 'format':
      case 'pattern':
        refined[tag.name] = text
        break
      case 'minimum':
      case 'maximum': {
        const n = Number(text)
        if (text === '' || !Number.isFinite(n)) {
          throw new Error(`generateSchemas: @${tag.name} of ${where} is not a number: "${text}".`)
        }
        refined[tag.name] = n
        break
      }
      case 'integer': {
        const type = refined['type']
        const types = Array.isArray(type) ? type : [type]
        if (!types.includes('number')) {
          throw new Error(`generateSchemas: @integer on ${where}, which is not a number.`)
        }
        const integer = types.map((t) => (t === 'number' ? 'integer' : t))
        refined['type'] = integer.length === 1 ? integer[0] : integer
        break
      }
      default:
        break
    }
  }
  return refined
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  for (const file of await generateSchemas()) {
    await writeFile(resolve(REPO_ROOT, file.path), file.text)
    process.stdout.write(`Wrote ${file.path}\n`)
  }
}
