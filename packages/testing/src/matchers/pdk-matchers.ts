import type { HealthStatus, Labels } from '@pdk/core'
import type { MatcherState, MatchersObject } from 'vitest'
import type { LogLevel, MetricRecord, Recorded } from '../records.js'
import { recordsOf } from './records-of.js'

type Result = { pass: boolean; message: () => string; actual?: unknown; expected?: unknown }

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> {
    /** The plugin (mock context) or any plugin (test host) emitted `name` (a string or RegExp), with `payload` if given. */
    toHaveEmitted(name: string | RegExp, payload?: unknown): R
    /** A line at `level` (or any level with `'*'`) whose message contains `message` (or matches the RegExp) and whose fields include `fields`. */
    toHaveLogged(level: LogLevel | '*', message?: string | RegExp, fields?: Record<string, unknown>): R
    /** `plugin` answered a request on `topic` without error, with `value` if given. */
    toHaveReplied(plugin: string, topic: string, value?: unknown): R
    /** A request was made to `plugin` on `topic`, with `payload` if given. */
    toHaveRequested(plugin: string, topic: string, payload?: unknown): R
    /** A metric `name` was recorded; with `value`: a counter's total, a gauge's last value or a histogram's number of observations, for series whose labels include `labels`. */
    toHaveMetric(name: string, value?: number, labels?: Labels): R
    /** A health result or report has status `ok`; a test host or anything with `health()` is asked first (await the assertion). */
    toBeHealthy(): R
  }
}

function source(state: MatcherState, received: unknown, matcher: string): Recorded {
  const records = recordsOf(received)
  if (records === undefined) {
    throw new TypeError(
      `${matcher}() expects a mock context (createMockContext) or a test host (startTestHost), got ${state.utils.printReceived(received)}.`,
    )
  }
  return records
}

const text = (value: string | RegExp) => (typeof value === 'string' ? JSON.stringify(value) : String(value))
const matchText = (actual: string, wanted: string | RegExp) =>
  typeof wanted === 'string' ? actual === wanted || actual.includes(wanted) : wanted.test(actual)
// One line per value: `{"name": "greeted", "payload": {"id": 1}}`.
const show = (state: MatcherState, value: unknown) => state.utils.stringify(value, 10, { min: true } as never)
const listing = (state: MatcherState, lines: unknown[]) =>
  lines.length === 0 ? '  (none)' : lines.map((l) => `  ${typeof l === 'string' ? l : show(state, l)}`).join('\n')

function toHaveEmitted(this: MatcherState, received: unknown, name: string | RegExp, ...rest: unknown[]): Result {
  const { emitted } = source(this, received, 'toHaveEmitted')
  const withPayload = rest.length > 0
  const pass = emitted.some(
    (e) =>
      (typeof name === 'string' ? e.name === name : name.test(e.name)) &&
      (!withPayload || this.equals(e.payload, rest[0])),
  )
  const what = `${text(name)}${withPayload ? ` with payload ${show(this, rest[0])}` : ''}`
  return {
    pass,
    message: () =>
      `expected ${pass ? 'no' : 'an'} event ${what} to have been emitted. Emitted:\n${listing(
        this,
        emitted.map((e) => ({ name: e.name, payload: e.payload })),
      )}`,
  }
}

function toHaveLogged(
  this: MatcherState,
  received: unknown,
  level: LogLevel | '*',
  message?: string | RegExp,
  fields?: Record<string, unknown>,
): Result {
  const { logs } = source(this, received, 'toHaveLogged')
  const pass = logs.some(
    (l) =>
      (level === '*' || l.level === level) &&
      (message === undefined || matchText(l.message, message)) &&
      (fields === undefined || this.equals(l.fields ?? {}, fields, [this.utils.subsetEquality])),
  )
  const what = `${level === '*' ? 'a' : `a ${level}`} line${message === undefined ? '' : ` matching ${text(message)}`}${fields ? ` with fields ${show(this, fields)}` : ''}`
  return {
    pass,
    message: () =>
      `expected ${pass ? 'no' : ''} ${what} to have been logged. Logged:\n${listing(
        this,
        logs.map((l) => `${l.level}: ${l.message}${l.fields ? ` ${JSON.stringify(l.fields)}` : ''}`),
      )}`,
  }
}

function toHaveReplied(
  this: MatcherState,
  received: unknown,
  plugin: string,
  topic: string,
  ...rest: unknown[]
): Result {
  const { requests } = source(this, received, 'toHaveReplied')
  const withValue = rest.length > 0
  const pass = requests.some(
    (r) =>
      r.plugin === plugin && r.topic === topic && r.outcome.ok && (!withValue || this.equals(r.outcome.value, rest[0])),
  )
  return {
    pass,
    message: () =>
      `expected "${plugin}" ${pass ? 'not ' : ''}to have replied to "${topic}"${withValue ? ` with ${show(this, rest[0])}` : ''}. Requests:\n${listing(
        this,
        requests.map((r) => ({ plugin: r.plugin, topic: r.topic, outcome: r.outcome })),
      )}`,
  }
}

function toHaveRequested(
  this: MatcherState,
  received: unknown,
  plugin: string,
  topic: string,
  ...rest: unknown[]
): Result {
  const { requests } = source(this, received, 'toHaveRequested')
  const withPayload = rest.length > 0
  const pass = requests.some(
    (r) => r.plugin === plugin && r.topic === topic && (!withPayload || this.equals(r.payload, rest[0])),
  )
  return {
    pass,
    message: () =>
      `expected ${pass ? 'no' : 'a'} request to "${plugin}" on "${topic}"${withPayload ? ` with payload ${show(this, rest[0])}` : ''}. Requests:\n${listing(
        this,
        requests.map((r) => ({ from: r.from, plugin: r.plugin, topic: r.topic, payload: r.payload })),
      )}`,
  }
}

/** The value a test means by "the metric": a counter's total, a gauge's last value, a histogram's count. */
export function metricValue(records: readonly MetricRecord[], name: string, labels?: Labels): number | undefined {
  const matching = records.filter(
    (m) => m.name === name && Object.entries(labels ?? {}).every(([k, v]) => m.labels?.[k] === v),
  )
  const last = matching.at(-1)
  if (last === undefined) return undefined
  if (last.type === 'gauge') return last.value
  if (last.type === 'histogram') return matching.reduce((n, m) => n + (m.count ?? 1), 0)
  return matching.reduce((sum, m) => sum + m.value, 0)
}

function toHaveMetric(this: MatcherState, received: unknown, name: string, value?: number, labels?: Labels): Result {
  const { metrics } = source(this, received, 'toHaveMetric')
  const actual = metricValue(metrics, name, labels)
  const pass = actual !== undefined && (value === undefined || actual === value)
  return {
    pass,
    actual,
    expected: value,
    message: () =>
      `expected metric "${name}"${labels ? ` ${JSON.stringify(labels)}` : ''} ${pass ? 'not ' : ''}to ${value === undefined ? 'have been recorded' : `be ${value}`}, it is ${actual === undefined ? 'unrecorded' : actual}.`,
  }
}

function healthResult(state: MatcherState, health: unknown): Result {
  const status = (health as { status?: HealthStatus } | undefined)?.status
  const pass = status === 'ok'
  return {
    pass,
    message: () => `expected health ${pass ? 'not ' : ''}to be "ok", got ${show(state, health)}`,
  }
}

function toBeHealthy(this: MatcherState, received: unknown): Result | Promise<Result> {
  const probe = (received as { health?: unknown } | null)?.health
  if (typeof probe === 'function') {
    return Promise.resolve(probe.call(received)).then((health: unknown) => healthResult(this, health))
  }
  return healthResult(this, received)
}

/** Every pdk matcher, for `expect.extend` (the `@pdk/testing/setup` file does it for you). */
export const pdkMatchers: MatchersObject = {
  toHaveEmitted,
  toHaveLogged,
  toHaveReplied,
  toHaveRequested,
  toHaveMetric,
  toBeHealthy,
}
