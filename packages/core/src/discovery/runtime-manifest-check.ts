import type { Finding, ManifestReport, PluginPackageJson } from '../manifest/types.js'
import { isValidRange, isValidVersion } from '../resolve/semver-cache.js'

/**
 * The fields the runtime itself reads, checked when the shared manifest rules are not
 * available: name, version, pdk.manifestVersion, kind, host and dependency ranges.
 */
export function runtimeManifestCheck(pkg: unknown, options: { file?: string } = {}): ManifestReport {
  const findings: Finding[] = []
  const add = (pointer: string, message: string) =>
    findings.push({ rule: 'manifest/runtime', severity: 'error', pointer, message, file: options.file })
  const json = (pkg ?? {}) as Record<string, any>
  if (typeof json.name !== 'string' || json.name === '') add('/name', 'name must be a non-empty string')
  if (typeof json.version !== 'string' || !isValidVersion(json.version))
    add('/version', `version must be semver, found ${JSON.stringify(json.version)}`)
  const pdk = json.pdk
  if (pdk === null || typeof pdk !== 'object') {
    add('/pdk', 'the pdk field must be an object')
  } else {
    if (typeof pdk.manifestVersion !== 'number') add('/pdk/manifestVersion', 'pdk.manifestVersion must be a number')
    if (typeof pdk.kind !== 'string') add('/pdk/kind', 'pdk.kind must be a string')
    if (typeof pdk.host?.name !== 'string') add('/pdk/host/name', 'pdk.host.name must be a string')
    if (typeof pdk.host?.range !== 'string' || !isValidRange(pdk.host.range))
      add('/pdk/host/range', `pdk.host.range must be a semver range, found ${JSON.stringify(pdk.host?.range)}`)
    for (const field of ['dependencies', 'optionalDependencies'] as const) {
      for (const [name, range] of Object.entries((pdk[field] ?? {}) as Record<string, unknown>)) {
        if (typeof range !== 'string' || !isValidRange(range))
          add(`/pdk/${field}/${name}`, `range of "${name}" must be semver, found ${JSON.stringify(range)}`)
      }
    }
  }
  const ok = findings.length === 0
  return ok ? { ok, findings, manifest: json as PluginPackageJson } : { ok, findings }
}
