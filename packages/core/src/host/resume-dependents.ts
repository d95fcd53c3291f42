import { type HostCore, setState } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'
import { startPlugins } from './start-plugins.js'

/**
 * After `name` has started again (supervisor restart, `startPlugin`, `restartPlugin`), starts
 * the plugins that were blocked because it had failed, and theirs in turn, in dependency order.
 */
export async function resumeDependents(core: HostCore, name: string): Promise<void> {
  // Blocked plugins by the dependency they wait for, found in one pass: looking through every
  // record for each plugin resumed was quadratic in a host where thousands wait for one plugin.
  let waiting: Map<string, PluginRecord[]> | undefined
  for (const record of core.records.values()) {
    if (record.state !== 'failed' || record.lastError?.code !== 'PDK_DEP_FAILED') continue
    waiting ??= new Map()
    for (const dep of record.deps) {
      const list = waiting.get(dep)
      if (list === undefined) waiting.set(dep, [record])
      else list.push(record)
    }
  }
  if (waiting === undefined) return
  const blocked: PluginRecord[] = []
  const seen = new Set([name])
  const queue = [name]
  for (let head = 0; head < queue.length; head++) {
    for (const record of waiting.get(queue[head]!) ?? []) {
      if (seen.has(record.name)) continue
      seen.add(record.name)
      blocked.push(record)
      queue.push(record.name)
    }
  }
  if (blocked.length === 0) return
  for (const record of blocked) setState(core, record, 'resolved')
  await startPlugins(core, blocked)
}
