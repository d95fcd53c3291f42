import type { PdkErrorData } from '../errors.js'

export type Labels = Record<string, string>

/** Structured-clone data: what crosses the context in every isolation mode. */
export type CloneableValue = unknown

export interface PluginLogger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export interface PluginStorage {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  delete(key: string): Promise<boolean>
  keys(prefix?: string): Promise<string[]>
}

export interface EventMeta {
  name: string
  from: string
}

export type EventHandler = (payload: unknown, meta: EventMeta) => unknown

export interface PluginEvents {
  /** Resolves once delivered to every subscriber, not once handled. */
  emit(name: string, payload?: unknown): Promise<void>
  /** Subscribes; `*` matches one segment, `**` any number. Returns the unsubscribe function. */
  on(pattern: string, handler: EventHandler): () => void
}

export type BroadcastResult =
  | { plugin: string; ok: true; value: unknown }
  | { plugin: string; ok: false; error: PdkErrorData }

export interface RequestOptions {
  timeoutMs?: number
}

export interface PluginMessages {
  request<R = unknown>(plugin: string, topic: string, payload?: unknown, opts?: RequestOptions): Promise<R>
  /** Never rejects; excludes the sender. */
  broadcast(topic: string, payload?: unknown): Promise<BroadcastResult[]>
}

/** A service as seen across the context: every method returns a promise. */
export type Remote<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never
}

export interface PluginServices {
  get<T extends object>(capability: string): Promise<Remote<T>>
}

export interface Counter {
  inc(value?: number, labels?: Labels): void
}
export interface Gauge {
  set(value: number, labels?: Labels): void
}
export interface Histogram {
  observe(value: number, labels?: Labels): void
}

export interface PluginMetrics {
  counter(name: string, help: string): Counter
  gauge(name: string, help: string): Gauge
  histogram(name: string, help: string, buckets?: number[]): Histogram
}

/** What a plugin sees of itself. */
export interface PluginIdentity {
  name: string
  version: string
  kind: string
  dataDir: string
}

/** Everything a plugin may reach: the host and other plugins only through this. */
export interface PluginContext<Config = Record<string, unknown>> {
  readonly plugin: PluginIdentity
  readonly host: { name: string; version: string }
  readonly config: Readonly<Config>
  readonly logger: PluginLogger
  readonly storage: PluginStorage
  readonly events: PluginEvents
  readonly messages: PluginMessages
  readonly services: PluginServices
  readonly metrics: PluginMetrics
  /** Only to hosts in `permissions.network`. */
  readonly fetch: typeof fetch
  /** Aborted when the plugin is being stopped. */
  readonly signal: AbortSignal
}

export type HealthStatus = 'ok' | 'degraded' | 'error'

export interface HealthResult {
  status: HealthStatus
  details?: Record<string, unknown>
}

/** The services a plugin provides, keyed by capability. */
export type ProvidedServices = Record<string, object>

export type MessageHandler<Config = Record<string, unknown>> = (payload: any, ctx: PluginContext<Config>) => unknown

export type PluginEventHandler<Config = Record<string, unknown>> = (
  payload: any,
  ctx: PluginContext<Config>,
  meta: EventMeta,
) => unknown

export type HookHandler<Config = Record<string, unknown>> = (value: any, ctx: PluginContext<Config>) => unknown

/** A hook tap: a function, or `{ handler, priority }` (higher runs first). */
export type HookTap<Config = Record<string, unknown>> =
  | HookHandler<Config>
  | { handler: HookHandler<Config>; priority?: number }

/** What a plugin module default-exports. Every member is optional. */
export interface PluginDefinition<Config = Record<string, unknown>> {
  /** Config resolved; returns the services it provides, keyed by capability. */
  init?(ctx: PluginContext<Config>): ProvidedServices | void | Promise<ProvidedServices | void>
  start?(ctx: PluginContext<Config>): void | Promise<void>
  /** `ctx.signal` is aborted just before. */
  stop?(ctx: PluginContext<Config>): void | Promise<void>
  dispose?(ctx: PluginContext<Config>): void | Promise<void>
  health?(ctx: PluginContext<Config>): HealthResult | Promise<HealthResult>
  /** Hot reload: the outgoing version's state. */
  snapshot?(ctx: PluginContext<Config>): unknown
  /** Hot reload: the incoming version receives it before `init`. */
  restore?(ctx: PluginContext<Config>, state: unknown): void | Promise<void>
  messages?: Record<string, MessageHandler<Config>>
  events?: Record<string, PluginEventHandler<Config>>
  hooks?: Record<string, HookTap<Config>>
}
