import type { Counter, Gauge, Histogram, Labels, PluginMetrics } from '@pdk/core'
import { type Mocked, vi } from 'vitest'
import type { LogRecord, MetricRecord } from '../records.js'

// The runtime keeps these names for its automatic series; a plugin instrument by that name records nothing.
const RESERVED = new Set([
  'start_seconds',
  'calls_total',
  'errors_total',
  'call_duration_seconds',
  'restarts_total',
  'memory_bytes',
])

/** Metric instruments whose calls are spies that record each observation; one instrument per name. */
export function mockMetrics(plugin: string, records: MetricRecord[], logs: LogRecord[]): Mocked<PluginMetrics> {
  const instruments = new Map<string, unknown>()
  const once = <T>(name: string, make: () => T): T => {
    if (!instruments.has(name)) instruments.set(name, make())
    return instruments.get(name) as T
  }
  const push = (type: MetricRecord['type'], name: string, value: number, labels?: Labels) => {
    if (RESERVED.has(name)) return
    const record: MetricRecord = { plugin, type, name, value }
    if (labels !== undefined) record.labels = { ...labels }
    records.push(record)
  }
  const define = (name: string) => {
    if (!RESERVED.has(name)) return
    logs.push({
      plugin,
      level: 'error',
      message: `Metric "${name}" is reserved for the host's automatic series; the instrument records nothing.`,
      fields: { metric: name },
    })
  }
  const metrics: Mocked<PluginMetrics> = {
    counter: vi.fn(
      (name: string, _help: string): Mocked<Counter> =>
        once(`counter:${name}`, () => {
          define(name)
          return { inc: vi.fn((value = 1, labels?: Labels) => push('counter', name, value, labels)) }
        }),
    ),
    gauge: vi.fn(
      (name: string, _help: string): Mocked<Gauge> =>
        once(`gauge:${name}`, () => {
          define(name)
          return { set: vi.fn((value: number, labels?: Labels) => push('gauge', name, value, labels)) }
        }),
    ),
    histogram: vi.fn(
      (name: string, _help: string, _buckets?: number[]): Mocked<Histogram> =>
        once(`histogram:${name}`, () => {
          define(name)
          return { observe: vi.fn((value: number, labels?: Labels) => push('histogram', name, value, labels)) }
        }),
    ),
  }
  return metrics
}
