import { type HostCore, pluginFolder } from '../host/host-core.js'
import type { PluginRecord } from '../host/plugin-record.js'
import type { PluginPackageJson } from '../manifest/types.js'
import type { PluginIdentity } from '../plugin/types.js'
import type { PluginBoot } from '../transport/protocol.js'

const NO_HOSTS = Object.freeze([]) as unknown as string[]

/**
 * The boot data of a plugin that runs in the host's thread without cloning: the fields of a
 * plain `PluginBoot`, as of the load, with `plugin` (its identity and data folder path) made on
 * first read from the manifest the instance was loaded from. A host keeps every in-process
 * plugin's boot for as long as the plugin runs, and most plugins never read their identity:
 * thousands of them would otherwise keep an identity object and a path string each. Transports
 * that copy the boot (worker, process, `cloneValues`) get plain data instead (`plainBoot`).
 */
export class InProcessBoot implements PluginBoot {
  private identity: PluginIdentity | undefined = undefined

  constructor(
    private readonly core: HostCore,
    private readonly manifest: PluginPackageJson,
    readonly config: Record<string, unknown>,
    readonly network: string[],
  ) {}

  get plugin(): PluginIdentity {
    this.identity ??= manifestIdentity(this.core, this.manifest)
    return this.identity
  }

  get host(): { readonly name: string; readonly version: string } {
    return this.core.hostInfo
  }
}

/** The boot data of `record`'s next instance: lazy in the host's thread, plain data for a transport that copies it. */
export function bootOf(
  core: HostCore,
  record: PluginRecord,
  config: Record<string, unknown>,
  copied: boolean,
): PluginBoot {
  const network = record.granted.network ?? NO_HOSTS
  const { manifest } = record
  if (!copied && manifest !== undefined) return new InProcessBoot(core, manifest, config, network)
  return { plugin: identityOf(core, record), host: core.hostInfo, config, network }
}

/** `ctx.plugin` made from a manifest (the lazy boots in the host's thread make it on first read). */
export function manifestIdentity(core: HostCore, manifest: PluginPackageJson): PluginIdentity {
  const { name, version, pdk } = manifest
  return { name, version, kind: pdk.kind, dataDir: `${pluginFolder(core, name)}/data` }
}

/** `ctx.plugin`: name, version, kind and the plugin's data folder. */
export function identityOf(core: HostCore, record: PluginRecord): PluginIdentity {
  return { name: record.name, version: record.version, kind: record.kind, dataDir: dataDirOf(core, record) }
}

/** `<storage.dir>/<name>/data`. */
export function dataDirOf(core: HostCore, record: PluginRecord): string {
  return `${pluginFolder(core, record.name)}/data`
}
