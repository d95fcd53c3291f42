import { isPdkError, PdkError } from '../errors.js'
import { pluginFailed } from '../lifecycle/plugin-errors.js'
import type { PluginRecord } from './plugin-record.js'

/** `PDK_RELOAD_FAILED`: what failed and why, and that the running version (if any) still serves. */
export function reloadFailed(record: PluginRecord, version: string, step: string, cause: unknown): PdkError {
  const error = isPdkError(cause)
    ? cause
    : typeof cause === 'string'
      ? new PdkError('PDK_RELOAD_FAILED', cause)
      : pluginFailed(record, step, cause)
  const serving = record.state === 'started' ? ` Version ${version} keeps serving.` : ''
  return new PdkError(
    'PDK_RELOAD_FAILED',
    `Reloading plugin "${record.name}" failed at ${step}: ${error.message}${serving}`,
    {
      hint: error.hint ?? 'Fix the plugin and save again, or reload it once more.',
      details: {
        plugin: record.name,
        version,
        step: 'reload',
        at: step,
        ...(isPdkError(cause) ? { reason: cause.code } : {}),
      },
      cause: error,
    },
  )
}
