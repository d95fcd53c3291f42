import {
  definePlugin,
  type HookMode,
  type HostOptions,
  type InMemoryPlugin,
  PdkError,
  type PluginPackageJson,
} from '@pdk/core'
import semver from 'semver'
import type { PluginUnderTest } from './read-plugin-sources.js'

const BUILTIN_KINDS = new Set(['system', 'integration', 'extension'])

/** The host name and version that satisfy the plugins' `pdk.host`: the first plugin's name, the lowest version its range accepts. */
export function hostIdentityFor(plugins: PluginUnderTest[]): { name: string; version: string } {
  const first = plugins[0]?.manifest.pdk.host
  if (first === undefined) return { name: 'test-host', version: '1.0.0' }
  const min = semver.validRange(first.range) ? semver.minVersion(first.range) : null
  return { name: first.name, version: min?.version ?? '1.0.0' }
}

/** Kinds the plugins declare beyond the built-in ones. */
export function kindsFor(plugins: PluginUnderTest[]): string[] {
  return [...new Set(plugins.map((p) => p.manifest.pdk.kind).filter((kind) => !BUILTIN_KINDS.has(kind)))]
}

/** Every hook a plugin taps, declared `waterfall` unless `modes` says otherwise. */
export function hooksFor(plugins: PluginUnderTest[], modes: Record<string, HookMode> = {}): Record<string, HookMode> {
  const hooks: Record<string, HookMode> = {}
  for (const plugin of plugins)
    for (const name of Object.keys(plugin.definition?.hooks ?? {})) hooks[name] = 'waterfall'
  return { ...hooks, ...modes }
}

/** A policy that grants each plugin exactly what its manifest asks for. */
export const grantWhatIsAsked: NonNullable<HostOptions['policy']> = {
  grant: (manifest: PluginPackageJson) => manifest.pdk.permissions,
}

/**
 * In-memory providers for fake services. Each capability goes to the missing dependency that
 * `providers` names, or to the only missing dependency there is; each provider plugin is named
 * and versioned so the dependant's range accepts it.
 */
export function fakeProviders(
  plugins: PluginUnderTest[],
  services: Record<string, object>,
  providers: Record<string, string>,
  host: { name: string; version: string },
): InMemoryPlugin[] {
  const capabilities = Object.keys(services)
  if (capabilities.length === 0) return []
  const present = new Set(plugins.map((p) => p.manifest.name))
  const missing = new Map<string, string>()
  for (const { manifest } of plugins) {
    for (const [name, range] of Object.entries({
      ...manifest.pdk.optionalDependencies,
      ...manifest.pdk.dependencies,
    })) {
      if (!present.has(name) && !missing.has(name)) missing.set(name, range)
    }
  }
  const byProvider = new Map<string, string[]>()
  for (const capability of capabilities) {
    const provider = providers[capability] ?? (missing.size === 1 ? [...missing.keys()][0] : undefined)
    if (provider === undefined || !missing.has(provider)) {
      const candidates = [...missing.keys()]
      throw new PdkError(
        'PDK_INVALID_ARGUMENT',
        candidates.length === 0
          ? `Fake service "${capability}" has no missing dependency to stand in for: every dependency of the plugins under test is among them.`
          : `Fake service "${capability}": which dependency provides it? Candidates: ${candidates.join(', ')}.`,
        {
          hint:
            candidates.length === 0
              ? 'Drop the fake, or drop the real provider plugin from `plugins`.'
              : `Say which: startTestHost({ services: { ${capability}: ... }, providers: { ${capability}: '${candidates[0]}' } }).`,
          details: { capability, candidates, provider },
        },
      )
    }
    byProvider.set(provider, [...(byProvider.get(provider) ?? []), capability])
  }
  return [...byProvider].map(([name, provided]) => {
    const range = missing.get(name) ?? '*'
    const version = (semver.validRange(range) ? semver.minVersion(range)?.version : undefined) ?? '0.0.0'
    const manifest: PluginPackageJson = {
      name,
      version,
      type: 'module',
      pdk: {
        manifestVersion: 1,
        kind: 'system',
        host: { name: host.name, range: host.version },
        capabilities: provided,
      },
    }
    const definition = definePlugin({ init: () => Object.fromEntries(provided.map((c) => [c, services[c] as object])) })
    return { manifest, definition }
  })
}
