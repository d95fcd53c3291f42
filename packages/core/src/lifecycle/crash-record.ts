import type { PdkError } from '../errors.js'
import { type HostCore, hostLog, setState } from '../host/host-core.js'
import type { PluginRecord } from '../host/plugin-record.js'
import { superviseFailure } from './supervisor.js'

/**
 * The worker or process of a started plugin ended on its own (a crash, the memory limit): its
 * subscriptions and taps go, it is `failed` with the reason, and the supervisor decides on a
 * restart. A crash during a start or stop step needs nothing here: the step's pending call
 * rejects and that step fails as usual.
 */
export function crashRecord(core: HostCore, record: PluginRecord, error: PdkError): void {
  if (record.state !== 'started' || record.instance === undefined) return
  core.events.removeOwner(record.name)
  core.hooks.untap(record.name)
  record.instance = undefined
  record.series.errors.inc()
  setState(core, record, 'failed', error)
  hostLog(core, 'error', error.message, { error: error.toJSON() }, record)
  superviseFailure(core, record, error)
}
