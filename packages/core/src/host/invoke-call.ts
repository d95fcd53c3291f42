import { isThenable } from '../context/create-plugin-runtime.js'
import { pluginFailed, timedOut } from '../lifecycle/plugin-errors.js'
import type { Series } from '../observe/metrics-registry.js'
import type { HostCore } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'

/**
 * Calls into a plugin's handler the way every caller should: counted by topic, timed into the
 * duration histogram, held to a deadline from the shared queue, and with the handler's own
 * error turned into `PDK_PLUGIN_FAILED`. A synchronous answer costs no promise and no deadline.
 */
export function invokeCall(
  core: HostCore,
  record: PluginRecord,
  step: string,
  topic: string,
  timeoutMs: number,
  invoke: () => unknown,
): Promise<unknown> {
  const series = record.series
  let calls = series.calls.get(topic)
  if (calls === undefined) calls = callsSeries(core, record, topic)
  calls.inc()
  const started = performance.now()
  let result: unknown
  try {
    result = invoke()
  } catch (error) {
    series.duration.observe((performance.now() - started) / 1000)
    series.errors.inc()
    return Promise.reject(pluginFailed(record, step, error, describe(step, topic)))
  }
  if (!isThenable(result)) {
    series.duration.observe((performance.now() - started) / 1000)
    return Promise.resolve(result)
  }
  const pending = result
  return new Promise((resolve, reject) => {
    const deadline = core.deadlines.add(timeoutMs, () => {
      series.errors.inc()
      reject(timedOut(record, step, timeoutMs, describe(step, topic)))
    })
    pending.then(
      (value) => {
        deadline.cancel()
        series.duration.observe((performance.now() - started) / 1000)
        resolve(value)
      },
      (error) => {
        deadline.cancel()
        series.duration.observe((performance.now() - started) / 1000)
        series.errors.inc()
        reject(pluginFailed(record, step, error, describe(step, topic)))
      },
    )
  })
}

function callsSeries(core: HostCore, record: PluginRecord, topic: string): Series {
  const series = core.auto.calls.with({ plugin: record.name, topic })
  record.series.calls.set(topic, series)
  return series
}

function describe(step: string, topic: string): string {
  return step === 'request' ? `message "${topic}"` : `${step} "${topic}"`
}
