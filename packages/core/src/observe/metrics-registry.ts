import { PdkError } from '../errors.js'
import type { MetricFamily, MetricsSnapshot } from '../host/host-types.js'

type MetricType = MetricFamily['type']

/** Seconds buckets of call durations: 0.1 ms to 10 s. */
export const DURATION_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]
/** Prometheus' default buckets, for plugin histograms that name none. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** One labelled series; the hot paths hold it and update it without lookups. */
export class Series {
  value = 0
  count = 0
  /** Histograms: observations per bucket (not cumulative; the snapshot sums them). */
  readonly counts: number[] | undefined

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    readonly family: Family,
  ) {
    this.counts = family.buckets === undefined ? undefined : new Array<number>(family.buckets.length).fill(0)
  }

  inc(value = 1): void {
    this.value += value
  }

  set(value: number): void {
    this.value = value
  }

  observe(value: number): void {
    const buckets = this.family.buckets!
    const counts = this.counts!
    // One increment in the first bucket that holds the value: O(1) for the common small values.
    let i = 0
    while (i < buckets.length && value > buckets[i]!) i++
    if (i < counts.length) counts[i]!++
    this.value += value
    this.count++
  }
}

/** One metric name with its type, help and series. */
export class Family {
  readonly series = new Map<string, Series>()

  constructor(
    readonly name: string,
    readonly type: MetricType,
    readonly help: string,
    readonly buckets: number[] | undefined,
  ) {}

  /** The series for these labels, created on first use. */
  with(labels: Record<string, string>): Series {
    const key = labelKey(labels)
    let series = this.series.get(key)
    if (series === undefined) {
      series = new Series({ ...labels }, this)
      this.series.set(key, series)
    }
    return series
  }
}

/** The host's metrics: families by name, exported as a snapshot or as Prometheus text. */
export class MetricsRegistry {
  private readonly families = new Map<string, Family>()

  /** The family of this name; the same name with another type is refused. */
  family(name: string, type: MetricType, help: string, buckets?: number[]): Family {
    const existing = this.families.get(name)
    if (existing !== undefined) {
      if (existing.type !== type) {
        throw new PdkError('PDK_INVALID_ARGUMENT', `Metric "${name}" is already a ${existing.type}, not a ${type}.`, {
          hint: 'Give the new instrument another name.',
          details: { metric: name },
        })
      }
      return existing
    }
    const sorted = type === 'histogram' ? [...(buckets ?? DEFAULT_BUCKETS)].sort((a, b) => a - b) : undefined
    const family = new Family(name, type, help, sorted)
    this.families.set(name, family)
    return family
  }

  /** The family of this name, if any. */
  get(name: string): Family | undefined {
    return this.families.get(name)
  }

  /** Drops every series labelled with this plugin (the plugin was removed from the host). */
  dropPlugin(plugin: string): void {
    for (const [name, family] of this.families) {
      for (const [key, series] of family.series) if (series.labels.plugin === plugin) family.series.delete(key)
      if (family.series.size === 0 && name.startsWith('pdk_plugin_')) this.families.delete(name)
    }
  }

  snapshot(): MetricsSnapshot {
    const families: MetricFamily[] = []
    for (const family of this.families.values()) {
      const series = [...family.series.values()].map((s) =>
        s.counts === undefined
          ? { labels: { ...s.labels }, value: s.value }
          : {
              labels: { ...s.labels },
              value: s.value,
              count: s.count,
              buckets: [...cumulative(family.buckets!, s.counts), { le: Number.POSITIVE_INFINITY, count: s.count }],
            },
      )
      families.push({ name: family.name, help: family.help, type: family.type, series })
    }
    return { families }
  }
}

function labelKey(labels: Record<string, string>): string {
  const keys = Object.keys(labels)
  if (keys.length === 1) return `${keys[0]}=${labels[keys[0]!]}`
  return keys
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join('\u0000')
}

function cumulative(buckets: number[], counts: number[]): Array<{ le: number; count: number }> {
  let total = 0
  return buckets.map((le, i) => {
    total += counts[i]!
    return { le, count: total }
  })
}
