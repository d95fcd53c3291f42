import { type HostCore, hostLog, setState } from '../host/host-core.js'
import type { PluginInstance, PluginRecord } from '../host/plugin-record.js'
import { guard } from './guard.js'
import { pluginFailed, timedOut } from './plugin-errors.js'

/**
 * Stops a plugin: `stopping` (its signal aborted, its subscriptions and taps removed), `stop()`,
 * `stopped`, `dispose()`, `disposed`. A step that throws or times out leaves it `failed`, but
 * the remaining steps still run so nothing it registered or acquired is left behind.
 */
export function stopRecord(core: HostCore, record: PluginRecord): Promise<void> {
  if (record.restartTimer !== undefined) {
    clearTimeout(record.restartTimer)
    record.restartTimer = undefined
  }
  if (record.stopping !== undefined) return record.stopping
  const run = async () => {
    if (record.starting !== undefined) await record.starting.catch(() => undefined)
    const instance = record.instance
    if (instance === undefined || (record.state !== 'started' && record.state !== 'initialized')) return
    await teardown(core, record, instance, true)
  }
  const attempt = run().finally(() => {
    record.stopping = undefined
  })
  record.stopping = attempt
  return attempt
}

/** Runs stop and dispose of one instance and removes everything it registered. */
export async function teardown(
  core: HostCore,
  record: PluginRecord,
  instance: PluginInstance,
  report: boolean,
): Promise<void> {
  const ms = record.limits.stopTimeoutMs
  let failure: Error | undefined
  if (report) setState(core, record, 'stopping')
  core.events.removeOwner(record.name)
  core.hooks.untap(record.name)
  try {
    await guard(
      core.deadlines,
      ms,
      () => instance.endpoint.stop(),
      (error, timeout) => (timeout ? timedOut(record, 'stop', ms) : pluginFailed(record, 'stop', error)),
    )
    if (report) setState(core, record, 'stopped')
  } catch (error) {
    failure = error as Error
  }
  // The plugin's own handlers may have subscribed again while stopping.
  core.events.removeOwner(record.name)
  try {
    await guard(
      core.deadlines,
      ms,
      () => instance.endpoint.dispose(),
      (error, timeout) => (timeout ? timedOut(record, 'dispose', ms) : pluginFailed(record, 'dispose', error)),
    )
  } catch (error) {
    failure ??= error as Error
  }
  // A worker or process ends here; the plugin's code has run its last step.
  await instance.endpoint.close?.().catch((error: unknown) => {
    failure ??= error as Error
  })
  if (record.instance === instance) record.instance = undefined
  if (!report) {
    if (failure) hostLog(core, 'warn', `Cleaning up after a failed start: ${failure.message}`, undefined, record)
    return
  }
  if (failure !== undefined) {
    record.series.errors.inc()
    setState(core, record, 'failed', failure as never)
    hostLog(core, 'error', failure.message, undefined, record)
  } else {
    setState(core, record, 'disposed')
  }
}
