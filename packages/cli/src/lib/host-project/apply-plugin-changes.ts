import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { computeDigest, type LockedPlugin, type Lockfile, PdkError, type Permissions } from '@pdk/core'
import { tarballName } from '../registry/make-package.js'
import type { NpmOptions } from '../registry/npm-config.js'
import type { HostProject } from './load-host-project.js'
import type { PlannedPlugin } from './plan-install.js'
import { stagingDirFor, swapPluginsDir } from './swap-plugins-dir.js'

/** The plugins folder's own package.json: a small private npm project. */
interface PluginsProject {
  name: string
  private: true
  description: string
  dependencies: Record<string, string>
}

const TARBALLS = '.pdk/tarballs'

/**
 * Installs `add` and removes `remove` in a staging copy of the plugins folder (its lockfile
 * included), with npm's Arborist (peer dependencies left to the host, install scripts off),
 * records each new plugin's digest and grants in the staging lockfile, then swaps the staging
 * folder in. Until the swap, the plugins folder is untouched; any failure removes the staging copy.
 */
export async function applyPluginChanges(
  project: HostProject,
  lock: Lockfile,
  changes: { add: PlannedPlugin[]; remove: string[]; granted: Map<string, Permissions> },
  npm: NpmOptions,
): Promise<Lockfile> {
  const staging = stagingDirFor(project.pluginsDir)
  try {
    if (existsSync(project.pluginsDir))
      await cp(project.pluginsDir, staging, { recursive: true, verbatimSymlinks: true })
    else await mkdir(staging, { recursive: true })
    const pkgFile = join(staging, 'package.json')
    const pkg: PluginsProject = existsSync(pkgFile)
      ? (JSON.parse(await readFile(pkgFile, 'utf8')) as PluginsProject)
      : {
          name: `${project.name}-plugins`,
          private: true,
          description: `The plugins of ${project.name}, managed by pdk install (do not edit by hand).`,
          dependencies: {},
        }
    pkg.dependencies ??= {}
    for (const name of changes.remove) {
      const spec = pkg.dependencies[name]
      if (spec?.startsWith(`file:${TARBALLS}/`)) await rm(join(staging, spec.slice(5)), { force: true })
      delete pkg.dependencies[name]
    }
    for (const plugin of changes.add) {
      const old = pkg.dependencies[plugin.name]
      if (old?.startsWith(`file:${TARBALLS}/`)) await rm(join(staging, old.slice(5)), { force: true })
      if (plugin.source === 'registry') pkg.dependencies[plugin.name] = plugin.version
      else {
        // A local plugin is kept as its tarball inside the plugins folder, so the folder reinstalls on its own.
        const file = `${TARBALLS}/${tarballName(plugin.name, plugin.version)}`
        await mkdir(join(staging, TARBALLS), { recursive: true })
        await writeFile(join(staging, file), plugin.data)
        pkg.dependencies[plugin.name] = `file:${file}`
      }
    }
    await writeFile(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`)

    const { default: Arborist } = await import('@npmcli/arborist')
    const arborist = new Arborist({
      ...npm,
      path: staging,
      // @pdk/core is the host's: plugins' peer dependencies are neither resolved nor installed here.
      legacyPeerDeps: true,
      omit: ['peer'],
      // No plugin code runs before its permissions are granted and the host loads it.
      ignoreScripts: true,
      audit: false,
      fund: false,
      save: true,
    })
    try {
      await arborist.reify({ omit: ['peer'], save: true })
    } catch (error) {
      throw new PdkError(
        'PDK_INSTALL_FAILED',
        `npm could not install the plugins' dependencies: ${(error as Error).message.split('\n')[0]}.`,
        {
          hint: "Nothing was changed. Check the registry (`pdk doctor`) and the plugins' npm dependencies, then try again.",
          details: { step: 'install', reason: (error as { code?: string }).code },
          cause: error,
        },
      )
    }

    const plugins: Record<string, LockedPlugin> = { ...lock.plugins }
    for (const name of changes.remove) delete plugins[name]
    for (const plugin of changes.add) {
      const path = `node_modules/${plugin.name}`
      const dir = join(staging, path)
      const installed = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version?: string }
      if (installed.version !== plugin.version) {
        throw new PdkError(
          'PDK_INSTALL_FAILED',
          `npm installed ${plugin.name}@${installed.version}, not the ${plugin.version} pdk checked.`,
          {
            hint: 'Nothing was changed; try again, and report it if it repeats.',
            details: { plugin: plugin.name, version: plugin.version },
          },
        )
      }
      plugins[plugin.name] = {
        version: plugin.version,
        resolved: plugin.resolved,
        integrity: plugin.integrity,
        digest: await computeDigest(dir),
        path,
        signature: plugin.signature,
        granted: changes.granted.get(plugin.name) ?? {},
      }
    }
    const next: Lockfile = { lockfileVersion: 1, plugins: sortKeys(plugins) }
    await writeFile(join(staging, 'pdk-lock.json'), `${JSON.stringify(next, null, 2)}\n`)
    await swapPluginsDir(staging, project.pluginsDir)
    return next
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw error
  }
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}
