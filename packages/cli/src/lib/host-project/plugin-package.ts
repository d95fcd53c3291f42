import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { PdkError } from '@pdk/core'
import { makePackage } from '../registry/make-package.js'
import type { NpmOptions } from '../registry/npm-config.js'
import type { PackageJson } from '../registry/read-package.js'
import { readTarball } from '../registry/read-tarball.js'
import { registryError } from '../registry/registry-error.js'

/** A plugin's tarball in hand, with where it came from. */
export interface PluginPackage {
  name: string
  version: string
  /** package.json from inside the tarball. */
  manifest: PackageJson
  data: Buffer
  files: Map<string, Buffer>
  /** The tarball's sha512 integrity: the registry's record, or computed for a local source. */
  integrity: string
  /** The registry tarball URL, or `file:` + the local folder or tarball. */
  resolved: string
  source: 'registry' | 'folder' | 'tarball'
}

/** A local folder (packed as `pdk pack` would) or `.tgz`, or undefined when `spec` names no local path. */
export async function localPackage(spec: string, cwd: string): Promise<PluginPackage | undefined> {
  const looksLocal = /^(\.{1,2}[\\/]|\/|[A-Za-z]:[\\/]|file:)/.test(spec) || /\.(tgz|tar\.gz)$/.test(spec)
  const path = resolve(cwd, spec.replace(/^file:/, ''))
  const info = await stat(path).catch(() => undefined)
  if (!info) {
    if (!looksLocal) return undefined
    throw new PdkError('PDK_NOT_FOUND', `Nothing to install at ${path}: no such folder or tarball.`, {
      hint: 'Pass a plugin folder, a .tgz made by `pdk pack`, or NAME[@RANGE] from the registry.',
      details: { file: path },
    })
  }
  if (info.isDirectory()) {
    const made = await makePackage(path)
    if (!made.data) {
      const first = made.findings[0]
      throw new PdkError(
        'PDK_INSTALL_FAILED',
        `The plugin folder ${path} cannot be packed: ${first?.message ?? 'see `pdk pack`'}.`,
        {
          hint: first?.hint ?? 'Run `pdk pack` in it to see every problem.',
          details: { file: path, findings: made.findings },
        },
      )
    }
    return fromData(made.data, `file:${path}`, 'folder', path)
  }
  return fromData(await readFile(path), `file:${path}`, 'tarball', path)
}

/** Fetches an exact registry version with pacote, which checks it against the packument's integrity. */
export async function registryPackage(
  name: string,
  version: string,
  dist: { tarball?: string; integrity?: string },
  npm: NpmOptions,
  registry: string,
): Promise<PluginPackage> {
  const { default: pacote } = await import('pacote')
  let data: Buffer
  try {
    data = (await pacote.tarball(`${name}@${version}`, { ...npm, integrity: dist.integrity })) as Buffer
  } catch (error) {
    throw registryError(error, { action: 'fetch', registry, name, version })
  }
  const pkg = await fromData(
    data,
    dist.tarball ?? `${registry}${name}/-/${name}-${version}.tgz`,
    'registry',
    `${name}@${version}`,
  )
  if (dist.integrity) pkg.integrity = dist.integrity
  if (pkg.name !== name || pkg.version !== version) {
    throw new PdkError('PDK_INTEGRITY', `The registry served ${pkg.name}@${pkg.version} for "${name}@${version}".`, {
      hint: 'Do not install it; tell the registry operator.',
      details: { plugin: name, version, registry },
    })
  }
  return pkg
}

async function fromData(
  data: Buffer,
  resolved: string,
  source: PluginPackage['source'],
  label: string,
): Promise<PluginPackage> {
  const files = await readTarball(data, label)
  let manifest: PackageJson
  try {
    manifest = JSON.parse((files.get('package.json') as Buffer).toString('utf8')) as PackageJson
  } catch (error) {
    throw new PdkError('PDK_MANIFEST_INVALID', `The package.json in ${label} is not JSON.`, {
      hint: 'Fix the package and pack it again.',
      details: { file: label },
      cause: error,
    })
  }
  if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
    throw new PdkError('PDK_MANIFEST_INVALID', `The package.json in ${label} has no name or version.`, {
      hint: 'Fix the package and pack it again.',
      details: { file: label },
    })
  }
  return {
    name: manifest.name,
    version: manifest.version,
    manifest,
    data,
    files,
    integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
    resolved,
    source,
  }
}
