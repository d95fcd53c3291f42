import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { InMemoryPlugin, PluginDefinition, PluginPackageJson, PluginSource } from '@pdk/core'

/** A plugin under test as the test host needs to know it before the host loads it. */
export interface PluginUnderTest {
  manifest: PluginPackageJson
  /** The definition, when it could be had (in-memory, or the folder plugin's entry imported). */
  definition?: PluginDefinition<any>
}

/**
 * Reads the manifests of the plugins given to a test host: in-memory plugins as they are, a
 * package folder with a `pdk` field, or a folder holding such packages one level down.
 */
export async function readPluginSources(sources: PluginSource[], cwd: string): Promise<PluginUnderTest[]> {
  const found: PluginUnderTest[] = []
  for (const source of sources) {
    if (typeof source !== 'string') {
      found.push({ manifest: (source as InMemoryPlugin).manifest, definition: (source as InMemoryPlugin).definition })
      continue
    }
    const dir = resolve(cwd, source)
    const own = readManifest(dir)
    const dirs = own ? [dir] : subfolders(dir).filter((d) => readManifest(d) !== undefined)
    for (const pluginDir of dirs) {
      const manifest = readManifest(pluginDir)!
      found.push({ manifest, definition: await importDefinition(pluginDir, manifest) })
    }
  }
  return found
}

function readManifest(dir: string): PluginPackageJson | undefined {
  const file = join(dir, 'package.json')
  if (!existsSync(file)) return undefined
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as PluginPackageJson
    return typeof pkg.pdk === 'object' && pkg.pdk !== null ? pkg : undefined
  } catch {
    return undefined
  }
}

function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => join(dir, entry.name))
}

// Only to learn which hooks it taps; the host imports it again (the same module instance) and
// reports a broken entry itself, so a failure here is not an error.
async function importDefinition(dir: string, manifest: PluginPackageJson): Promise<PluginDefinition<any> | undefined> {
  const entry = entryOf(manifest)
  if (entry === undefined) return undefined
  const file = resolve(dir, entry)
  if (!existsSync(file)) return undefined
  try {
    const module = (await import(pathToFileURL(file).href)) as { default?: PluginDefinition<any> }
    return module.default
  } catch {
    return undefined
  }
}

function entryOf(manifest: PluginPackageJson): string | undefined {
  if (manifest.pdk.entry) return manifest.pdk.entry
  const root = (manifest.exports as Record<string, unknown> | string | undefined) ?? undefined
  const dot = typeof root === 'object' && root !== null && '.' in root ? root['.'] : root
  if (typeof dot === 'string') return dot
  if (typeof dot === 'object' && dot !== null) {
    const conditions = dot as Record<string, unknown>
    const pick = conditions.import ?? conditions.default ?? conditions.node
    if (typeof pick === 'string') return pick
  }
  return manifest.main
}
