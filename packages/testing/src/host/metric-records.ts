import type { MetricsSnapshot } from '@pdk/core'
import type { MetricRecord } from '../records.js'

const PREFIX = 'pdk_plugin_'
const AUTOMATIC = new Set([
  'start_seconds',
  'calls_total',
  'errors_total',
  'call_duration_seconds',
  'restarts_total',
  'memory_bytes',
])

/**
 * The metrics plugins recorded, read back from a host's snapshot: one record per series, named
 * as the plugin named it (without `pdk_plugin_`), its `plugin` label moved out of `labels`.
 * A histogram's record carries the sum as `value` and the number of observations as `count`.
 */
export function metricRecords(snapshot: MetricsSnapshot): MetricRecord[] {
  const records: MetricRecord[] = []
  for (const family of snapshot.families) {
    if (!family.name.startsWith(PREFIX)) continue
    const name = family.name.slice(PREFIX.length)
    if (AUTOMATIC.has(name)) continue
    for (const series of family.series) {
      const { plugin = '', ...labels } = series.labels
      const record: MetricRecord = { plugin, type: family.type, name, value: series.value }
      if (Object.keys(labels).length > 0) record.labels = labels
      if (family.type === 'histogram') record.count = series.count ?? 0
      records.push(record)
    }
  }
  return records
}
