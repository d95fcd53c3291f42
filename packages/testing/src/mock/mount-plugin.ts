import {
  type HealthResult,
  type HookTap,
  isPdkError,
  PdkError,
  type PluginDefinition,
  type ProvidedServices,
} from '@pdk/core'
import type { EmittedEvent, LogRecord, MetricRecord, Recorded, RequestRecord } from '../records.js'
import { cloneValue } from './clone-value.js'
import { createMockContext, type MockContext, type MockContextOptions } from './create-mock-context.js'

/** A plugin definition running on a mock context, driven the way a host drives it. */
export interface MountedPlugin<Config = any> extends Recorded {
  readonly ctx: MockContext<Config>
  /** What `init` returned, keyed by capability. */
  readonly services: ProvidedServices
  /** Sends a message to the plugin, as `host.request` would: payload and answer copied, errors as `PdkError`. */
  request<R = unknown>(topic: string, payload?: unknown): Promise<R>
  /** Delivers an event to the plugin (its `events` handlers and `ctx.events.on` subscriptions) and waits for the handlers. */
  emit(name: string, payload?: unknown, from?: string): Promise<void>
  /** Runs the plugin's tap of hook `name` on `value`; a tap that returns undefined keeps the value. */
  callHook<T = unknown>(name: string, value?: T): Promise<T>
  health(): Promise<HealthResult>
  /**
   * The plugin's `snapshot(ctx)`, copied as a hot reload copies it (undefined without one): mount
   * the next version with `{ state }` to test the hand-over.
   */
  snapshot(): Promise<unknown>
  /** Aborts `ctx.signal`, then runs `stop` and `dispose`. */
  stop(): Promise<void>
}

/**
 * Runs a plugin's `restore`, `init` and `start` on a mock context and returns handles to talk to
 * it as a host would, without a host: the quick unit-test counterpart of `startTestHost`.
 * @example
 * const greeter = await mountPlugin(plugin, { config: { greeting: 'Hi' } })
 * expect(await greeter.request('greet', { name: 'Ada' })).toBe('Hi, Ada')
 */
export async function mountPlugin<Config = any>(
  definition: PluginDefinition<Config>,
  options: MockContextOptions<Config> & { state?: unknown } = {},
): Promise<MountedPlugin<Config>> {
  const ctx = createMockContext<Config>(options)
  const name = ctx.plugin.name
  if (options.state !== undefined) await definition.restore?.(ctx, cloneValue(options.state, 'restore state'))
  const services = ((await definition.init?.(ctx)) ?? {}) as ProvidedServices
  for (const [pattern, handler] of Object.entries(definition.events ?? {})) {
    ctx.events.on(pattern, (payload, meta) => handler(payload, ctx, meta))
  }
  await definition.start?.(ctx)

  const failed = (step: string, what: string, error: unknown): PdkError => {
    const original = error instanceof Error ? error : undefined
    const message = original?.message ?? String(error)
    return new PdkError('PDK_PLUGIN_FAILED', `Plugin "${name}" failed in ${what}: ${message}`, {
      hint: `Fix the error in the plugin's ${what} handler; see details.originalMessage and the cause.`,
      details: {
        plugin: name,
        version: ctx.plugin.version,
        step,
        originalName: original?.name ?? typeof error,
        originalMessage: message,
        ...(isPdkError(error) ? { originalCode: error.code } : {}),
      },
      cause: error,
    })
  }
  const records = ctx.mock
  let stopped = false

  return {
    ctx,
    services,
    get logs(): LogRecord[] {
      return records.logs
    },
    get emitted(): EmittedEvent[] {
      return records.emitted
    },
    get requests(): RequestRecord[] {
      return records.requests
    },
    get metrics(): readonly MetricRecord[] {
      return records.metrics
    },
    async request<R>(topic: string, payload?: unknown): Promise<R> {
      const copy = cloneValue(payload, `request("${name}", "${topic}")`)
      const handler = definition.messages?.[topic]
      try {
        if (handler === undefined) {
          throw new PdkError('PDK_NO_HANDLER', `Plugin "${name}" has no handler for message "${topic}".`, {
            hint: `It handles: ${Object.keys(definition.messages ?? {}).join(', ') || 'no messages'}.`,
            details: { plugin: name, step: 'request', topic },
          })
        }
        let value: unknown
        try {
          value = cloneValue(await handler(copy, ctx), `reply of "${name}" to "${topic}"`)
        } catch (error) {
          throw failed('request', `message "${topic}"`, error)
        }
        records.requests.push({ from: 'test', plugin: name, topic, payload: copy, outcome: { ok: true, value } })
        return value as R
      } catch (error) {
        const pdkError = PdkError.from(error)
        records.requests.push({
          from: 'test',
          plugin: name,
          topic,
          payload: copy,
          outcome: { ok: false, error: pdkError.toJSON() },
        })
        throw pdkError
      }
    },
    emit: (event, payload, from = 'test') => records.deliver(event, payload, from),
    async callHook<T>(hook: string, value?: T): Promise<T> {
      const tap = definition.hooks?.[hook] as HookTap<Config> | undefined
      if (tap === undefined) return value as T
      const handler = typeof tap === 'function' ? tap : tap.handler
      try {
        const result = await handler(cloneValue(value, `hook "${hook}"`), ctx)
        return (result === undefined ? value : cloneValue(result, `hook "${hook}" result`)) as T
      } catch (error) {
        throw failed('hook', `hook "${hook}"`, error)
      }
    },
    async health() {
      if (definition.health === undefined) return { status: 'ok' }
      try {
        return cloneValue(await definition.health(ctx), 'health()')
      } catch (error) {
        return { status: 'error', details: { error: failed('health', 'health', error).toJSON() } }
      }
    },
    async snapshot() {
      if (definition.snapshot === undefined) return undefined
      try {
        return cloneValue(await definition.snapshot(ctx), 'snapshot()')
      } catch (error) {
        throw failed('snapshot', 'snapshot', error)
      }
    },
    async stop() {
      if (stopped) return
      stopped = true
      ctx.mock.abort(new PdkError('PDK_ABORTED', `Plugin "${name}" is stopping.`))
      await definition.stop?.(ctx)
      await definition.dispose?.(ctx)
    },
  }
}
