import { PdkError } from '../errors.js'
import { stopRecord } from '../lifecycle/stop-record.js'
import type { HostCore } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'
import { activationOwner } from './watch-activation.js'

/** Stops a plugin and forgets it: its subscriptions, taps and metric series go with it; its store stays on disk. */
export async function removePlugin(core: HostCore, record: PluginRecord): Promise<void> {
  const dependents = [...core.records.values()].filter(
    (r) =>
      r.manifest?.pdk.dependencies?.[record.name] !== undefined && (r.state === 'started' || r.starting !== undefined),
  )
  if (dependents.length > 0) {
    const names = dependents.map((r) => `"${r.name}"`).join(', ')
    throw new PdkError(
      'PDK_USAGE',
      `Plugin "${record.name}" cannot be removed while ${names} depend${dependents.length === 1 ? 's' : ''} on it and run${dependents.length === 1 ? 's' : ''}.`,
      {
        hint: `Stop or remove ${names} first.`,
        details: {
          plugin: record.name,
          version: record.version,
          step: 'remove',
          dependents: dependents.map((r) => r.name),
        },
      },
    )
  }
  record.held = true
  await stopRecord(core, record)
  core.events.removeOwner(activationOwner(record.name))
  core.events.removeOwner(record.name)
  core.hooks.untap(record.name)
  core.records.delete(record.name)
  core.stores.delete(record.name)
  core.metrics.dropPlugin(record.name)
}
