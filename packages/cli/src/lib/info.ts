import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { PdkError, type Permissions } from '@pdk/core'
import npa from 'npm-package-arg'
import semver from 'semver'
import { describePermissions, type PermissionLine } from './describe-permissions.js'
import { fitProblem } from './host-project/check-plugin-fit.js'
import { readInstalled } from './host-project/installed-plugins.js'
import { type HostProject, loadHostProject } from './host-project/load-host-project.js'
import { hasAny } from './host-project/plugin-change.js'
import { loadNpmConfig } from './registry/npm-config.js'
import type { PackageJson } from './registry/read-package.js'
import { readPackument } from './registry/read-packument.js'
import { readTarball } from './registry/read-tarball.js'

export interface InfoOptions {
  cwd: string
  /** A plugin folder, a `.tgz`, an installed plugin's name, or NAME[@VERSION] in the registry. */
  target: string
  registry?: string
  configDir?: string
}

/** A plugin's dependency, with what satisfies it in the host (when there is one). */
export interface InfoDependency {
  name: string
  range: string
  optional: boolean
  /** The installed version, when the host has it. */
  installed: string | undefined
  satisfied: boolean | null
}

/** What `pdk info` shows. */
export interface InfoResult {
  ok: true
  source: 'folder' | 'tarball' | 'installed' | 'registry'
  name: string
  version: string
  description: string
  kind: string | undefined
  host: { name: string; range: string } | undefined
  capabilities: string[]
  activation: string[]
  isolation: string
  permissions: PermissionLine[]
  /** Plugin dependencies (`pdk.dependencies`, `pdk.optionalDependencies`). */
  plugins: InfoDependency[]
  /** npm dependencies, installed with it. */
  dependencies: Record<string, string>
  /** Provided by the host (e.g. @pdk/core), never installed with it. */
  peerDependencies: Record<string, string>
  /** With a host project: whether this version fits it, and why not. */
  compatibility: { host: string; compatible: boolean; reason: string | undefined } | undefined
  /** Registry versions, newest first (registry source). */
  versions: string[]
}

/** A plugin's manifest, dependency tree, permissions in plain words and compatibility with the host in `cwd`. */
export async function infoPlugin(options: InfoOptions): Promise<InfoResult> {
  const cwd = resolve(options.cwd)
  const project = existsSync(join(cwd, 'pdk.config.json'))
    ? await loadHostProject(cwd, options.configDir).catch(() => undefined)
    : undefined
  const installed = project ? await readInstalled(project) : undefined
  const { manifest, source, versions } = await locate(options, cwd, project, installed?.lock.plugins)
  const pdk = (manifest.pdk ?? {}) as Record<string, any>
  if (!manifest.pdk) {
    throw new PdkError(
      'PDK_MANIFEST_INVALID',
      `"${manifest.name}@${manifest.version}" is not a pdk plugin: its package.json has no "pdk" field.`,
      {
        hint: 'Only pdk plugins have plugin information; `pdk search` lists them.',
        details: { plugin: manifest.name, version: manifest.version, pointer: '/pdk' },
      },
    )
  }
  const deps = (record: unknown, optional: boolean): InfoDependency[] =>
    Object.entries((record ?? {}) as Record<string, string>).map(([name, range]) => {
      const have = installed?.lock.plugins[name]?.version
      return {
        name,
        range,
        optional,
        installed: have,
        satisfied: installed ? have !== undefined && semver.satisfies(have, range, { includePrerelease: true }) : null,
      }
    })
  const problem = project
    ? fitProblem(
        { ...manifest, name: manifest.name as string, version: manifest.version as string },
        { host: { name: project.name, version: project.version }, coreVersion: project.coreVersion, constraints: [] },
      )
    : undefined
  const permissions = (pdk.permissions ?? {}) as Permissions
  return {
    ok: true,
    source,
    name: manifest.name as string,
    version: manifest.version as string,
    description: manifest.description ?? '',
    kind: pdk.kind,
    host: pdk.host,
    capabilities: pdk.capabilities ?? [],
    activation: pdk.activation ?? ['onStartup'],
    isolation: pdk.isolation ?? 'none',
    permissions: hasAny(permissions) ? describePermissions(permissions) : [],
    plugins: [...deps(pdk.dependencies, false), ...deps(pdk.optionalDependencies, true)],
    dependencies: manifest.dependencies ?? {},
    peerDependencies: manifest.peerDependencies ?? {},
    compatibility: project
      ? { host: `${project.name}@${project.version}`, compatible: problem === undefined, reason: problem?.message }
      : undefined,
    versions,
  }
}

async function locate(
  options: InfoOptions,
  cwd: string,
  project: HostProject | undefined,
  locked: Record<string, { path: string }> | undefined,
): Promise<{ manifest: PackageJson; source: InfoResult['source']; versions: string[] }> {
  const path = resolve(cwd, options.target)
  const info = await stat(path).catch(() => undefined)
  if (info?.isDirectory()) {
    return { manifest: await readJson(join(path, 'package.json')), source: 'folder', versions: [] }
  }
  if (info?.isFile()) {
    const files = await readTarball(await readFile(path), path)
    return {
      manifest: JSON.parse((files.get('package.json') as Buffer).toString('utf8')),
      source: 'tarball',
      versions: [],
    }
  }
  const entry = locked?.[options.target]
  if (project && entry) {
    return {
      manifest: await readJson(join(project.pluginsDir, entry.path, 'package.json')),
      source: 'installed',
      versions: [],
    }
  }
  let parsed: ReturnType<typeof npa>
  try {
    parsed = npa(options.target)
  } catch {
    parsed = { registry: false } as ReturnType<typeof npa>
  }
  if (!parsed.registry || !parsed.name) {
    throw new PdkError(
      'PDK_NOT_FOUND',
      `"${options.target}" is not a folder, a tarball, an installed plugin or a registry name.`,
      {
        hint: 'Pass a plugin folder, a .tgz, or NAME[@VERSION].',
        details: { file: path },
      },
    )
  }
  const npm = await loadNpmConfig({ cwd, registry: options.registry })
  const packument = await readPackument(parsed.name, npm)
  if (!packument) {
    throw new PdkError(
      'PDK_NOT_FOUND',
      `"${parsed.name}" is neither installed here nor in the registry ${npm.registry}.`,
      {
        hint: 'Check the name; `pdk search` lists plugins, `pdk list` the installed ones.',
        details: { plugin: parsed.name },
      },
    )
  }
  const versions = Object.keys(packument.versions ?? {})
    .filter((v) => semver.valid(v))
    .sort(semver.rcompare)
  const wanted = parsed.rawSpec && parsed.rawSpec !== '*' ? parsed.rawSpec : 'latest'
  const version = packument['dist-tags']?.[wanted] ?? semver.maxSatisfying(versions, wanted) ?? undefined
  const manifest = version ? packument.versions?.[version] : undefined
  if (!manifest) {
    throw new PdkError(
      'PDK_NOT_FOUND',
      `No version of "${parsed.name}" matches "${wanted}" (published: ${versions.slice(0, 8).join(', ')}).`,
      {
        hint: `Ask for a published version, e.g. \`pdk info ${parsed.name}@${versions[0]}\`.`,
        details: { plugin: parsed.name, versions },
      },
    )
  }
  return { manifest: manifest as PackageJson, source: 'registry', versions }
}

async function readJson(file: string): Promise<PackageJson> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PackageJson
  } catch (error) {
    throw new PdkError('PDK_IO', `Cannot read ${file}: ${(error as Error).message}.`, {
      hint: 'Pass a plugin folder with a package.json.',
      details: { file },
      cause: error,
    })
  }
}
