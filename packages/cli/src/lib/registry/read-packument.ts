import { fetchRegistryJson } from './fetch-registry-json.js'
import type { NpmOptions } from './npm-config.js'
import { registryFor } from './npm-config.js'
import { registryError } from './registry-error.js'

/** The parts of a registry packument pdk reads. Versions carry the full manifest (with `pdk`). */
export interface Packument {
  name: string
  'dist-tags'?: Record<string, string>
  versions?: Record<string, PackumentVersion>
  time?: Record<string, string>
  description?: string
  keywords?: string[]
}

/** One version's manifest as the registry holds it. */
export interface PackumentVersion {
  name: string
  version: string
  description?: string
  keywords?: string[]
  deprecated?: string
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  pdk?: Record<string, unknown>
  dist?: { tarball?: string; integrity?: string; shasum?: string; fileCount?: number; unpackedSize?: number }
  [key: string]: unknown
}

/**
 * The full packument of `name` (every version's manifest, so the `pdk` fields are there), or
 * undefined when the registry has no such package. Other failures are `registryError`s.
 */
export async function readPackument(
  name: string,
  npm: NpmOptions,
  options: { cache?: boolean } = {},
): Promise<Packument | undefined> {
  const registry = registryFor(name, npm)
  if (options.cache === false) {
    try {
      const direct = await fetchRegistryJson(`${registry}${name.replace('/', '%2f')}`, npm)
      if (direct) return direct.body as Packument
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined
      throw registryError(error, { action: 'read', registry, name })
    }
  }
  const { default: fetch } = await import('npm-registry-fetch')
  try {
    return (await fetch.json(`/${name.replace('/', '%2f')}`, {
      ...npm,
      // Search reads hundreds of packuments once each: writing them to npm's cache costs more than it saves.
      ...(options.cache === false ? { cache: undefined } : {}),
      registry,
      // The full document, not the abbreviated one: pdk needs each version's `pdk` object.
      headers: { accept: 'application/json' },
      preferOnline: true,
    })) as unknown as Packument
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined
    throw registryError(error, { action: 'read', registry, name })
  }
}
