import minVersion from 'semver/ranges/min-version.js'
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
 * or an undeclared kind.
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
    host.kinds.has(pdk.kind)
  ) {
    return undefined
  }
  return incompatibility(manifest, host, file)
}

// Which check failed, with its details: apart from the common case, which stays small.
function incompatibility(
  manifest: PluginPackageJson,
  host: HostIdentity,
  file: string | undefined,
): PdkError | undefined {
  const { pdk } = manifest
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
    const min = minVersion(pdk.host.range)?.version
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
  return undefined
}

/** `PDK_ISOLATION_UNAVAILABLE`: an in-memory plugin asks for a worker or process, where it cannot go. */
export function isolationUnavailable(
  manifest: PluginPackageJson,
  mode: string,
  details: Record<string, unknown>,
): PdkError {
  return new PdkError(
    'PDK_ISOLATION_UNAVAILABLE',
    `In-memory plugin "${manifest.name}@${manifest.version}" asks for isolation "${mode}", but an in-memory definition runs in the host process only.`,
    {
      hint: 'Load the plugin from its package folder to isolate it, or drop pdk.isolation from the in-memory manifest.',
      details: { ...details, pointer: '/pdk/isolation', isolation: mode },
    },
  )
}
