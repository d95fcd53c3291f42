import type { PdkErrorData } from '../errors.js'
import type { PluginState } from '../lifecycle/plugin-state.js'
import type { IsolationMode, Limits, Permissions, PluginPackageJson } from '../manifest/types.js'
import type { BroadcastResult, HealthStatus, PluginDefinition } from '../plugin/types.js'
import type { LogLevel } from '../transport/protocol.js'

/** How a host hook runs its taps. `waterfall` passes each tap's result to the next; `bail` stops at the first non-undefined result. */
export type HookMode = 'series' | 'parallel' | 'waterfall' | 'bail'

/** A plugin given as objects rather than a folder. */
export interface InMemoryPlugin {
  manifest: PluginPackageJson
  definition: PluginDefinition<any>
  /** Folder the plugin may read (`permissions.fs.read` base). @default the host's cwd */
  dir?: string
}

/** A folder holding one plugin package, a folder to scan, or an in-memory plugin. */
export type PluginSource = string | InMemoryPlugin

/** Decides what a plugin may do; anything not granted is refused before its code runs. */
export interface HostPolicy {
  grant(manifest: PluginPackageJson): Permissions | undefined
}

/** A kind the host declares. `critical` kinds fail `host.start()` like `system`. */
export interface KindDeclaration {
  name: string
  critical?: boolean
}

/** One host log line; plugin entries carry the plugin's name and version. */
export interface LogEntry {
  level: LogLevel
  message: string
  time: number
  plugin?: string
  version?: string
  fields?: Record<string, unknown>
}

export interface HostOptions {
  /** The host's name: plugins' `pdk.host.name` must equal it. */
  name: string
  /** The host API version `pdk.host.range` is checked against. */
  version: string
  /** Kinds accepted besides system, integration and extension. */
  kinds?: Array<string | KindDeclaration>
  /** Folders, package folders and in-memory plugins. */
  plugins?: PluginSource[]
  /** Settings per plugin name, before interpolation and validation. */
  settings?: Record<string, Record<string, unknown>>
  /** A function-bearing policy or a static grant. @default grant nothing */
  policy?: HostPolicy | Permissions
  /**
   * The least isolation for untrusted plugins: a plugin runs in what its manifest asks for or
   * this, whichever isolates more; `trusted` plugins run in what they ask for. In-memory
   * plugins always run in the host process. @default { default: 'none', trusted: [] }
   */
  isolation?: { default?: IsolationMode; trusted?: string[] }
  /** The extension points plugins may tap, with how each runs. */
  hooks?: Record<string, HookMode>
  /** Where plugin stores live. @default { dir: '<cwd>/.pdk/storage', maxBytes: 10_000_000 } */
  storage?: { dir?: string; maxBytes?: number }
  /** Supervisor policy. @default { maxRestarts: 5, windowMs: 60_000, backoffMs: [100, 30_000] } */
  restart?: { maxRestarts?: number; windowMs?: number; backoffMs?: [number, number] }
  /** Clone every value crossing the context, as worker isolation would. @default false */
  cloneValues?: boolean
  /** Default limits for plugins that set none. @default { startTimeoutMs: 10_000, stopTimeoutMs: 5_000, callTimeoutMs: 30_000 } */
  limits?: Limits
  /** Receives every log entry of the host and its plugins. @default warnings and errors to stderr */
  logger?: (entry: LogEntry) => void
  /** Base of relative paths. @default process.cwd() */
  cwd?: string
  /** Environment for config interpolation. @default process.env */
  env?: Record<string, string | undefined>
  /** What `pdk install` recorded; read by the registry features. */
  lockfile?: string
}

/** What `host.list()` reports per plugin. */
export interface PluginInfo {
  name: string
  version: string
  kind: string
  state: PluginState
  isolation: IsolationMode
  restarts: number
  lastError?: PdkErrorData
  /** The plugin's folder, or undefined for in-memory plugins. */
  dir?: string
  /** Waits for its first message or event before starting. */
  lazy: boolean
}

export interface PluginHealth {
  status: HealthStatus
  state: PluginState
  details?: Record<string, unknown>
  lastError?: PdkErrorData
}

export interface HostHealth {
  status: HealthStatus
  plugins: Record<string, PluginHealth>
}

export interface StateChange {
  name: string
  from: PluginState
  to: PluginState
  error?: PdkErrorData
}

/** What `host.reload()` did. */
export interface ReloadResult {
  name: string
  /** The version that served before. */
  from: string
  /** The version that serves now (or will, at its next start). */
  to: string
  isolation: IsolationMode
  /** True when a running instance was switched blue/green; false when the plugin was not running. */
  swapped: boolean
  durationMs: number
}

/** Options of `host.watch()`. */
export interface WatchOptions {
  /** Quiet time after the last change before a plugin is reloaded. @default 100 */
  debounceMs?: number
  /** Only these plugins. @default every folder plugin, including ones added later */
  plugins?: string[]
  /** Told about each reload the watcher ran, successful (`result`) or not (`error`). */
  onReload?: (outcome: { name: string; result?: ReloadResult; error?: PdkErrorData }) => void
}

/** A running `host.watch()`. */
export interface PluginWatcher {
  /** Resolves once the watcher is listening. */
  readonly ready: Promise<void>
  close(): Promise<void>
}

/** The host: start it, talk to its plugins, observe them, stop it. */
export interface Host {
  readonly name: string
  readonly version: string
  start(): Promise<void>
  stop(): Promise<void>
  startPlugin(name: string): Promise<void>
  stopPlugin(name: string): Promise<void>
  restartPlugin(name: string): Promise<void>
  add(source: PluginSource): Promise<PluginInfo[]>
  remove(name: string): Promise<void>
  /**
   * Blue/green reload: the new version (re-read from the plugin's folder, or `options.plugin`)
   * loads beside the running one, takes its `snapshot()` and serves from the switch on; if it
   * fails, the running one keeps serving and this rejects with `PDK_RELOAD_FAILED`.
   */
  reload(name: string, options?: { plugin?: InMemoryPlugin }): Promise<ReloadResult>
  /** Watches folder plugins' package.json and entry folders and reloads a plugin when they change. */
  watch(options?: WatchOptions): PluginWatcher
  list(): PluginInfo[]
  request<R = unknown>(plugin: string, topic: string, payload?: unknown, opts?: { timeoutMs?: number }): Promise<R>
  broadcast(topic: string, payload?: unknown): Promise<BroadcastResult[]>
  emit(name: string, payload?: unknown): Promise<void>
  callHook<T = unknown>(name: string, value?: T): Promise<T>
  health(): Promise<HostHealth>
  metrics(): MetricsSnapshot
  metricsText(): string
  on(event: 'state', listener: (change: StateChange) => void): () => void
}

/** One metric family: every labelled series of one name. */
export interface MetricFamily {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'histogram'
  series: MetricSeries[]
}

export interface MetricSeries {
  labels: Record<string, string>
  /** Counter and gauge value; for histograms the sum. */
  value: number
  /** Histograms: cumulative counts per upper bound (`+Inf` last) and the count. */
  buckets?: Array<{ le: number; count: number }>
  count?: number
}

export interface MetricsSnapshot {
  families: MetricFamily[]
}
