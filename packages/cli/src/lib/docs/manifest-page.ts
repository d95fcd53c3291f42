import type { PluginPackageJson } from '@pdk/core'
import { describePermissions } from '../describe-permissions.js'

/** A block of the manifest page; text may hold `code` spans. */
export type PageBlock =
  | { kind: 'h1'; text: string }
  | { kind: 'h2'; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'ul'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }

const KINDS: Record<string, string> = {
  system: 'a system plugin: infrastructure other plugins build on (storage, transport, logging)',
  integration: 'an integration plugin: connects the host to an outside service',
  extension: 'an extension plugin: adds features to the host',
}

const ISOLATION: Record<string, string> = {
  none: 'in the host process (no isolation required)',
  worker: 'in a worker thread at least',
  process: 'in a separate process',
}

/** The reference page of a plugin made from its manifest: kind, host, capabilities, dependencies, activation, permissions, limits, config. */
export function manifestPage(manifest: PluginPackageJson): PageBlock[] {
  const pdk = manifest.pdk ?? ({} as PluginPackageJson['pdk'])
  const blocks: PageBlock[] = [{ kind: 'h1', text: `${manifest.name} ${manifest.version}` }]
  if (manifest.description) blocks.push({ kind: 'p', text: manifest.description })

  blocks.push({ kind: 'h2', text: 'Plugin' })
  const facts = [`Kind: \`${pdk.kind}\`, ${KINDS[pdk.kind] ?? 'a kind its host declares'}.`]
  if (pdk.host) facts.push(`Host: \`${pdk.host.name}\`, versions \`${pdk.host.range}\`.`)
  if (manifest.engines?.node) facts.push(`Node: \`${manifest.engines.node}\`.`)
  facts.push(`Runs ${ISOLATION[pdk.isolation ?? 'none'] ?? `with isolation \`${pdk.isolation}\``}.`)
  if (manifest.license) facts.push(`License: ${manifest.license}.`)
  blocks.push({ kind: 'ul', items: facts })

  blocks.push({ kind: 'h2', text: 'Capabilities' })
  const capabilities = pdk.capabilities ?? []
  blocks.push(
    capabilities.length > 0
      ? { kind: 'ul', items: capabilities.map((c) => `\`${c}\``) }
      : { kind: 'p', text: 'It declares no capabilities.' },
  )

  blocks.push({ kind: 'h2', text: 'Dependencies' })
  const dependencies = [
    ...Object.entries(pdk.dependencies ?? {}).map(([name, range]) => [`\`${name}\``, `\`${range}\``, 'required']),
    ...Object.entries(pdk.optionalDependencies ?? {}).map(([name, range]) => [
      `\`${name}\``,
      `\`${range}\``,
      'optional',
    ]),
  ]
  blocks.push(
    dependencies.length > 0
      ? { kind: 'table', head: ['Plugin', 'Versions', 'Needed'], rows: dependencies }
      : { kind: 'p', text: 'It depends on no other plugin.' },
  )

  blocks.push({ kind: 'h2', text: 'Activation' })
  blocks.push({ kind: 'ul', items: (pdk.activation ?? ['onStartup']).map(describeActivation) })

  blocks.push({ kind: 'h2', text: 'Permissions' })
  blocks.push({ kind: 'p', text: 'What the plugin may do; everything else is denied.' })
  blocks.push({ kind: 'ul', items: describePermissions(pdk.permissions).map((line) => line.text) })

  blocks.push({ kind: 'h2', text: 'Limits' })
  const limits = pdk.limits ?? {}
  const limitLines = [
    limits.memoryMb !== undefined && `Memory: ${limits.memoryMb} MB.`,
    limits.startTimeoutMs !== undefined && `Start within ${ms(limits.startTimeoutMs)}.`,
    limits.stopTimeoutMs !== undefined && `Stop within ${ms(limits.stopTimeoutMs)}.`,
    limits.callTimeoutMs !== undefined && `Answer each call within ${ms(limits.callTimeoutMs)}.`,
  ].filter((line): line is string => typeof line === 'string')
  blocks.push(
    limitLines.length > 0 ? { kind: 'ul', items: limitLines } : { kind: 'p', text: "The host's defaults apply." },
  )

  blocks.push({ kind: 'h2', text: 'Configuration' })
  const rows = configRows(pdk.config)
  blocks.push(
    rows.length > 0
      ? { kind: 'table', head: ['Setting', 'Type', 'Default', 'Required', 'Description'], rows }
      : { kind: 'p', text: 'It takes no configuration.' },
  )
  return blocks
}

function describeActivation(entry: string): string {
  if (entry === 'onStartup') return 'Starts when the host starts (`onStartup`).'
  if (entry.startsWith('onMessage:'))
    return `Starts on the first message to \`${entry.slice('onMessage:'.length)}\` (\`${entry}\`).`
  if (entry.startsWith('onEvent:'))
    return `Starts on the first event matching \`${entry.slice('onEvent:'.length)}\` (\`${entry}\`).`
  return `\`${entry}\``
}

function ms(value: number): string {
  return value >= 1000 && value % 100 === 0 ? `${value / 1000} s` : `${value} ms`
}

type Schema = Record<string, unknown>

/** One row per setting, nested objects flattened to `a.b`; every cell is text. */
export function configRows(schema: Schema | undefined, prefix = ''): string[][] {
  const properties = schema?.properties as Record<string, Schema> | undefined
  if (!properties) return []
  const required = new Set((schema?.required as string[] | undefined) ?? [])
  const rows: string[][] = []
  for (const [key, property] of Object.entries(properties)) {
    const name = `${prefix}${key}`
    rows.push([
      `\`${name}\``,
      describeType(property),
      'default' in property ? `\`${JSON.stringify(property.default)}\`` : '',
      required.has(key) ? 'yes' : 'no',
      [sentence(property.description), constraints(property)].filter(Boolean).join(' '),
    ])
    if (property.type === 'object' && property.properties) rows.push(...configRows(property, `${name}.`))
  }
  return rows
}

function sentence(text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '') return ''
  const trimmed = text.trim()
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
}

function describeType(schema: Schema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ')
  if ('const' in schema) return `\`${JSON.stringify(schema.const)}\``
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  const text = types
    .map((type) => (type === 'array' && schema.items ? `${describeType(schema.items as Schema)}[]` : String(type)))
    .join(' \\| ')
  if (text) return text
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(schema[key])) return (schema[key] as Schema[]).map(describeType).join(' \\| ')
  }
  return 'any'
}

function constraints(schema: Schema): string {
  const parts: string[] = []
  const range = (low: unknown, high: unknown, unit: string) => {
    if (low !== undefined && high !== undefined) parts.push(`From ${low} to ${high}${unit}.`)
    else if (low !== undefined) parts.push(`At least ${low}${unit}.`)
    else if (high !== undefined) parts.push(`At most ${high}${unit}.`)
  }
  range(schema.minimum, schema.maximum, '')
  range(schema.minLength, schema.maxLength, ' characters')
  range(schema.minItems, schema.maxItems, ' items')
  if (typeof schema.pattern === 'string') parts.push(`Matches \`${schema.pattern}\`.`)
  if (typeof schema.format === 'string') parts.push(`Format: ${schema.format}.`)
  return parts.join(' ')
}
