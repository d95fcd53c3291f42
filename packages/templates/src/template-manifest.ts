import type { Finding } from '@pdk/core'

/** The type of a template variable: what its flag parses and its prompt asks for. */
export type TemplateVariableType = 'string' | 'boolean' | 'number' | 'choice'

/** A value a template variable holds. */
export type TemplateValue = string | number | boolean

/** One variable a template asks for, with its flag (`--<flag>`), prompt, default and validation. */
export interface TemplateVariable {
  type: TemplateVariableType
  /** The question a prompt asks and the flag's summary. */
  description: string
  default?: TemplateValue
  /** `choice` only: the allowed values. */
  choices?: string[]
  /** `string` only: a regular expression the whole value must match. */
  pattern?: string
  /** `string` only: what `pattern` means, for the error message (`lowercase words`). */
  patternDescription?: string
  minLength?: number
  maxLength?: number
  /** `number` only. */
  minimum?: number
  maximum?: number
  integer?: boolean
  /** The flag that sets it, kebab-case, without dashes. @default the variable name in kebab-case */
  flag?: string
}

/** What a template renders: a plugin project (of `kind`) or a host application. */
export type TemplateType = 'plugin' | 'host'

/** `template.json`: the template manifest every template (built-in, npm package or folder) has. */
export interface TemplateManifest {
  /** Format version of this file. */
  templateVersion: 1
  name: string
  description: string
  /** @default 'plugin' */
  type?: TemplateType
  /** The plugin kind it scaffolds (plugin templates). */
  kind?: string
  /** Folders (relative to the template folder) whose files are rendered first; the template's own files win. */
  layers?: string[]
  variables?: Record<string, TemplateVariable>
}

const TYPES: TemplateVariableType[] = ['string', 'boolean', 'number', 'choice']
const RESERVED_FLAGS = new Set([
  'template',
  'kind',
  'description',
  'host',
  'permissions',
  'package-manager',
  'author',
  'license',
  'install',
  'no-install',
  'git',
  'no-git',
  'yes',
  'force',
  'dir',
  'dry-run',
  'registry',
  'json',
  'verbose',
  'color',
  'no-color',
  'help',
])
const KNOWN_KEYS = new Set(['$schema', 'templateVersion', 'name', 'description', 'type', 'kind', 'layers', 'variables'])
const VARIABLE_KEYS = new Set([
  'type',
  'description',
  'default',
  'choices',
  'pattern',
  'patternDescription',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'integer',
  'flag',
])

/** The flag name of a variable: its `flag`, else its name in kebab-case. */
export function variableFlag(name: string, variable: TemplateVariable): string {
  return variable.flag ?? name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/_/g, '-')
}

/**
 * Checks a parsed `template.json` and returns every problem found (never throws), each with
 * the JSON pointer of the field. An empty list means the manifest can be used.
 */
export function checkTemplateManifest(value: unknown, file: string): Finding[] {
  const findings: Finding[] = []
  const add = (pointer: string, message: string, hint?: string) =>
    findings.push({
      rule: 'template/manifest',
      severity: 'error',
      pointer,
      message,
      file,
      ...(hint !== undefined && { hint }),
    })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    add('', `template.json must hold an object, found ${Array.isArray(value) ? 'an array' : typeof value}.`)
    return findings
  }
  const m = value as Record<string, unknown>
  for (const key of Object.keys(m)) {
    if (!KNOWN_KEYS.has(key))
      add(`/${key}`, `Unknown key "${key}" in template.json.`, `Known keys: ${[...KNOWN_KEYS].join(', ')}.`)
  }
  if (m.templateVersion !== 1)
    add('/templateVersion', `templateVersion must be 1, found ${JSON.stringify(m.templateVersion)}.`)
  if (typeof m.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(m.name)) {
    add('/name', `name must be a lowercase word (a-z, 0-9, . _ -), found ${JSON.stringify(m.name)}.`)
  }
  if (typeof m.description !== 'string' || m.description.trim() === '') {
    add('/description', `description must be a non-empty string, found ${JSON.stringify(m.description)}.`)
  }
  if (m.type !== undefined && m.type !== 'plugin' && m.type !== 'host') {
    add('/type', `type must be "plugin" or "host", found ${JSON.stringify(m.type)}.`)
  }
  if ((m.type ?? 'plugin') === 'plugin' && (typeof m.kind !== 'string' || m.kind === '')) {
    add(
      '/kind',
      `A plugin template needs the plugin kind it scaffolds, found ${JSON.stringify(m.kind)}.`,
      'Set "kind": "extension" (or system, integration, a host kind).',
    )
  }
  if (m.layers !== undefined) {
    if (!Array.isArray(m.layers) || m.layers.some((l) => typeof l !== 'string' || l === '')) {
      add('/layers', `layers must be a list of folder paths, found ${JSON.stringify(m.layers)}.`)
    }
  }
  if (m.variables !== undefined) checkVariables(m.variables, add)
  return findings
}

function checkVariables(variables: unknown, add: (pointer: string, message: string, hint?: string) => void): void {
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    add('/variables', `variables must be an object of variable name → definition, found ${JSON.stringify(variables)}.`)
    return
  }
  const flags = new Map<string, string>()
  for (const [name, raw] of Object.entries(variables)) {
    const at = `/variables/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
      add(at, `Variable name "${name}" must be an identifier (letters, digits, _).`)
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      add(at, `Variable "${name}" must be an object, found ${JSON.stringify(raw)}.`)
      continue
    }
    const v = raw as Record<string, unknown>
    for (const key of Object.keys(v)) {
      if (!VARIABLE_KEYS.has(key))
        add(
          `${at}/${key}`,
          `Unknown key "${key}" in variable "${name}".`,
          `Known keys: ${[...VARIABLE_KEYS].join(', ')}.`,
        )
    }
    if (!TYPES.includes(v.type as TemplateVariableType)) {
      add(`${at}/type`, `Variable "${name}" has type ${JSON.stringify(v.type)}; expected one of ${TYPES.join(', ')}.`)
      continue
    }
    if (typeof v.description !== 'string' || v.description === '') {
      add(`${at}/description`, `Variable "${name}" needs a description (its prompt and flag summary).`)
    }
    if (
      v.type === 'choice' &&
      (!Array.isArray(v.choices) || v.choices.length === 0 || v.choices.some((c) => typeof c !== 'string'))
    ) {
      add(`${at}/choices`, `Variable "${name}" is a choice and needs a non-empty list of strings in "choices".`)
    }
    if (v.pattern !== undefined) {
      try {
        new RegExp(String(v.pattern))
      } catch (error) {
        add(
          `${at}/pattern`,
          `Variable "${name}" has a pattern that is not a regular expression: ${(error as Error).message}`,
        )
      }
    }
    const flag = variableFlag(name, v as unknown as TemplateVariable)
    if (!/^[a-z][a-z0-9-]*$/.test(flag))
      add(`${at}/flag`, `Variable "${name}" has flag "${flag}"; flags are kebab-case words.`)
    else if (RESERVED_FLAGS.has(flag))
      add(
        `${at}/flag`,
        `Variable "${name}" uses the flag "--${flag}", which pdk init already has.`,
        'Choose another "flag" for it.',
      )
    else if (flags.has(flag))
      add(`${at}/flag`, `Variables "${flags.get(flag)}" and "${name}" both use the flag "--${flag}".`)
    flags.set(flag, name)
    if (v.default !== undefined) {
      const problem = checkValue(v as unknown as TemplateVariable, v.default)
      if (problem) add(`${at}/default`, `The default of "${name}" is invalid: ${problem}`)
    }
  }
}

/** Checks one value against a variable's type and validation; returns what is wrong, or undefined. */
export function checkValue(variable: TemplateVariable, value: unknown): string | undefined {
  switch (variable.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${JSON.stringify(value)}`
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number, got ${JSON.stringify(value)}`
      if (variable.integer && !Number.isInteger(value)) return `expected a whole number, got ${value}`
      if (variable.minimum !== undefined && value < variable.minimum)
        return `expected at least ${variable.minimum}, got ${value}`
      if (variable.maximum !== undefined && value > variable.maximum)
        return `expected at most ${variable.maximum}, got ${value}`
      return undefined
    }
    case 'choice':
      return typeof value === 'string' && (variable.choices ?? []).includes(value)
        ? undefined
        : `expected one of ${(variable.choices ?? []).join(', ')}, got ${JSON.stringify(value)}`
    case 'string': {
      if (typeof value !== 'string') return `expected text, got ${JSON.stringify(value)}`
      if (variable.minLength !== undefined && value.length < variable.minLength) {
        return `expected at least ${variable.minLength} characters, got ${value.length} (${JSON.stringify(value)})`
      }
      if (variable.maxLength !== undefined && value.length > variable.maxLength) {
        return `expected at most ${variable.maxLength} characters, got ${value.length}`
      }
      if (variable.pattern !== undefined && !new RegExp(`^(?:${variable.pattern})$`).test(value)) {
        return `expected ${variable.patternDescription ?? `text matching /${variable.pattern}/`}, got ${JSON.stringify(value)}`
      }
      return undefined
    }
  }
}

/** Turns a flag's text into the variable's type (`"true"` → true, `"3"` → 3); returns undefined when it cannot. */
export function parseValue(variable: TemplateVariable, text: string): TemplateValue | undefined {
  if (variable.type === 'boolean') {
    if (/^(true|yes|1|on)$/i.test(text)) return true
    if (/^(false|no|0|off)$/i.test(text)) return false
    return undefined
  }
  if (variable.type === 'number') {
    const n = Number(text)
    return text.trim() === '' || Number.isNaN(n) ? undefined : n
  }
  return text
}
