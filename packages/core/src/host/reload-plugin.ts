import { mkdir } from 'node:fs/promises'
import { resolveConfig } from '../context/resolve-config.js'
import { isPdkError, PdkError } from '../errors.js'
import { crashRecord } from '../lifecycle/crash-record.js'
import { guard } from '../lifecycle/guard.js'
import { pluginFailed, timedOut } from '../lifecycle/plugin-errors.js'
import { startRecord } from '../lifecycle/start-record.js'
import { teardown } from '../lifecycle/stop-record.js'
import { tapHooks } from '../lifecycle/tap-hooks.js'
import type { IsolationMode } from '../manifest/types.js'
import type { PluginEndpoint, ServiceShape } from '../transport/protocol.js'
import { activationOf, lazyOf, limitsOf } from './add-plugins.js'
import { createHostEndpoint } from './create-host-endpoint.js'
import { importOf, nextImport, restoreImport } from './fresh-import.js'
import { type HostCore, hostLog, pluginFolder } from './host-core.js'
import type { InMemoryPlugin, ReloadResult } from './host-types.js'
import { isolationOf, transportFor } from './isolation-of.js'
import { type NextVersion, nextVersion } from './next-version.js'
import type { PluginInstance, PluginRecord } from './plugin-record.js'
import { reloadFailed } from './reload-failed.js'
import { drain, Gate, holdEvents } from './reload-gate.js'
import { resumeDependents } from './resume-dependents.js'
import { activationOwner, watchActivation } from './watch-activation.js'

/** What `host.reload(name, options)` may be given. */
export interface ReloadOptions {
  /** The new version of an in-memory plugin (its manifest and definition). */
  plugin?: InMemoryPlugin
}

// One reload per plugin at a time; a reload asked for while one runs follows it.
const running = new WeakMap<PluginRecord, Promise<ReloadResult>>()

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
  for (let busy = inProgress(record); busy !== undefined; busy = inProgress(record)) await busy.catch(ignore)
  const next = await nextVersion(core, record, options)
  // And so does one that began while the new version was being read (a restart, a supervisor
  // attempt, a lazy plugin's activation): it loads the old code, and deciding on a half-started
  // plugin would take the new version for a "next start" that has already begun, leaving the old
  // version serving. The last check and the decision below run in one go: any await between
  // them (even of a promise already settled) lets a start begin unseen.
  for (let busy = inProgress(record); busy !== undefined; busy = inProgress(record)) await busy.catch(ignore)
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
      // The fix is here: no need to wait for the supervisor's next attempt, nor for its breaker.
      if (record.restartTimer !== undefined) clearTimeout(record.restartTimer)
      record.restartTimer = undefined
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

/** The start or stop of `record` in progress, if any. */
function inProgress(record: PluginRecord): Promise<void> | undefined {
  return record.starting ?? record.stopping
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
function adopt(core: HostCore, record: PluginRecord, next: NextVersion): Adopted {
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
  target.limits = limitsOf(core, pdk)
  target.lazy = lazyOf(pdk)
  target.activation = activationOf(pdk)
  if (next.warnings) for (const warning of next.warnings) hostLog(core, 'warn', warning, undefined, record)
  // A plugin waiting for its first message or event waits for the new version's.
  if (record.state === 'resolved') {
    core.events.removeOwner(activationOwner(record.name))
    if (record.lazy) watchActivation(core, record)
  }
  // The next load of its entry in this process imports the new files.
  const generation = importOf(record)
  if (next.entry !== undefined) nextImport(record)
  return { fields: before, generation }
}

/** What `adopt` replaced: the record's fields and the import generation of its entry. */
interface Adopted {
  fields: Adoptable
  generation: number | undefined
}

function restoreFields(record: PluginRecord, before: Adopted): void {
  Object.assign(record as object, before.fields)
  restoreImport(record, before.generation)
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
  const began = performance.now()
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
    // Unless the old version crashed meanwhile (then it is failed and has nothing to put back).
    if (record.state === 'started') {
      core.hooks.restore(blueTaps)
      core.events.attach(heldSubscriptions)
    }
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

  // 5. The gate opens onto the new version; the old one stops behind it. If the old one's
  // isolate crashed during the switch, the plugin is failed and its supervisor restarts it:
  // the new version must not stay running unreferenced.
  if (record.state !== 'started') {
    return rollback('switch', new PdkError('PDK_PLUGIN_CRASHED', 'The running version crashed during the switch.'))
  }
  link.incoming = false
  // pdk_plugin_start_seconds: the new version's load to started, as for any start.
  record.startSeconds = (performance.now() - began) / 1000
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
        fresh: record.entry === undefined ? undefined : importOf(record),
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
  hostLog(core, 'info', `${what} ${from} -> ${result.to} (${result.durationMs} ms)`, undefined, record)
}

function ignore(): void {}
