import type { Labels } from '../plugin/types.js'
import type { MetricKind } from '../transport/protocol.js'
import { type HostCore, hostLog } from './host-core.js'
import type { PluginInstance, PluginRecord } from './plugin-record.js'

// Plugin metrics may not shadow the automatic series.
const RESERVED = new Set([
  'start_seconds',
  'calls_total',
  'errors_total',
  'call_duration_seconds',
  'restarts_total',
  'memory_bytes',
])

/** Declares a plugin instrument as the family `pdk_plugin_<name>`; conflicts are logged and the instrument dropped. */
export function definePluginMetric(
  core: HostCore,
  record: PluginRecord,
  instance: PluginInstance | undefined,
  kind: MetricKind,
  name: string,
  help: string,
  buckets?: number[],
): void {
  if (instance === undefined) return
  if (RESERVED.has(name)) {
    hostLog(
      core,
      'error',
      `Metric "${name}" is reserved for the host's automatic series; the instrument records nothing.`,
      { metric: name },
      record,
    )
    return
  }
  const family = `pdk_plugin_${name}`
  try {
    core.metrics.family(family, kind, help, buckets)
    instance.metrics ??= new Map()
    instance.metrics.set(name, family)
  } catch (error) {
    hostLog(core, 'error', (error as Error).message, { metric: name }, record)
  }
}

/** Records one value of a plugin instrument, labelled with the plugin's name. */
export function recordPluginMetric(
  core: HostCore,
  record: PluginRecord,
  instance: PluginInstance | undefined,
  name: string,
  value: number,
  labels?: Labels,
): void {
  const familyName = instance?.metrics?.get(name)
  if (familyName === undefined || typeof value !== 'number') return
  const family = core.metrics.get(familyName)
  if (family === undefined) return
  const series = family.with(labels ? { ...labels, plugin: record.name } : { plugin: record.name })
  if (family.type === 'counter') series.inc(value)
  else if (family.type === 'gauge') series.set(value)
  else series.observe(value)
}
