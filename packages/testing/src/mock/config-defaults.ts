/**
 * Fills in the defaults a config JSON Schema declares, the way the runtime's validator does
 * (Ajv `useDefaults`): a missing property with a `default` gets a copy of it, and objects that
 * are present are filled in turn. Returns a new object.
 */
export function applyConfigDefaults(schema: unknown, config: Record<string, unknown>): Record<string, unknown> {
  return fill(schema, structuredClone(config)) as Record<string, unknown>
}

function fill(schema: unknown, value: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return value
  const properties = (schema as { properties?: Record<string, unknown> }).properties
  if (properties === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const object = value as Record<string, unknown>
  for (const [key, sub] of Object.entries(properties)) {
    const fallback = typeof sub === 'object' && sub !== null ? (sub as { default?: unknown }).default : undefined
    if (object[key] === undefined && fallback !== undefined) object[key] = structuredClone(fallback)
    if (object[key] !== undefined) object[key] = fill(sub, object[key])
  }
  return object
}
