import { type HostCore, setState } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'
import { startPlugins } from './start-plugins.js'

/**
 * After `name` has started again (supervisor restart, `startPlugin`, `restartPlugin`), starts
 * the plugins that were blocked because it had failed, and theirs in turn, in dependency order.
 */
export async function resumeDependents(core: HostCore, name: string): Promise<void> {
  const blocked: PluginRecord[] = []
  const seen = new Set([name])
  const queue = [name]
  while (queue.length > 0) {
    const current = queue.shift()!
    for (const record of core.records.values()) {
      if (seen.has(record.name) || record.state !== 'failed' || record.lastError?.code !== 'PDK_DEP_FAILED') continue
      if (!record.deps.includes(current)) continue
      seen.add(record.name)
      blocked.push(record)
      queue.push(record.name)
    }
  }
  if (blocked.length === 0) return
  for (const record of blocked) setState(core, record, 'resolved')
  await startPlugins(core, blocked)
}
