import type { PluginDefinition } from './types.js'

/** The mark that `definePlugin` puts on a definition; registered so it works across copies of `@pdk/core`. */
export const PLUGIN_MARK: unique symbol = Symbol.for('pdk.plugin') as never

/**
 * Declares a plugin. Returns its argument, marked so hosts recognise it.
 * @example export default definePlugin<{ greeting: string }>({ messages: { greet: (p, ctx) => `${ctx.config.greeting}, ${p.name}` } })
 */
export function definePlugin<Config = Record<string, unknown>>(
  definition: PluginDefinition<Config>,
): PluginDefinition<Config> {
  if (typeof definition !== 'object' || definition === null) {
    throw new TypeError(`definePlugin() expects an object, got ${definition === null ? 'null' : typeof definition}`)
  }
  Object.defineProperty(definition, PLUGIN_MARK, { value: true, enumerable: false })
  return definition
}

/** True for a value made by `definePlugin` from any copy of `@pdk/core`. */
export function isPluginDefinition(value: unknown): value is PluginDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_MARK] === true
}
