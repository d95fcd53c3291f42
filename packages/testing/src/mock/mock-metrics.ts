import type { Counter, Gauge, Histogram, Labels, PluginMetrics } from '@pdk/core'
import { type Mocked, vi } from 'vitest'
import type { MetricRecord } from '../records.js'

/** Metric instruments whose calls are spies that record each observation; one instrument per name. */
export function mockMetrics(plugin: string, records: MetricRecord[]): Mocked<PluginMetrics> {
  const instruments = new Map<string, unknown>()
  const once = <T>(name: string, make: () => T): T => {
    if (!instruments.has(name)) instruments.set(name, make())
    return instruments.get(name) as T
  }
  const push = (type: MetricRecord['type'], name: string, value: number, labels?: Labels) => {
    const record: MetricRecord = { plugin, type, name, value }
    if (labels !== undefined) record.labels = { ...labels }
    records.push(record)
  }
  const metrics: Mocked<PluginMetrics> = {
    counter: vi.fn(
      (name: string, _help: string): Mocked<Counter> =>
        once(`counter:${name}`, () => ({
          inc: vi.fn((value = 1, labels?: Labels) => push('counter', name, value, labels)),
        })),
    ),
    gauge: vi.fn(
      (name: string, _help: string): Mocked<Gauge> =>
        once(`gauge:${name}`, () => ({
          set: vi.fn((value: number, labels?: Labels) => push('gauge', name, value, labels)),
        })),
    ),
    histogram: vi.fn(
      (name: string, _help: string, _buckets?: number[]): Mocked<Histogram> =>
        once(`histogram:${name}`, () => ({
          observe: vi.fn((value: number, labels?: Labels) => push('histogram', name, value, labels)),
        })),
    ),
  }
  return metrics
}
