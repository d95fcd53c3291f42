import { PdkError } from '../errors.js'
import { manifestIdentity } from '../lifecycle/in-process-boot.js'
import { startRecord } from '../lifecycle/start-record.js'
import type { PluginPackageJson } from '../manifest/types.js'
import type { BroadcastResult, EventMeta, Labels, PluginIdentity } from '../plugin/types.js'
import type {
  HostEndpoint,
  LogLevel,
  MetricKind,
  PluginBoot,
  PluginEndpoint,
  PluginShape,
  ServiceShape,
} from '../transport/protocol.js'
import { deliverEvent } from './deliver-event.js'
import { type HostCore, hostLog, storeOf } from './host-core.js'
import { invokeCall } from './invoke-call.js'
import { definePluginMetric, recordPluginMetric } from './plugin-metrics.js'
import type { PluginInstance, PluginRecord } from './plugin-record.js'
import { routeBroadcast, routeRequest } from './route-request.js'

/**
 * The host's side of one plugin instance's context. The host knows who is calling, so every
 * log line, event, request and metric is attributed without trusting the plugin. A class, not
 * closures: hosts create one per plugin start.
 */
export function createHostEndpoint(core: HostCore, record: PluginRecord): HostLink {
  return new HostLink(core, record)
}

/** A host endpoint bound to one plugin instance; the start attempt sets `instance` once it is loaded. */
export class HostLink implements HostEndpoint {
  // A field, not a getter closure over the start attempt: the endpoint lives as long as the
  // instance, and must not keep the finished attempt reachable.
  instance: PluginInstance | undefined = undefined
  /** An incoming version during a hot reload: it may subscribe before it becomes the current one. */
  incoming = false

  constructor(
    protected readonly core: HostCore,
    private readonly owner: PluginRecord,
  ) {}

  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    hostLog(this.core, level, message, fields, this.owner)
  }

  storageGet(key: string): Promise<unknown> {
    return storeOf(this.core, this.owner).get(key)
  }

  storageSet(key: string, value: unknown): Promise<void> {
    return storeOf(this.core, this.owner).set(key, value)
  }

  storageDelete(key: string): Promise<boolean> {
    return storeOf(this.core, this.owner).delete(key)
  }

  storageKeys(prefix?: string): Promise<string[]> {
    return storeOf(this.core, this.owner).keys(prefix)
  }

  emit(name: string, payload: unknown): Promise<void> {
    this.core.events.emit(name, payload, this.owner.name)
    return Promise.resolve()
  }

  subscribe(id: number, pattern: string): void {
    const { core, owner: record } = this
    const mine = this.instance
    // A stopped instance's late subscriptions are ignored: only the current one may listen.
    if (mine === undefined || (record.instance !== mine && !this.incoming)) return
    const endpoint = mine.endpoint
    core.events.subscribe(record.name, id, pattern, (payload: unknown, meta: EventMeta) =>
      deliverEvent(core, record, pattern, endpoint, id, payload, meta),
    )
  }

  unsubscribe(id: number): void {
    // Ids are the instance's own: an outgoing version must not remove its successor's.
    if (this.owner.instance !== this.instance && !this.incoming) return
    this.core.events.unsubscribe(this.owner.name, id)
  }

  request(plugin: string, topic: string, payload: unknown, timeoutMs?: number): Promise<unknown> {
    return routeRequest(this.core, this.owner.name, plugin, topic, payload, timeoutMs)
  }

  broadcast(topic: string, payload: unknown): Promise<BroadcastResult[]> {
    return routeBroadcast(this.core, this.owner.name, topic, payload)
  }

  async service(capability: string): Promise<{ provider: string; methods: string[] }> {
    const { core, owner: record } = this
    const providerName = record.providers.get(capability)
    const provider = providerName === undefined ? undefined : core.records.get(providerName)
    if (provider === undefined) throw noProvider(record, capability)
    // A lazy provider waiting for activation is started by the first get; any other state is not running.
    if (provider.state === 'resolved' && provider.lazy && !provider.held) await startRecord(core, provider)
    else if (provider.state !== 'started' && provider.starting !== undefined) await provider.starting
    if (provider.state !== 'started')
      throw notRunning(provider.name, provider.version, `service "${capability}"`, provider.state)
    const methods = provider.instance?.services[capability]
    if (methods === undefined) {
      throw new PdkError(
        'PDK_NO_HANDLER',
        `Plugin "${provider.name}" lists capability "${capability}" but its init() returned no "${capability}" service.`,
        {
          hint: `Return { "${capability}": { ...methods } } from init() in "${provider.name}".`,
          details: {
            plugin: provider.name,
            version: provider.version,
            step: 'services',
            capability,
            caller: record.name,
          },
        },
      )
    }
    return { provider: provider.name, methods }
  }

  call(providerName: string, capability: string, method: string, args: unknown[]): Promise<unknown> {
    const provider = this.core.records.get(providerName)
    const target = provider?.instance
    if (provider === undefined || target === undefined || provider.state !== 'started') {
      return Promise.reject(notRunning(providerName, provider?.version, `${capability}.${method}`))
    }
    return invokeCall(
      this.core,
      provider,
      'service',
      `${capability}.${method}`,
      provider.limits.callTimeoutMs,
      callService,
      target,
      capability,
      [method, args],
    )
  }

  defineMetric(kind: MetricKind, name: string, help: string, buckets?: number[]): void {
    definePluginMetric(this.core, this.owner, this.instance, kind, name, help, buckets)
  }

  record(name: string, value: number, labels?: Labels): void {
    recordPluginMetric(this.core, this.owner, this.instance, name, value, labels)
  }
}

/**
 * The link of a plugin that runs in the host's thread without cloning, which is also its boot
 * data: config, granted network and the manifest it was loaded from, with `plugin` (name,
 * version, kind, data folder) made on first read. Nothing copies or sends the boot then, so one
 * object serves both sides of the protocol instead of two per plugin (a host keeps both for as
 * long as the plugin runs). Transports that copy the boot get plain data (`bootOf`). Once
 * loaded it is also the instance (`loaded`): the host's view of the endpoint it links, as long
 * lived as the link, one object fewer per plugin.
 */
export class InProcessLink extends HostLink implements PluginBoot, PluginInstance {
  private identity: PluginIdentity | undefined = undefined
  endpoint: PluginEndpoint = UNLOADED
  shape: PluginShape = UNLOADED_SHAPE
  topics: ReadonlySet<string> = NO_TOPICS
  services: ServiceShape = NO_SERVICES
  metrics: Map<string, string> | undefined = undefined

  constructor(
    core: HostCore,
    record: PluginRecord,
    private readonly manifest: PluginPackageJson,
    readonly config: Record<string, unknown>,
    readonly network: string[],
  ) {
    super(core, record)
  }

  get plugin(): PluginIdentity {
    this.identity ??= manifestIdentity(this.core, this.manifest)
    return this.identity
  }

  get host(): { readonly name: string; readonly version: string } {
    return this.core.hostInfo
  }

  /** The plugin loaded: this link becomes its instance (what `{ endpoint, shape, topics, ... }` would be). */
  loaded(endpoint: PluginEndpoint, shape: PluginShape, topics: ReadonlySet<string>): PluginInstance {
    this.endpoint = endpoint
    this.shape = shape
    this.topics = topics
    this.instance = this
    return this
  }
}

// What an in-process link holds before its plugin is loaded (never read then: `instance` is unset).
const NO_TOPICS: ReadonlySet<string> = new Set()
const NO_SERVICES: ServiceShape = Object.freeze({})
const UNLOADED_SHAPE: PluginShape = Object.freeze({ messages: [], events: [], hooks: [], health: false })
const UNLOADED = undefined as unknown as PluginEndpoint

function callService(target: unknown, capability: unknown, call: unknown): unknown {
  const [method, args] = call as [string, unknown[]]
  return (target as PluginInstance).endpoint.service(capability as string, method, args)
}

function noProvider(record: PluginRecord, capability: string): PdkError {
  const declared = [...record.deps]
  return new PdkError(
    'PDK_DEP_MISSING',
    `Plugin "${record.name}@${record.version}" asked for service "${capability}", but none of its dependencies provides it.`,
    {
      hint: `Add a plugin that lists "${capability}" in pdk.capabilities to pdk.dependencies or pdk.optionalDependencies of "${record.name}".`,
      details: { plugin: record.name, version: record.version, step: 'services', capability, dependencies: declared },
    },
  )
}

/** `PDK_NOT_RUNNING` for a call to a plugin that is not started. */
export function notRunning(name: string, version: string | undefined, what: string, state?: string): PdkError {
  return new PdkError(
    'PDK_NOT_RUNNING',
    `Plugin "${name}${version ? `@${version}` : ''}" is not running${state ? ` (state: ${state})` : ''}, so ${what} cannot be handled.`,
    {
      hint: `Check host.health() or host.list() for why "${name}" stopped, then host.startPlugin("${name}").`,
      details: { plugin: name, version, step: 'request', state },
    },
  )
}
