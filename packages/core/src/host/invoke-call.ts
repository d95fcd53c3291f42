import { coarseNow } from '../lifecycle/coarse-clock.js'
import type { DeadlineQueue, Tracked } from '../lifecycle/deadline-queue.js'
import { pluginFailed, timedOut } from '../lifecycle/plugin-errors.js'
import type { Series } from '../observe/metrics-registry.js'
import { isThenable } from '../transport/is-thenable.js'
import type { HostCore } from './host-core.js'
import type { PluginInstance, PluginRecord } from './plugin-record.js'
import type { PluginSeries } from './plugin-series.js'

/**
 * Calls into a plugin's handler the way every caller should: counted by topic, timed into the
 * duration histogram, held to a deadline in the shared queue, and with the handler's own error
 * turned into `PDK_PLUGIN_FAILED`. A synchronous answer costs no deadline. Service calls come
 * through here; `request` has its own copy (`requestCall`) that calls the endpoint directly.
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
  countCall(core, record, series, topic)
  const started = coarseNow()
  let result: unknown
  try {
    // Arguments are passed through rather than captured, so a call allocates no closure here.
    result = invoke(a, b, c)
  } catch (error) {
    return threw(record, series, step, topic, started, error)
  }
  if (!isThenable(result)) return answered(series, started, result)
  return awaitAnswer(core.deadlines, record, series, step, topic, timeoutMs, started, result)
}

/**
 * `invokeCall` for a message: the hottest path, so the endpoint is called here rather than
 * through an `invoke` function shared with service calls (one call site that sees one kind
 * of endpoint per transport instead of every kind of call). `timeoutMs` defaults to the
 * plugin's call timeout.
 */
export function requestCall(
  core: HostCore,
  record: PluginRecord,
  instance: PluginInstance,
  topic: string,
  payload: unknown,
  timeoutMs: number | undefined,
): Promise<unknown> {
  const series = record.series
  countCall(core, record, series, topic)
  const started = coarseNow()
  let result: unknown
  try {
    result = instance.endpoint.message(topic, payload)
  } catch (error) {
    return threw(record, series, 'request', topic, started, error)
  }
  if (!isThenable(result)) return answered(series, started, result)
  // The plugin's call timeout unless the caller gave one; a synchronous answer needs neither.
  const ms = timeoutMs ?? record.limits.callTimeoutMs
  return awaitAnswer(core.deadlines, record, series, 'request', topic, ms, started, result)
}

function countCall(core: HostCore, record: PluginRecord, series: PluginSeries, topic: string): void {
  const calls = series.calls.get(topic)
  if (calls === undefined) callsSeries(core, record, series, topic).value++
  else calls.value++
}

function answered(series: PluginSeries, started: number, result: unknown): Promise<unknown> {
  series.duration.observe((coarseNow() - started) / 1000)
  return Promise.resolve(result)
}

function threw(
  record: PluginRecord,
  series: PluginSeries,
  step: string,
  topic: string,
  started: number,
  error: unknown,
): Promise<never> {
  series.duration.observe((coarseNow() - started) / 1000)
  series.errors.value++
  return Promise.reject(pluginFailed(record, step, error, describe(step, topic)))
}

function awaitAnswer(
  deadlines: DeadlineQueue,
  record: PluginRecord,
  series: PluginSeries,
  step: string,
  topic: string,
  timeoutMs: number,
  started: number,
  pending: PromiseLike<unknown>,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const call = new PendingCall(deadlines, record, series, step, topic, timeoutMs, started, resolve, reject)
    // The deadline runs from the call's start, read once for both.
    deadlines.track(call, timeoutMs, started)
    pending.then(
      (value) => call.ok(value),
      (error) => call.fail(error),
    )
  })
}

/**
 * One asynchronous call in flight. Fields are assigned in the constructor rather than declared
 * (no define semantics): one of these is made per call. Whichever of answer and deadline comes
 * first settles it; the other finds it settled and does nothing.
 */
class PendingCall implements Tracked {
  declare at: number
  declare settled: boolean
  declare bucket: unknown
  declare private readonly deadlines: DeadlineQueue
  declare private readonly record: PluginRecord
  declare private readonly series: PluginSeries
  declare private readonly step: string
  declare private readonly topic: string
  declare private readonly timeoutMs: number
  declare private readonly started: number
  declare private readonly resolve: (value: unknown) => void
  declare private readonly reject: (error: unknown) => void

  constructor(
    deadlines: DeadlineQueue,
    record: PluginRecord,
    series: PluginSeries,
    step: string,
    topic: string,
    timeoutMs: number,
    started: number,
    resolve: (value: unknown) => void,
    reject: (error: unknown) => void,
  ) {
    this.at = 0
    this.settled = false
    this.bucket = undefined
    this.deadlines = deadlines
    this.record = record
    this.series = series
    this.step = step
    this.topic = topic
    this.timeoutMs = timeoutMs
    this.started = started
    this.resolve = resolve
    this.reject = reject
  }

  ok(value: unknown): void {
    if (this.settled) return
    this.deadlines.settle(this)
    this.series.duration.observe((coarseNow() - this.started) / 1000)
    this.resolve(value)
  }

  fail(error: unknown): void {
    if (this.settled) return
    this.deadlines.settle(this)
    this.series.duration.observe((coarseNow() - this.started) / 1000)
    this.series.errors.value++
    this.reject(pluginFailed(this.record, this.step, error, describe(this.step, this.topic)))
  }

  expire(): void {
    this.series.errors.value++
    this.reject(timedOut(this.record, this.step, this.timeoutMs, describe(this.step, this.topic)))
  }
}

function callsSeries(core: HostCore, record: PluginRecord, series: PluginSeries, topic: string): Series {
  const calls = core.auto.calls.with({ plugin: record.name, topic })
  series.calls.set(topic, calls)
  return calls
}

function describe(step: string, topic: string): string {
  return step === 'request' ? `message "${topic}"` : `${step} "${topic}"`
}
