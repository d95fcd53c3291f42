import type { Finding } from '@pdk/core'
import { isObject } from './entry-targets.js'

const KEYWORD = 'pdk-plugin'
/** The description `pdk init` writes when none is given. */
const TEMPLATE_DESCRIPTION = 'A pdk plugin'
const FILE = 'package.json'

/** `package/description`: set, and not the template's default. */
export function checkDescription(pkg: Record<string, unknown>): Finding[] {
  const description = pkg.description
  if (typeof description !== 'string' || description.trim() === '') {
    return [
      {
        rule: 'package/description',
        severity: 'error',
        file: FILE,
        pointer: typeof description === 'string' ? '/description' : '',
        message:
          description === undefined
            ? 'package.json has no "description": the marketplace and `pdk search` show it.'
            : `"description" is ${typeof description === 'string' ? 'empty' : `a ${kind(description)}`}, expected a sentence saying what the plugin does.`,
        expected: 'a non-empty string',
        found: description === undefined ? 'nothing' : JSON.stringify(description),
        hint: 'Add "description": "<what the plugin does, in one sentence>" to package.json.',
      },
    ]
  }
  if (description.trim() === TEMPLATE_DESCRIPTION) {
    return [
      {
        rule: 'package/description',
        severity: 'warn',
        file: FILE,
        pointer: '/description',
        message: `"description" is still the template's "${TEMPLATE_DESCRIPTION}".`,
        found: JSON.stringify(description),
        hint: 'Say what the plugin does: the marketplace shows this sentence.',
      },
    ]
  }
  return []
}

/** `package/keyword`: `keywords` has `pdk-plugin` (fixable: the keyword is added). */
export function checkKeyword(pkg: Record<string, unknown>): Finding[] {
  const keywords = pkg.keywords
  if (Array.isArray(keywords) && keywords.includes(KEYWORD)) return []
  const list = Array.isArray(keywords) ? keywords : undefined
  return [
    {
      rule: 'package/keyword',
      severity: 'error',
      file: FILE,
      pointer: keywords === undefined ? '' : '/keywords',
      message:
        keywords === undefined
          ? `package.json has no "keywords": "${KEYWORD}" is how the marketplace finds plugins.`
          : list
            ? `"keywords" lacks "${KEYWORD}": the marketplace finds plugins by it.`
            : `"keywords" is a ${kind(keywords)}, expected an array of strings with "${KEYWORD}".`,
      expected: `an array with "${KEYWORD}"`,
      found: keywords === undefined ? 'nothing' : JSON.stringify(keywords),
      hint: `Add "${KEYWORD}" to "keywords" (pdk validate --fix does it).`,
      ...(list !== undefined || keywords === undefined
        ? { fixable: true, fix: { op: 'set' as const, pointer: '/keywords', value: [...(list ?? []), KEYWORD] } }
        : {}),
    },
  ]
}

/** `package/license`: a license is declared. */
export function checkLicense(pkg: Record<string, unknown>): Finding[] {
  const license = pkg.license
  if (typeof license === 'string' && license.trim() !== '') return []
  // The old object form (`{ type, url }`) still tells users the license.
  if (isObject(license) && typeof license.type === 'string') return []
  return [
    {
      rule: 'package/license',
      severity: 'warn',
      file: FILE,
      pointer: license === undefined ? '' : '/license',
      message:
        license === undefined
          ? 'package.json has no "license": users cannot tell whether they may use the plugin.'
          : `"license" is ${JSON.stringify(license)}, expected an SPDX license expression.`,
      expected: 'an SPDX expression such as "MIT", or "UNLICENSED"',
      found: license === undefined ? 'nothing' : JSON.stringify(license),
      hint: 'Add "license": "MIT" (or the SPDX id of your license; "UNLICENSED" for none) and a LICENSE file.',
    },
  ]
}

/** `string`, `number`, `array`, `object`, `null`: for messages. */
export function kind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}
