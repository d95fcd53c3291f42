import { createRequire } from 'node:module'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import { PdkError } from '../errors.js'
import type { Culprit } from '../lifecycle/plugin-errors.js'
import { interpolateEnv } from './interpolate-env.js'

type Validator = ReturnType<Ajv2020['compile']>

let ajv: Ajv2020 | undefined
// ajv is loaded on the first plugin that has a config schema, not when @pdk/core is imported:
// every plugin imports core, and so do pdk's commands and the validate sandbox.
const requireLazily = createRequire(import.meta.url)
const compiled = new WeakMap<object, Validator>()

/**
 * The config a plugin sees: the host's settings for it, interpolated from the environment
 * (granted variables only), then validated against the manifest's `config` schema with type
 * coercion and defaults filled in. Every schema error is listed in one `PDK_CONFIG_INVALID`.
 */
export function resolveConfig(options: {
  settings: Record<string, unknown> | undefined
  schema: Record<string, unknown> | undefined
  env: Record<string, string | undefined>
  granted: readonly string[]
  plugin: Culprit
}): Record<string, unknown> {
  const { schema, plugin } = options
  const config = interpolateEnv(options.settings ?? {}, options.env, options.granted, plugin) as Record<string, unknown>
  if (schema === undefined) return config
  const validate = validatorFor(schema)
  if (validate(config)) return config
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
  throw new PdkError(
    'PDK_CONFIG_INVALID',
    `Settings of plugin "${plugin.name}@${plugin.version}" do not match its config schema: ${problems.join('; ')}.`,
    {
      hint: `Fix settings["${plugin.name}"] in the host (pdk.config.json or createHost options) to match pdk.config of the plugin's package.json.`,
      details: {
        plugin: plugin.name,
        version: plugin.version,
        step: 'config',
        problems,
        errors: validate.errors ?? [],
      },
    },
  )
}

function validatorFor(schema: Record<string, unknown>): Validator {
  let validate = compiled.get(schema)
  if (validate === undefined) {
    if (ajv === undefined) {
      const { Ajv2020: AjvClass } = requireLazily('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')
      const addFormats = requireLazily('ajv-formats') as typeof import('ajv-formats').default
      // The schema passed the manifest rules (against JSON Schema 2020-12) when the plugin was
      // discovered: checking it again here compiled the meta-schema, ~100 ms at host start.
      ajv = new AjvClass({
        useDefaults: true,
        coerceTypes: true,
        allErrors: true,
        strict: false,
        validateSchema: false,
      })
      addFormats(ajv)
    }
    const { $schema: _ignored, ...rest } = schema
    validate = ajv.compile(rest)
    compiled.set(schema, validate)
  }
  return validate
}
