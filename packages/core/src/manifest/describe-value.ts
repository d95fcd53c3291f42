// Short renderings of values for the `found` part of a finding: enough to recognise the value,
// never a whole huge object.

const MAX = 60

/** The JSON type of a value as a person says it: `a string`, `an array`, `null`… */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'boolean') return 'a boolean'
  return typeof value
}

/** The value as short JSON (`"abc"`, `42`, `{…}` with its size), cut at 60 characters. */
export function showValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `an array of ${value.length}`
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
    return keys.length === 0 ? '{}' : `an object with ${keys.length} key${keys.length === 1 ? '' : 's'}`
  }
  const text = value === undefined ? 'nothing' : JSON.stringify(value)
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text
}

/** `a string ("abc")`, `an integer (42)`, `an array of 3`: type and value together. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value !== null && typeof value === 'object') return showValue(value)
  return `${jsonTypeOf(value)} (${showValue(value)})`
}

/** Quotes a name for a message: `"name"`. */
export function quote(text: string): string {
  return JSON.stringify(text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text)
}
