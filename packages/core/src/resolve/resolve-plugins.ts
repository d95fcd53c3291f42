import { PdkError } from '../errors.js'
import type { Permissions, PluginPackageJson } from '../manifest/types.js'
import { dependencyFailed } from './dependency-failed.js'
import { findCycles, type IndexGraph } from './find-cycles.js'
import { missingPermissions } from './missing-permissions.js'
import { satisfies } from './semver-cache.js'

const NO_WARNINGS: string[] = []
const NO_CAPABILITIES: readonly string[] = []
// `providers` and `warnings` of a batch where no target has any (most): shared, never written.
const NONE_BY_POSITION = Object.freeze([]) as unknown as never[]

/** A plugin other plugins may depend on: already in the host, or being added with these. */
export interface KnownPlugin {
  version: string
  capabilities: readonly string[]
  /** Set when it was refused or failed to resolve: its dependents are not started. */
  error?: PdkError
}

/**
 * What `resolvePlugins` found, by target position (no object per plugin: a host resolves
 * thousands at start-up), and the targets that resolved, in dependency order.
 */
export interface ResolveResult {
  /** Why each target failed; undefined for the ones that resolved. */
  errors: Array<PdkError | undefined>
  /** Dependencies of each resolved target (required, then optional; failed optional ones dropped). */
  deps: string[][]
  /** Capability -> providing dependency, for resolved targets whose dependencies provide any. */
  providers: Array<ReadonlyMap<string, string> | undefined>
  /** Warnings of resolved targets that have some (ignored optional dependencies). */
  warnings: Array<string[] | undefined>
  /** Positions in `targets` that resolved, dependencies before dependents. */
  order: Int32Array
  /**
   * The position of each resolved target's dependencies, in the order of its `deps`: target
   * `i`'s are `depAt[depStart[i]..depStart[i + 1])`, a target position or -1 (a plugin outside
   * `targets`). Undefined when some target's `deps` dropped a failed optional dependency (rare):
   * its list then no longer lines up with these rows.
   * @internal what the boot of these plugins needs, without looking their names up again
   */
  positions: { depStart: Int32Array; depAt: Int32Array } | undefined
}

/**
 * Resolves `targets` (distinct names) against each other and every `known` plugin (those already
 * in the host, or refused; a target wins over a known plugin of its name): permissions against
 * the policy, required and optional dependencies by semver, cycles (reported whole), dependents
 * of failed plugins, and which dependency provides each capability. `index` maps each target's
 * name to its position when the caller already has that map. Works on positions, not names:
 * a host resolves thousands of plugins at start-up, and one map of names is all it needs.
 */
export function resolvePlugins(
  targets: readonly PluginPackageJson[],
  known: ReadonlyMap<string, KnownPlugin>,
  grant: (manifest: PluginPackageJson) => Permissions | undefined,
  index?: ReadonlyMap<string, number>,
): ResolveResult {
  const n = targets.length
  let byName = index
  if (byName === undefined) {
    const map = new Map<string, number>()
    for (let i = 0; i < n; i++) map.set(targets[i]!.name, i)
    byName = map
  }
  const batch = new Batch(targets, byName, known, grant)
  for (let i = 0; i < n; i++) batch.resolveOne(i)
  batch.depStart[n] = batch.edges

  // Without cycles the search's post-order is the start order: one walk of the graph, not two.
  const postOrder = new Int32Array(n)
  const { cycles } = findCycles(batch, postOrder)
  for (const cycle of cycles) {
    const names = cycle.map((i) => targets[i]!.name)
    const text = names.join(' -> ')
    for (const i of new Set(cycle)) {
      batch.errors[i] = fail('PDK_DEP_CYCLE', `Plugins depend on each other in a cycle: ${text}.`, targets[i]!, {
        hint: `Break the cycle: remove one of these dependencies from pdk.dependencies (for example in "${names.at(-2)}"), or move the shared part into a plugin both depend on.`,
        cycle: names,
      })
    }
  }
  const order = cycles.length === 0 ? postOrder : topologicalOrder(batch)
  const resolved = batch.settle(order)
  return {
    errors: batch.errors,
    deps: batch.deps,
    providers: batch.providers,
    warnings: batch.warnings,
    order: resolved,
    positions: batch.rewritten ? undefined : { depStart: batch.depStart, depAt: batch.depAt },
  }
}

/** The targets being resolved, with their dependency edges in compressed rows (see `IndexGraph`). */
class Batch implements IndexGraph {
  readonly n: number
  readonly errors: Array<PdkError | undefined>
  readonly deps: string[][]
  /** Made on the first target with providers or warnings: most batches have none. */
  providers: Array<ReadonlyMap<string, string> | undefined> = NONE_BY_POSITION
  warnings: Array<string[] | undefined> = NONE_BY_POSITION
  /** Where the dependencies of target `i` start in `depAt` (`depStart[n]` ends the last). */
  readonly depStart: Int32Array
  /**
   * Per dependency, in the order of each target's `deps`: its target position, or -1 outside the
   * batch; the first `edges` entries are used. Typed and grown by doubling: its storage lives
   * outside the JS heap and leaves no copies behind there.
   */
  depAt = new Int32Array(16)
  edges = 0
  /** Set when a target's `deps` dropped a failed optional dependency (see `ResolveResult.positions`). */
  rewritten = false
  /**
   * Whether any target or known plugin lists capabilities. Without any, no dependency provides
   * one and providers need no second look at every dependency's manifest (which, for thousands
   * of plugins, is a pass over memory long out of cache).
   */
  capabilities: boolean
  private readonly scratch: string[] = []
  readonly start: Int32Array

  constructor(
    private readonly targets: readonly PluginPackageJson[],
    private readonly byName: ReadonlyMap<string, number>,
    private readonly known: ReadonlyMap<string, KnownPlugin>,
    private readonly grant: (manifest: PluginPackageJson) => Permissions | undefined,
  ) {
    this.n = targets.length
    this.errors = new Array<PdkError | undefined>(this.n)
    this.deps = new Array<string[]>(this.n)
    this.depStart = new Int32Array(this.n + 1)
    this.start = this.depStart
    this.capabilities = false
    for (const plugin of known.values()) {
      if (plugin.capabilities.length > 0) {
        this.capabilities = true
        break
      }
    }
  }

  get to(): Int32Array {
    return this.depAt
  }

  private addEdge(at: number): void {
    if (this.edges === this.depAt.length) {
      const grown = new Int32Array(this.edges * 2)
      grown.set(this.depAt)
      this.depAt = grown
    }
    this.depAt[this.edges++] = at
  }

  live(i: number): boolean {
    return this.errors[i] === undefined
  }

  resolveOne(i: number): void {
    const manifest = this.targets[i]!
    if (manifest.pdk.capabilities !== undefined) this.capabilities = true
    const { byName, known } = this
    const first = this.edges
    this.depStart[i] = first
    let granted: Permissions | undefined
    try {
      granted = this.grant(manifest)
    } catch (error) {
      this.errors[i] = PdkError.from(error, 'PDK_PERMISSION_DENIED', {
        details: { plugin: manifest.name, version: manifest.version, step: 'resolve' },
        hint: 'The host policy threw while deciding; fix policy.grant.',
      })
      return
    }
    const asked = manifest.pdk.permissions
    const missing = asked === undefined ? undefined : missingPermissions(asked, granted)
    if (missing !== undefined && missing.length > 0) {
      this.errors[i] = permissionDenied(manifest, missing)
      return
    }
    // Collected in a scratch list and copied at their exact length: a list grown by push keeps
    // room for 17, and a host keeps every plugin's list. The scratch list is overwritten, never
    // emptied (setting its length to 0 would drop its storage).
    const scratch = this.scratch
    let count = 0
    let warnings = NO_WARNINGS
    const required = manifest.pdk.dependencies
    for (const dep in required) {
      const range = required[dep]!
      // A plugin being resolved in this batch wins over a known one of the same name.
      const at = byName.get(dep)
      const found = at !== undefined ? this.targets[at] : known.get(dep)
      if (found === undefined || !satisfies(found.version, range)) {
        this.edges = first
        this.errors[i] = dependencyUnmet(manifest, dep, range, found?.version)
        return
      }
      scratch[count++] = dep
      this.addEdge(at ?? -1)
    }
    const optional = manifest.pdk.optionalDependencies
    for (const dep in optional) {
      const range = optional[dep]!
      const at = byName.get(dep)
      const found = at !== undefined ? this.targets[at] : known.get(dep)
      if (found === undefined) continue
      if (!satisfies(found.version, range)) {
        if (warnings === NO_WARNINGS) warnings = []
        warnings.push(`Optional dependency "${dep}@${range}" is ignored: the installed ${dep} is ${found.version}.`)
        continue
      }
      scratch[count++] = dep
      this.addEdge(at ?? -1)
    }
    this.deps[i] = scratch.slice(0, count)
    if (warnings !== NO_WARNINGS) {
      if (this.warnings === NONE_BY_POSITION) this.warnings = new Array<string[] | undefined>(this.n)
      this.warnings[i] = warnings
    }
  }

  /**
   * Walks `order` (dependencies first): a plugin whose required dependency failed fails too,
   * failed optional dependencies are dropped, and providers are assigned. Returns the positions
   * that resolved, in order.
   */
  settle(order: Int32Array): Int32Array {
    const { errors, targets, depAt, depStart } = this
    const resolved = new Int32Array(order.length)
    let count = 0
    for (let o = 0; o < order.length; o++) {
      const i = order[o]!
      if (errors[i] !== undefined) continue
      const manifest = targets[i]!
      const deps = this.deps[i]!
      const first = depStart[i]!
      let failedDep: string | undefined
      let failedCause: PdkError | undefined
      let failedCount = 0
      for (let k = 0; k < deps.length; k++) {
        const cause = this.failure(depAt[first + k]!, deps[k]!)
        if (cause === undefined) continue
        failedCount++
        if (failedDep === undefined && manifest.pdk.dependencies?.[deps[k]!] !== undefined) {
          failedDep = deps[k]!
          failedCause = cause
        }
      }
      if (failedDep !== undefined) {
        errors[i] = dependencyFailed(manifest, failedDep, failedCause, 'resolve')
        continue
      }
      let ambiguous: PdkError | undefined
      if (failedCount > 0) {
        const kept: string[] = []
        const keptAt: number[] = []
        for (let k = 0; k < deps.length; k++) {
          if (this.failure(depAt[first + k]!, deps[k]!) !== undefined) continue
          kept.push(deps[k]!)
          keptAt.push(depAt[first + k]!)
        }
        this.deps[i] = kept
        this.rewritten = true
        ambiguous = this.capabilities ? this.assignProviders(manifest, i, keptAt, 0) : undefined
      } else {
        ambiguous = this.capabilities ? this.assignProviders(manifest, i, depAt, first) : undefined
      }
      if (ambiguous) errors[i] = ambiguous
      else resolved[count++] = i
    }
    return resolved.subarray(0, count)
  }

  private failure(at: number, name: string): PdkError | undefined {
    if (at >= 0) return this.errors[at]
    return this.known.get(name)?.error
  }

  private assignProviders(
    manifest: PluginPackageJson,
    i: number,
    at: ArrayLike<number>,
    first: number,
  ): PdkError | undefined {
    const deps = this.deps[i]!
    let offers: Map<string, string[]> | undefined
    for (let k = 0; k < deps.length; k++) {
      const dep = deps[k]!
      const j = at[first + k]!
      const capabilities =
        (j >= 0 ? this.targets[j]!.pdk.capabilities : undefined) ?? this.known.get(dep)?.capabilities ?? NO_CAPABILITIES
      for (const capability of capabilities) {
        offers ??= new Map()
        offers.set(capability, [...(offers.get(capability) ?? []), dep])
      }
    }
    if (offers === undefined) return undefined
    const providers = new Map<string, string>()
    if (this.providers === NONE_BY_POSITION) this.providers = new Array<ReadonlyMap<string, string> | undefined>(this.n)
    this.providers[i] = providers
    for (const [capability, offered] of offers) {
      if (offered.length > 1) {
        return fail(
          'PDK_SERVICE_AMBIGUOUS',
          `Plugin "${manifest.name}@${manifest.version}" depends on ${offered.map((p) => `"${p}"`).join(' and ')}, which all provide "${capability}".`,
          manifest,
          {
            hint: `Depend on only one provider of "${capability}".`,
            capability,
            providers: offered,
          },
        )
      }
      providers.set(capability, offered[0]!)
    }
    return undefined
  }
}

/** Dependencies before dependents; input order kept among independent plugins (after cycles failed). */
function topologicalOrder(graph: IndexGraph): Int32Array {
  // The cycles' members no longer have edges: the search is the same walk, and finds none.
  const order = new Int32Array(graph.n)
  findCycles(graph, order)
  return order
}

// Errors are built away from the resolution loop, which stays small (and is optimised sooner).

function permissionDenied(manifest: PluginPackageJson, missing: string[]): PdkError {
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

/** `PDK_DEP_MISSING` when `installed` is undefined, else `PDK_DEP_VERSION`. */
function dependencyUnmet(
  manifest: PluginPackageJson,
  dep: string,
  range: string,
  installed: string | undefined,
): PdkError {
  if (installed === undefined) {
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
  return fail(
    'PDK_DEP_VERSION',
    `Plugin "${manifest.name}@${manifest.version}" needs "${dep}@${range}", but the installed ${dep} is ${installed}.`,
    manifest,
    {
      hint: `Run \`pdk update ${dep}\` to get a version in ${range}, or relax the range in pdk.dependencies of "${manifest.name}".`,
      dependency: dep,
      range,
      found: [installed],
    },
  )
}

function fail(
  code: string,
  message: string,
  manifest: PluginPackageJson,
  extra: { hint: string } & Record<string, unknown>,
): PdkError {
  const { hint, ...details } = extra
  return new PdkError(code, message, {
    hint,
    details: { plugin: manifest.name, version: manifest.version, step: 'resolve', ...details },
  })
}
