import { PdkError, validateManifest } from '@pdk/core'
import npa from 'npm-package-arg'
import semver from 'semver'
import { type NpmOptions, registryFor } from '../registry/npm-config.js'
import type { PackageJson } from '../registry/read-package.js'
import { readPackument } from '../registry/read-packument.js'
import type { TrustedKey } from '../signing/trust-store.js'
import { verifyFiles } from '../signing/verify-package.js'
import { type FitContext, fitProblem } from './check-plugin-fit.js'
import { dependentsOf, type Installed } from './installed-plugins.js'
import type { HostProject } from './load-host-project.js'
import { pickVersion } from './pick-version.js'
import { localPackage, type PluginPackage, registryPackage } from './plugin-package.js'

/** A plugin to put in the plugins folder, fetched and checked. */
export interface PlannedPlugin extends PluginPackage {
  /** Why it is installed: the request as typed, or `dependency of NAME`. */
  reason: string
  /** The version installed before, if any. */
  previous: string | undefined
  signature: { keyId: string; verified: boolean } | null
}

interface Request {
  spec: string
  reason: string
}

/**
 * Resolves and fetches what `pdk install` (or `update`) asked for, and the plugin dependencies
 * that are missing or too old: every version checked against the host, its @pdk/core and the
 * ranges of installed plugins; every tarball checked for integrity and signature; every
 * manifest checked with the same rules the host applies.
 */
export async function planInstall(
  project: HostProject,
  specs: readonly string[],
  ctx: { cwd: string; npm: NpmOptions; installed: Installed; trusted: readonly TrustedKey[] },
): Promise<PlannedPlugin[]> {
  const planned = new Map<string, PlannedPlugin>()
  const queue: Request[] = specs.map((spec) => ({ spec, reason: spec }))
  while (queue.length > 0) {
    const request = queue.shift() as Request
    const pkg = await fetchRequest(request, project, ctx, planned)
    if (!pkg) continue
    const previous = ctx.installed.lock.plugins[pkg.name]?.version
    const signature = await checkSignature(pkg, project, ctx.trusted)
    const plugin: PlannedPlugin = { ...pkg, reason: request.reason, previous, signature }
    const earlier = planned.get(pkg.name)
    if (earlier && earlier.version !== pkg.version) {
      throw new PdkError(
        'PDK_DEP_VERSION',
        `"${pkg.name}" is wanted as ${earlier.version} (${earlier.reason}) and as ${pkg.version} (${request.reason}).`,
        {
          hint: 'Install one of them at a time, or align the ranges.',
          details: { plugin: pkg.name, versions: [earlier.version, pkg.version] },
        },
      )
    }
    planned.set(pkg.name, plugin)
    queue.push(...missingDependencies(plugin, planned, ctx.installed))
  }
  return [...planned.values()]
}

async function fetchRequest(
  request: Request,
  project: HostProject,
  ctx: { cwd: string; npm: NpmOptions; installed: Installed },
  planned: ReadonlyMap<string, PlannedPlugin>,
): Promise<PluginPackage | undefined> {
  const fitFor = (name: string): FitContext => ({
    host: { name: project.name, version: project.version },
    coreVersion: project.coreVersion,
    constraints: [
      ...dependentsOf(name, ctx.installed.manifests, new Set(planned.keys())),
      ...dependentsOf(name, new Map([...planned].map(([n, p]) => [n, p.manifest]))),
    ],
  })
  const local = await localPackage(request.spec, ctx.cwd)
  if (local) {
    checkManifest(local.manifest, local.resolved)
    const problem = fitProblem({ ...local.manifest, name: local.name, version: local.version }, fitFor(local.name))
    if (problem) throw problem
    return local
  }
  let parsed: ReturnType<typeof npa>
  try {
    parsed = npa(request.spec)
  } catch (error) {
    throw new PdkError('PDK_USAGE', `"${request.spec}" is neither a plugin folder, a tarball nor NAME[@RANGE].`, {
      hint: 'Examples: `pdk install pdk-plugin-greeter`, `pdk install pdk-plugin-greeter@^1.2.0`, `pdk install ./my-plugin`.',
      cause: error,
    })
  }
  if (!parsed.registry || !parsed.name) {
    throw new PdkError('PDK_USAGE', `"${request.spec}" is a ${parsed.type} specifier, which pdk does not install.`, {
      hint: 'Install from the registry (NAME[@RANGE]), a local folder or a .tgz.',
    })
  }
  const name = parsed.name
  const range = parsed.rawSpec === '' ? '*' : parsed.rawSpec
  const already = planned.get(name)
  if (already && semver.satisfies(already.version, range)) return undefined
  const registry = registryFor(name, ctx.npm)
  const packument = await readPackument(name, ctx.npm)
  if (!packument) {
    throw new PdkError(
      'PDK_NOT_FOUND',
      `"${name}" is not in the registry ${registry}${request.reason === request.spec ? '' : ` (${request.reason})`}.`,
      {
        hint: 'Check the name (`pdk search` lists plugins) and that --registry points where it was published.',
        details: { plugin: name, registry },
      },
    )
  }
  const version = pickVersion(packument, range, fitFor(name))
  const manifest = packument.versions?.[version]
  const pkg = await registryPackage(name, version, manifest?.dist ?? {}, ctx.npm, registry)
  checkManifest(pkg.manifest, `${name}@${version}`)
  return pkg
}

/** The same manifest rules the host applies at load: refused here rather than after installing. */
function checkManifest(manifest: PackageJson, label: string): void {
  if (typeof manifest.pdk !== 'object' || manifest.pdk === null) {
    throw new PdkError(
      'PDK_MANIFEST_INVALID',
      `"${manifest.name}@${manifest.version}" (${label}) is not a pdk plugin: its package.json has no "pdk" field.`,
      {
        hint: "Install pdk plugins only (`pdk search` lists them); plain npm packages belong in the host's own dependencies.",
        details: { plugin: manifest.name, version: manifest.version, pointer: '/pdk' },
      },
    )
  }
  const report = validateManifest(manifest)
  const errors = report.findings.filter((f) => f.severity === 'error')
  if (errors.length > 0) {
    throw new PdkError(
      'PDK_MANIFEST_INVALID',
      `The manifest of "${manifest.name}@${manifest.version}" is invalid: ${errors.map((f) => `${f.pointer ?? ''} ${f.message}`.trim().replace(/\.$/, '')).join('; ')}.`,
      {
        hint: 'A host would refuse it too; ask its publisher for a fixed version.',
        details: { plugin: manifest.name, version: manifest.version, findings: errors },
      },
    )
  }
}

async function checkSignature(
  pkg: PluginPackage,
  project: HostProject,
  trusted: readonly TrustedKey[],
): Promise<{ keyId: string; verified: boolean } | null> {
  const verdict = await verifyFiles(pkg.files, trusted)
  if (verdict.ok) return { keyId: verdict.keyId as string, verified: true }
  const untrustedOnly = verdict.findings.every((f) => f.rule === 'signature/untrusted-key')
  const unsigned = verdict.findings.some((f) => f.rule === 'signature/missing')
  // A signature that does not match the files means tampering: refused whether or not signatures are required.
  if (!project.requireSignatures && (unsigned || untrustedOnly)) {
    return unsigned ? null : { keyId: verdict.keyId as string, verified: false }
  }
  // The most serious reason first: tampering says more than an unknown key.
  const first = verdict.findings.find((f) => f.rule !== 'signature/untrusted-key') ?? verdict.findings[0]
  throw new PdkError(
    'PDK_SIGNATURE',
    `"${pkg.name}@${pkg.version}" fails its signature check: ${first?.message ?? 'no valid signature'}`,
    {
      hint: first?.hint ?? 'Install only packages signed by a trusted key.',
      details: { plugin: pkg.name, version: pkg.version, findings: verdict.findings },
    },
  )
}

function missingDependencies(
  plugin: PlannedPlugin,
  planned: ReadonlyMap<string, PlannedPlugin>,
  installed: Installed,
): Request[] {
  const deps = (plugin.manifest.pdk?.dependencies ?? {}) as Record<string, string>
  const out: Request[] = []
  for (const [dep, range] of Object.entries(deps)) {
    const have = planned.get(dep)?.version ?? installed.lock.plugins[dep]?.version
    if (have && semver.satisfies(have, range, { includePrerelease: true })) continue
    if (planned.has(dep)) {
      throw new PdkError(
        'PDK_DEP_VERSION',
        `Plugin "${plugin.name}" needs "${dep}@${range}", but ${dep} ${have} is being installed.`,
        {
          hint: `Install a version of ${dep} that fits ${range}.`,
          details: { plugin: plugin.name, version: plugin.version, dependency: dep, range, found: have },
        },
      )
    }
    out.push({ spec: `${dep}@${range}`, reason: `dependency of ${plugin.name}` })
  }
  return out
}
