import type { PdkError } from '../errors.js'
import { DeadlineQueue } from '../lifecycle/deadline-queue.js'
import { canTransition, type PluginState } from '../lifecycle/plugin-state.js'
import type { IsolationMode } from '../manifest/types.js'
import { DURATION_BUCKETS, type Family, MetricsRegistry } from '../observe/metrics-registry.js'
import { PluginStore } from '../storage/plugin-store.js'
import type { Transport } from '../transport/protocol.js'
import { EventBus } from './event-bus.js'
import { HookRegistry } from './hook-registry.js'
import type { LogEntry, StateChange } from './host-types.js'
import type { ResolvedOptions } from './normalize-options.js'
import type { PluginRecord, RecordDefaults } from './plugin-record.js'

/** The automatic metric families of spec/plugin-api.md. */
export interface AutoMetrics {
  start: Family
  calls: Family
  errors: Family
  duration: Family
  restarts: Family
  memory: Family
}

/** The host's state, shared by the modules that implement its methods. */
export interface HostCore {
  readonly options: ResolvedOptions
  /** `ctx.host` of every plugin (frozen, shared). */
  readonly hostInfo: { readonly name: string; readonly version: string }
  /** Replaced only by a first boot's `addPlugins` (which may adopt discovery's map of names). */
  records: Map<string, PluginRecord>
  readonly events: EventBus
  readonly hooks: HookRegistry
  readonly metrics: MetricsRegistry
  readonly auto: AutoMetrics
  /** What every record of this host shares (`HostRecord`). */
  readonly recordDefaults: RecordDefaults
  readonly deadlines: DeadlineQueue
  /** One transport per isolation mode in use, made on first use (`transportFor`). */
  readonly transports: Map<IsolationMode, Transport>
  readonly stores: Map<string, PluginStore>
  readonly listeners: Set<(change: StateChange) => void>
  running: boolean
  nextOrder: number
  /** `<storage.dir>/`, flat: each plugin's folder name is one concatenation away. */
  readonly storagePrefix: string
}

const CORE = Symbol('pdk.core')

/**
 * The core behind each host, for the host's own tests and diagnostics. Kept on the host object
 * itself (a symbol property that is not enumerable), not in a WeakMap: while a WeakMap is in the
 * old generation, V8's young-generation collection keeps its values alive whatever becomes of
 * their keys, so every finished host's core (records, instances, contexts…) was copied through
 * scavenge after scavenge until a full collection ran: a quarter of boot time.
 */
export const cores = {
  get(host: object): HostCore | undefined {
    return (host as { [CORE]?: HostCore })[CORE]
  },
  set(host: object, core: HostCore): void {
    Object.defineProperty(host, CORE, { value: core, configurable: true })
  },
}

export function createCore(options: ResolvedOptions): HostCore {
  const metrics = new MetricsRegistry()
  const deadlines = new DeadlineQueue()
  const auto = autoMetrics(metrics)
  return {
    options,
    hostInfo: Object.freeze({ name: options.name, version: options.version }),
    records: new Map(),
    events: new EventBus(),
    hooks: new HookRegistry(options.hooks, deadlines),
    metrics,
    auto,
    recordDefaults: Object.freeze({ auto, limits: options.limits }),
    deadlines,
    transports: new Map(),
    stores: new Map(),
    listeners: new Set(),
    running: false,
    nextOrder: 0,
    // Joined (a flat string), so the folders made from it keep one link each rather than a chain.
    storagePrefix: [options.storageDir, ''].join('/'),
  }
}

function autoMetrics(metrics: MetricsRegistry): AutoMetrics {
  return {
    start: metrics.family('pdk_plugin_start_seconds', 'gauge', 'Seconds the plugin took from load to started'),
    calls: metrics.family(
      'pdk_plugin_calls_total',
      'counter',
      'Messages, service calls and hook calls handled, by topic',
    ),
    errors: metrics.family('pdk_plugin_errors_total', 'counter', 'Errors thrown by the plugin in steps and handlers'),
    duration: metrics.family(
      'pdk_plugin_call_duration_seconds',
      'histogram',
      'Duration of handled calls',
      DURATION_BUCKETS,
    ),
    restarts: metrics.family('pdk_plugin_restarts_total', 'counter', 'Restarts by the supervisor or restartPlugin'),
    memory: metrics.family(
      'pdk_plugin_memory_bytes',
      'gauge',
      'Heap bytes the plugin runs in (the shared host heap with isolation none)',
    ),
  }
}

/** Moves a plugin to `to` and tells the `state` listeners. */
export function setState(core: HostCore, record: PluginRecord, to: PluginState, error?: PdkError): void {
  const from = record.state
  // The machine of spec/plugin-api.md: a move it does not allow is a bug in the host.
  if (!canTransition(from, to))
    hostLog(core, 'error', `Internal: "${record.name}" moved ${from} -> ${to}.`, undefined, record)
  record.state = to
  if (error !== undefined) record.lastError = error
  if (core.listeners.size === 0) return
  const change: StateChange = { name: record.name, from, to, ...(error ? { error: error.toJSON() } : {}) }
  for (const listener of core.listeners) {
    try {
      listener(change)
    } catch (listenerError) {
      hostLog(core, 'error', `A state listener threw: ${(listenerError as Error)?.message}`)
    }
  }
}

/** Writes one host log entry (a plugin's when `record` is given). */
export function hostLog(
  core: HostCore,
  level: LogEntry['level'],
  message: string,
  fields?: Record<string, unknown>,
  record?: { name: string; version: string },
): void {
  const entry: LogEntry = { level, message, time: Date.now() }
  if (record) {
    entry.plugin = record.name
    entry.version = record.version
  }
  if (fields !== undefined) entry.fields = fields
  try {
    core.options.log(entry)
  } catch {
    // A failing log sink must not take the host down with it.
  }
}

/** The store of a plugin, kept across its restarts. */
export function storeOf(core: HostCore, record: PluginRecord): PluginStore {
  let store = core.stores.get(record.name)
  if (store === undefined) {
    store = new PluginStore(`${pluginFolder(core, record.name)}/store.v8`, core.options.maxBytes, record)
    core.stores.set(record.name, store)
  }
  return store
}

/** `<storage.dir>/<name>`: where a plugin's store and data folder live. */
export function pluginFolder(core: HostCore, name: string): string {
  return core.storagePrefix + (name.includes('/') ? name.replace('/', '+') : name)
}
