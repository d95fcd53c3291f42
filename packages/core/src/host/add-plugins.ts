import type { Candidate, Refusal } from '../discovery/candidate.js'
import { discoverPlugins } from '../discovery/discover-plugins.js'
import { PdkError } from '../errors.js'
import { verifyLockedPlugins } from '../lockfile/verify-locked-plugins.js'
import type { PluginPackageJson } from '../manifest/types.js'
import { invalidManifestReport } from '../manifest/validate-manifest.js'
import { type KnownPlugin, type ResolveResult, resolvePlugins } from '../resolve/resolve-plugins.js'
import { type HostCore, hostLog, setState } from './host-core.js'
import type { PluginSource } from './host-types.js'
import { EAGER, HostRecord, type PluginRecord } from './plugin-record.js'
import { planBoot } from './start-plugins.js'
import { watchActivation } from './watch-activation.js'

/**
 * Discovers, validates and resolves `sources` against the plugins the host already has, and
 * records each plugin found: `resolved` in dependency order, or `failed` with its reason.
 */
export async function addPlugins(
  core: HostCore,
  sources: readonly PluginSource[],
): Promise<{ records: PluginRecord[]; collisions: PdkError[] }> {
  const { kinds, name, version, cwd } = core.options
  const discovered = await discoverPlugins(sources, {
    cwd,
    host: { name, version, kinds },
    validate: invalidManifestReport,
  })
  // The lockfile of `pdk install`: digests checked before anything loads, recorded grants replace the policy.
  const found = await verifyLockedPlugins(discovered, core.options)
  // Discovery's map of names holds while the candidates are its own (no lockfile, nothing already in the host).
  let index: Map<string, number> | undefined = found.candidates === discovered.candidates ? discovered.index : undefined
  let candidates = found.candidates
  const refusals: Refusal[] = [...found.refusals]
  if (core.records.size > 0) {
    candidates = []
    for (const candidate of found.candidates) {
      const existing = core.records.get(candidate.manifest.name)
      if (existing === undefined) candidates.push(candidate)
      else refusals.push(alreadyThere(candidate, existing))
    }
    if (candidates.length !== found.candidates.length) index = undefined
  }
  const known = knownPlugins(core)
  for (const refusal of refusals) {
    if (refusal.name !== undefined && !known.has(refusal.name)) {
      known.set(refusal.name, { version: refusal.version ?? '0.0.0', capabilities: [], error: refusal.error })
    }
  }

  const n = candidates.length
  const manifests = new Array<PluginPackageJson>(n)
  for (let i = 0; i < n; i++) manifests[i] = candidates[i]!.manifest
  const resolved = resolvePlugins(manifests, known, found.grant, index)
  const { order } = resolved
  // A first boot whose plugins all resolve in the order discovery found them (a chain, or no
  // dependencies) records them in that order: discovery's map of names then becomes the host's
  // map of records, each entry's position replaced by its record below, and a boot of thousands
  // of plugins fills one map of names instead of two. Nothing reads the map before that loop
  // ends: it runs without awaiting, and only when no state listener or log line could run
  // meanwhile (no listeners, no warnings, nothing refused or failed).
  if (
    index !== undefined &&
    core.records.size === 0 &&
    refusals.length === 0 &&
    order.length === n &&
    index.size === n &&
    resolved.warnings.length === 0 &&
    core.listeners.size === 0 &&
    inDiscoveryOrder(order)
  ) {
    core.records = index as unknown as Map<string, PluginRecord>
  }
  // Made at its largest length and cut to the records made (a list grown by push leaves its
  // shorter copies behind: thousands of plugins at start-up).
  const added = new Array<PluginRecord>(refusals.length + n)
  let count = 0
  const collisions: PdkError[] = []
  for (const refusal of refusals) {
    // A refused copy of a plugin the host already runs must not replace the running one's record.
    if (refusal.name !== undefined && core.records.has(refusal.name)) {
      collisions.push(refusal.error)
      hostLog(core, 'error', refusal.error.message, { error: refusal.error.toJSON() })
      continue
    }
    added[count++] = failedRecord(core, refusal)
  }
  // Resolved plugins in dependency order, then the ones that failed to resolve (in discovery order).
  for (let o = 0; o < order.length; o++) added[count++] = addRecord(core, candidates[order[o]!]!, order[o]!, resolved)
  if (order.length < n) {
    const placed = new Uint8Array(n)
    for (let o = 0; o < order.length; o++) placed[order[o]!] = 1
    for (let i = 0; i < n; i++) if (placed[i] === 0) added[count++] = addRecord(core, candidates[i]!, i, resolved)
  }
  added.length = count
  if (resolved.positions !== undefined) planDependencies(added, count - n, candidates, order, resolved.positions)
  return { records: added, collisions }
}

function inDiscoveryOrder(order: Int32Array): boolean {
  for (let o = 0; o < order.length; o++) if (order[o] !== o) return false
  return true
}

/**
 * Hands the boot of `added` its records' dependencies by slot, from resolution's positions: the
 * boot then looks no names up. `added` holds `refused` failed records, then the candidates in
 * `order`, then the ones that did not resolve (in discovery order).
 */
function planDependencies(
  added: readonly PluginRecord[],
  refused: number,
  candidates: readonly Candidate[],
  order: Int32Array,
  positions: NonNullable<ResolveResult['positions']>,
): void {
  const n = candidates.length
  const slotOf = new Int32Array(n)
  let slot = refused
  for (let o = 0; o < order.length; o++) slotOf[order[o]!] = slot++
  if (order.length < n) {
    const placed = new Uint8Array(n)
    for (let o = 0; o < order.length; o++) placed[order[o]!] = 1
    for (let i = 0; i < n; i++) if (placed[i] === 0) slotOf[i] = slot++
  }
  let edges = 0
  for (let s = 0; s < added.length; s++) edges += added[s]!.deps.length
  const { depStart, depAt } = positions
  const slots = new Int32Array(edges)
  let k = 0
  for (let o = 0; o < order.length; o++) {
    const i = order[o]!
    const from = depStart[i]!
    const count = added[refused + o]!.deps.length
    // Only resolved targets have dependencies, each row as long as its record's list.
    if (count !== depStart[i + 1]! - from) return
    for (let e = from; e < from + count; e++) {
      const at = depAt[e]!
      slots[k++] = at < 0 ? -1 : slotOf[at]!
    }
  }
  if (k === edges) planBoot(added, slots)
}

function addRecord(core: HostCore, candidate: Candidate, i: number, resolved: ResolveResult): PluginRecord {
  const record = createRecord(core, candidate)
  core.records.set(record.name, record)
  const error = resolved.errors[i]
  if (error === undefined) {
    record.deps = resolved.deps[i]!
    const providers = resolved.providers[i]
    if (providers !== undefined) record.providers = providers
    const permissions = candidate.manifest.pdk.permissions
    if (permissions !== undefined) record.granted = permissions
    const warnings = resolved.warnings[i]
    if (warnings !== undefined) for (const warning of warnings) hostLog(core, 'warn', warning, undefined, record)
    setState(core, record, 'resolved')
    if (record.lazy) watchActivation(core, record)
  } else {
    setState(core, record, 'failed', error)
    hostLog(core, 'error', error.message, { error: error.toJSON() }, record)
  }
  return record
}

function createRecord(core: HostCore, candidate: Candidate): PluginRecord {
  const { manifest } = candidate
  const { pdk } = manifest
  return new HostRecord(
    manifest.name,
    manifest.version,
    pdk.kind,
    manifest,
    candidate.dir,
    candidate.entry,
    candidate.definition,
    'discovered',
    core.nextOrder++,
    limitsOf(core, pdk),
    core.options.criticalKinds.has(pdk.kind),
    lazyOf(pdk),
    activationOf(pdk),
    core.recordDefaults,
  )
}

/** The plugins a host already has, as resolution sees them (`except` one being replaced). */
export function knownPlugins(core: HostCore, except?: PluginRecord): Map<string, KnownPlugin> {
  const known = new Map<string, KnownPlugin>()
  for (const record of core.records.values()) {
    if (record === except) continue
    // Only a plugin that could not be resolved fails its dependents at resolution. One that
    // failed a step at run time may start again: a plugin added or reloaded meanwhile keeps it
    // as a dependency (and a provider), and the boot blocks it until then, resumably.
    const error = record.state === 'failed' ? record.lastError : undefined
    const unresolved = error !== undefined && (error.details.step === 'discover' || error.details.step === 'resolve')
    known.set(record.name, {
      version: record.version,
      capabilities: record.manifest?.pdk.capabilities ?? [],
      ...(unresolved ? { error } : {}),
    })
  }
  return known
}

/** The limits a plugin runs under: its manifest's where it sets them, else the host's. */
export function limitsOf(core: HostCore, pdk: PluginPackageJson['pdk']): PluginRecord['limits'] {
  const limits = core.options.limits
  const own = pdk.limits
  // Most plugins set no limits of their own: they share the host's (never mutated).
  if (own === undefined) return limits
  return {
    startTimeoutMs: own.startTimeoutMs ?? limits.startTimeoutMs,
    stopTimeoutMs: own.stopTimeoutMs ?? limits.stopTimeoutMs,
    callTimeoutMs: own.callTimeoutMs ?? limits.callTimeoutMs,
  }
}

/** True when the plugin waits for its first message or event instead of starting with the host. */
export function lazyOf(pdk: PluginPackageJson['pdk']): boolean {
  return pdk.activation !== undefined && !pdk.activation.includes('onStartup')
}

/** The message topics and event patterns that start a lazy plugin (none for an eager one). */
export function activationOf(pdk: PluginPackageJson['pdk']): PluginRecord['activation'] {
  const { activation } = pdk
  if (activation === undefined) return EAGER
  return {
    topics: new Set(activation.filter((a) => a.startsWith('onMessage:')).map((a) => a.slice('onMessage:'.length))),
    patterns: activation.filter((a) => a.startsWith('onEvent:')).map((a) => a.slice('onEvent:'.length)),
  }
}

function failedRecord(core: HostCore, refusal: Refusal): PluginRecord {
  const name = refusal.name ?? refusal.dir ?? 'unnamed plugin'
  const manifest = {
    name,
    version: refusal.version ?? '0.0.0',
    type: 'module',
    pdk: { manifestVersion: 1, kind: refusal.kind ?? 'unknown', host: { name: '', range: '*' } },
  } as const
  const record = createRecord(core, {
    manifest,
    dir: refusal.dir,
    entry: undefined,
    definition: undefined,
    origin: refusal.dir ?? 'in-memory',
  })
  ;(record as { manifest: unknown }).manifest = undefined
  core.records.set(record.name, record)
  setState(core, record, 'failed', refusal.error)
  hostLog(core, 'error', refusal.error.message, { error: refusal.error.toJSON() }, record)
  return record
}

function alreadyThere(candidate: Candidate, existing: PluginRecord): Refusal {
  const { name, version } = candidate.manifest
  const error = new PdkError(
    'PDK_DUPLICATE_PLUGIN',
    `Plugin "${name}" is already in the host (${existing.dir ?? 'in-memory'}); the copy at ${candidate.origin} is refused.`,
    {
      hint: `Remove it first with host.remove("${name}"), or keep one copy.`,
      details: { plugin: name, version, step: 'discover', folders: [existing.dir ?? 'in-memory', candidate.origin] },
    },
  )
  return { name, version, kind: candidate.manifest.pdk.kind, dir: candidate.dir, error }
}
