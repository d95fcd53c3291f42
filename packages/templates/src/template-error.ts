import type { PdkError, PdkErrorOptions } from '@pdk/core'

/**
 * A `PDK_TEMPLATE` error. @pdk/core is loaded only when something fails: rendering a template
 * that works never needs it, which keeps `pdk init` quick to start.
 */
export async function templateError(message: string, options: PdkErrorOptions = {}): Promise<PdkError> {
  const { PdkError } = await import('@pdk/core')
  return new PdkError('PDK_TEMPLATE', message, options)
}
