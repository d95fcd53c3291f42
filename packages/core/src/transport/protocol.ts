// The one message protocol between a plugin and its host. The `direct` transport calls these
// methods in-process; a worker or process transport sends the same calls as envelopes over a
// MessagePort or IPC channel. Every argument and result is structured-clone data, so nothing
// here may carry a function or a class instance with behaviour.
import type { PdkError, PdkErrorData } from '../errors.js'
import type { IsolationMode, Permissions } from '../manifest/types.js'
import type {
  BroadcastResult,
  EventMeta,
  HealthResult,
  Labels,
  PluginDefinition,
  PluginIdentity,
} from '../plugin/types.js'

/** What the host hands a plugin when it loads it. */
export interface PluginBoot {
  plugin: PluginIdentity
  host: { readonly name: string; readonly version: string }
  /** Interpolated and validated settings. */
  config: Record<string, unknown>
  /** Granted `permissions.network` entries, for `ctx.fetch`. */
  network: string[]
}

/** What a loaded definition declares, read once after load. */
export interface PluginShape {
  messages: string[]
  events: string[]
  hooks: Array<{ name: string; priority: number }>
  health: boolean
}

/** Services a plugin provides after `init`: method names by capability. */
export type ServiceShape = Record<string, string[]>

/**
 * Host -> plugin. Methods may answer synchronously (direct transport, no handler) or with a
 * promise; the host treats both alike, which keeps the in-process hot path free of promises.
 */
export interface PluginEndpoint {
  describe(): PluginShape
  init(state?: unknown): ServiceShape | Promise<ServiceShape>
  start(): unknown
  stop(): unknown
  dispose(): unknown
  /** The definition's `snapshot(ctx)`: the state a hot reload hands to the incoming version. */
  snapshot(): unknown
  health(): HealthResult | undefined | Promise<HealthResult | undefined>
  message(topic: string, payload: unknown): unknown
  event(subscription: number, payload: unknown, meta: EventMeta): unknown
  hook(name: string, value: unknown): unknown
  /**
   * The tap of hook `name` as a plain function, when the plugin runs in the host's own thread
   * (the direct transport): a hook call is then one function call per tap. Transports that
   * cross a thread or process leave it out, and the host calls `hook` instead.
   */
  directHook?(name: string): { handler: (value: unknown, ctx: unknown) => unknown; ctx: unknown } | undefined
  service(capability: string, method: string, args: unknown[]): unknown
  /**
   * Ends the plugin's isolation (terminates its worker or process) without running any more of
   * its code: after `dispose`, after a crash, and for a load the host gave up on. The direct
   * transport has nothing to end and leaves it out.
   */
  close?(): Promise<void>
  /**
   * Heap bytes of the plugin's own worker or process, as last measured (undefined until the
   * first measurement arrives); each read asks for a fresh one. In-process plugins share the
   * host's heap and leave it out.
   */
  memory?(): number | undefined
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type MetricKind = 'counter' | 'gauge' | 'histogram'

/** Plugin -> host, bound to one plugin (the host knows who is calling). */
export interface HostEndpoint {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void
  storageGet(key: string): Promise<unknown>
  storageSet(key: string, value: unknown): Promise<void>
  storageDelete(key: string): Promise<boolean>
  storageKeys(prefix?: string): Promise<string[]>
  emit(name: string, payload: unknown): Promise<void>
  subscribe(subscription: number, pattern: string): void
  unsubscribe(subscription: number): void
  request(plugin: string, topic: string, payload: unknown, timeoutMs?: number): Promise<unknown>
  broadcast(topic: string, payload: unknown): Promise<BroadcastResult[]>
  service(capability: string): Promise<{ provider: string; methods: string[] }>
  call(provider: string, capability: string, method: string, args: unknown[]): Promise<unknown>
  defineMetric(kind: MetricKind, name: string, help: string, buckets?: number[]): void
  record(name: string, value: number, labels?: Labels): void
}

/** Host -> plugin methods, in protocol order. */
export const PLUGIN_METHODS = [
  'describe',
  'init',
  'start',
  'stop',
  'dispose',
  'snapshot',
  'health',
  'message',
  'event',
  'hook',
  'service',
] as const satisfies ReadonlyArray<keyof PluginEndpoint>

/** Plugin -> host methods that answer. */
export const HOST_CALLS = [
  'storageGet',
  'storageSet',
  'storageDelete',
  'storageKeys',
  'emit',
  'request',
  'broadcast',
  'service',
  'call',
] as const satisfies ReadonlyArray<keyof HostEndpoint>

/** Plugin -> host methods that are fire-and-forget (synchronous on the plugin's side). */
export const HOST_NOTIFICATIONS = [
  'log',
  'subscribe',
  'unsubscribe',
  'defineMetric',
  'record',
] as const satisfies ReadonlyArray<keyof HostEndpoint>

/**
 * An error thrown on the other side of a channel: a `PdkError`'s data, or the name, message and
 * stack of anything else (the host turns a plugin's own error into `PDK_PLUGIN_FAILED` by them).
 */
export interface CrossedError {
  name: string
  message: string
  stack?: string
  pdk?: PdkErrorData
}

/** One message on a port or IPC channel (worker and process transports). */
export type Envelope =
  | { t: 'call'; id: number; method: string; args: unknown[] }
  | { t: 'notify'; method: string; args: unknown[] }
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: CrossedError }
  /** Plugin -> host once the entry is imported and its context made. */
  | { t: 'ready'; shape: PluginShape }
  /** Plugin -> host when the entry cannot be loaded. */
  | { t: 'failed'; error: CrossedError }
  /** Host -> child process: what to load (a worker gets it as `workerData`). */
  | { t: 'boot'; load: RemoteLoad }

/** What a worker or child process needs to load its plugin: plain data only. */
export interface RemoteLoad {
  boot: PluginBoot
  entry: string
  /** A worker's file system grants, which it enforces itself (a process has the permission model). */
  fs?: { read: string[]; write: string[] }
}

/** What a transport needs to load one plugin. */
export interface LoadRequest {
  boot: PluginBoot
  /** Absolute path of the entry module (folder plugins). */
  entry?: string
  /** The definition itself (in-memory plugins). */
  definition?: PluginDefinition<any>
  /**
   * Set by a hot reload: the entry is imported afresh rather than from the module cache (an
   * in-process load; a worker or process has a module cache of its own).
   */
  fresh?: number
  host: HostEndpoint
  /** What the policy granted the plugin: a child process runs under the matching permission flags. */
  granted?: Permissions
  /** The plugin's package folder (folder plugins): a child process may read it. */
  dir?: string
  /** `limits.memoryMb`: the heap limit of a worker or child process. */
  memoryMb?: number
  /**
   * Called once if the plugin's worker or process ends on its own after loading (a crash, the
   * memory limit), with `PDK_PLUGIN_CRASHED` or `PDK_LIMIT_EXCEEDED`.
   */
  crashed?: (error: PdkError) => void
}

/** Runs plugins in one isolation mode behind the protocol. */
export interface Transport {
  readonly isolation: IsolationMode
  /** Synchronous when nothing needs importing (in-memory definitions in-process). */
  load(request: LoadRequest): PluginEndpoint | Promise<PluginEndpoint>
}
