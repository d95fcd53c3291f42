import { PdkError } from '../errors.js'
import type { HookTap, PluginContext, PluginDefinition, ProvidedServices } from '../plugin/types.js'
import type { HostEndpoint, PluginBoot, PluginEndpoint, ServiceShape } from '../transport/protocol.js'
import { createEventsClient } from './create-events-client.js'
import { createFetch } from './create-fetch.js'
import { createLogger } from './create-logger.js'
import { createMessagesClient } from './create-messages-client.js'
import { createMetricsClient } from './create-metrics-client.js'
import { createServicesClient } from './create-services-client.js'
import { createStorageClient } from './create-storage-client.js'
import { serviceMethods } from './service-methods.js'

/**
 * The plugin's side of the protocol: builds its context from a host endpoint and answers the
 * host's calls by running the definition. This is the code a worker or child process runs too,
 * so it knows nothing of the host but the endpoint.
 */
export function createPluginRuntime(
  definition: PluginDefinition<any>,
  boot: PluginBoot,
  host: HostEndpoint,
): PluginEndpoint {
  const controller = new AbortController()
  const events = createEventsClient(host)
  let limitedFetch: typeof fetch | undefined
  // Not frozen: freezing thousands of contexts costs more than the boot itself; the members are
  // getters-free plain values and the plugin gets its own copies of identity and config.
  const ctx: PluginContext = {
    plugin: { ...boot.plugin },
    host: { ...boot.host },
    config: deepFreeze(boot.config),
    logger: createLogger(host),
    storage: createStorageClient(host),
    events: events.events,
    messages: createMessagesClient(host),
    services: createServicesClient(host),
    metrics: createMetricsClient(host),
    // Built on first use: most plugins never fetch, and hosts boot thousands of them.
    get fetch() {
      limitedFetch ??= createFetch(boot.network, boot.plugin)
      return limitedFetch
    },
    signal: controller.signal,
  }
  const messages = definition.messages ?? {}
  const eventHandlers = definition.events ?? {}
  const taps = new Map(Object.entries(definition.hooks ?? {}).map(([name, tap]) => [name, normaliseTap(tap)]))
  let services: ProvidedServices = {}

  return {
    describe: () => ({
      messages: Object.keys(messages),
      events: Object.keys(eventHandlers),
      hooks: [...taps].map(([name, tap]) => ({ name, priority: tap.priority })),
      health: typeof definition.health === 'function',
    }),
    init: (state) => {
      const restored = state !== undefined && definition.restore ? definition.restore(ctx, state) : undefined
      const run = () => {
        const provided = definition.init?.(ctx)
        return isThenable(provided) ? provided.then(describeServices) : describeServices(provided)
      }
      return isThenable(restored) ? restored.then(run) : run()
    },
    start: () => {
      for (const [pattern, handler] of Object.entries(eventHandlers)) {
        events.events.on(pattern, (payload, meta) => handler(payload, ctx, meta))
      }
      return definition.start?.(ctx)
    },
    stop: () => {
      controller.abort(new PdkError('PDK_ABORTED', `Plugin "${boot.plugin.name}" is stopping.`))
      events.clear()
      return definition.stop?.(ctx)
    },
    dispose: () => definition.dispose?.(ctx),
    health: () => definition.health?.(ctx),
    message: (topic, payload) => {
      const handler = messages[topic]
      if (handler === undefined) throw noHandler(boot, topic)
      return handler(payload, ctx)
    },
    event: (id, payload, meta) => events.dispatch(id, payload, meta),
    hook: (name, value) => taps.get(name)?.handler(value, ctx),
    service: (capability, method, args) => {
      const service = services[capability] as Record<string, (...a: unknown[]) => unknown> | undefined
      const fn = service?.[method]
      if (typeof fn !== 'function') throw noHandler(boot, `${capability}.${method}`)
      return fn.apply(service, args)
    },
  }

  function describeServices(provided: ProvidedServices | void): ServiceShape {
    services = provided ?? {}
    const shape: ServiceShape = {}
    for (const [capability, service] of Object.entries(services)) shape[capability] = serviceMethods(service)
    return shape
  }
}

function normaliseTap(tap: HookTap<any>): {
  handler: (value: unknown, ctx: PluginContext) => unknown
  priority: number
} {
  return typeof tap === 'function'
    ? { handler: tap, priority: 0 }
    : { handler: tap.handler, priority: tap.priority ?? 0 }
}

function noHandler(boot: PluginBoot, what: string): PdkError {
  return new PdkError('PDK_NO_HANDLER', `Plugin "${boot.plugin.name}" has no handler for "${what}".`, {
    hint: `Add "${what}" to the plugin's definition, or call one it has.`,
    details: { plugin: boot.plugin.name, version: boot.plugin.version, topic: what },
  })
}

/** True for promises and promise-likes, without allocating. */
export function isThenable(value: unknown): value is PromiseLike<any> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}
