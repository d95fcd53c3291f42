// Keeps the hand-written TypeScript types equal to the JSON Schemas, which are the single
// source: same properties, same required ones, same value shapes. Reads the types with the
// TypeScript compiler, so a drift on either side fails here.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import configSchema from '../config/pdk-config.schema.json' with { type: 'json' }
import schema from './manifest.schema.json' with { type: 'json' }
import type { SchemaNode } from './schema-at.js'

const here = dirname(fileURLToPath(import.meta.url))
const files = [join(here, 'types.ts'), join(here, '..', 'config', 'types.ts')]
const program = ts.createProgram(files, {
  strict: true,
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  noEmit: true,
})
const checker = program.getTypeChecker()

function interfaceType(name: string): ts.Type {
  for (const file of files) {
    const source = program.getSourceFile(file)!
    for (const statement of source.statements) {
      if (
        (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) &&
        statement.name.text === name
      ) {
        return checker.getTypeAtLocation(statement.name)
      }
    }
  }
  throw new Error(`no type ${name} in ${files.join(', ')}`)
}

/** The shape of a TypeScript type as text: `string`, `number[]`, `"a"|"b"`, `Record<string,string>`, an interface name. */
function tsShape(type: ts.Type): string {
  const text = checker.typeToString(type)
  if (text === 'boolean' || text === 'string' || text === 'number' || text === 'unknown') return text
  if (type.isStringLiteral()) return JSON.stringify(type.value)
  if (type.isNumberLiteral()) return String(type.value)
  if (type.isUnion()) {
    // `BuiltinKind | (string & {})`: an open set of strings is a string.
    if (type.types.some((t) => t.flags & ts.TypeFlags.Intersection || t.flags & ts.TypeFlags.String)) return 'string'
    return type.types.map(tsShape).sort().join('|')
  }
  if (checker.isArrayType(type)) return `${tsShape(checker.getTypeArguments(type as ts.TypeReference)[0]!)}[]`
  const index = checker.getIndexInfosOfType(type)[0]
  if (index && type.getProperties().length === 0) return `Record<string,${tsShape(index.type)}>`
  return type.aliasSymbol?.name ?? type.getSymbol()?.name ?? text
}

const NAMES: Record<string, string> = {
  pdk: 'PdkManifest',
  hostRequirement: 'HostRequirement',
  permissions: 'Permissions',
  fsPermissions: 'FsPermissions',
  limits: 'Limits',
}

/** The shape the schema gives a value, in the same notation. */
function schemaShape(node: SchemaNode, root: SchemaNode, names: Record<string, string>): string {
  if (node.$ref) {
    const name = node.$ref.replace('#/$defs/', '')
    return names[name] ?? schemaShape(root.$defs![name]!, root, names)
  }
  if ('const' in node) return JSON.stringify(node.const)
  if (node.enum)
    return node.enum
      .map((v) => JSON.stringify(v))
      .sort()
      .join('|')
  if (Array.isArray(node.type)) return 'unknown'
  if (node.type === 'integer' || node.type === 'number') return 'number'
  if (node.type === 'string' || node.type === 'boolean') return node.type
  if (node.type === 'array') return `${schemaShape(node.items!, root, names)}[]`
  if (node.type === 'object' && !node.properties) {
    const values =
      typeof node.additionalProperties === 'object' ? schemaShape(node.additionalProperties, root, names) : 'unknown'
    return `Record<string,${values}>`
  }
  throw new Error(`no shape for ${JSON.stringify(node).slice(0, 80)}`)
}

function compare(node: SchemaNode, typeName: string, root: SchemaNode, names: Record<string, string>) {
  const type = interfaceType(typeName)
  const members = type.getProperties()
  const fromTypes = Object.fromEntries(
    members.map((member) => {
      const optional = (member.flags & ts.SymbolFlags.Optional) !== 0
      const raw = checker.getTypeOfSymbol(member)
      // Optional members carry `| undefined`; `unknown` has nothing to strip.
      const memberType = raw.flags & ts.TypeFlags.Unknown ? raw : checker.getNonNullableType(raw)
      return [member.name, `${optional ? '?' : ''}${tsShape(memberType)}`]
    }),
  )
  const required = new Set(node.required ?? [])
  const fromSchema = Object.fromEntries(
    Object.entries(node.properties ?? {}).map(([key, property]) => [
      key,
      `${required.has(key) ? '' : '?'}${schemaShape(property, root, names)}`,
    ]),
  )
  return { fromTypes, fromSchema }
}

describe('manifest types equal manifest.schema.json', () => {
  const root = schema as SchemaNode
  it.each([
    ['(root)', 'PluginPackageJson', root],
    ['pdk', 'PdkManifest', root.$defs!.pdk!],
    ['hostRequirement', 'HostRequirement', root.$defs!.hostRequirement!],
    ['permissions', 'Permissions', root.$defs!.permissions!],
    ['fsPermissions', 'FsPermissions', root.$defs!.fsPermissions!],
    ['limits', 'Limits', root.$defs!.limits!],
  ])('%s = %s', (_, typeName, node) => {
    const { fromTypes, fromSchema } = compare(node, typeName, root, NAMES)
    expect(fromTypes).toEqual(fromSchema)
  })
})

describe('config types equal pdk-config.schema.json', () => {
  const root = configSchema as SchemaNode
  const sections = root.properties!
  const names = { validate: 'PdkValidateSection', sign: 'PdkSignSection', host: 'PdkHostSection', dev: 'PdkDevSection' }
  it.each([
    [
      '(root)',
      'PdkConfig',
      {
        ...root,
        properties: Object.fromEntries(
          Object.entries(sections).map(([k, v]) => [k, k in names ? { $ref: `#/$defs/${k}` } : v]),
        ),
      },
    ],
    ['validate', 'PdkValidateSection', sections.validate!],
    ['sign', 'PdkSignSection', sections.sign!],
    ['host', 'PdkHostSection', sections.host!],
    ['dev', 'PdkDevSection', sections.dev!],
  ])('%s = %s', (_, typeName, node) => {
    const { fromTypes, fromSchema } = compare(node as SchemaNode, typeName, root, names)
    expect(fromTypes).toEqual(fromSchema)
  })
})
