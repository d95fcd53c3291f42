import { PdkError } from '../errors.js'
import type { Culprit } from '../lifecycle/plugin-errors.js'

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of `settings` with the environment,
 * for granted variables only (the default when `VAR` is unset or empty); `$${` stands for a
 * literal `${`. A reference to a variable the
 * plugin was not granted, or an unset variable without default, is `PDK_CONFIG_INVALID`.
 */
export function interpolateEnv(
  settings: unknown,
  env: Record<string, string | undefined>,
  granted: readonly string[],
  plugin: Culprit,
  pointer = '',
): unknown {
  if (typeof settings === 'string') return interpolateString(settings, env, granted, plugin, pointer)
  if (Array.isArray(settings)) return settings.map((v, i) => interpolateEnv(v, env, granted, plugin, `${pointer}/${i}`))
  if (settings !== null && typeof settings === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(settings)) {
      const copy = interpolateEnv(
        value,
        env,
        granted,
        plugin,
        `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      )
      // A "__proto__" key (JSON.parse makes it an own property) stays a key, not the copy's prototype.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true })
      else out[key] = copy
    }
    return out
  }
  return settings
}

function interpolateString(
  text: string,
  env: Record<string, string | undefined>,
  granted: readonly string[],
  plugin: Culprit,
  pointer: string,
): string {
  if (!text.includes('$')) return text
  return text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (name === undefined) return '${'
    const details = { plugin: plugin.name, version: plugin.version, step: 'config', pointer, variable: name }
    if (!granted.includes(name)) {
      throw new PdkError(
        'PDK_CONFIG_INVALID',
        `Settings of plugin "${plugin.name}" at ${pointer || '/'} read environment variable "${name}", which it was not granted.`,
        {
          hint: `Add "${name}" to pdk.permissions.env in the plugin's package.json and have the host policy grant it, or write "$${match.slice(1)}" for a literal.`,
          details,
        },
      )
    }
    const value = env[name]
    // As in a shell and in Compose files, `:-` takes the default when the variable is unset or empty.
    if (value !== undefined && (value !== '' || fallback === undefined)) return value
    if (fallback !== undefined) return fallback
    throw new PdkError(
      'PDK_CONFIG_INVALID',
      `Settings of plugin "${plugin.name}" at ${pointer || '/'} need "${name}", which is not set.`,
      {
        hint: `Set ${name} in the host's environment, or give a default: \${${name}:-value}.`,
        details,
      },
    )
  })
}
