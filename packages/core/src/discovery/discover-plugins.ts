import { isAbsolute, join, resolve } from 'node:path'
import { PdkError } from '../errors.js'
import type { InMemoryPlugin, PluginSource } from '../host/host-types.js'
import type { ManifestReport, PluginPackageJson } from '../manifest/types.js'
import { isPluginDefinition } from '../plugin/define-plugin.js'
import type { Candidate, Refusal } from './candidate.js'
import { checkCompatibility, type HostIdentity, isolationUnavailable } from './check-compatibility.js'
import { type PackageFile, scanSource } from './read-plugin-folder.js'

const IN_MEMORY = { inMemory: true }

/**
 * The shared manifest rules as discovery asks them: `undefined` for a manifest with no findings
 * (no report object per plugin), else what `validateManifest(pkgJson, { file })` reports.
 */
export type ManifestValidator = (
  pkg: unknown,
  options: { file?: string; inMemory?: boolean },
) => ManifestReport | undefined

/**
 * Finds the plugins of every source without importing any: validates each manifest, checks it
 * against this host, and refuses both plugins when two share a name. A bad plugin becomes a
 * refusal; the others go on.
 */
export async function discoverPlugins(
  sources: readonly PluginSource[],
  options: { cwd: string; host: HostIdentity; validate: ManifestValidator },
): Promise<Discovered> {
  const found = new Found()
  let i = 0
  while (i < sources.length) {
    const source = sources[i]!
    if (typeof source === 'string') {
      const dir = isAbsolute(source) ? source : resolve(options.cwd, source)
      for (const pkg of await scanSource(dir)) found.add(fromPackage(pkg, options))
      i++
    } else {
      i = addInMemory(sources, i, found, options)
    }
  }
  return found.split()
}

// A run of in-memory plugins, in a plain loop outside the async function: a host may pass
// thousands, and an awaiting loop would run them through an iterator in slower code.
function addInMemory(
  sources: readonly PluginSource[],
  from: number,
  found: Found,
  options: { host: HostIdentity; validate: ManifestValidator },
): number {
  let i = from
  for (; i < sources.length; i++) {
    const source = sources[i]!
    if (typeof source === 'string') break
    found.add(fromMemory(source, options))
  }
  return i
}

/** What discovery found: candidates with distinct names, refusals, and each candidate's position by name. */
export interface Discovered {
  candidates: Candidate[]
  refusals: Refusal[]
  /** Name -> position in `candidates`. */
  index: Map<string, number>
}

function fromPackage(
  pkg: PackageFile,
  options: { host: HostIdentity; validate: ManifestValidator },
): Candidate | Refusal {
  const json = pkg.json ?? {}
  if (pkg.error) return refusal(json, pkg.dir, pkg.error)
  const checked = check(json, { file: pkg.file }, options)
  if (checked instanceof PdkError) return refusal(json, pkg.dir, checked)
  return { manifest: checked, dir: pkg.dir, entry: entryOf(checked, pkg.dir), definition: undefined, origin: pkg.dir }
}

function fromMemory(
  plugin: InMemoryPlugin,
  options: { host: HostIdentity; validate: ManifestValidator },
): Candidate | Refusal {
  const json = (plugin?.manifest ?? {}) as Record<string, unknown>
  const checked = check(json, IN_MEMORY, options)
  if (checked instanceof PdkError) return refusal(json, plugin?.dir, checked)
  if (!isPluginDefinition(plugin.definition) && (typeof plugin.definition !== 'object' || plugin.definition === null)) {
    return refusal(json, plugin.dir, noDefinition(checked))
  }
  const isolation = checked.pdk.isolation
  if (isolation !== undefined && isolation !== 'none') {
    const details = { plugin: checked.name, version: checked.version, step: 'discover' }
    return refusal(json, plugin.dir, isolationUnavailable(checked, isolation, details))
  }
  return {
    manifest: checked,
    dir: plugin.dir,
    entry: undefined,
    definition: plugin.definition,
    origin: plugin.dir ?? 'in-memory',
  }
}

function noDefinition(manifest: PluginPackageJson): PdkError {
  return new PdkError('PDK_INVALID_ARGUMENT', `In-memory plugin "${manifest.name}" has no definition object.`, {
    hint: 'Pass { manifest, definition: definePlugin({ ... }) }.',
    details: { plugin: manifest.name, version: manifest.version, step: 'discover' },
  })
}

function check(
  json: Record<string, unknown>,
  where: { file?: string; inMemory?: boolean },
  options: { host: HostIdentity; validate: ManifestValidator },
): PluginPackageJson | PdkError {
  const { file } = where
  const report = options.validate(json, where)
  if (report === undefined) {
    const manifest = json as unknown as PluginPackageJson
    return checkCompatibility(manifest, options.host, file) ?? manifest
  }
  if (!report.ok || report.manifest === undefined) return manifestInvalid(json, report, file)
  return checkCompatibility(report.manifest, options.host, file) ?? report.manifest
}

function manifestInvalid(json: Record<string, unknown>, report: ManifestReport, file: string | undefined): PdkError {
  const errors = report.findings.filter((f) => f.severity === 'error')
  const name = typeof json.name === 'string' ? json.name : '(unnamed)'
  const first = errors[0]
  const list = errors.map((f) => `${f.pointer ?? ''} ${f.message.replace(/\.$/, '')}`.trim()).join('; ')
  return new PdkError('PDK_MANIFEST_INVALID', `The manifest of plugin "${name}" is invalid: ${list}.`, {
    hint: first?.hint ?? 'Run `pdk validate` in the plugin folder to see every problem with its fix.',
    details: {
      plugin: name,
      version: json.version as string | undefined,
      step: 'discover',
      file,
      pointer: first?.pointer,
      findings: errors,
    },
  })
}

/** The entry module: pdk.entry, else exports["."].import, else main, else index.js. */
function entryOf(manifest: PluginPackageJson, dir: string): string {
  const exp = manifest.exports as any
  const fromExports =
    typeof exp === 'string' ? exp : typeof exp?.['.'] === 'string' ? exp['.'] : (exp?.['.']?.import ?? exp?.import)
  const entry =
    manifest.pdk.entry ?? (typeof fromExports === 'string' ? fromExports : undefined) ?? manifest.main ?? 'index.js'
  return join(dir, entry)
}

function refusal(json: Record<string, unknown>, dir: string | undefined, error: PdkError): Refusal {
  const pdk = json.pdk as Record<string, unknown> | undefined
  return {
    name: typeof json.name === 'string' ? json.name : undefined,
    version: typeof json.version === 'string' ? json.version : undefined,
    kind: typeof pdk?.kind === 'string' ? pdk.kind : undefined,
    dir,
    error,
  }
}

/**
 * Sorts what sources yield into candidates and refusals, indexed by name as they come: the one
 * map of names resolution needs too. Both copies of a name are refused.
 */
class Found {
  private readonly candidates: Candidate[] = []
  private readonly refusals: Refusal[] = []
  private readonly index = new Map<string, number>()
  /** Later copies of a name, by name (rare). */
  private copies: Map<string, Candidate[]> | undefined

  add(item: Candidate | Refusal): void {
    if ('error' in item) {
      this.refusals.push(item)
      return
    }
    const name = item.manifest.name
    const { index, candidates } = this
    // One hash operation for a new name (nearly all of them): a repeated one does not grow the
    // map, and gets its first position back.
    const size = index.size
    index.set(name, candidates.length)
    if (index.size > size) {
      candidates.push(item)
      return
    }
    index.set(
      name,
      candidates.findIndex((c) => c.manifest.name === name),
    )
    this.copies ??= new Map()
    const copies = this.copies.get(name)
    if (copies === undefined) this.copies.set(name, [item])
    else copies.push(item)
  }

  split(): Discovered {
    const { candidates, refusals, copies } = this
    if (copies === undefined) return { candidates, refusals, index: this.index }
    // Candidates in the order their names first appeared; refusals of duplicates after the others.
    const kept: Candidate[] = []
    const index = new Map<string, number>()
    for (const first of candidates) {
      const name = first.manifest.name
      const others = copies.get(name)
      if (others === undefined) {
        index.set(name, kept.length)
        kept.push(first)
        continue
      }
      const same = [first, ...others]
      const origins = same.map((c) => c.origin)
      const error = new PdkError(
        'PDK_DUPLICATE_PLUGIN',
        `Plugin "${name}" is found ${same.length} times: ${origins.join(' and ')}; both are refused.`,
        {
          hint: "Keep one copy: remove the others from the host's plugin folders.",
          details: { plugin: name, step: 'discover', folders: origins, versions: same.map((c) => c.manifest.version) },
        },
      )
      refusals.push({ name, version: first.manifest.version, kind: first.manifest.pdk.kind, dir: first.dir, error })
    }
    return { candidates: kept, refusals, index }
  }
}
