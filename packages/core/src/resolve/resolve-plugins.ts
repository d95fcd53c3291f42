import { PdkError } from '../errors.js'
import type { Permissions, PluginPackageJson } from '../manifest/types.js'
import { dependencyFailed } from './dependency-failed.js'
import { findCycles } from './find-cycles.js'
import { missingPermissions } from './missing-permissions.js'
import { satisfies } from './semver-cache.js'

// Shared by every plugin whose dependencies provide no capability (most of them).
const NO_PROVIDERS: ReadonlyMap<string, string> = new Map()
const NOTHING_GRANTED: Permissions = Object.freeze({})
const NO_WARNINGS: string[] = []
const NO_CAPABILITIES: readonly string[] = []

/** A plugin other plugins may depend on: already in the host, or being added with these. */
export interface KnownPlugin {
  version: string
  capabilities: readonly string[]
  /** Set when it was refused or failed to resolve: its dependents are not started. */
  error?: PdkError
}

export type Resolution =
  | { ok: true; deps: string[]; providers: ReadonlyMap<string, string>; granted: Permissions; warnings: string[] }
  | { ok: false; error: PdkError }

/**
 * Resolves `targets` against each other and every `known` plugin (those already in the host, or
 * refused; a target wins over a known plugin of its name): permissions against the policy, required
 * and optional dependencies by semver, cycles (reported whole), dependents of failed plugins,
 * and which dependency provides each capability. Returns one resolution per target and the
 * targets that resolved, in dependency order.
 */
export function resolvePlugins(
  targets: readonly PluginPackageJson[],
  known: ReadonlyMap<string, KnownPlugin>,
  grant: (manifest: PluginPackageJson) => Permissions | undefined,
): { resolutions: Map<string, Resolution>; order: string[] } {
  const resolutions = new Map<string, Resolution>()
  const byName = new Map<string, PluginPackageJson>()
  for (const manifest of targets) byName.set(manifest.name, manifest)
  for (const manifest of targets) resolutions.set(manifest.name, resolveOne(manifest, byName, known, grant))

  const edgeLists = new Map<string, string[]>()
  const none: string[] = []
  for (const [name, r] of resolutions) {
    if (r.ok && r.deps.length > 0) edgeLists.set(name, onlyAmong(r.deps, byName))
  }
  const edges = (name: string) => (resolutions.get(name)?.ok ? (edgeLists.get(name) ?? none) : none)
  const names = targets.map((m) => m.name)
  // Without cycles the search's post-order is the start order: one walk of the graph, not two.
  const postOrder: string[] = []
  const cycles = findCycles(names, edges, postOrder)
  for (const cycle of cycles) {
    const text = cycle.join(' -> ')
    for (const name of new Set(cycle)) {
      const m = byName.get(name)!
      resolutions.set(
        name,
        fail('PDK_DEP_CYCLE', `Plugins depend on each other in a cycle: ${text}.`, m, {
          hint: `Break the cycle: remove one of these dependencies from pdk.dependencies (for example in "${cycle.at(-2)}"), or move the shared part into a plugin both depend on.`,
          cycle,
        }),
      )
    }
  }

  const order = cycles.length === 0 ? postOrder : topologicalOrder(names, edges)
  const resolved: string[] = []
  for (const name of order) {
    const r = resolutions.get(name)!
    if (!r.ok) continue
    const manifest = byName.get(name)!
    let failedDep: string | undefined
    let failedCount = 0
    for (const d of r.deps) {
      if (failure(d, resolutions, known) === undefined) continue
      failedCount++
      if (failedDep === undefined && isRequired(manifest, d)) failedDep = d
    }
    if (failedDep !== undefined) {
      const cause = failure(failedDep, resolutions, known)!
      resolutions.set(name, { ok: false, error: dependencyFailed(manifest, failedDep, cause, 'resolve') })
      continue
    }
    if (failedCount > 0) r.deps = r.deps.filter((d) => !failure(d, resolutions, known))
    const ambiguous = assignProviders(manifest, r, byName, known)
    if (ambiguous) resolutions.set(name, { ok: false, error: ambiguous })
    else resolved.push(name)
  }
  return { resolutions, order: resolved }
}

// The dependencies being resolved in this batch; the list itself when all of them are (the usual case).
function onlyAmong(deps: string[], byName: ReadonlyMap<string, unknown>): string[] {
  for (const d of deps) if (!byName.has(d)) return deps.filter((x) => byName.has(x))
  return deps
}

function resolveOne(
  manifest: PluginPackageJson,
  byName: ReadonlyMap<string, PluginPackageJson>,
  known: ReadonlyMap<string, KnownPlugin>,
  grant: (manifest: PluginPackageJson) => Permissions | undefined,
): Resolution {
  let granted: Permissions | undefined
  try {
    granted = grant(manifest)
  } catch (error) {
    return {
      ok: false,
      error: PdkError.from(error, 'PDK_PERMISSION_DENIED', {
        details: { plugin: manifest.name, version: manifest.version, step: 'resolve' },
        hint: 'The host policy threw while deciding; fix policy.grant.',
      }),
    }
  }
  const missing = missingPermissions(manifest.pdk.permissions, granted)
  if (missing.length > 0) {
    return fail(
      'PDK_PERMISSION_DENIED',
      `Plugin "${manifest.name}@${manifest.version}" asks for permissions the host policy does not grant: ${missing.join(', ')}.`,
      manifest,
      {
        hint: "Grant them in the host's policy option (a static Permissions object or policy.grant(manifest)), or remove them from pdk.permissions.",
        missing,
      },
    )
  }
  const deps: string[] = []
  let warnings = NO_WARNINGS
  const required = manifest.pdk.dependencies
  for (const dep in required) {
    const range = required[dep]!
    const found = versionOf(dep, byName, known)
    if (found === undefined) {
      return fail(
        'PDK_DEP_MISSING',
        `Plugin "${manifest.name}@${manifest.version}" needs "${dep}@${range}", which is not installed.`,
        manifest,
        {
          hint: `Install it: \`pdk install ${dep}\`, or add its folder to the host's plugins.`,
          dependency: dep,
          range,
          found: [],
        },
      )
    }
    if (!satisfies(found.version, range)) {
      return fail(
        'PDK_DEP_VERSION',
        `Plugin "${manifest.name}@${manifest.version}" needs "${dep}@${range}", but the installed ${dep} is ${found.version}.`,
        manifest,
        {
          hint: `Run \`pdk update ${dep}\` to get a version in ${range}, or relax the range in pdk.dependencies of "${manifest.name}".`,
          dependency: dep,
          range,
          found: [found.version],
        },
      )
    }
    deps.push(dep)
  }
  const optional = manifest.pdk.optionalDependencies
  for (const dep in optional) {
    const range = optional[dep]!
    const found = versionOf(dep, byName, known)
    if (found === undefined) continue
    if (!satisfies(found.version, range)) {
      if (warnings === NO_WARNINGS) warnings = []
      warnings.push(`Optional dependency "${dep}@${range}" is ignored: the installed ${dep} is ${found.version}.`)
      continue
    }
    deps.push(dep)
  }
  return { ok: true, deps, providers: NO_PROVIDERS, granted: manifest.pdk.permissions ?? NOTHING_GRANTED, warnings }
}

function assignProviders(
  manifest: PluginPackageJson,
  resolution: Extract<Resolution, { ok: true }>,
  byName: ReadonlyMap<string, PluginPackageJson>,
  known: ReadonlyMap<string, KnownPlugin>,
): PdkError | undefined {
  let offers: Map<string, string[]> | undefined
  for (const dep of resolution.deps) {
    const capabilities = byName.get(dep)?.pdk.capabilities ?? known.get(dep)?.capabilities ?? NO_CAPABILITIES
    for (const capability of capabilities) {
      offers ??= new Map()
      offers.set(capability, [...(offers.get(capability) ?? []), dep])
    }
  }
  if (offers === undefined) return undefined
  resolution.providers = new Map()
  for (const [capability, providers] of offers) {
    if (providers.length > 1) {
      return fail(
        'PDK_SERVICE_AMBIGUOUS',
        `Plugin "${manifest.name}@${manifest.version}" depends on ${providers.map((p) => `"${p}"`).join(' and ')}, which all provide "${capability}".`,
        manifest,
        {
          hint: `Depend on only one provider of "${capability}".`,
          capability,
          providers,
        },
      ).error
    }
    ;(resolution.providers as Map<string, string>).set(capability, providers[0]!)
  }
  return undefined
}

function failure(
  name: string,
  resolutions: ReadonlyMap<string, Resolution>,
  known: ReadonlyMap<string, KnownPlugin>,
): PdkError | undefined {
  const r = resolutions.get(name)
  if (r !== undefined) return r.ok ? undefined : r.error
  return known.get(name)?.error
}

// A plugin being resolved in this batch wins over a known one of the same name.
function versionOf(
  name: string,
  byName: ReadonlyMap<string, PluginPackageJson>,
  known: ReadonlyMap<string, KnownPlugin>,
): { version: string } | undefined {
  return byName.get(name) ?? known.get(name)
}

function isRequired(manifest: PluginPackageJson, dep: string): boolean {
  return manifest.pdk.dependencies?.[dep] !== undefined
}

/** Dependencies before dependents; input order kept among independent plugins. */
function topologicalOrder(names: readonly string[], edges: (name: string) => readonly string[]): string[] {
  const order: string[] = []
  const placed = new Set<string>()
  const inNames = new Set(names)
  const onPath = new Set<string>()
  const stack: Array<{ name: string; i: number; deps: readonly string[] }> = []
  for (const root of names) {
    if (placed.has(root)) continue
    stack.push({ name: root, i: 0, deps: edges(root) })
    onPath.add(root)
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const dep = top.deps[top.i++]
      if (dep === undefined) {
        placed.add(top.name)
        order.push(top.name)
        stack.pop()
        onPath.delete(top.name)
      } else if (inNames.has(dep) && !placed.has(dep) && !onPath.has(dep)) {
        onPath.add(dep)
        stack.push({ name: dep, i: 0, deps: edges(dep) })
      }
    }
  }
  return order
}

function fail(
  code: string,
  message: string,
  manifest: PluginPackageJson,
  extra: { hint: string } & Record<string, unknown>,
): { ok: false; error: PdkError } {
  const { hint, ...details } = extra
  return {
    ok: false,
    error: new PdkError(code, message, {
      hint,
      details: { plugin: manifest.name, version: manifest.version, step: 'resolve', ...details },
    }),
  }
}
