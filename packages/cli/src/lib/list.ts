import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { computeDigest, type Permissions } from '@pdk/core'
import { describePermissions } from './describe-permissions.js'
import { readInstalled } from './host-project/installed-plugins.js'
import { loadHostProject } from './host-project/load-host-project.js'
import { hasAny } from './host-project/plugin-change.js'

export interface ListOptions {
  /** The host project. */
  cwd: string
  configDir?: string
}

/** One installed plugin and whether it is still what was installed. */
export interface ListedPlugin {
  name: string
  version: string
  kind: string | undefined
  /** `ok`: matches its lockfile digest; `modified`: changed on disk (the host will refuse it); `missing`: not on disk. */
  status: 'ok' | 'modified' | 'missing'
  resolved: string
  signature: { keyId: string; verified: boolean } | null
  /** What it was granted, in plain words. */
  granted: string[]
  /** Its plugin dependencies (`pdk.dependencies`). */
  dependencies: Record<string, string>
}

/** What `pdk list` shows. `ok` is false when an installed plugin is modified or missing. */
export interface ListResult {
  ok: boolean
  host: { name: string; version: string }
  pluginsDir: string
  plugins: ListedPlugin[]
  /** Plugin packages in the plugins folder that the lockfile does not list (not installed by pdk). */
  unlocked: string[]
}

/** The plugins installed in a host project, each checked against its lockfile digest. */
export async function listPlugins(options: ListOptions): Promise<ListResult> {
  const project = await loadHostProject(resolve(options.cwd), options.configDir)
  const { lock, manifests } = await readInstalled(project)
  const plugins = await Promise.all(
    Object.entries(lock.plugins).map(async ([name, entry]): Promise<ListedPlugin> => {
      const dir = join(project.pluginsDir, entry.path)
      const manifest = manifests.get(name)
      const status = !existsSync(dir) ? 'missing' : (await computeDigest(dir)) === entry.digest ? 'ok' : 'modified'
      return {
        name,
        version: entry.version,
        kind: manifest?.pdk?.kind as string | undefined,
        status,
        resolved: entry.resolved,
        signature: entry.signature,
        granted: hasAny(entry.granted) ? describePermissions(entry.granted as Permissions).map((l) => l.text) : [],
        dependencies: (manifest?.pdk?.dependencies ?? {}) as Record<string, string>,
      }
    }),
  )
  const unlocked = (await pluginPackagesIn(join(project.pluginsDir, 'node_modules'))).filter((n) => !lock.plugins[n])
  return {
    ok: plugins.every((p) => p.status === 'ok'),
    host: { name: project.name, version: project.version },
    pluginsDir: project.pluginsDir,
    plugins: plugins.sort((a, b) => a.name.localeCompare(b.name)),
    unlocked,
  }
}

async function pluginPackagesIn(dir: string): Promise<string[]> {
  const names: string[] = []
  const entries = await readdir(dir).catch(() => [] as string[])
  for (const entry of entries) {
    if (entry.startsWith('.')) continue
    const inner = entry.startsWith('@')
      ? (await readdir(join(dir, entry)).catch(() => [] as string[])).map((e) => `${entry}/${e}`)
      : [entry]
    for (const name of inner) {
      try {
        const pkg = JSON.parse(await readFile(join(dir, name, 'package.json'), 'utf8')) as { pdk?: unknown }
        if (pkg.pdk) names.push(name)
      } catch {
        // Not a package: not a plugin.
      }
    }
  }
  return names.sort()
}
