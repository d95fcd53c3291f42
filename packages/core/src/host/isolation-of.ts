import type { IsolationMode } from '../manifest/types.js'
import { createDirectTransport } from '../transport/direct-transport.js'
import { createProcessTransport } from '../transport/process-transport.js'
import type { Transport } from '../transport/protocol.js'
import { createWorkerTransport } from '../transport/worker-transport.js'
import type { HostCore } from './host-core.js'
import type { PluginRecord } from './plugin-record.js'

const RANK: Record<IsolationMode, number> = { none: 0, worker: 1, process: 2 }

/**
 * Where a plugin runs: what its manifest asks for, raised to the host's `isolation.default`
 * unless the host trusts it. An in-memory definition is the host author's own code and always
 * runs in the host process (it cannot move: it is an object with functions).
 */
export function isolationOf(core: HostCore, record: PluginRecord): IsolationMode {
  const asked = record.manifest?.pdk.isolation ?? 'none'
  if (record.definition !== undefined) return 'none'
  const { default: least, trusted } = core.options.isolation
  if (trusted.has(record.name)) return asked
  return RANK[least] > RANK[asked] ? least : asked
}

/** The host's transport for `mode`, made on first use (a host without isolated plugins starts no worker machinery). */
export function transportFor(core: HostCore, mode: IsolationMode): Transport {
  let transport = core.transports.get(mode)
  if (transport === undefined) {
    transport =
      mode === 'worker'
        ? createWorkerTransport()
        : mode === 'process'
          ? createProcessTransport()
          : createDirectTransport({ clone: core.options.cloneValues })
    core.transports.set(mode, transport)
  }
  return transport
}
