import { isPdkError, PdkError } from '../errors.js'

/** Who failed: enough to name the plugin in every error. */
export interface Culprit {
  readonly name: string
  readonly version: string
}

const LIMIT_OF: Record<string, string> = {
  load: 'startTimeoutMs',
  init: 'startTimeoutMs',
  start: 'startTimeoutMs',
  stop: 'stopTimeoutMs',
  dispose: 'stopTimeoutMs',
}

/**
 * `PDK_PLUGIN_FAILED` for anything a plugin's own code threw, with the original name and
 * message in `details`, so callers never see a bare `Error`.
 */
export function pluginFailed(plugin: Culprit, step: string, error: unknown, what = step): PdkError {
  const original = error instanceof Error ? error : undefined
  const message = original?.message ?? String(error)
  const details = {
    plugin: plugin.name,
    version: plugin.version,
    step,
    originalName: original?.name ?? typeof error,
    originalMessage: message,
    ...(isPdkError(error) ? { originalCode: error.code } : {}),
  }
  return new PdkError('PDK_PLUGIN_FAILED', `Plugin "${plugin.name}@${plugin.version}" failed in ${what}: ${message}`, {
    hint: `Fix the error in the plugin's ${what}${step === what ? '()' : ' handler'}; see details.originalMessage and the cause.`,
    details,
    cause: error,
  })
}

/** `PDK_TIMEOUT` for a step or call that did not settle in time. */
export function timedOut(plugin: Culprit, step: string, ms: number, what = step): PdkError {
  const limit = LIMIT_OF[step] ?? 'callTimeoutMs'
  return new PdkError(
    'PDK_TIMEOUT',
    `Plugin "${plugin.name}@${plugin.version}" did not finish ${what} within ${ms} ms.`,
    {
      hint: `Make ${what} settle sooner, or raise pdk.limits.${limit} in the plugin's package.json.`,
      details: { plugin: plugin.name, version: plugin.version, step, timeoutMs: ms },
    },
  )
}

/** Adds plugin, version and step to an error the host raised about a plugin. */
export function withPlugin(error: unknown, plugin: Culprit, step: string): PdkError {
  const pdk = PdkError.from(error, 'PDK_INTERNAL', { details: { plugin: plugin.name, version: plugin.version, step } })
  pdk.details.plugin ??= plugin.name
  pdk.details.version ??= plugin.version
  pdk.details.step ??= step
  return pdk
}
