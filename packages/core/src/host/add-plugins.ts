import type { Candidate, Refusal } from '../discovery/candidate.js'
import { discoverPlugins } from '../discovery/discover-plugins.js'
import { PdkError } from '../errors.js'
import type { PluginState } from '../lifecycle/plugin-state.js'
import { verifyLockedPlugins } from '../lockfile/verify-locked-plugins.js'
import type { Permissions } from '../manifest/types.js'
import { validateManifest } from '../manifest/validate-manifest.js'
import { type KnownPlugin, resolvePlugins } from '../resolve/resolve-plugins.js'
import { type HostCore, hostLog, setState } from './host-core.js'
import type { PluginSource } from './host-types.js'
import type { PluginRecord } from './plugin-record.js'
import { PluginSeries } from './plugin-series.js'
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
  // The lockfile of `pdk install`: digests checked before anything loads, recorded grants replace the policy.
  const found = await verifyLockedPlugins(
    await discoverPlugins(sources, { cwd, host: { name, version, kinds }, validate: validateManifest }),
    core.options,
  )
  const candidates: Candidate[] = []
  const refusals: Refusal[] = [...found.refusals]
  for (const candidate of found.candidates) {
    const existing = core.records.get(candidate.manifest.name)
    if (existing === undefined) candidates.push(candidate)
    else refusals.push(alreadyThere(candidate, existing))
  }
  const known = new Map<string, KnownPlugin>()
  for (const record of core.records.values()) {
    known.set(record.name, {
      version: record.version,
      capabilities: record.manifest?.pdk.capabilities ?? [],
      ...(record.state === 'failed' && record.lastError ? { error: record.lastError } : {}),
    })
  }
  for (const refusal of refusals) {
    if (refusal.name !== undefined && !known.has(refusal.name)) {
      known.set(refusal.name, { version: refusal.version ?? '0.0.0', capabilities: [], error: refusal.error })
    }
  }

  const { resolutions, order } = resolvePlugins(
    candidates.map((c) => c.manifest),
    known,
    found.grant,
  )
  const added: PluginRecord[] = []
  const collisions: PdkError[] = []
  for (const refusal of refusals) {
    // A refused copy of a plugin the host already runs must not replace the running one's record.
    if (refusal.name !== undefined && core.records.has(refusal.name)) {
      collisions.push(refusal.error)
      hostLog(core, 'error', refusal.error.message, { error: refusal.error.toJSON() })
      continue
    }
    added.push(failedRecord(core, refusal))
  }
  const byName = new Map<string, Candidate>()
  for (const c of candidates) byName.set(c.manifest.name, c)
  // Resolved plugins in dependency order, then the ones that failed to resolve.
  let sorted = order
  if (order.length < candidates.length) {
    const inOrder = new Set(order)
    sorted = [...order, ...candidates.map((c) => c.manifest.name).filter((n) => !inOrder.has(n))]
  }
  for (const pluginName of sorted) {
    const candidate = byName.get(pluginName)!
    const resolution = resolutions.get(pluginName)!
    const record = createRecord(core, candidate)
    core.records.set(record.name, record)
    if (resolution.ok) {
      record.deps = resolution.deps
      record.providers = resolution.providers
      record.granted = resolution.granted
      for (const warning of resolution.warnings) hostLog(core, 'warn', warning, undefined, record)
      setState(core, record, 'resolved')
      if (record.lazy) watchActivation(core, record)
    } else {
      setState(core, record, 'failed', resolution.error)
      hostLog(core, 'error', resolution.error.message, { error: resolution.error.toJSON() }, record)
    }
    added.push(record)
  }
  return { records: added, collisions }
}

function createRecord(core: HostCore, candidate: Candidate, state: PluginState = 'discovered'): PluginRecord {
  const { manifest } = candidate
  const activation = manifest.pdk.activation ?? ON_STARTUP
  const limits = core.options.limits
  const own = manifest.pdk.limits
  return {
    name: manifest.name,
    version: manifest.version,
    kind: manifest.pdk.kind,
    manifest,
    dir: candidate.dir,
    entry: candidate.entry,
    definition: candidate.definition,
    state,
    lastError: undefined,
    order: core.nextOrder++,
    deps: [],
    providers: NO_PROVIDERS,
    granted: NOTHING_GRANTED,
    // Most plugins set no limits of their own: they share the host's (never mutated).
    limits:
      own === undefined
        ? limits
        : {
            startTimeoutMs: own.startTimeoutMs ?? limits.startTimeoutMs,
            stopTimeoutMs: own.stopTimeoutMs ?? limits.stopTimeoutMs,
            callTimeoutMs: own.callTimeoutMs ?? limits.callTimeoutMs,
          },
    critical: core.options.criticalKinds.has(manifest.pdk.kind),
    lazy: !activation.includes('onStartup'),
    activation: activation === ON_STARTUP ? EAGER : activationOf(activation),
    instance: undefined,
    starting: undefined,
    stopping: undefined,
    restarts: 0,
    restartTimes: [],
    restartTimer: undefined,
    circuitOpen: false,
    held: false,
    startSeconds: undefined,
    series: new PluginSeries(core.auto, manifest.name),
  }
}

const ON_STARTUP: readonly string[] = ['onStartup']
// Shared by records until resolution gives them their own; never mutated.
const NO_PROVIDERS: ReadonlyMap<string, string> = new Map()
const NOTHING_GRANTED: Permissions = Object.freeze({})
const EAGER: PluginRecord['activation'] = { topics: new Set(), patterns: [] }

function activationOf(activation: readonly string[]): PluginRecord['activation'] {
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
