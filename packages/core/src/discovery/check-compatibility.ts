import semver from 'semver'
import { PdkError } from '../errors.js'
import type { PluginPackageJson } from '../manifest/types.js'
import { satisfies } from '../resolve/semver-cache.js'

/** What a host accepts: its name and API version, its kinds. */
export interface HostIdentity {
  name: string
  version: string
  kinds: ReadonlySet<string>
}

/** Known values of `pdk.manifestVersion`. */
export const MANIFEST_VERSIONS: readonly number[] = [1]

/**
 * Refuses a manifest this host cannot run: an unknown `manifestVersion`, another host's name,
 * a `host.range` that excludes this host's version (saying which versions would fit), an
 * undeclared kind, or an isolation this version of the runtime cannot provide.
 */
export function checkCompatibility(
  manifest: PluginPackageJson,
  host: HostIdentity,
  file?: string,
): PdkError | undefined {
  const { pdk } = manifest
  // The common case, checked without building any error details.
  if (
    MANIFEST_VERSIONS.includes(pdk.manifestVersion) &&
    pdk.host.name === host.name &&
    satisfies(host.version, pdk.host.range) &&
    host.kinds.has(pdk.kind) &&
    (pdk.isolation === undefined || pdk.isolation === 'none')
  ) {
    return undefined
  }
  const details = { plugin: manifest.name, version: manifest.version, step: 'discover', ...(file ? { file } : {}) }
  if (!MANIFEST_VERSIONS.includes(pdk.manifestVersion)) {
    return new PdkError(
      'PDK_MANIFEST_INVALID',
      `Plugin "${manifest.name}" has pdk.manifestVersion ${JSON.stringify(pdk.manifestVersion)}, which this host does not know (it knows ${MANIFEST_VERSIONS.join(', ')}).`,
      {
        hint: 'Update @pdk/core in the host, or use a version of the plugin made for manifestVersion 1.',
        details: { ...details, pointer: '/pdk/manifestVersion' },
      },
    )
  }
  if (pdk.host.name !== host.name) {
    return new PdkError(
      'PDK_HOST_INCOMPATIBLE',
      `Plugin "${manifest.name}@${manifest.version}" is made for host "${pdk.host.name}", not "${host.name}".`,
      {
        hint: `Install a plugin made for "${host.name}", or set pdk.host.name to "${host.name}" if it really works here.`,
        details: { ...details, pointer: '/pdk/host/name', expected: host.name, found: pdk.host.name },
      },
    )
  }
  if (!satisfies(host.version, pdk.host.range)) {
    const min = semver.minVersion(pdk.host.range)?.version
    return new PdkError(
      'PDK_HOST_INCOMPATIBLE',
      `Plugin "${manifest.name}@${manifest.version}" needs ${host.name} ${pdk.host.range}${min ? ` (${min} or a later version in that range)` : ''}, but this host is ${host.version}.`,
      {
        hint: `Install a version of "${manifest.name}" whose pdk.host.range includes ${host.version}, or run it with a ${host.name} in ${pdk.host.range}.`,
        details: {
          ...details,
          pointer: '/pdk/host/range',
          range: pdk.host.range,
          hostVersion: host.version,
          fits: min,
        },
      },
    )
  }
  if (!host.kinds.has(pdk.kind)) {
    return new PdkError(
      'PDK_KIND_UNKNOWN',
      `Plugin "${manifest.name}@${manifest.version}" is of kind "${pdk.kind}", which host "${host.name}" does not declare.`,
      {
        hint: `Use one of ${[...host.kinds].map((k) => `"${k}"`).join(', ')}, or add "${pdk.kind}" to the host's kinds.`,
        details: { ...details, pointer: '/pdk/kind', kinds: [...host.kinds] },
      },
    )
  }
  if (pdk.isolation !== undefined && pdk.isolation !== 'none') {
    return isolationUnavailable(manifest, pdk.isolation, details)
  }
  return undefined
}

/** `PDK_ISOLATION_UNAVAILABLE`: worker and process isolation arrive in a later version. */
export function isolationUnavailable(
  manifest: PluginPackageJson,
  mode: string,
  details: Record<string, unknown>,
): PdkError {
  return new PdkError(
    'PDK_ISOLATION_UNAVAILABLE',
    `Plugin "${manifest.name}@${manifest.version}" asks for isolation "${mode}", but this runtime runs plugins in-process only ("none").`,
    {
      hint: 'Run it with a @pdk/core that supports worker and process isolation, or set pdk.isolation to "none" if the plugin is trusted.',
      details: { ...details, pointer: '/pdk/isolation', isolation: mode },
    },
  )
}
