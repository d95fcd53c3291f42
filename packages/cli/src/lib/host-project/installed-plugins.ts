import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Lockfile, readLockfile } from '@pdk/core'
import type { PackageJson } from '../registry/read-package.js'
import type { HostProject } from './load-host-project.js'

/** The installed plugins: the lockfile and each listed plugin's package.json (undefined when missing on disk). */
export interface Installed {
  lock: Lockfile
  manifests: Map<string, PackageJson | undefined>
}

/** Reads the lockfile and the manifests of the plugins it lists. */
export async function readInstalled(project: HostProject): Promise<Installed> {
  const lock = await readLockfile(project.lockfile)
  const manifests = new Map<string, PackageJson | undefined>()
  await Promise.all(
    Object.entries(lock.plugins).map(async ([name, entry]) => {
      try {
        manifests.set(name, JSON.parse(await readFile(join(project.pluginsDir, entry.path, 'package.json'), 'utf8')))
      } catch {
        manifests.set(name, undefined)
      }
    }),
  )
  return { lock, manifests }
}

/** The plugins that list `name` in `pdk.dependencies`, with their ranges. */
export function dependentsOf(
  name: string,
  manifests: ReadonlyMap<string, PackageJson | undefined>,
  except: ReadonlySet<string> = new Set(),
): { from: string; range: string }[] {
  const out: { from: string; range: string }[] = []
  for (const [from, manifest] of manifests) {
    if (except.has(from)) continue
    const range = (manifest?.pdk?.dependencies as Record<string, string> | undefined)?.[name]
    if (typeof range === 'string') out.push({ from, range })
  }
  return out
}
