import { PdkError } from '../errors.js'
import type { EventHandler, EventMeta, PluginEvents } from '../plugin/types.js'
import type { HostEndpoint } from '../transport/protocol.js'

/** The plugin's side of events: local handlers by subscription id; the host matches patterns. */
export interface EventsClient {
  events: PluginEvents
  /** Delivers one event to subscription `id` (host -> plugin). */
  dispatch(id: number, payload: unknown, meta: EventMeta): unknown
  /** Drops every subscription (the plugin is stopping). */
  clear(): void
}

const PATTERN = /^(\*\*|\*|[^.*\s]+)(\.(\*\*|\*|[^.*\s]+))*$/

/** `ctx.events`: `emit` resolves once delivered; `on` is synchronous and returns the unsubscribe function. */
export function createEventsClient(host: HostEndpoint): EventsClient {
  const handlers = new Map<number, EventHandler>()
  let next = 1
  const events: PluginEvents = {
    emit: (name, payload) => {
      if (typeof name !== 'string' || name === '' || name.includes('*')) {
        return Promise.reject(badName('Event names', name, 'user.created'))
      }
      return host.emit(name, payload)
    },
    on: (pattern, handler) => {
      if (typeof pattern !== 'string' || !PATTERN.test(pattern)) throw badName('Event patterns', pattern, 'user.*')
      if (typeof handler !== 'function') {
        throw new PdkError('PDK_INVALID_ARGUMENT', `events.on("${pattern}") needs a handler function.`, {
          hint: 'Pass a function: `ctx.events.on("user.*", (payload, meta) => {...})`.',
        })
      }
      const id = next++
      handlers.set(id, handler)
      host.subscribe(id, pattern)
      return () => {
        if (handlers.delete(id)) host.unsubscribe(id)
      }
    },
  }
  return {
    events,
    dispatch: (id, payload, meta) => {
      const handler = handlers.get(id)
      return handler === undefined ? undefined : handler(payload, meta)
    },
    clear: () => {
      for (const id of handlers.keys()) host.unsubscribe(id)
      handlers.clear()
    },
  }
}

function badName(what: string, value: unknown, example: string): PdkError {
  return new PdkError('PDK_INVALID_ARGUMENT', `${what} are dot-separated segments, got ${JSON.stringify(value)}.`, {
    hint: `Use a name like "${example}"; in patterns "*" matches one segment and "**" any number.`,
  })
}
