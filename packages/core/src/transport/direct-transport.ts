import { createPluginRuntime } from '../context/create-plugin-runtime.js'
import type { PluginDefinition } from '../plugin/types.js'
import { cloneCrossings } from './clone-crossings.js'
import { importDefinition } from './import-definition.js'
import {
  HOST_CALLS,
  HOST_NOTIFICATIONS,
  type HostEndpoint,
  type LoadRequest,
  PLUGIN_METHODS,
  type PluginEndpoint,
  type Transport,
} from './protocol.js'

/**
 * Isolation `none`: the plugin runs in the host's process and the protocol is plain method
 * calls. With `clone`, every value crossing in either direction is copied with
 * `structuredClone`, exactly as a worker transport would, so sharing objects fails in tests.
 */
export function createDirectTransport(options: { clone: boolean }): Transport {
  return {
    isolation: 'none',
    load(request) {
      if (request.definition === undefined) {
        return importDefinition(request.entry, request.boot.plugin, request.fresh).then((definition) =>
          connect(definition, request, options),
        )
      }
      return connect(request.definition, request, options)
    },
  }
}

function connect(definition: PluginDefinition<any>, request: LoadRequest, options: { clone: boolean }): PluginEndpoint {
  if (!options.clone) return createPluginRuntime(definition, request.boot, request.host)
  const host = cloneCrossings<HostEndpoint>(request.host, [...HOST_CALLS, ...HOST_NOTIFICATIONS])
  const boot = structuredClone(request.boot)
  return cloneCrossings<PluginEndpoint>(createPluginRuntime(definition, boot, host), PLUGIN_METHODS)
}
