import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { loadHostConfig } from '@pdk/core'
import { defaultTrustFile } from '../signing/config-dir.js'
import { readPdkConfig } from './read-pdk-config.js'
import { recoverPluginsDir } from './swap-plugins-dir.js'

/** A host project as the plugin commands see it. */
export interface HostProject {
  /** The project folder. */
  root: string
  name: string
  version: string
  /** Where plugins live: a small npm project of its own. */
  pluginsDir: string
  /** `<pluginsDir>/pdk-lock.json`. */
  lockfile: string
  requireSignatures: boolean
  trustFile: string
  /** The host's own @pdk/core version, which plugins' peer ranges are checked against; undefined when it has none. */
  coreVersion: string | undefined
}

/**
 * Reads the host project in `cwd` with @pdk/core's `loadHostConfig` (the same reading the
 * host itself does) plus the signature settings, and first puts back a plugins folder that an
 * interrupted swap left aside.
 */
export async function loadHostProject(cwd: string, configDir?: string): Promise<HostProject> {
  const root = resolve(cwd)
  const options = await loadHostConfig(root)
  const host = (await readPdkConfig(root)).host
  const pluginsDir = options.plugins[0] as string
  await recoverPluginsDir(pluginsDir)
  return {
    root,
    name: options.name,
    version: options.version,
    pluginsDir,
    lockfile: options.lockfile,
    requireSignatures: host?.requireSignatures === true,
    trustFile: host?.trustedKeys ? resolve(root, host.trustedKeys) : defaultTrustFile(configDir),
    coreVersion: await hostCoreVersion(root),
  }
}

async function hostCoreVersion(root: string): Promise<string | undefined> {
  const require = createRequire(join(root, 'package.json'))
  let file: string
  try {
    file = require.resolve('@pdk/core/package.json')
  } catch {
    // Resolution by exports can fail for older layouts; look for the folder itself.
    let dir = root
    for (;;) {
      const candidate = join(dir, 'node_modules/@pdk/core/package.json')
      if (existsSync(candidate)) {
        file = candidate
        break
      }
      if (dirname(dir) === dir) return undefined
      dir = dirname(dir)
    }
  }
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { version?: string }
  return pkg.version
}
