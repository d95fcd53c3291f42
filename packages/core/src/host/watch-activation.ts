import { startRecord } from '../lifecycle/start-record.js'
import type { HostCore } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'

/** The event-bus owner of a lazy plugin's activation patterns (kept apart from its own subscriptions). */
export function activationOwner(name: string): string {
  return `${name}\u0000activation`
}

/**
 * Subscribes a lazy plugin's `onEvent:` patterns: the first matching event starts it, then the
 * event is handed to the plugin's own subscriptions. `onMessage:` topics are checked on request.
 */
export function watchActivation(core: HostCore, record: PluginRecord): void {
  record.activation.patterns.forEach((pattern, i) => {
    core.events.subscribe(activationOwner(record.name), i, pattern, (payload, meta) => {
      const waiting = record.state === 'resolved' && !record.held
      if (!waiting && record.starting === undefined) return
      startRecord(core, record).then(
        () => core.events.emitTo(record.name, meta.name, payload, meta.from),
        () => undefined,
      )
    })
  })
}
