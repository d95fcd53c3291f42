import type { EventHandler, EventMeta, PluginEvents } from '@pdk/core'
import { type Mocked, vi } from 'vitest'
import type { EmittedEvent, LogRecord } from '../records.js'
import { cloneValue } from './clone-value.js'
import { matchEvent } from './match-event.js'
import { spy } from './spy.js'

/** The event bus of one mocked plugin: its own subscriptions, what it emitted, and handlers still running. */
export interface MockEventBus {
  events: Mocked<PluginEvents>
  /** Delivers an event to the plugin's subscriptions as if `from` emitted it; resolves when they have handled it. */
  deliver(name: string, payload: unknown, from: string): Promise<void>
  /** Resolves once every handler started so far has finished. */
  settled(): Promise<void>
}

export function mockEvents(plugin: string, emitted: EmittedEvent[], logs: LogRecord[]): MockEventBus {
  const subscriptions = new Set<{ pattern: string; handler: EventHandler }>()
  const pending = new Set<Promise<void>>()

  // Handlers run after the emitter's current turn, each on its own copy; their errors are the
  // handler's problem (logged), never the emitter's.
  const dispatch = (name: string, payload: unknown, from: string): Promise<void>[] => {
    const runs: Promise<void>[] = []
    for (const sub of [...subscriptions]) {
      if (!matchEvent(sub.pattern, name)) continue
      const copy = cloneValue(payload, `events.emit("${name}")`)
      const meta: EventMeta = { name, from }
      const run = Promise.resolve()
        .then(() => sub.handler(copy, meta))
        .then(
          () => undefined,
          (error: unknown) => {
            logs.push({
              plugin,
              level: 'error',
              message: `Plugin "${plugin}" failed in event handler "${sub.pattern}": ${error instanceof Error ? error.message : String(error)}`,
              fields: { event: name, pattern: sub.pattern },
            })
          },
        )
      pending.add(run)
      void run.finally(() => pending.delete(run))
      runs.push(run)
    }
    return runs
  }

  const events: Mocked<PluginEvents> = {
    emit: spy(
      async (name: string, payload?: unknown): Promise<void> => {
        const copy = cloneValue(payload, `events.emit("${name}")`)
        emitted.push({ name, payload: copy, from: plugin })
        dispatch(name, copy, plugin)
      },
      { copyArgs: true },
    ),
    on: vi.fn((pattern: string, handler: EventHandler): (() => void) => {
      const sub = { pattern, handler }
      subscriptions.add(sub)
      return () => {
        subscriptions.delete(sub)
      }
    }),
  }

  return {
    events,
    async deliver(name, payload, from) {
      await Promise.all(dispatch(name, cloneValue(payload, `deliver("${name}")`), from))
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending])
    },
  }
}
