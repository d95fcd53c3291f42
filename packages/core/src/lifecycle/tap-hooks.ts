import type { HostCore } from '../host/host-core.js'
import type { PluginInstance, PluginRecord } from '../host/plugin-record.js'
import { pluginFailed, timedOut } from './plugin-errors.js'

/** Registers the definition's hook taps of a starting plugin (removed again when it stops). */
export function tapHooks(core: HostCore, record: PluginRecord, instance: PluginInstance): void {
  const { endpoint } = instance
  const callMs = record.limits.callTimeoutMs
  for (const tap of instance.shape.hooks) {
    const hook = tap.name
    const direct = endpoint.directHook?.(hook)
    core.hooks.tap(hook, {
      owner: record.name,
      priority: tap.priority,
      order: record.order,
      timeoutMs: callMs,
      // In the host's thread the tap is called directly with the plugin's context.
      invoke: direct ? direct.handler : (value) => endpoint.hook(hook, value),
      arg: direct?.ctx,
      fail: (error, timeout) => {
        record.series.errors.inc()
        return timeout
          ? timedOut(record, 'hook', callMs, `hook "${hook}"`)
          : pluginFailed(record, 'hook', error, `hook "${hook}"`)
      },
    })
  }
}
