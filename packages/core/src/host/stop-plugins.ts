import { stopRecord } from '../lifecycle/stop-record.js'
import type { HostCore } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'

/** Stops `records` in reverse dependency order: each plugin after every plugin that depends on it. */
export async function stopPlugins(core: HostCore, records: readonly PluginRecord[]): Promise<void> {
  const dependents = new Map<string, string[]>()
  for (const record of core.records.values()) {
    for (const dep of record.deps) {
      // Pushed, not copied: a plugin that thousands depend on would cost the square of their number.
      const list = dependents.get(dep)
      if (list === undefined) dependents.set(dep, [record.name])
      else list.push(record.name)
    }
  }
  const stopped = new Map<string, Promise<void>>()
  for (const record of [...records].sort((a, b) => b.order - a.order)) {
    const waits = (dependents.get(record.name) ?? []).map((d) => stopped.get(d)).filter((p) => p !== undefined)
    const run = () => stopRecord(core, record).catch(() => undefined)
    stopped.set(record.name, waits.length === 0 ? run() : Promise.all(waits).then(run))
  }
  await Promise.all(stopped.values())
}
