import { PdkError } from '../errors.js'
import type { HookHandler, HookTap, PluginDefinition, PluginIdentity, ProvidedServices } from '../plugin/types.js'
import { isThenable } from '../transport/is-thenable.js'
import type { HostEndpoint, PluginBoot, PluginEndpoint, PluginShape, ServiceShape } from '../transport/protocol.js'
import { PluginContextImpl } from './plugin-context.js'
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
  return new PluginRuntime(definition, boot, host)
}

// Shared by definitions without messages, events, hooks or services; never mutated.
const NO_MESSAGES: Record<string, (payload: any, ctx: any) => unknown> = Object.freeze({})
const NO_SERVICES: ProvidedServices = Object.freeze({})
const NONE: string[] = []
const NONE_TAPS: Array<{ name: string; priority: number }> = []
// The shape of a definition with no messages, events or hooks (most of a big host's), and the
// services shape of one without init: shared, never mutated.
const PLAIN_SHAPE: PluginShape = Object.freeze({ messages: NONE, events: NONE, hooks: NONE_TAPS, health: false })
const PLAIN_HEALTH_SHAPE: PluginShape = Object.freeze({ messages: NONE, events: NONE, hooks: NONE_TAPS, health: true })
const NO_SERVICE_SHAPE: ServiceShape = Object.freeze({})

// A host keeps one runtime per running plugin: its fields are the context, the definition and
// what init provided. The boot data is the context's (`ctx.plugin` names the plugin in errors).
class PluginRuntime implements PluginEndpoint {
  private readonly ctx: PluginContextImpl
  private services: ProvidedServices = NO_SERVICES

  constructor(
    private readonly definition: PluginDefinition<any>,
    boot: PluginBoot,
    host: HostEndpoint,
  ) {
    deepFreeze(boot.config)
    this.ctx = new PluginContextImpl(boot, host)
  }

  describe(): PluginShape {
    const { definition } = this
    if (definition.messages === undefined && definition.events === undefined && definition.hooks === undefined) {
      return typeof definition.health === 'function' ? PLAIN_HEALTH_SHAPE : PLAIN_SHAPE
    }
    return shapeOf(definition)
  }

  init(state?: unknown): ServiceShape | Promise<ServiceShape> {
    const { definition, ctx } = this
    const restored = state !== undefined && definition.restore ? definition.restore(ctx, state) : undefined
    return isThenable(restored) ? restored.then(() => this.runInit()) : this.runInit()
  }

  private runInit(): ServiceShape | Promise<ServiceShape> {
    const { definition } = this
    if (definition.init === undefined) return NO_SERVICE_SHAPE
    const provided = definition.init(this.ctx)
    return isThenable(provided) ? provided.then((p) => this.describeServices(p)) : this.describeServices(provided)
  }

  start(): unknown {
    const { definition, ctx } = this
    if (definition.events) {
      for (const [pattern, handler] of Object.entries(definition.events)) {
        ctx.events.on(pattern, (payload, meta) => handler(payload, ctx, meta))
      }
    }
    return definition.start?.(ctx)
  }

  stop(): unknown {
    this.ctx.abort()
    if (this.ctx.hasEvents) this.ctx.eventsClient.clear()
    return this.definition.stop?.(this.ctx)
  }

  dispose(): unknown {
    return this.definition.dispose?.(this.ctx)
  }

  snapshot(): unknown {
    return this.definition.snapshot?.(this.ctx)
  }

  health() {
    return this.definition.health?.(this.ctx)
  }

  message(topic: string, payload: unknown): unknown {
    const handler = (this.definition.messages ?? NO_MESSAGES)[topic]
    if (handler === undefined) throw noHandler(this.ctx.plugin, topic)
    return handler(payload, this.ctx)
  }

  event(id: number, payload: unknown, meta: { name: string; from: string }): unknown {
    return this.ctx.eventsClient.dispatch(id, payload, meta)
  }

  hook(name: string, value: unknown): unknown {
    const tap = this.definition.hooks?.[name]
    if (tap === undefined) return undefined
    return typeof tap === 'function' ? tap(value, this.ctx) : tap.handler(value, this.ctx)
  }

  directHook(name: string): { handler: (value: unknown, ctx: unknown) => unknown; ctx: unknown } | undefined {
    const tap = this.definition.hooks?.[name]
    if (tap === undefined) return undefined
    const handler = typeof tap === 'function' ? tap : tap.handler
    return { handler: handler as (value: unknown, ctx: unknown) => unknown, ctx: this.ctx }
  }

  service(capability: string, method: string, args: unknown[]): unknown {
    const service = this.services[capability] as Record<string, (...a: unknown[]) => unknown> | undefined
    const fn = service?.[method]
    if (typeof fn !== 'function') throw noHandler(this.ctx.plugin, `${capability}.${method}`)
    return fn.apply(service, args)
  }

  private describeServices(provided: ProvidedServices | void): ServiceShape {
    this.services = provided ?? {}
    const shape: ServiceShape = {}
    for (const [capability, service] of Object.entries(this.services)) shape[capability] = serviceMethods(service)
    return shape
  }
}

// A definition with messages, events or hooks: its own shape (apart from the plain case, which
// every plugin of a big host takes and which stays small).
function shapeOf(definition: PluginDefinition<any>): PluginShape {
  return {
    messages: definition.messages ? Object.keys(definition.messages) : NONE,
    events: definition.events ? Object.keys(definition.events) : NONE,
    hooks: definition.hooks
      ? Object.entries(definition.hooks).map(([name, tap]) => ({ name, priority: tapOf(tap).priority }))
      : NONE_TAPS,
    health: typeof definition.health === 'function',
  }
}

function tapOf(tap: HookTap<any>): { handler: HookHandler<any>; priority: number } {
  return typeof tap === 'function'
    ? { handler: tap, priority: 0 }
    : { handler: tap.handler, priority: tap.priority ?? 0 }
}

function noHandler(plugin: PluginIdentity, what: string): PdkError {
  return new PdkError('PDK_NO_HANDLER', `Plugin "${plugin.name}" has no handler for "${what}".`, {
    hint: `Add "${what}" to the plugin's definition, or call one it has.`,
    details: { plugin: plugin.name, version: plugin.version, topic: what },
  })
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}
