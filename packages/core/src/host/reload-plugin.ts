import { mkdir } from 'node:fs/promises'
import { resolveConfig } from '../context/resolve-config.js'
import type { Candidate } from '../discovery/candidate.js'
import { discoverPlugins } from '../discovery/discover-plugins.js'
import { isPdkError, PdkError } from '../errors.js'
import { crashRecord } from '../lifecycle/crash-record.js'
import type { Tracked } from '../lifecycle/deadline-queue.js'
import { guard } from '../lifecycle/guard.js'
import { pluginFailed, timedOut } from '../lifecycle/plugin-errors.js'
import { startRecord } from '../lifecycle/start-record.js'
import { teardown } from '../lifecycle/stop-record.js'
import { tapHooks } from '../lifecycle/tap-hooks.js'
import { verifyLockedPlugins } from '../lockfile/verify-locked-plugins.js'
import type { IsolationMode, Permissions, PluginPackageJson } from '../manifest/types.js'
import { invalidManifestReport } from '../manifest/validate-manifest.js'
import type { EventMeta, HealthResult } from '../plugin/types.js'
import { type KnownPlugin, resolvePlugins } from '../resolve/resolve-plugins.js'
import { satisfies } from '../resolve/semver-cache.js'
import type { PluginEndpoint, PluginShape, ServiceShape } from '../transport/protocol.js'
import { createHostEndpoint, notRunning } from './create-host-endpoint.js'
import type { Subscription } from './event-bus.js'
import { type HostCore, hostLog, pluginFolder } from './host-core.js'
import type { InMemoryPlugin, ReloadResult } from './host-types.js'
import { isolationOf, transportFor } from './isolation-of.js'
import type { PluginInstance, PluginRecord } from './plugin-record.js'
import { resumeDependents } from './resume-dependents.js'
import { activationOwner, watchActivation } from './watch-activation.js'

/** What `host.reload(name, options)` may be given. */
export interface ReloadOptions {
  /** The new version of an in-memory plugin (its manifest and definition). */
  plugin?: InMemoryPlugin
}

// One reload per plugin at a time; a reload asked for while one runs follows it.
const running = new WeakMap<PluginRecord, Promise<ReloadResult>>()
// Every in-process reload imports its entry under a URL of its own.
let fresh = 0
const DRAIN_POLL_MS = 2

/**
 * Blue/green reload of one plugin: the new version (re-read from its folder, or given) is
 * checked against the running host and loaded beside the old one while the old one serves;
 * then new calls wait at a gate, the old version's calls in flight finish, its `snapshot()`
 * is handed to the new version's `restore()`, the new version runs init and start, and the
 * gate opens onto it. Events emitted meanwhile are held and delivered to the new version. If
 * anything fails before the switch, the old version keeps serving and the reload rejects with
 * `PDK_RELOAD_FAILED`. A plugin that is not running takes the new version for its next start
 * (and is started if it failed on its own).
 */
export function reloadPlugin(core: HostCore, record: PluginRecord, options: ReloadOptions = {}): Promise<ReloadResult> {
  const before = running.get(record)
  const next = (before === undefined ? Promise.resolve() : before.then(ignore, ignore)).then(() =>
    runReload(core, record, options),
  )
  running.set(record, next)
  const clear = () => {
    if (running.get(record) === next) running.delete(record)
  }
  next.then(clear, clear)
  return next
}

async function runReload(core: HostCore, record: PluginRecord, options: ReloadOptions): Promise<ReloadResult> {
  const began = performance.now()
  const from = record.version
  // A start or stop in progress finishes first: a reload replaces a settled instance.
  if (record.starting !== undefined) await record.starting.catch(ignore)
  if (record.stopping !== undefined) await record.stopping.catch(ignore)
  const next = await nextVersion(core, record, options)
  const mode = isolationOf(core, { name: record.name, manifest: next.manifest, definition: next.definition } as never)
  const result = (swapped: boolean): ReloadResult => ({
    name: record.name,
    from,
    to: next.manifest.version,
    isolation: mode,
    swapped,
    durationMs: Math.round((performance.now() - began) * 100) / 100,
  })
  const blue = record.instance
  if (record.state !== 'started' || blue === undefined) {
    adopt(core, record, next)
    if (record.state === 'failed' && !record.held) {
      record.circuitOpen = false
      await startRecord(core, record).catch((error: unknown) => {
        throw reloadFailed(record, from, 'start', error)
      })
      await resumeDependents(core, record.name)
    }
    log(core, record, from, result(false))
    return result(false)
  }
  await swap(core, record, blue, next, mode, from)
  const done = result(true)
  log(core, record, from, done)
  return done
}

/** A checked new version of a plugin: what adopting it changes on the record. */
interface NextVersion {
  manifest: PluginPackageJson
  dir: string | undefined
  entry: string | undefined
  definition: InMemoryPlugin['definition'] | undefined
  granted: Permissions
  deps: string[]
  providers: ReadonlyMap<string, string>
  warnings: string[] | undefined
}

/** Reads the new version (its folder again, the given in-memory plugin, or the same definition) and checks it fits. */
async function nextVersion(core: HostCore, record: PluginRecord, options: ReloadOptions): Promise<NextVersion> {
  const { name, version, kinds, cwd } = core.options
  let candidate: Candidate
  if (options.plugin === undefined && record.definition !== undefined && record.manifest !== undefined) {
    // An in-memory plugin given nothing new: a fresh instance of the same definition.
    candidate = {
      manifest: record.manifest,
      dir: record.dir,
      entry: undefined,
      definition: record.definition,
      origin: 'in-memory',
    }
  } else if (options.plugin === undefined && record.dir === undefined) {
    throw reloadFailed(
      record,
      record.version,
      'discover',
      new PdkError('PDK_RELOAD_FAILED', 'It has no folder to read a new version from.', {
        hint: `Pass the new version: host.reload("${record.name}", { plugin: { manifest, definition } }).`,
      }),
    )
  } else {
    const source = options.plugin ?? record.dir!
    const found = await discoverPlugins([source], {
      cwd,
      host: { name, version, kinds },
      validate: invalidManifestReport,
    })
    const locked = await verifyLockedPlugins(found, core.options)
    const refusal = locked.refusals[0]
    if (refusal !== undefined) throw reloadFailed(record, record.version, 'discover', refusal.error)
    const match = locked.candidates.find((c) => c.manifest.name === record.name)
    if (match === undefined) {
      const names = locked.candidates.map((c) => `"${c.manifest.name}"`).join(', ')
      throw reloadFailed(
        record,
        record.version,
        'discover',
        new PdkError(
          'PDK_RELOAD_FAILED',
          `${source === record.dir ? record.dir : 'The given plugin'} holds ${names || 'no plugin'}, not "${record.name}".`,
          {
            hint: "A reload keeps the plugin's name; add a renamed plugin with host.add() and remove the old one.",
          },
        ),
      )
    }
    candidate = match
  }
  return fits(core, record, candidate)
}

/** Checks the new version against the running host: kind, dependencies, dependents, capabilities, permissions. */
function fits(core: HostCore, record: PluginRecord, candidate: Candidate): NextVersion {
  const { manifest } = candidate
  const refuse = (message: string, hint: string, details: Record<string, unknown> = {}) =>
    reloadFailed(record, record.version, 'resolve', new PdkError('PDK_RELOAD_FAILED', message, { hint, details }))
  // A plugin refused at discovery has no manifest of its own yet: the new one may say anything.
  if (record.manifest !== undefined && manifest.pdk.kind !== record.kind) {
    throw refuse(
      `Its kind changed from "${record.kind}" to "${manifest.pdk.kind}".`,
      'A kind decides start order and failure policy; restart the host to change it.',
    )
  }
  const known = new Map<string, KnownPlugin>()
  for (const other of core.records.values()) {
    if (other === record) continue
    known.set(other.name, {
      version: other.version,
      capabilities: other.manifest?.pdk.capabilities ?? [],
      ...(other.state === 'failed' && other.lastError ? { error: other.lastError } : {}),
    })
  }
  const resolved = resolvePlugins([manifest], known, core.options.grant)
  const error = resolved.errors[0]
  if (error !== undefined) throw reloadFailed(record, record.version, 'resolve', error)
  const deps = resolved.deps[0]!
  const cycle = cycleThrough(core, record.name, deps)
  if (cycle !== undefined) {
    throw refuse(`Its dependencies would make a cycle: ${cycle.join(' -> ')}.`, 'Remove one of the dependencies.', {
      cycle,
    })
  }
  const capabilities = new Set(manifest.pdk.capabilities ?? [])
  for (const other of core.records.values()) {
    if (other === record || !other.deps.includes(record.name)) continue
    const pdk = other.manifest?.pdk
    const range = pdk?.dependencies?.[record.name] ?? pdk?.optionalDependencies?.[record.name]
    if (range !== undefined && !satisfies(manifest.version, range)) {
      throw refuse(
        `"${other.name}" depends on "${record.name}@${range}", which version ${manifest.version} does not satisfy.`,
        `Keep the version within ${range}, or update "${other.name}" first.`,
        { dependent: other.name, range, found: manifest.version },
      )
    }
    for (const [capability, provider] of other.providers) {
      if (provider === record.name && !capabilities.has(capability)) {
        throw refuse(
          `"${other.name}" uses capability "${capability}" of "${record.name}", which the new version no longer lists.`,
          `Keep "${capability}" in pdk.capabilities, or update "${other.name}" first.`,
          { dependent: other.name, capability },
        )
      }
    }
  }
  return {
    manifest,
    dir: candidate.dir,
    entry: candidate.entry,
    definition: candidate.definition,
    granted: manifest.pdk.permissions ?? {},
    deps,
    providers: resolved.providers[0] ?? new Map(),
    warnings: resolved.warnings[0],
  }
}

/** The path from `name` back to itself through `deps`, if there is one. */
function cycleThrough(core: HostCore, name: string, deps: readonly string[]): string[] | undefined {
  const seen = new Set<string>()
  const walk = (at: string, path: string[]): string[] | undefined => {
    if (at === name) return [...path, at]
    if (seen.has(at)) return undefined
    seen.add(at)
    for (const dep of core.records.get(at)?.deps ?? []) {
      const found = walk(dep, [...path, at])
      if (found) return found
    }
    return undefined
  }
  for (const dep of deps) {
    const found = walk(dep, [name])
    if (found) return found
  }
  return undefined
}

type Adoptable = Pick<
  PluginRecord,
  | 'version'
  | 'kind'
  | 'critical'
  | 'manifest'
  | 'dir'
  | 'entry'
  | 'definition'
  | 'granted'
  | 'deps'
  | 'providers'
  | 'limits'
  | 'lazy'
  | 'activation'
>

/** Gives the record the new version's manifest and resolution; returns what it had, to undo. */
function adopt(core: HostCore, record: PluginRecord, next: NextVersion): Adoptable {
  const target = record as { -readonly [K in keyof Adoptable]: Adoptable[K] }
  const before: Adoptable = {
    version: record.version,
    kind: record.kind,
    critical: record.critical,
    manifest: record.manifest,
    dir: record.dir,
    entry: record.entry,
    definition: record.definition,
    granted: record.granted,
    deps: record.deps,
    providers: record.providers,
    limits: record.limits,
    lazy: record.lazy,
    activation: record.activation,
  }
  const { pdk } = next.manifest
  const limits = core.options.limits
  const activation = pdk.activation ?? ['onStartup']
  target.version = next.manifest.version
  target.kind = pdk.kind
  target.critical = core.options.criticalKinds.has(pdk.kind)
  target.manifest = next.manifest
  target.dir = next.dir
  target.entry = next.entry
  target.definition = next.definition
  target.granted = next.granted
  target.deps = next.deps
  target.providers = next.providers
  target.limits = {
    startTimeoutMs: pdk.limits?.startTimeoutMs ?? limits.startTimeoutMs,
    stopTimeoutMs: pdk.limits?.stopTimeoutMs ?? limits.stopTimeoutMs,
    callTimeoutMs: pdk.limits?.callTimeoutMs ?? limits.callTimeoutMs,
  }
  target.lazy = !activation.includes('onStartup')
  target.activation = {
    topics: new Set(activation.filter((a) => a.startsWith('onMessage:')).map((a) => a.slice('onMessage:'.length))),
    patterns: activation.filter((a) => a.startsWith('onEvent:')).map((a) => a.slice('onEvent:'.length)),
  }
  if (next.warnings) for (const warning of next.warnings) hostLog(core, 'warn', warning, undefined, record)
  // A plugin waiting for its first message or event waits for the new version's.
  if (record.state === 'resolved') {
    core.events.removeOwner(activationOwner(record.name))
    if (record.lazy) watchActivation(core, record)
  }
  return before
}

function restoreFields(record: PluginRecord, before: Adoptable): void {
  Object.assign(record as object, before)
}

/** The blue/green switch of a started plugin. */
async function swap(
  core: HostCore,
  record: PluginRecord,
  blue: PluginInstance,
  next: NextVersion,
  mode: IsolationMode,
  from: string,
): Promise<void> {
  const before = adopt(core, record, next)
  const link = createHostEndpoint(core, record)
  link.incoming = true
  let green: PluginInstance | undefined
  const undo = () => restoreFields(record, before)

  // 1. Load the new version beside the old one, which serves meanwhile.
  let endpoint: PluginEndpoint
  try {
    endpoint = await loadGreen(core, record, link, mode, () => green)
    const shape = endpoint.describe()
    for (const tap of shape.hooks) {
      if (!core.hooks.has(tap.name)) {
        await endpoint.close?.().catch(ignore)
        throw new PdkError(
          'PDK_HOOK_UNKNOWN',
          `The new version taps hook "${tap.name}", which the host does not declare.`,
          {
            hint: `Declared hooks: ${core.hooks.names().join(', ') || 'none'}.`,
            details: { hook: tap.name },
          },
        )
      }
    }
    green = {
      endpoint,
      shape,
      topics: shape.messages.length > 0 ? new Set(shape.messages) : new Set(),
      services: {},
      metrics: undefined,
    }
  } catch (error) {
    undo()
    throw reloadFailed(record, from, 'load', error)
  }

  // 2. New calls wait at the gate; events are held for whichever version serves after it.
  const gate = new Gate(core, record, blue)
  record.instance = gate.instance
  record.starting = gate.opened
  const heldSubscriptions = core.events.detachOwner(record.name)
  const heldEvents = holdEvents(core, record.name, heldSubscriptions)
  const blueTaps = core.hooks.tapsOf(record.name)
  const rollback = async (step: string, error: unknown): Promise<never> => {
    link.incoming = false
    await teardown(core, record, green!, false)
    core.hooks.restore(blueTaps)
    core.events.attach(heldSubscriptions)
    undo()
    gate.open(blue, heldEvents)
    throw reloadFailed(record, from, step, error)
  }

  // 3. The old version's calls in flight finish (each is bounded by its own deadline).
  await drain(gate.inFlight)

  // 4. Its state goes to the new version, which initialises and starts.
  let state: unknown
  try {
    state = await guard(
      core.deadlines,
      record.limits.callTimeoutMs,
      () => blue.endpoint.snapshot(),
      (error, timeout) =>
        timeout
          ? timedOut({ name: record.name, version: from }, 'snapshot', record.limits.callTimeoutMs)
          : pluginFailed({ name: record.name, version: from }, 'snapshot', error),
    )
  } catch (error) {
    return rollback('snapshot', error)
  }
  const startMs = record.limits.startTimeoutMs
  link.instance = green
  try {
    green.services =
      ((await guard(
        core.deadlines,
        startMs,
        () => endpoint.init(state),
        (error, timeout) => (timeout ? timedOut(record, 'init', startMs) : pluginFailed(record, 'init', error)),
      )) as ServiceShape | undefined) ?? {}
    if (green.shape.hooks.length > 0) tapHooks(core, record, green)
    core.hooks.remove(blueTaps)
    await guard(
      core.deadlines,
      startMs,
      () => endpoint.start(),
      (error, timeout) => (timeout ? timedOut(record, 'start', startMs) : pluginFailed(record, 'start', error)),
    )
  } catch (error) {
    return rollback(error instanceof PdkError ? String(error.details.step ?? 'start') : 'start', error)
  }

  // 5. The gate opens onto the new version; the old one stops behind it.
  link.incoming = false
  gate.open(green, heldEvents)
  await retire(core, record, blue, from)
}

/** Loads the new version's code in its isolation (a fresh import, worker or process). */
async function loadGreen(
  core: HostCore,
  record: PluginRecord,
  link: ReturnType<typeof createHostEndpoint>,
  mode: IsolationMode,
  current: () => PluginInstance | undefined,
): Promise<PluginEndpoint> {
  const all = core.options.settings
  const config = resolveConfig({
    settings: all.get(record.name),
    schema: record.manifest?.pdk.config,
    env: core.options.env,
    granted: record.granted.env ?? [],
    plugin: record,
  })
  const dataDir = `${pluginFolder(core, record.name)}/data`
  if ((record.granted.fs?.write?.length ?? 0) > 0) await mkdir(dataDir, { recursive: true })
  const boot = {
    plugin: { name: record.name, version: record.version, kind: record.kind, dataDir },
    host: core.hostInfo,
    config,
    network: record.granted.network ?? [],
  }
  const ms = record.limits.startTimeoutMs
  return guard(
    core.deadlines,
    ms,
    () =>
      transportFor(core, mode).load({
        boot,
        entry: record.entry,
        definition: record.definition,
        fresh: ++fresh,
        host: link,
        granted: record.granted,
        dir: record.dir,
        memoryMb: record.manifest?.pdk.limits?.memoryMb,
        // Only the serving instance's crash fails the plugin; one that crashes while it is
        // still being switched to fails the reload instead.
        crashed: (error) => {
          const mine = current()
          if (mine !== undefined && record.instance === mine) crashRecord(core, record, error)
        },
      }),
    (error, timeout) =>
      timeout ? timedOut(record, 'load', ms) : isPdkError(error) ? error : pluginFailed(record, 'load', error),
  )
}

/**
 * Stands in for the plugin while it is switched: every call waits until the gate opens, then
 * goes to whichever version serves. It knows the calls already in flight to the old version.
 */
class Gate implements PluginEndpoint {
  readonly instance: PluginInstance
  readonly opened: Promise<void>
  readonly inFlight: Tracked[]
  private release!: () => void

  constructor(
    core: HostCore,
    private readonly record: PluginRecord,
    blue: PluginInstance,
  ) {
    this.opened = new Promise((resolve) => {
      this.release = resolve
    })
    this.instance = { ...blue, endpoint: this }
    // Calls are held to deadlines in the shared queue by `invokeCall`; the ones of this plugin
    // pending now went to the old version.
    this.inFlight = core.deadlines.pendingWhere((item) => (item as { record?: unknown }).record === record)
  }

  /** Lets waiting calls through to `to`, after the events held meanwhile. */
  open(to: PluginInstance, held: HeldEvents): void {
    const { record } = this
    record.instance = to
    held.release(to)
    if (record.starting === this.opened) record.starting = undefined
    this.release()
  }

  private current(): PluginEndpoint {
    const { record } = this
    const endpoint = record.instance?.endpoint
    if (endpoint === undefined || endpoint === this || record.state !== 'started') {
      throw notRunning(record.name, record.version, 'a call held during its reload', record.state)
    }
    return endpoint
  }

  describe(): PluginShape {
    return this.instance.shape
  }
  init(state?: unknown): Promise<ServiceShape> {
    return this.opened.then(() => this.current().init(state))
  }
  start(): Promise<unknown> {
    return this.opened.then(() => this.current().start())
  }
  stop(): Promise<unknown> {
    return this.opened.then(() => this.current().stop())
  }
  dispose(): Promise<unknown> {
    return this.opened.then(() => this.current().dispose())
  }
  snapshot(): Promise<unknown> {
    return this.opened.then(() => this.current().snapshot())
  }
  health(): Promise<HealthResult | undefined> {
    return this.opened.then(() => this.current().health())
  }
  message(topic: string, payload: unknown): Promise<unknown> {
    return this.opened.then(() => this.current().message(topic, payload))
  }
  event(subscription: number, payload: unknown, meta: EventMeta): Promise<unknown> {
    return this.opened.then(() => this.current().event(subscription, payload, meta))
  }
  hook(name: string, value: unknown): Promise<unknown> {
    return this.opened.then(() => this.current().hook(name, value))
  }
  service(capability: string, method: string, args: unknown[]): Promise<unknown> {
    return this.opened.then(() => this.current().service(capability, method, args))
  }
}

/** Events for a plugin that arrive while it is switched, kept in order. */
interface HeldEvents {
  release(to: PluginInstance): void
}

/** Holds every event the old version's subscriptions would have taken, until the gate opens. */
function holdEvents(core: HostCore, name: string, subscriptions: readonly Subscription[]): HeldEvents {
  const owner = `${name}\u0000reload`
  const held: Array<{ name: string; payload: unknown; meta: EventMeta }> = []
  const seen = new Set<string>()
  let id = 0
  for (const subscription of subscriptions) {
    if (seen.has(subscription.pattern)) continue
    seen.add(subscription.pattern)
    const matches = subscription.matches
    core.events.subscribe(owner, ++id, subscription.pattern, (payload, meta) => {
      // One event may match several patterns (one emit shares one meta object): keep it once.
      if (held[held.length - 1]?.meta === meta) return
      if (matches(meta.name)) held.push({ name: meta.name, payload, meta })
    })
  }
  return {
    release() {
      core.events.removeOwner(owner)
      for (const event of held) core.events.emitTo(name, event.name, event.payload, event.meta.from)
    },
  }
}

/** Waits until each of these calls settled (each settles by its own deadline at the latest). */
async function drain(calls: readonly Tracked[]): Promise<void> {
  while (calls.some((call) => !call.settled)) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS))
}

/** Stops and disposes the old version after the switch; its failures are logged, not thrown. */
async function retire(core: HostCore, record: PluginRecord, blue: PluginInstance, version: string): Promise<void> {
  const culprit = { name: record.name, version }
  const ms = record.limits.stopTimeoutMs
  for (const step of ['stop', 'dispose'] as const) {
    try {
      await guard(
        core.deadlines,
        ms,
        () => blue.endpoint[step](),
        (error, timeout) => (timeout ? timedOut(culprit, step, ms) : pluginFailed(culprit, step, error)),
      )
    } catch (error) {
      hostLog(
        core,
        'warn',
        `The outgoing version ${version} failed to ${step}: ${(error as Error).message}`,
        undefined,
        record,
      )
    }
  }
  await blue.endpoint.close?.().catch((error: unknown) => {
    hostLog(
      core,
      'warn',
      `The outgoing version ${version} did not end cleanly: ${(error as Error).message}`,
      undefined,
      record,
    )
  })
}

function log(core: HostCore, record: PluginRecord, from: string, result: ReloadResult): void {
  const what = result.swapped ? 'Reloaded' : 'Took the new version for the next start:'
  hostLog(core, 'info', `${what} ${from} -> ${result.to} (${result.durationMs} ms)`, { reload: result }, record)
}

/** `PDK_RELOAD_FAILED`: what failed and why, and that the running version (if any) still serves. */
function reloadFailed(record: PluginRecord, version: string, step: string, cause: unknown): PdkError {
  const error = isPdkError(cause)
    ? cause
    : typeof cause === 'string'
      ? new PdkError('PDK_RELOAD_FAILED', cause)
      : pluginFailed(record, step, cause)
  const serving = record.state === 'started' ? ` Version ${version} keeps serving.` : ''
  return new PdkError(
    'PDK_RELOAD_FAILED',
    `Reloading plugin "${record.name}" failed at ${step}: ${error.message}${serving}`,
    {
      hint: error.hint ?? 'Fix the plugin and save again, or reload it once more.',
      details: {
        plugin: record.name,
        version,
        step: 'reload',
        at: step,
        ...(isPdkError(cause) ? { reason: cause.code } : {}),
      },
      cause: error,
    },
  )
}

function ignore(): void {}
