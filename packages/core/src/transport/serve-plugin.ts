import { getHeapStatistics } from 'node:v8'
import { createPluginRuntime } from '../context/create-plugin-runtime.js'
import { PdkError } from '../errors.js'
import { Channel, type Send } from './channel.js'
import { crossError } from './cross-error.js'
import { guardFs } from './guard-fs.js'
import { guardNetwork } from './guard-network.js'
import { importDefinition } from './import-definition.js'
import {
  type Envelope,
  HOST_CALLS,
  HOST_NOTIFICATIONS,
  type HostEndpoint,
  PLUGIN_METHODS,
  type PluginEndpoint,
  type RemoteLoad,
} from './protocol.js'

const SERVED = new Set<string>(PLUGIN_METHODS)

/**
 * The plugin's side of a worker or child process: imports the entry, builds its context over
 * the channel, says `ready` with what it declared (or `failed`), then answers the host's calls.
 * Returns the function that takes each envelope from the host.
 */
export function servePlugin(send: Send, load: RemoteLoad): (envelope: Envelope) => void {
  let endpoint: PluginEndpoint | undefined
  const channel = new Channel(
    send,
    (method, args) => {
      if (method === 'memory') return getHeapStatistics().used_heap_size
      if (endpoint === undefined || !SERVED.has(method)) throw unknownMethod(method)
      return (endpoint[method as keyof PluginEndpoint] as (...a: unknown[]) => unknown).apply(endpoint, args)
    },
    () => {},
  )
  const host = {} as Record<string, unknown>
  for (const method of HOST_CALLS) host[method] = (...args: unknown[]) => channel.call(method, args)
  for (const method of HOST_NOTIFICATIONS) host[method] = (...args: unknown[]) => channel.notify(method, args)
  // Before any of the plugin's code runs: its connections go only to its granted hosts.
  guardNetwork(load.boot.network, load.boot.plugin)
  if (load.fs !== undefined) guardFs(load.fs, load.boot.plugin)
  importDefinition(load.entry, load.boot.plugin).then(
    (definition) => {
      try {
        endpoint = createPluginRuntime(definition, load.boot, host as unknown as HostEndpoint)
        send({ t: 'ready', shape: endpoint.describe() })
      } catch (error) {
        send({ t: 'failed', error: crossError(error) })
      }
    },
    (error) => send({ t: 'failed', error: crossError(error) }),
  )
  return (envelope) => {
    channel.receive(envelope)
  }
}

function unknownMethod(method: string): PdkError {
  return new PdkError(
    'PDK_INVALID_ARGUMENT',
    `An isolated plugin was asked for "${method}", which it does not serve.`,
    {
      hint: 'This is a bug in the host or the transport: report it.',
      details: { method },
    },
  )
}
