import type { Candidate } from '../discovery/candidate.js'
import { discoverPlugins } from '../discovery/discover-plugins.js'
import { PdkError } from '../errors.js'
import { verifyLockedPlugins } from '../lockfile/verify-locked-plugins.js'
import type { Permissions, PluginPackageJson } from '../manifest/types.js'
import { invalidManifestReport } from '../manifest/validate-manifest.js'
import { resolvePlugins } from '../resolve/resolve-plugins.js'
import { satisfies } from '../resolve/semver-cache.js'
import { knownPlugins } from './add-plugins.js'
import type { HostCore } from './host-core.js'
import type { InMemoryPlugin } from './host-types.js'
import type { PluginRecord } from './plugin-record.js'
import { reloadFailed } from './reload-failed.js'

/** A checked new version of a plugin: what adopting it changes on the record. */
export interface NextVersion {
  manifest: PluginPackageJson
  dir: string | undefined
  entry: string | undefined
  definition: InMemoryPlugin['definition'] | undefined
  granted: Permissions
  deps: string[]
  providers: ReadonlyMap<string, string>
  warnings: string[] | undefined
}

/** Reads the new version (its folder again, the given in-memory plugin, or the same definition) and checks it fits. */
export async function nextVersion(
  core: HostCore,
  record: PluginRecord,
  options: { plugin?: InMemoryPlugin },
): Promise<NextVersion> {
  const { name, version, kinds, cwd } = core.options
  let candidate: Candidate
  if (options.plugin === undefined && record.definition !== undefined && record.manifest !== undefined) {
    // An in-memory plugin given nothing new: a fresh instance of the same definition.
    candidate = {
      manifest: record.manifest,
      dir: record.dir,
      entry: undefined,
      definition: record.definition,
      origin: 'in-memory',
    }
  } else if (options.plugin === undefined && record.dir === undefined) {
    throw reloadFailed(
      record,
      record.version,
      'discover',
      new PdkError('PDK_RELOAD_FAILED', 'It has no folder to read a new version from.', {
        hint: `Pass the new version: host.reload("${record.name}", { plugin: { manifest, definition } }).`,
      }),
    )
  } else {
    const source = options.plugin ?? record.dir!
    const found = await discoverPlugins([source], {
      cwd,
      host: { name, version, kinds },
      validate: invalidManifestReport,
    })
    const locked = await verifyLockedPlugins(found, core.options)
    const refusal = locked.refusals[0]
    if (refusal !== undefined) throw reloadFailed(record, record.version, 'discover', refusal.error)
    const match = locked.candidates.find((c) => c.manifest.name === record.name)
    if (match === undefined) {
      const names = locked.candidates.map((c) => `"${c.manifest.name}"`).join(', ')
      throw reloadFailed(
        record,
        record.version,
        'discover',
        new PdkError(
          'PDK_RELOAD_FAILED',
          `${source === record.dir ? record.dir : 'The given plugin'} holds ${names || 'no plugin'}, not "${record.name}".`,
          {
            hint: "A reload keeps the plugin's name; add a renamed plugin with host.add() and remove the old one.",
          },
        ),
      )
    }
    candidate = match
  }
  return fits(core, record, candidate)
}

/** Checks the new version against the running host: kind, dependencies, dependents, capabilities, permissions. */
function fits(core: HostCore, record: PluginRecord, candidate: Candidate): NextVersion {
  const { manifest } = candidate
  const refuse = (message: string, hint: string, details: Record<string, unknown> = {}) =>
    reloadFailed(record, record.version, 'resolve', new PdkError('PDK_RELOAD_FAILED', message, { hint, details }))
  // A plugin refused at discovery has no manifest of its own yet: the new one may say anything.
  if (record.manifest !== undefined && manifest.pdk.kind !== record.kind) {
    throw refuse(
      `Its kind changed from "${record.kind}" to "${manifest.pdk.kind}".`,
      'A kind decides start order and failure policy; restart the host to change it.',
    )
  }
  const known = knownPlugins(core, record)
  const resolved = resolvePlugins([manifest], known, core.options.grant)
  const error = resolved.errors[0]
  if (error !== undefined) throw reloadFailed(record, record.version, 'resolve', error)
  const deps = resolved.deps[0]!
  const cycle = cycleThrough(core, record.name, deps)
  if (cycle !== undefined) {
    throw refuse(`Its dependencies would make a cycle: ${cycle.join(' -> ')}.`, 'Remove one of the dependencies.', {
      cycle,
    })
  }
  const capabilities = new Set(manifest.pdk.capabilities ?? [])
  for (const other of core.records.values()) {
    if (other === record || !other.deps.includes(record.name)) continue
    const pdk = other.manifest?.pdk
    const range = pdk?.dependencies?.[record.name] ?? pdk?.optionalDependencies?.[record.name]
    if (range !== undefined && !satisfies(manifest.version, range)) {
      throw refuse(
        `"${other.name}" depends on "${record.name}@${range}", which version ${manifest.version} does not satisfy.`,
        `Keep the version within ${range}, or update "${other.name}" first.`,
        { dependent: other.name, range, found: manifest.version },
      )
    }
    for (const [capability, provider] of other.providers) {
      if (provider === record.name && !capabilities.has(capability)) {
        throw refuse(
          `"${other.name}" uses capability "${capability}" of "${record.name}", which the new version no longer lists.`,
          `Keep "${capability}" in pdk.capabilities, or update "${other.name}" first.`,
          { dependent: other.name, capability },
        )
      }
    }
  }
  return {
    manifest,
    dir: candidate.dir,
    entry: candidate.entry,
    definition: candidate.definition,
    granted: manifest.pdk.permissions ?? {},
    deps,
    providers: resolved.providers[0] ?? new Map(),
    warnings: resolved.warnings[0],
  }
}

/** The path from `name` back to itself through `deps`, if there is one. */
function cycleThrough(core: HostCore, name: string, deps: readonly string[]): string[] | undefined {
  const seen = new Set<string>()
  const walk = (at: string, path: string[]): string[] | undefined => {
    if (at === name) return [...path, at]
    if (seen.has(at)) return undefined
    seen.add(at)
    for (const dep of core.records.get(at)?.deps ?? []) {
      const found = walk(dep, [...path, at])
      if (found) return found
    }
    return undefined
  }
  for (const dep of deps) {
    const found = walk(dep, [name])
    if (found) return found
  }
  return undefined
}
