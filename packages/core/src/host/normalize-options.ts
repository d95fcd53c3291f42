import { resolve } from 'node:path'
import semverValid from 'semver/functions/valid.js'
import { PdkError } from '../errors.js'
import type { IsolationMode, Permissions, PluginPackageJson } from '../manifest/types.js'
import type { HookMode, HostOptions, KindDeclaration, LogEntry } from './host-types.js'

const BUILTIN_KINDS = ['system', 'integration', 'extension']
const HOOK_MODES: readonly HookMode[] = ['series', 'parallel', 'waterfall', 'bail']
const ISOLATION_MODES: readonly IsolationMode[] = ['none', 'worker', 'process']

/** Host options with every default applied and every path absolute. */
export interface ResolvedOptions {
  name: string
  version: string
  kinds: Set<string>
  criticalKinds: Set<string>
  hooks: Record<string, HookMode>
  settings: ReadonlyMap<string, Record<string, unknown>>
  grant: (manifest: PluginPackageJson) => Permissions | undefined
  storageDir: string
  maxBytes: number
  restart: { maxRestarts: number; windowMs: number; backoffMs: [number, number] }
  cloneValues: boolean
  /** The least isolation of untrusted plugins, and the plugins trusted to choose their own. */
  isolation: { default: IsolationMode; trusted: ReadonlySet<string> }
  limits: { startTimeoutMs: number; stopTimeoutMs: number; callTimeoutMs: number }
  log: (entry: LogEntry) => void
  cwd: string
  env: Record<string, string | undefined>
  /** `pdk-lock.json` of the host's plugins folder, when the host has one. */
  lockfile?: string | undefined
}

/** Checks and completes `createHost` options; a misconfigured host is `PDK_HOST_CONFIG`. */
export function normalizeOptions(options: HostOptions): ResolvedOptions {
  const problems: string[] = []
  if (typeof options?.name !== 'string' || options.name === '') problems.push('name must be a non-empty string')
  if (typeof options?.version !== 'string' || semverValid(options.version) === null) {
    problems.push(`version must be a semver version, got ${JSON.stringify(options?.version)}`)
  }
  const declared: KindDeclaration[] = (options.kinds ?? []).map((k) => (typeof k === 'string' ? { name: k } : k))
  const hooks = options.hooks ?? {}
  for (const [hook, mode] of Object.entries(hooks)) {
    if (!HOOK_MODES.includes(mode))
      problems.push(`hooks["${hook}"] must be one of ${HOOK_MODES.join(', ')}, got ${JSON.stringify(mode)}`)
  }
  const isolation = options.isolation?.default ?? 'none'
  if (!ISOLATION_MODES.includes(isolation))
    problems.push(`isolation.default must be one of ${ISOLATION_MODES.join(', ')}, got ${JSON.stringify(isolation)}`)
  const trusted = options.isolation?.trusted ?? []
  if (!Array.isArray(trusted) || trusted.some((name) => typeof name !== 'string'))
    problems.push('isolation.trusted must be an array of plugin names')
  if (problems.length > 0) {
    throw new PdkError('PDK_HOST_CONFIG', `The host options are invalid: ${problems.join('; ')}.`, {
      hint: 'Fix the createHost options (or the host section of pdk.config.json).',
      details: { step: 'configure', problems },
    })
  }
  const cwd = options.cwd ?? process.cwd()
  const backoff = options.restart?.backoffMs ?? [100, 30_000]
  return {
    name: options.name,
    version: options.version,
    kinds: new Set([...BUILTIN_KINDS, ...declared.map((k) => k.name)]),
    criticalKinds: new Set(['system', ...declared.filter((k) => k.critical).map((k) => k.name)]),
    hooks,
    settings: new Map(Object.entries(options.settings ?? {})),
    grant: grantOf(options.policy),
    storageDir: resolve(cwd, options.storage?.dir ?? '.pdk/storage'),
    maxBytes: options.storage?.maxBytes ?? 10_000_000,
    restart: {
      maxRestarts: options.restart?.maxRestarts ?? 5,
      windowMs: options.restart?.windowMs ?? 60_000,
      backoffMs: [backoff[0], Math.max(backoff[0], backoff[1])],
    },
    cloneValues: options.cloneValues ?? false,
    isolation: { default: isolation, trusted: new Set(trusted) },
    limits: {
      startTimeoutMs: options.limits?.startTimeoutMs ?? 10_000,
      stopTimeoutMs: options.limits?.stopTimeoutMs ?? 5_000,
      callTimeoutMs: options.limits?.callTimeoutMs ?? 30_000,
    },
    log: options.logger ?? defaultLog,
    cwd,
    env: options.env ?? process.env,
    lockfile: options.lockfile,
  }
}

function grantOf(policy: HostOptions['policy']): ResolvedOptions['grant'] {
  if (policy === undefined) return () => undefined
  if (typeof (policy as { grant?: unknown }).grant === 'function') {
    const p = policy as { grant: ResolvedOptions['grant'] }
    return (manifest) => p.grant(manifest)
  }
  const fixed = policy as Permissions
  return () => fixed
}

function defaultLog(entry: LogEntry): void {
  if (entry.level !== 'warn' && entry.level !== 'error') return
  const who = entry.plugin ? ` ${entry.plugin}@${entry.version}` : ''
  const fields = entry.fields && Object.keys(entry.fields).length ? ` ${safeJson(entry.fields)}` : ''
  process.stderr.write(`[pdk ${entry.level}]${who} ${entry.message}${fields}\n`)
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}
