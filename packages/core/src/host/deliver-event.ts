import { pluginFailed, timedOut } from '../lifecycle/plugin-errors.js'
import type { EventMeta } from '../plugin/types.js'
import { isThenable } from '../transport/is-thenable.js'
import type { PluginEndpoint } from '../transport/protocol.js'
import { type HostCore, hostLog } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'

/**
 * Runs one event handler with its errors isolated: a throw, a rejection or a timeout is logged
 * and counted against the handler's plugin and never reaches the emitter.
 */
export function deliverEvent(
  core: HostCore,
  record: PluginRecord,
  pattern: string,
  endpoint: PluginEndpoint,
  id: number,
  payload: unknown,
  meta: EventMeta,
): void {
  let result: unknown
  try {
    result = endpoint.event(id, payload, meta)
  } catch (error) {
    eventFailed(core, record, pluginFailed(record, 'event', error, `event handler "${pattern}"`))
    return
  }
  if (!isThenable(result)) return
  const deadline = core.deadlines.add(record.limits.callTimeoutMs, () =>
    eventFailed(core, record, timedOut(record, 'event', record.limits.callTimeoutMs, `event handler "${pattern}"`)),
  )
  result.then(
    () => deadline.cancel(),
    (error: unknown) => {
      deadline.cancel()
      eventFailed(core, record, pluginFailed(record, 'event', error, `event handler "${pattern}"`))
    },
  )
}

function eventFailed(core: HostCore, record: PluginRecord, error: Error & { toJSON?: () => unknown }): void {
  record.series.errors.inc()
  hostLog(core, 'error', error.message, { error: error.toJSON?.() }, record)
}
