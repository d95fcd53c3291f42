import { pathToFileURL } from 'node:url'
import { PdkError } from '../errors.js'
import { isPluginDefinition } from '../plugin/define-plugin.js'
import type { PluginDefinition } from '../plugin/types.js'

/** Imports a plugin's entry and returns its default export, refusing anything but a plugin definition. */
export async function importDefinition(
  entry: string | undefined,
  plugin: { name: string; version: string },
  fresh?: number,
): Promise<PluginDefinition<any>> {
  const details = { plugin: plugin.name, version: plugin.version, step: 'load', file: entry }
  if (entry === undefined) {
    throw new PdkError('PDK_MANIFEST_INVALID', `Plugin "${plugin.name}" has no entry to load.`, {
      hint: 'Set pdk.entry, exports["."].import or main in its package.json.',
      details,
    })
  }
  // A hot reload asks for the entry under a new URL: ESM keeps every module it imported, so the
  // same URL would answer with the outgoing version's code.
  const url = pathToFileURL(entry).href
  const module = (await import(fresh === undefined ? url : `${url}?pdk-reload=${fresh}`)) as { default?: unknown }
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
