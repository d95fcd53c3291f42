import { coarseNow } from '../lifecycle/coarse-clock.js'
import type { Tracked } from '../lifecycle/deadline-queue.js'
import { pluginFailed, timedOut } from '../lifecycle/plugin-errors.js'
import type { Series } from '../observe/metrics-registry.js'
import { isThenable } from '../transport/is-thenable.js'
import type { HostCore } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'

/**
 * Calls into a plugin's handler the way every caller should: counted by topic, timed into the
 * duration histogram, held to a deadline in the shared queue, and with the handler's own error
 * turned into `PDK_PLUGIN_FAILED`. A synchronous answer costs no deadline. This is the hot
 * path of `request` and service calls: one object per call, no timer, no extra closures.
 */
export function invokeCall(
  core: HostCore,
  record: PluginRecord,
  step: string,
  topic: string,
  timeoutMs: number,
  invoke: (a: unknown, b: unknown, c: unknown) => unknown,
  a?: unknown,
  b?: unknown,
  c?: unknown,
): Promise<unknown> {
  const series = record.series
  let calls = series.calls.get(topic)
  if (calls === undefined) calls = callsSeries(core, record, topic)
  calls.value++
  const started = coarseNow()
  let result: unknown
  try {
    // Arguments are passed through rather than captured, so a call allocates no closure here.
    result = invoke(a, b, c)
  } catch (error) {
    series.duration.observe((coarseNow() - started) / 1000)
    series.errors.value++
    return Promise.reject(pluginFailed(record, step, error, describe(step, topic)))
  }
  if (!isThenable(result)) {
    series.duration.observe((coarseNow() - started) / 1000)
    return Promise.resolve(result)
  }
  const pending = result
  return new Promise((resolve, reject) => {
    const call = new PendingCall(core, record, step, topic, timeoutMs, started, resolve, reject)
    core.deadlines.track(call, timeoutMs)
    pending.then(
      (value) => call.ok(value),
      (error) => call.fail(error),
    )
  })
}

// A plain class (no base class, no field initialisers): one is made per asynchronous call.
class PendingCall implements Tracked {
  at = 0
  settled = false
  bucket: unknown = undefined

  constructor(
    private readonly core: HostCore,
    private readonly record: PluginRecord,
    private readonly step: string,
    private readonly topic: string,
    private readonly timeoutMs: number,
    private readonly started: number,
    private readonly resolve: (value: unknown) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  ok(value: unknown): void {
    if (this.settled) return
    this.core.deadlines.settle(this)
    this.record.series.duration.observe((coarseNow() - this.started) / 1000)
    this.resolve(value)
  }

  fail(error: unknown): void {
    if (this.settled) return
    this.core.deadlines.settle(this)
    this.record.series.duration.observe((coarseNow() - this.started) / 1000)
    this.record.series.errors.value++
    this.reject(pluginFailed(this.record, this.step, error, describe(this.step, this.topic)))
  }

  expire(): void {
    this.record.series.errors.value++
    this.reject(timedOut(this.record, this.step, this.timeoutMs, describe(this.step, this.topic)))
  }
}

function callsSeries(core: HostCore, record: PluginRecord, topic: string): Series {
  const series = core.auto.calls.with({ plugin: record.name, topic })
  record.series.calls.set(topic, series)
  return series
}

function describe(step: string, topic: string): string {
  return step === 'request' ? `message "${topic}"` : `${step} "${topic}"`
}
