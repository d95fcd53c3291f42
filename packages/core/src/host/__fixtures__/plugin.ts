import type { PdkManifest, PluginPackageJson } from '../../manifest/types.js'
import { definePlugin } from '../../plugin/define-plugin.js'
import type { PluginDefinition } from '../../plugin/types.js'
import type { HostOptions, InMemoryPlugin, LogEntry } from '../host-types.js'

/** An in-memory plugin for host "test-host" 1.x. */
export function plugin(name: string, definition: PluginDefinition<any> = {}, pdk: Partial<PdkManifest> = {}, version = '1.0.0'): InMemoryPlugin {
  const manifest: PluginPackageJson = {
    name,
    version,
    type: 'module',
    pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'test-host', range: '^1.0.0' }, ...pdk },
  }
  return { manifest, definition: definePlugin(definition) }
}

/** Host options for tests: quiet logs collected in `logs`, storage in `dir`. */
export function hostOptions(plugins: InMemoryPlugin[], extra: Partial<HostOptions> = {}): HostOptions & { logs: LogEntry[] } {
  const logs: LogEntry[] = []
  return { name: 'test-host', version: '1.2.0', plugins, logger: (e) => logs.push(e), restart: { maxRestarts: 0 }, ...extra, logs }
}
