import { decodePointer } from './json-pointer.js'
import schema from './manifest.schema.json' with { type: 'json' }

/** The part of a JSON Schema pdk reads to explain findings. */
export interface SchemaNode {
  description?: string
  type?: string | string[]
  properties?: Record<string, SchemaNode>
  required?: string[]
  items?: SchemaNode
  additionalProperties?: boolean | SchemaNode
  $ref?: string
  $defs?: Record<string, SchemaNode>
  enum?: unknown[]
  const?: unknown
  minimum?: number
  maximum?: number
  [keyword: string]: unknown
}

/** The manifest's JSON Schema (manifest.schema.json), as data. */
export const manifestSchema = schema as SchemaNode

function deref(node: SchemaNode | undefined, root: SchemaNode): SchemaNode | undefined {
  let current = node
  // Only local `#/$defs/NAME` references occur in pdk's schemas.
  for (let hops = 0; current?.$ref && hops < 10; hops++) {
    const name = /^#\/\$defs\/(.+)$/.exec(current.$ref)?.[1]
    const target = name === undefined ? undefined : root.$defs?.[name]
    current = target === undefined ? undefined : { ...target, ...withoutRef(current) }
  }
  return current
}

function withoutRef(node: SchemaNode): SchemaNode {
  const { $ref: _, ...rest } = node
  return rest
}

/**
 * The subschema that applies at `pointer` of an instance (`/pdk/limits/memoryMb`), following
 * `properties`, `items`, `additionalProperties` and local `$ref`s; undefined when none does.
 */
export function schemaAt(pointer: string, root: SchemaNode = manifestSchema): SchemaNode | undefined {
  let node = deref(root, root)
  for (const segment of decodePointer(pointer)) {
    if (node === undefined) return undefined
    const next: SchemaNode | undefined =
      node.properties?.[segment] ??
      (/^\d+$/.test(segment) && node.items ? node.items : undefined) ??
      (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined)
    node = deref(next, root)
  }
  return node
}

/** The keys a schema object allows at `pointer` (its `properties`), in schema order. */
export function knownKeysAt(pointer: string, root: SchemaNode = manifestSchema): string[] {
  return Object.keys(schemaAt(pointer, root)?.properties ?? {})
}
