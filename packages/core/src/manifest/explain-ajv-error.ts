import type { ErrorObject } from 'ajv'

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

/** What a failed schema keyword expected, in words (`an integer from 16`, `one of "a", "b"`), never ajv's own text. */
export function expectationOf(error: Pick<ErrorObject, 'keyword' | 'params'>): string {
  const p = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'type': {
      const types = String(p.type).split(',')
      return types.map(article).join(' or ')
    }
    case 'const':
      return JSON.stringify(p.allowedValue)
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `a number ${String(p.comparison)} ${String(p.limit)}`
    case 'multipleOf':
      return `a multiple of ${String(p.multipleOf)}`
    case 'minLength':
      return p.limit === 1 ? 'a non-empty string' : `at least ${String(p.limit)} characters`
    case 'maxLength':
      return `at most ${String(p.limit)} characters`
    case 'pattern':
      return `text matching /${String(p.pattern)}/`
    case 'format':
      return `a valid ${String(p.format)}`
    case 'minItems':
      return `at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`
    case 'maxItems':
      return `at most ${String(p.limit)} items`
    case 'uniqueItems':
      return `no repeated items (items ${String(p.j)} and ${String(p.i)} are equal)`
    case 'minProperties':
      return `at least ${String(p.limit)} properties`
    case 'maxProperties':
      return `at most ${String(p.limit)} properties`
    case 'required':
      return `a property ${JSON.stringify(p.missingProperty)}`
    case 'dependentRequired':
      return `a property ${JSON.stringify(p.missingProperty)} alongside ${JSON.stringify(p.property)}`
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `no property ${JSON.stringify(p.additionalProperty ?? p.unevaluatedProperty)}`
    case 'propertyNames':
      return `property names the schema allows (not ${JSON.stringify(p.propertyName)})`
    case 'anyOf':
      return 'a value matching at least one of the alternatives (anyOf)'
    case 'oneOf':
      return 'a value matching exactly one of the alternatives (oneOf)'
    case 'not':
      return 'a value the "not" schema rejects'
    case 'if':
      return `a value matching the "${String(p.failingKeyword)}" branch`
    case 'contains':
      return 'an item matching "contains"'
    case 'false schema':
      return 'nothing (the schema is false)'
    default:
      return `a value satisfying "${error.keyword}"`
  }
}
