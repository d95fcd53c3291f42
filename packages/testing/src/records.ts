import type { Labels, PdkErrorData } from '@pdk/core'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** One line a plugin logged. */
export interface LogRecord {
  plugin: string
  level: LogLevel
  message: string
  fields?: Record<string, unknown>
}

/** One event a plugin (or the test) emitted, with the payload as it was when emitted. */
export interface EmittedEvent {
  name: string
  payload: unknown
  from: string
}

/** One request and how it was answered. */
export interface RequestRecord {
  from: string
  plugin: string
  topic: string
  payload: unknown
  outcome: { ok: true; value: unknown } | { ok: false; error: PdkErrorData }
}

export type MetricType = 'counter' | 'gauge' | 'histogram'

/**
 * A metric observation: on a mock context one per `inc`, `set` or `observe`; on a test host one
 * per series, read from the host (a histogram's `value` is then the sum and `count` the number
 * of observations).
 */
export interface MetricRecord {
  plugin: string
  type: MetricType
  name: string
  value: number
  labels?: Labels
  count?: number
}

/**
 * What a test can look at afterwards: the same shape on a mock context (`ctx.mock`) and on a
 * test host, so the matchers and the conformance suite read both alike.
 */
export interface Recorded {
  readonly logs: LogRecord[]
  readonly emitted: EmittedEvent[]
  readonly requests: RequestRecord[]
  readonly metrics: readonly MetricRecord[]
}

/** An empty set of records, writable by whoever records. */
export function createRecorded(): {
  logs: LogRecord[]
  emitted: EmittedEvent[]
  requests: RequestRecord[]
  metrics: MetricRecord[]
} {
  return { logs: [], emitted: [], requests: [], metrics: [] }
}
