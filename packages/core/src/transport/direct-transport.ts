import { pathToFileURL } from 'node:url'
import { createPluginRuntime } from '../context/create-plugin-runtime.js'
import { PdkError } from '../errors.js'
import { isPluginDefinition } from '../plugin/define-plugin.js'
import type { PluginDefinition } from '../plugin/types.js'
import { cloneCrossings } from './clone-crossings.js'
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
        return importDefinition(request.entry, request.boot.plugin).then((definition) =>
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

async function importDefinition(
  entry: string | undefined,
  plugin: { name: string; version: string },
): Promise<PluginDefinition<any>> {
  const details = { plugin: plugin.name, version: plugin.version, step: 'load', file: entry }
  if (entry === undefined) {
    throw new PdkError('PDK_MANIFEST_INVALID', `Plugin "${plugin.name}" has no entry to load.`, {
      hint: 'Set pdk.entry, exports["."].import or main in its package.json.',
      details,
    })
  }
  const module = (await import(pathToFileURL(entry).href)) as { default?: unknown }
  if (!isPluginDefinition(module.default)) {
    throw new PdkError(
      'PDK_PLUGIN_FAILED',
      `The entry of plugin "${plugin.name}" does not default-export a plugin definition.`,
      {
        hint: 'End the entry with `export default definePlugin({ ... })` from @pdk/core.',
        details,
      },
    )
  }
  return module.default
}
