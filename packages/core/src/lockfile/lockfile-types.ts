import type { Permissions } from '../manifest/types.js'

/** One plugin as `pdk install` recorded it in `<pluginsDir>/pdk-lock.json`. */
export interface LockedPlugin {
  version: string
  /** Where it came from: the registry tarball URL, or `file:` for a local folder or tarball. */
  resolved: string
  /** The tarball's integrity (`sha512-…`), as the registry recorded it. */
  integrity: string
  /** `computeDigest` of the unpacked folder. */
  digest: string
  /** The plugin's folder, relative to pluginsDir (`node_modules/pdk-plugin-greeter`). */
  path: string
  /** The package's signature as checked at install, or null when it had none. */
  signature: { keyId: string; verified: boolean } | null
  /** What the operator granted at install; replaces the host's policy for this plugin. */
  granted: Permissions
}

/** `<pluginsDir>/pdk-lock.json`. */
export interface Lockfile {
  lockfileVersion: 1
  plugins: Record<string, LockedPlugin>
}
